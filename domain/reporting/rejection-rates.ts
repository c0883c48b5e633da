import type { Executor } from "../../db/executor";

/**
 * Per-indicator decision counts → the dashboard's rejection rates, one row per indicator code
 * (versions of an indicator share their code), sorted by code. Shared by the rollup queries and the
 * direct ones they are checked against.
 */
export async function rejectionRatesByCode(db: Executor, rows: { indicator_id: string; total: unknown; rejected: unknown }[]) {
  if (rows.length === 0) return [];
  const indicators = await db
    .selectFrom("indicators")
    .select(["id", "code", "title"])
    .where(
      "id",
      "in",
      rows.map((r) => r.indicator_id),
    )
    .execute();
  const byCode = new Map<string, { code: string; title: string; total: number; rejected: number }>();
  for (const r of rows) {
    const i = indicators.find((x) => x.id === r.indicator_id)!;
    const acc = byCode.get(i.code) ?? { code: i.code, title: i.title, total: 0, rejected: 0 };
    acc.total += Number(r.total ?? 0);
    acc.rejected += Number(r.rejected ?? 0);
    byCode.set(i.code, acc);
  }
  return [...byCode.values()]
    .sort((a, b) => a.code.localeCompare(b.code, "fr", { numeric: true }))
    .map((r) => ({ ...r, rate: r.total ? r.rejected / r.total : 0 }));
}
