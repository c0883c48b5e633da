import type { Executor } from "../executor";
import type { OrganisationKind } from "../schema";

export async function countOrganisationsByKind(db: Executor): Promise<Record<OrganisationKind, number>> {
  const rows = await db
    .selectFrom("organisations")
    .select(["kind", (eb) => eb.fn.countAll<string>().as("n")])
    .groupBy("kind")
    .execute();
  const counts: Record<OrganisationKind, number> = { of: 0, funder: 0, coordination: 0 };
  for (const row of rows) counts[row.kind] = Number(row.n);
  return counts;
}
