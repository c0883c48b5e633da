import { createDatabase } from "../db/client";
import { searchDirectory } from "../domain/organisations/directory.queries";
const h = createDatabase({ databaseUrl: process.env.DATABASE_URL! });
for (const f of [{ sort: "status" as const }, { sort: "status" as const, q: "bretagne" }, { q: "datadocké" }, { status: "datadocke" as const, sort: "name" as const }, { q: "organisme", sort: "region" as const, descending: true }]) {
  const times: number[] = [];
  let r;
  for (let i = 0; i < 7; i++) { const t0 = performance.now(); r = await searchDirectory(h.db, { limit: 50, ...f }); times.push(performance.now() - t0); }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify(f), r!.total, r!.totalCapped, "median", times[3]!.toFixed(1), "max", times[6]!.toFixed(1));
}
await h.close();
