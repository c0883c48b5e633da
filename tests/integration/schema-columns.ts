import path from "node:path";
import { sql, type Kysely } from "kysely";
import ts from "typescript";

/**
 * The columns of a schema, by table then column, in terms both sides can express: the broad
 * JavaScript type a value comes back as, and whether it may be null.
 */
export type Broad = "string" | "number" | "boolean" | "Date" | "bytes" | "array" | "json";
export interface ColumnShape {
  type: Broad;
  /** null when unknown (a view's columns: PostgreSQL reports them all nullable). */
  nullable: boolean | null;
}
export type Columns = Map<string, Map<string, ColumnShape>>;

const ROOT = path.resolve(import.meta.dirname, "../..");

/** How each PostgreSQL type comes back on both drivers (db/client.ts: int8 and date as strings). */
const PG_TYPES: Record<string, Broad> = {
  uuid: "string",
  text: "string",
  "character varying": "string",
  character: "string",
  citext: "string",
  inet: "string",
  date: "string",
  bigint: "string",
  numeric: "string",
  integer: "number",
  smallint: "number",
  real: "number",
  "double precision": "number",
  boolean: "boolean",
  "timestamp with time zone": "Date",
  "timestamp without time zone": "Date",
  bytea: "bytes",
  ARRAY: "array",
  jsonb: "json",
  json: "json",
};

/** The columns of every table and view of the public schema, as information_schema reports them. */
export async function databaseColumns(db: Kysely<any>): Promise<Columns> {
  const { rows } = await sql<{ table_name: string; column_name: string; data_type: string; is_nullable: string; table_type: string }>`
    select c.table_name, c.column_name, c.data_type, c.is_nullable, t.table_type
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and c.table_name not like 'kysely_migration%'
    order by c.table_name, c.ordinal_position`.execute(db);
  const columns: Columns = new Map();
  for (const row of rows) {
    const type = PG_TYPES[row.data_type];
    if (!type) throw new Error(`${row.table_name}.${row.column_name}: no broad type for PostgreSQL type ${row.data_type}`);
    const nullable = row.table_type === "VIEW" ? null : row.is_nullable === "YES";
    if (!columns.has(row.table_name)) columns.set(row.table_name, new Map());
    columns.get(row.table_name)!.set(row.column_name, { type, nullable });
  }
  return columns;
}

/**
 * The columns of every table of `Database` (db/schema/index.ts), read with the TypeScript compiler:
 * for each column, the type Kysely selects (ColumnType's first argument), broadened.
 */
export function kyselyColumns(): Columns {
  const file = path.join(ROOT, "db/schema/index.ts");
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
  });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) throw new Error(ts.formatDiagnostics(diagnostics, ts.createCompilerHost({})));
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  const database = checker.getExportsOfModule(moduleSymbol).find((s) => s.name === "Database");
  if (!database) throw new Error("db/schema/index.ts exports no Database");
  const columns: Columns = new Map();
  for (const table of checker.getDeclaredTypeOfSymbol(database).getProperties()) {
    const shape = new Map<string, ColumnShape>();
    for (const column of checker.getTypeOfSymbol(table).getProperties()) {
      const declared = checker.getTypeOfSymbol(column);
      const select = declared.getProperty("__select__");
      const selected = select ? checker.getTypeOfSymbol(select) : declared;
      shape.set(column.name, broaden(checker, selected, `${table.name}.${column.name}`));
    }
    columns.set(table.name, shape);
  }
  return columns;
}

function broaden(checker: ts.TypeChecker, type: ts.Type, where: string): ColumnShape {
  const members = type.isUnion() ? type.types : [type];
  let nullable = false;
  const broad = new Set<Broad>();
  for (const member of members) {
    const flags = member.getFlags();
    if (flags & ts.TypeFlags.Null) nullable = true;
    else if (flags & ts.TypeFlags.Undefined) continue;
    else if (flags & ts.TypeFlags.StringLike) broad.add("string");
    else if (flags & ts.TypeFlags.NumberLike) broad.add("number");
    else if (flags & ts.TypeFlags.BooleanLike) broad.add("boolean");
    else if (checker.isArrayType(member)) broad.add("array");
    else if (member.getSymbol()?.name === "Date") broad.add("Date");
    else if (member.getSymbol()?.name === "Uint8Array") broad.add("bytes");
    else if (flags & (ts.TypeFlags.Object | ts.TypeFlags.Unknown | ts.TypeFlags.Any)) broad.add("json");
    else throw new Error(`${where}: cannot broaden ${checker.typeToString(member)}`);
  }
  if (broad.size !== 1) throw new Error(`${where}: expected one broad type, got ${[...broad].join(", ") || "none"}`);
  return { type: [...broad][0]!, nullable };
}

/** Every difference between the database and the Kysely types, one line each (empty: they match). */
export function compareColumns(database: Columns, kysely: Columns): string[] {
  const differences: string[] = [];
  for (const table of new Set([...database.keys(), ...kysely.keys()])) {
    const inDb = database.get(table);
    const inTypes = kysely.get(table);
    if (!inDb) differences.push(`table ${table}: in the Kysely types, not in the database`);
    else if (!inTypes) differences.push(`table ${table}: in the database, not in the Kysely types`);
    else {
      for (const column of new Set([...inDb.keys(), ...inTypes.keys()])) {
        const d = inDb.get(column);
        const k = inTypes.get(column);
        const name = `${table}.${column}`;
        if (!d) differences.push(`${name}: in the Kysely types, not in the database`);
        else if (!k) differences.push(`${name}: in the database, not in the Kysely types`);
        else {
          if (d.type !== k.type) differences.push(`${name}: ${d.type} in the database, ${k.type} in the Kysely types`);
          if (d.nullable !== null && d.nullable !== k.nullable) {
            differences.push(
              `${name}: ${d.nullable ? "nullable" : "not null"} in the database, ${k.nullable ? "nullable" : "not null"} in the Kysely types`,
            );
          }
        }
      }
    }
  }
  return differences.sort();
}
