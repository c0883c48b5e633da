import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";

/**
 * The PostgreSQL extensions the migrations create (decision 040: the directory search), loaded into
 * every PGlite instance: the server's, the test template's and each test database's.
 */
export const pgliteExtensions = { pg_trgm, unaccent };
