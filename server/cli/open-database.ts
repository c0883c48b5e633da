import { readToolEnv } from "../config/env";
import { buildRuntimeConfig } from "../config/runtime-config";
import { createDatabase, type DatabaseHandle } from "../../db/client";

/** The database the server would use, for command-line tools. */
export function openConfiguredDatabase(): DatabaseHandle {
  const env = readToolEnv();
  const config = buildRuntimeConfig(env, env.PORT);
  return createDatabase({ databaseUrl: env.DATABASE_URL, pgliteDir: config.pgliteDir });
}
