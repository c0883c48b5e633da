import type { ColumnType } from "kysely";

// Column types shared by every table group. Value shapes are the same on both drivers
// (db/client.ts): timestamptz as Date, int8 and date as strings, bytea as Uint8Array.

/** timestamptz with a default: read as Date, written as Date or ISO string, optional on insert. */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** Nullable timestamptz: null until something happens. */
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** timestamptz set once by its default and never updated. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** `date` columns come back as 'YYYY-MM-DD' strings on both drivers (db/client.ts parsers). */
export type DateString = ColumnType<string, string, string>;
/** jsonb: read as T, written as T or its JSON text. */
export type Json<T = Record<string, unknown>> = ColumnType<T, T | string | undefined, T | string>;
/** A NOT NULL column with a database default: optional on insert. */
export type Defaulted<T> = ColumnType<T, T | undefined, T>;
