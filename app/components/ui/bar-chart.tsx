import { useId, type ReactNode } from "react";
import { t } from "../../i18n";
import { cx } from "./class-names";

/**
 * Figures people would rather see than read: a horizontal bar chart (categories) or a line chart
 * (a series over time), inline SVG coloured from the tokens, readable from 360 px.
 *
 *   <BarChart title="Organismes par statut" categoryHeader="Statut" format={formatNumber}
 *     series={[{ name: "Organismes" }]} rows={[{ label: "Datadocké", values: [12] }]} />
 *   <BarChart kind="line" … />   one point per row, in order (weeks)
 *
 * Accessible: the figure is named by its title; the drawing is hidden from assistive technology and
 * replaced by a one-sentence text alternative (the highest value of each series) and by the data table
 * in a disclosure under the chart ("Voir les données"). `table` overrides the table (extra columns).
 * Colour never carries meaning alone: every series is named in the legend and in the table.
 */
export type ChartTone = "primary" | "success" | "warning" | "info";

export interface ChartSeries {
  name: string;
  tone?: ChartTone;
}

export interface ChartRow {
  label: string;
  values: number[];
  /** A short name for the text alternative (e.g. an indicator's code), when the label is long. */
  short?: string;
}

export interface BarChartProps {
  title: string;
  /** Heading level of the title in the page outline. */
  headingLevel?: 2 | 3;
  /** Next to the title (e.g. a CSV download link). */
  actions?: ReactNode;
  kind?: "bar" | "line";
  categoryHeader: string;
  series: ChartSeries[];
  rows: ChartRow[];
  format: (value: number) => string;
  /** The scale's top (e.g. 1 for rates); default the largest value. */
  max?: number;
  table?: { headers: string[]; rows: { label: string; cells: string[] }[] };
}

const FILL: Record<ChartTone, string> = { primary: "fill-primary", success: "fill-success", warning: "fill-warning", info: "fill-info" };
const STROKE: Record<ChartTone, string> = {
  primary: "stroke-primary",
  success: "stroke-success",
  warning: "stroke-warning",
  info: "stroke-info",
};
const SWATCH: Record<ChartTone, string> = { primary: "bg-primary", success: "bg-success", warning: "bg-warning", info: "bg-info" };
const DEFAULT_TONES: ChartTone[] = ["primary", "success", "warning", "info"];

const toneOf = (series: ChartSeries[], index: number) => series[index]?.tone ?? DEFAULT_TONES[index % DEFAULT_TONES.length]!;

/** The text alternative: for each series, its highest value and where. */
function summary(props: BarChartProps): string {
  if (props.rows.length === 0) return t("ui.chart.empty");
  return props.series
    .map((s, index) => {
      let best = props.rows[0]!;
      for (const row of props.rows) if ((row.values[index] ?? 0) > (best.values[index] ?? 0)) best = row;
      return t("ui.chart.highest", { series: s.name, label: best.short ?? best.label, value: props.format(best.values[index] ?? 0) });
    })
    .join(" ");
}

