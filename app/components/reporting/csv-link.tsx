import { useSearchParams } from "@remix-run/react";
import { t } from "../../i18n";

/** The CSV and XLSX downloads of one table of the reporting page, with the page's filters; their names say which table. */
export function CsvLink({ table, title }: { table: string; title: string }) {
  const [params] = useSearchParams();
  const href = (format: "csv" | "xlsx") => {
    const p = new URLSearchParams(params);
    p.set("table", table);
    if (format === "xlsx") p.set("format", "xlsx");
    else p.delete("format");
    return `/financeur/rapports.csv?${p.toString()}`;
  };
  return (
    <span className="flex flex-wrap gap-3 text-sm">
      <a href={href("csv")} download>
        {t("reporting.csv")}
        <span className="sr-only"> : {title}</span>
      </a>
      <a href={href("xlsx")} download>
        {t("reporting.xlsx")}
        <span className="sr-only"> : {title}</span>
      </a>
    </span>
  );
}
