import type { ReactNode } from "react";
import { cx } from "./class-names";

/**
 * A data table that never makes the page scroll sideways.
 *   <DataTable caption="Dossiers" rows={dossiers} rowKey={(d) => d.id} columns={[
 *     { header: "Organisme", cell: (d) => <Link to={…}>{d.name}</Link>, rowHeader: true },
 *     { header: "Montant", cell: (d) => d.amount, align: "end" },
 *   ]} layout="cards" />
 * layout "scroll" (default): the table scrolls inside its own focusable frame on small screens.
 * layout "cards": below 48rem each row becomes a card whose cells are labelled by their column header.
 * The caption is required (it names the table); `captionHidden` hides it visually only.
 * For hand-written tables, wrap the <table> in <TableScroll label="…">.
 */
export interface Column<Row> {
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  align?: "start" | "end";
  /** This column names the row (a <th scope="row">): usually the first. */
  rowHeader?: boolean;
  /** The header as plain text, for the card layout's labels when `header` is not a string. */
  label?: string;
}

export interface DataTableProps<Row> {
  caption: ReactNode;
  captionHidden?: boolean;
  columns: Array<Column<Row>>;
  rows: Row[];
  rowKey: (row: Row) => string;
  layout?: "scroll" | "cards";
  /** Shown in place of the table when rows is empty (e.g. an EmptyState). */
  empty?: ReactNode;
}

const cellBase = "border-b border-line px-3 py-2 align-top";

export function DataTable<Row>({ caption, captionHidden, columns, rows, rowKey, layout = "scroll", empty }: DataTableProps<Row>) {
  if (rows.length === 0 && empty) return <>{empty}</>;
  const cards = layout === "cards";
  const table = (
    <table className={cx("w-full border-collapse text-left", cards && "max-md:block")}>
      <caption className={cx("mb-2 text-left text-lg font-bold", captionHidden && "sr-only", cards && "max-md:block")}>{caption}</caption>
      <thead className={cx(cards && "max-md:sr-only")}>
        <tr>
          {columns.map((column, index) => (
            <th
              key={index}
              scope="col"
              className={cx(cellBase, "border-b-2 border-ink bg-surface-alt font-semibold", column.align === "end" && "text-right")}
            >
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className={cx(cards && "max-md:block")}>
        {rows.map((row) => (
          <tr
            key={rowKey(row)}
            className={cx(
              "even:bg-surface-alt",
              cards && "max-md:mb-3 max-md:block max-md:rounded-md max-md:border max-md:border-line max-md:bg-white",
            )}
          >
            {columns.map((column, index) => {
              const Cell = column.rowHeader ? "th" : "td";
              const label = column.label ?? (typeof column.header === "string" ? column.header : undefined);
              return (
                <Cell
                  key={index}
                  scope={column.rowHeader ? "row" : undefined}
                  className={cx(
                    cellBase,
                    column.rowHeader && "font-semibold",
                    column.align === "end" && "text-right",
                    cards && "max-md:flex max-md:justify-between max-md:gap-4 max-md:text-left max-md:last:border-b-0",
                  )}
                >
                  {cards && label ? (
                    <span aria-hidden="true" className="font-normal text-ink-muted md:hidden">
                      {label}
                    </span>
                  ) : null}
                  <span className={cx(cards && "max-md:text-right")}>{column.cell(row)}</span>
                </Cell>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return cards ? table : <TableScroll>{table}</TableScroll>;
}

/**
 * A frame that scrolls its table horizontally instead of the page. It is focusable (keyboard users can
 * scroll it) and named by `label` when given (else by the table's caption, which screen readers read anyway).
 */
export function TableScroll({ children, label }: { children: ReactNode; label?: string }) {
  return (
    // `relative`: absolutely placed descendants (the sr-only texts of buttons in cells) are laid out in this
    // box; else their containing block is the page, and a cell scrolled past the edge widens the document.
    <div role="region" aria-label={label} tabIndex={0} className="relative mb-6 max-w-full overflow-x-auto">
      {children}
    </div>
  );
}
