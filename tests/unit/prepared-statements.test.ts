import { describe, expect, it } from "vitest";
import { namePreparedStatements, preparedStatementPolicy } from "../../db/prepared-statements";

describe("prepared statement policy", () => {
  it("names a text from its second execution on, always with the same name", () => {
    const policy = preparedStatementPolicy();
    expect(policy.nameFor("select 1 where $1")).toBeUndefined();
    const name = policy.nameFor("select 1 where $1");
    expect(name).toMatch(/^dd_\d+$/);
    expect(policy.nameFor("select 1 where $1")).toBe(name);
    expect(policy.nameFor("select 2 where $1")).toBeUndefined();
    expect(policy.nameFor("select 2 where $1")).not.toBe(name);
  });

  it("stops naming new texts at its limit and keeps the names it gave", () => {
    const policy = preparedStatementPolicy({ repeatAfter: 1, maxNamed: 2 });
    const a = policy.nameFor("a");
    const b = policy.nameFor("b");
    expect([a, b].every(Boolean)).toBe(true);
    expect(policy.nameFor("c")).toBeUndefined();
    expect(policy.nameFor("a")).toBe(a);
    expect(policy.namedCount).toBe(2);
  });

  it("forgets the counts of one-off texts when too many are counted", () => {
    const policy = preparedStatementPolicy({ repeatAfter: 2, maxCounted: 2 });
    policy.nameFor("a");
    policy.nameFor("b");
    policy.nameFor("c"); // the counts are full: cleared, then c counted
    expect(policy.nameFor("a")).toBeUndefined();
    expect(policy.nameFor("c")).toBeDefined();
  });
});

describe("naming a client's queries", () => {
  function recordingClient() {
    const calls: unknown[][] = [];
    const client = { query: (...args: unknown[]) => calls.push(args) as unknown };
    return { client, calls };
  }

  it("sends a repeated text with parameters as a named query config", () => {
    const { client, calls } = recordingClient();
    namePreparedStatements(client, preparedStatementPolicy());
    client.query("select $1", [1]);
    client.query("select $1", [2]);
    expect(calls[0]).toEqual(["select $1", [1], undefined]);
    expect(calls[1]).toEqual([{ name: "dd_0", text: "select $1", values: [2] }, undefined]);
  });

  it("leaves a query config, a text without values and a cursor alone", () => {
    const { client, calls } = recordingClient();
    namePreparedStatements(client, preparedStatementPolicy({ repeatAfter: 1 }));
    const config = { text: "select 1" };
    const cursor = { submit() {} };
    client.query(config);
    client.query("select 1");
    client.query(cursor);
    expect(calls).toEqual([
      [config, undefined, undefined],
      ["select 1", undefined, undefined],
      [cursor, undefined, undefined],
    ]);
  });
});
