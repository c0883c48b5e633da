import type { ReactNode } from "react";
import { Breadcrumb, type BreadcrumbItem } from "../ui/breadcrumb";

/**
 * The head of an OF page: breadcrumb when deep, the h1, one lead sentence (what the page is for and
 * what comes next), then optional status line.
 */
export function OfPageHeader({
  title,
  lead,
  breadcrumb,
  children,
}: {
  title: ReactNode;
  lead: ReactNode;
  breadcrumb?: BreadcrumbItem[];
  children?: ReactNode;
}) {
  return (
    <header className="mb-6 flex min-w-0 flex-col gap-2">
      {breadcrumb ? <Breadcrumb items={breadcrumb} /> : null}
      <h1 className="m-0 text-2xl font-bold break-words text-ink sm:text-3xl">{title}</h1>
      <p className="m-0 text-ink-muted">{lead}</p>
      {children}
    </header>
  );
}
