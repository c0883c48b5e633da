import type { ReactNode } from "react";
import { cx } from "./class-names";

/**
 * The top of a page: its h1, one line saying what the page is for and what comes next, and its actions.
 *   <PageHeader title="Financeurs" lead="Créez les financeurs puis invitez leurs administrateurs." actions={<Button…/>} />
 * A breadcrumb, when the page is deep, goes just before it.
 */
export function PageHeader({
  title,
  lead,
  actions,
  children,
  className,
  flush = false,
}: {
  title: ReactNode;
  lead?: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
  className?: string;
  /** No space below (the page lays out its own gaps). */
  flush?: boolean;
}) {
  return (
    <header className={cx("flex flex-col gap-2", flush ? "mb-0" : "mb-6", className)}>
      <h1 className="m-0 text-2xl font-bold text-ink sm:text-3xl">{title}</h1>
      {lead ? <p className="m-0 max-w-prose text-lg text-ink-muted">{lead}</p> : null}
      {children}
      {actions ? <div className="mt-2 flex flex-wrap items-center gap-2">{actions}</div> : null}
    </header>
  );
}
