import { migrateToLatest } from "../../db/migrate";
import { openConfiguredDatabase } from "./open-database";

const database = openConfiguredDatabase();
try {
  const result = await migrateToLatest(database.db);
  const applied = result.results?.filter((r) => r.status === "Success").map((r) => r.migrationName) ?? [];
  console.log(applied.length ? `Migrations appliquées :\n  ${applied.join("\n  ")}` : "Base de données à jour.");
} finally {
  await database.close();
}
