import { DELAY_STAGE_LABEL_KEYS, DELAY_STAGES, type DelayStage } from "../../../domain/delays/delay-rules";
import { formatNumber, formatPercent } from "../../../domain/i18n/format";
import { t } from "../../i18n";
import { BarChart } from "../ui/bar-chart";
import { EmptyState } from "../ui/empty-state";
import { DataTable } from "../ui/table";
import { CsvLink } from "./csv-link";

/**
 * The reporting page's delays (issue 15.2, decision record 045): time per stage (median and 90th
 * percentile) and the late share, for every funder together (a chart of the stages that ended, every
 * stage in its data table), per funder (a chart of the late share, the times in its data table) and per
 * examiner (a table). Times in days, one decimal.
 */
interface Figures {
  count: number;
  median: number | null;
  p90: number | null;
  late: number;
  lateShare: number | null;
}

interface Row {
  id: string;
  name: string;
  funderName?: string | null;
  stages: Record<DelayStage, Figures>;
  total: { count: number; late: number; lateShare: number | null };
}

export interface DelayReportData {
  stages: (Figures & { stage: DelayStage; openLate: number })[];
  funders: Row[];
  examiners: Row[];
}

const dayValue = (value: number) => t("delays.report.daysShort", { n: formatNumber(value) });
const share = (value: number | null) => (value === null ? "—" : formatPercent(value));
/** "3,5 j · 8 j": the median and the 90th percentile of a stage, or a dash when none ended. */
const times = (f: Figures) => (f.count && f.median !== null && f.p90 !== null ? `${dayValue(f.median)} · ${dayValue(f.p90)}` : "—");
const stageLabel = (stage: DelayStage) => t(DELAY_STAGE_LABEL_KEYS[stage]);
const stageHeader = (stage: DelayStage) => t("delays.report.stageTimes", { stage: stageLabel(stage) });

export function DelayReport({ delays }: { delays: DelayReportData }) {
  const count = (value: number) => formatNumber(value, 0);
  return (
    <section aria-labelledby="delays-title" className="flex flex-col gap-6">
      <div>
        <h2 id="delays-title" className="m-0 text-2xl font-bold text-ink">
          {t("delays.report.title")}
        </h2>
        <p className="mt-1 mb-0 max-w-prose text-ink-muted">{t("delays.report.lead")}</p>
      </div>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <BarChart
          title={t("delays.report.byStage")}
          headingLevel={3}
          actions={<CsvLink table="delayStages" title={t("delays.report.byStage")} />}
          categoryHeader={t("delays.report.stage")}
          series={[{ name: t("delays.report.median") }, { name: t("delays.report.p90"), tone: "warning" }]}
          rows={delays.stages.filter((s) => s.count > 0).map((s) => ({ label: stageLabel(s.stage), values: [s.median ?? 0, s.p90 ?? 0] }))}
          format={dayValue}
          table={{
            headers: [
              t("delays.report.stage"),
              t("delays.report.ended"),
              t("delays.report.median"),
              t("delays.report.p90"),
              t("delays.report.lateShare"),
              t("delays.report.openLate"),
            ],
            rows: delays.stages.map((s) => ({
              label: stageLabel(s.stage),
              cells: [
                count(s.count),
                s.median === null ? "—" : dayValue(s.median),
                s.p90 === null ? "—" : dayValue(s.p90),
                share(s.lateShare),
                count(s.openLate),
              ],
            })),
          }}
        />
        <BarChart
          title={t("delays.report.byFunder")}
          headingLevel={3}
          actions={<CsvLink table="delayFunders" title={t("delays.report.byFunder")} />}
          categoryHeader={t("kind.funder")}
          series={[{ name: t("delays.report.lateShare"), tone: "warning" }]}
          rows={delays.funders.map((f) => ({ label: f.name, values: [f.total.lateShare ?? 0] }))}
          max={1}
          format={(value) => formatPercent(value)}
          table={{
            headers: [t("kind.funder"), t("delays.report.ended"), ...DELAY_STAGES.map(stageHeader), t("delays.report.lateShare")],
            rows: delays.funders.map((f) => ({
              label: f.name,
              cells: [count(f.total.count), ...DELAY_STAGES.map((stage) => times(f.stages[stage])), share(f.total.lateShare)],
            })),
          }}
        />
      </div>
      <section
        aria-labelledby="delays-examiners-title"
        className="flex min-w-0 flex-col gap-3 rounded-md border border-line bg-white p-4 sm:p-6"
      >
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h3 id="delays-examiners-title" className="m-0 text-xl font-bold text-ink">
            {t("delays.report.byExaminer")}
          </h3>
          <CsvLink table="delayExaminers" title={t("delays.report.byExaminer")} />
        </div>
        <DataTable
          caption={t("delays.report.byExaminer")}
          captionHidden
          layout="cards"
          rows={delays.examiners}
          rowKey={(e) => e.id}
          empty={<EmptyState title={t("delays.report.none")} />}
          columns={[
            {
              header: t("examination.queue.examiner"),
              rowHeader: true,
              cell: (e) => (
                <span className="flex flex-col">
                  {e.name}
                  {e.funderName ? <span className="text-sm font-normal text-ink-muted">{e.funderName}</span> : null}
                </span>
              ),
            },
            { header: t("delays.report.ended"), cell: (e) => count(e.total.count), align: "end" },
            ...DELAY_STAGES.map((stage) => ({ header: stageHeader(stage), cell: (e: Row) => times(e.stages[stage]) })),
            { header: t("delays.report.lateShare"), cell: (e) => share(e.total.lateShare), align: "end" },
          ]}
        />
      </section>
    </section>
  );
}
