import { migrateToLatest } from "../../db/migrate";
import { loadReferentiels } from "../../db/seed/load-referentiels";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isDatabaseEmpty, resetDemo, seedDemo } from "../../domain/demo/seed-demo";
import { readToolEnv } from "../config/env";
import { openConfiguredDatabase } from "./open-database";

// Demo accounts share a published password: they exist only in demo mode (`npm run seed:demo` selects it).
if (readToolEnv().DATADOCK_MODE !== "demo") {
  console.error(
    "Les données de démonstration n'existent qu'en mode démonstration : DATADOCK_MODE=demo (jamais sur une base de production).",
  );
  process.exit(1);
}

const reset = process.argv.includes("--reset");
const database = openConfiguredDatabase();
const onProgress = (step: string, done: number, total: number) => {
  const width = 30;
  const filled = Math.round((done / total) * width);
  console.log(`[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} ${step}`);
};
try {
  await migrateToLatest(database.db);
  await loadReferentiels(database.db);
  if (reset) {
    await resetDemo(database.db, { onProgress });
  } else if (await isDatabaseEmpty(database.db)) {
    await seedDemo(database.db, { onProgress });
  } else {
    console.log("La base contient déjà des données : rien n'est fait. Utilisez `npm run seed:demo -- --reset` pour la réinitialiser.");
    process.exitCode = 0;
  }
  console.log(`\nComptes de démonstration (mot de passe « ${DEMO_PASSWORD} ») :`);
  for (const account of DEMO_ACCOUNTS) console.log(`  ${account.email.padEnd(32)} ${account.role.padEnd(16)} ${account.organisationName}`);
} finally {
  await database.close();
}
