import { useSearchParams } from "@remix-run/react";
import { t } from "../../i18n";

/** The CSV download of one table of the reporting page, with the page's filters; its name says which table. */
export function CsvLink({ table, title }: { table: string; title: string }) {
  const [params] = useSearchParams();
  const p = new URLSearchParams(params);
  p.set("table", table);
  return (
    <a href={`/financeur/rapports.csv?${p.toString()}`} download className="text-sm">
      {t("reporting.csv")}
      <span className="sr-only"> : {title}</span>
    </a>
  );
}
