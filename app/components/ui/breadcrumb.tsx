import { Link } from "@remix-run/react";
import { t } from "../../i18n";

/**
 * Where the page sits: <Breadcrumb items={[{ label: "Accueil", to: "/financeur" }, { label: "Examens", to: "/financeur/examens" }, { label: dossier.name }]} />.
 * The last item (no `to`) is the current page (aria-current="page").
 */
export interface BreadcrumbItem {
  label: string;
  to?: string;
}

export function Breadcrumb({ items }: { items: BreadcrumbItem[] }) {
  return (
    <nav aria-label={t("ui.breadcrumb")} className="mb-4 text-sm">
      <ol className="m-0 flex list-none flex-wrap items-center gap-x-2 p-0">
        {items.map((item, index) => (
          <li key={`${index}-${item.label}`} className="flex items-center gap-2">
            {index > 0 ? (
              <span aria-hidden="true" className="text-ink-subtle">
                ›
              </span>
            ) : null}
            {item.to ? (
              <Link to={item.to} className="text-ink-muted">
                {item.label}
              </Link>
            ) : (
              <span aria-current="page" className="text-ink">
                {item.label}
              </span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
