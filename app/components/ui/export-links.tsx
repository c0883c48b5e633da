import { useSearchParams } from "@remix-run/react";
import { t } from "../../i18n";

/**
 * "Exporter en CSV / XLSX" of a filtered list (issue 15.5): links to `to` with the page's query string
 * (its filters, without the page number) and the format.
 *   <ExportLinks to="/financeur/organismes/export" />
 */
export function ExportLinks({ to }: { to: string }) {
  const [params] = useSearchParams();
  const href = (format: "csv" | "xlsx") => {
    const next = new URLSearchParams(params);
    next.delete("page");
    next.set("format", format);
    return `${to}?${next.toString()}`;
  };
  return (
    <p className="mt-0 mb-4 flex flex-wrap items-center gap-x-4 gap-y-1">
      <a href={href("csv")} download>
        {t("exports.csv")}
      </a>
      <a href={href("xlsx")} download>
        {t("exports.xlsx")}
      </a>
      <span className="text-sm text-ink-muted">{t("exports.lead")}</span>
    </p>
  );
}
