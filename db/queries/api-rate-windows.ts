import { sql } from "kysely";
import type { Executor } from "../executor";

/**
 * Counts one request of this funder (any of its keys) in the window starting at `windowStart` and
 * returns the window's count so far (atomic upsert: concurrent requests on several instances each
 * get their own number). Opening a window removes the funder's older ones.
 */
export async function hitRateWindow(db: Executor, funderId: string, windowStart: Date): Promise<number> {
  const row = await db
    .insertInto("api_rate_windows")
    .values({ funder_id: funderId, window_start: windowStart, hits: 1 })
    .onConflict((oc) => oc.columns(["funder_id", "window_start"]).doUpdateSet({ hits: sql`api_rate_windows.hits + 1` }))
    .returning("hits")
    .executeTakeFirstOrThrow();
  if (row.hits === 1) {
    await db.deleteFrom("api_rate_windows").where("funder_id", "=", funderId).where("window_start", "<", windowStart).execute();
  }
  return row.hits;
}
