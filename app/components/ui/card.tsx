import type { ReactNode } from "react";
import { cx } from "./class-names";

/**
 * A bordered block of related content:
 *   <Card title="Mon dossier" headingLevel={2} footer={<ButtonLink to="…">Ouvrir</ButtonLink>}>…</Card>
 * `headingLevel` follows the page outline (h2 under the page h1 by default).
 */
export interface CardProps {
  title?: ReactNode;
  headingLevel?: 2 | 3 | 4;
  children?: ReactNode;
  footer?: ReactNode;
  className?: string;
  /** aria-labelledby target id for the heading (default: none). */
  titleId?: string;
}

export function Card({ title, headingLevel = 2, children, footer, className, titleId }: CardProps) {
  const Heading = `h${headingLevel}` as const;
  return (
    <section
      aria-labelledby={title && titleId ? titleId : undefined}
      className={cx("flex min-w-0 flex-col gap-3 rounded-md border border-line bg-white p-4 sm:p-6", className)}
    >
      {title ? (
        <Heading id={titleId} className="m-0 text-xl font-bold text-ink">
          {title}
        </Heading>
      ) : null}
      {children ? <div className="min-w-0">{children}</div> : null}
      {footer ? <div className="mt-auto flex flex-wrap gap-2 pt-2">{footer}</div> : null}
    </section>
  );
}