export function BarChart(props: BarChartProps) {
  const id = useId().replace(/:/g, "");
  const Heading = `h${props.headingLevel ?? 2}` as const;
  const max = props.max ?? Math.max(0, ...props.rows.flatMap((r) => r.values));
  const table = props.table ?? {
    headers: [props.categoryHeader, ...props.series.map((s) => s.name)],
    rows: props.rows.map((r) => ({ label: r.label, cells: r.values.map(props.format) })),
  };
  return (
    <figure
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-summary`}
      className="m-0 flex min-w-0 flex-col gap-3 rounded-md border border-line bg-white p-4 sm:p-6"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <Heading id={`${id}-title`} className="m-0 text-xl font-bold text-ink">
          {props.title}
        </Heading>
        {props.actions}
      </div>
      <p id={`${id}-summary`} className="m-0 text-ink-muted">
        {summary(props)}
      </p>
      {props.rows.length === 0 ? null : (
        <>
          {props.series.length > 1 ? <Legend series={props.series} /> : null}
          {props.kind === "line" ? <Lines {...props} max={max} /> : <Bars {...props} max={max} />}
          <details className="text-sm">
            <summary className="cursor-pointer font-medium text-primary">{t("ui.chart.data")}</summary>
            <div className="mt-2 overflow-x-auto">
              <table className="w-full border-collapse text-left [&_td]:border-b [&_td]:border-line [&_td]:px-2 [&_td]:py-1 [&_th]:border-b [&_th]:border-line [&_th]:px-2 [&_th]:py-1">
                <caption className="sr-only">{props.title}</caption>
                <thead>
                  <tr>
                    {table.headers.map((h) => (
                      <th key={h} scope="col">
                        {h}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {table.rows.map((r, index) => (
                    <tr key={`${index}-${r.label}`}>
                      <th scope="row">{r.label}</th>
                      {r.cells.map((c, cell) => (
                        <td key={cell}>{c}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </figure>
  );
}

function Legend({ series }: { series: ChartSeries[] }) {
  return (
    <ul aria-hidden="true" className="m-0 flex list-none flex-wrap gap-4 p-0 text-sm">
      {series.map((s, index) => (
        <li key={s.name} className="flex items-center gap-2">
          <span className={cx("inline-block h-3 w-3 rounded-sm", SWATCH[toneOf(series, index)])} />
          {s.name}
        </li>
      ))}
    </ul>
  );
}

/** One row per category: its label and value in text, a bar per series drawn in SVG (width in %). */
function Bars({ rows, series, format, max }: BarChartProps & { max: number }) {
  const barHeight = 14;
  return (
    <div aria-hidden="true" className="flex flex-col gap-3">
      {rows.map((row, rowIndex) => (
        <div key={`${rowIndex}-${row.label}`} className="flex min-w-0 flex-col gap-1">
          <span className="text-sm text-ink">{row.label}</span>
          {series.map((s, index) => {
            const value = row.values[index] ?? 0;
            const width = max > 0 ? Math.max(0, Math.min(100, (value / max) * 100)) : 0;
            return (
              <div key={s.name} className="flex items-center gap-2">
                <svg width="100%" height={barHeight} className="min-w-0 flex-1" focusable="false">
                  <rect x="0" y="0" width="100%" height={barHeight} className="fill-surface-sunken" rx="2" />
                  <rect x="0" y="0" width={`${width}%`} height={barHeight} className={FILL[toneOf(series, index)]} rx="2" />
                </svg>
                <span className="w-16 shrink-0 text-right text-sm tabular-nums text-ink-muted">{format(value)}</span>
              </div>
            );
          })}
        </div>
      ))}
    </div>
  );
}

/**
 * A series over time: segments and points placed in percentages of the frame (no viewBox, so nothing is
 * stretched at any width); the scale's top and bottom on the left, the first and last labels under it.
 */
function Lines({ rows, series, format, max }: BarChartProps & { max: number }) {
  // Inset so that the points at the ends and at the top are not cut in half.
  const x = (index: number) => 2 + (rows.length === 1 ? 48 : (index / (rows.length - 1)) * 96);
  const y = (value: number) => 4 + (max > 0 ? (1 - value / max) * 92 : 92);
  const pct = (n: number) => `${Math.round(n * 100) / 100}%`; // a CSS length, not text
  return (
    <div aria-hidden="true" className="flex flex-col gap-1">
      <div className="flex gap-2">
        <div className="flex flex-col justify-between text-right text-xs tabular-nums text-ink-subtle">
          <span>{format(max)}</span>
          <span>{format(0)}</span>
        </div>
        <svg width="100%" height="160" className="min-w-0 flex-1 border-b border-l border-border" focusable="false">
          {[0.25, 0.5, 0.75].map((f) => (
            <line key={f} x1="0" x2="100%" y1={pct(4 + f * 92)} y2={pct(4 + f * 92)} className="stroke-line" />
          ))}
          {series.map((s, index) => {
            const tone = toneOf(series, index);
            const points = rows.map((row, i) => ({ x: x(i), y: y(row.values[index] ?? 0) }));
            return (
              <g key={s.name}>
                {points.slice(1).map((point, i) => (
                  <line
                    key={i}
                    x1={pct(points[i]!.x)}
                    y1={pct(points[i]!.y)}
                    x2={pct(point.x)}
                    y2={pct(point.y)}
                    strokeWidth="2.5"
                    strokeDasharray={index === 1 ? "6 3" : undefined}
                    className={STROKE[tone]}
                  />
                ))}
                {points.map((point, i) => (
                  <circle key={i} cx={pct(point.x)} cy={pct(point.y)} r="4" className={FILL[tone]} />
                ))}
              </g>
            );
          })}
        </svg>
      </div>
      <div className="flex justify-between gap-2 pl-8 text-xs text-ink-subtle">
        <span>{rows[0]!.label}</span>
        {rows.length > 1 ? <span className="text-right">{rows[rows.length - 1]!.label}</span> : null}
      </div>
    </div>
  );
}
