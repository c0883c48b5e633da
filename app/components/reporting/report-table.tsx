import { useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { t } from "../../i18n";

export function Bar({ value, max }: { value: number; max: number }) {
  return <span className="bar" style={{ width: `${max ? Math.round((value / max) * 100) : 0}%` }} aria-hidden="true" />;
}

function CsvLink({ table }: { table: string }) {
  const [params] = useSearchParams();
  const p = new URLSearchParams(params);
  p.set("table", table);
  return (
    <a href={`/financeur/rapports.csv?${p.toString()}`} download>
      {t("reporting.csv")}
    </a>
  );
}

/** One table of the reporting page: its title, its CSV download, its column headers and rows. */
export function ReportTable(props: { title: string; csv: string; className?: string; headers?: string[]; children: ReactNode }) {
  return (
    <section>
      <h2>{props.title}</h2> <CsvLink table={props.csv} />
      <table className={props.className ?? "table"}>
        {props.headers ? (
          <thead>
            <tr>
              {props.headers.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
        ) : null}
        <tbody>{props.children}</tbody>
      </table>
    </section>
  );
}
