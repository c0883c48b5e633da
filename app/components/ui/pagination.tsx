import { Link } from "@remix-run/react";
import { t } from "../../i18n";
import { cx } from "./class-names";

/**
 * Page links of a long list: <Pagination page={3} pageCount={12} hrefFor={(p) => `?page=${p}`} />.
 * Renders nothing for a single page. Shows first, last, and the pages around the current one.
 */
export function Pagination({ page, pageCount, hrefFor }: { page: number; pageCount: number; hrefFor: (page: number) => string }) {
  if (pageCount <= 1) return null;
  const pages = visiblePages(page, pageCount);
  const linkClasses = "inline-flex min-h-10 min-w-10 items-center justify-center rounded-md px-2 no-underline hover:bg-primary-softer";
  return (
    <nav aria-label={t("ui.pagination")} className="my-6">
      <ul className="m-0 flex list-none flex-wrap items-center gap-1 p-0">
        <li>
          {page > 1 ? (
            <Link to={hrefFor(page - 1)} className={linkClasses} rel="prev">
              ‹ {t("ui.pagination.previous")}
            </Link>
          ) : null}
        </li>
        {pages.map((entry, index) =>
          entry === "gap" ? (
            <li key={`gap-${index}`} aria-hidden="true" className="px-1">
              …
            </li>
          ) : (
            <li key={entry}>
              <Link
                to={hrefFor(entry)}
                aria-current={entry === page ? "page" : undefined}
                aria-label={t("ui.pagination.page", { page: entry })}
                className={cx(linkClasses, entry === page && "bg-primary text-white hover:bg-primary hover:text-white")}
              >
                {entry}
              </Link>
            </li>
          ),
        )}
        <li>
          {page < pageCount ? (
            <Link to={hrefFor(page + 1)} className={linkClasses} rel="next">
              {t("ui.pagination.next")} ›
            </Link>
          ) : null}
        </li>
      </ul>
    </nav>
  );
}

/** 1 … 4 5 6 … 12 */
export function visiblePages(page: number, pageCount: number): Array<number | "gap"> {
  const wanted = new Set([1, pageCount, page - 1, page, page + 1].filter((p) => p >= 1 && p <= pageCount));
  const sorted = [...wanted].sort((a, b) => a - b);
  const result: Array<number | "gap"> = [];
  sorted.forEach((p, index) => {
    if (index > 0 && p - (sorted[index - 1] ?? p) > 1) result.push("gap");
    result.push(p);
  });
  return result;
}
