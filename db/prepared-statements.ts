/**
 * Named prepared statements for the queries a server repeats (decision record 056).
 *
 * Kysely hands `pg` each query as text and parameters; `pg` sends them unnamed, so PostgreSQL parses,
 * analyses and plans the text again on every execution. Given a name, `pg` parses a text once per
 * connection and PostgreSQL keeps the parsed statement (and, once it pays, a generic plan) for the
 * session. A page built from a dozen queries spends much of its database time there.
 *
 * What is named: a text executed `repeatAfter` times (so one-off statements, such as the demo seed's,
 * never occupy a connection), up to `maxNamed` texts for the process; later texts run unnamed as
 * before. The counts of texts not yet named are kept for at most `maxCounted` texts (cleared when full).
 * Every connection prepares a named text on its first use of it; `pg` guarantees one text per name.
 */
export interface PreparedStatementPolicy {
  /** The name for this text, or undefined to run it unnamed. */
  nameFor(text: string): string | undefined;
  /** How many texts are named (for tests and diagnostics). */
  readonly namedCount: number;
}

export interface PreparedStatementLimits {
  repeatAfter?: number;
  maxNamed?: number;
  maxCounted?: number;
}

export function preparedStatementPolicy({
  repeatAfter = 2,
  maxNamed = 500,
  maxCounted = 10_000,
}: PreparedStatementLimits = {}): PreparedStatementPolicy {
  const names = new Map<string, string>();
  const seen = new Map<string, number>();
  return {
    nameFor(text) {
      const name = names.get(text);
      if (name !== undefined) return name;
      if (names.size >= maxNamed) return undefined;
      const count = (seen.get(text) ?? 0) + 1;
      if (count < repeatAfter) {
        if (seen.size >= maxCounted) seen.clear();
        seen.set(text, count);
        return undefined;
      }
      seen.delete(text);
      const fresh = `dd_${names.size}`;
      names.set(text, fresh);
      return fresh;
    },
    get namedCount() {
      return names.size;
    },
  };
}

type QueryFn = (...args: unknown[]) => unknown;

/**
 * Routes a `pg` client's `query(text, values)` calls (Kysely's only form) through the policy; a query
 * config, a cursor or a text without values goes through untouched.
 */
export function namePreparedStatements(client: { query: QueryFn }, policy: PreparedStatementPolicy): void {
  const query = client.query.bind(client) as QueryFn;
  client.query = (text: unknown, values?: unknown, callback?: unknown) => {
    if (typeof text !== "string" || !Array.isArray(values)) return query(text, values, callback);
    const name = policy.nameFor(text);
    return name === undefined ? query(text, values, callback) : query({ name, text, values }, callback);
  };
}
