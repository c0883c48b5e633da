import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";

/** Off a terminal (stdout is a pipe here), npm start keeps JSON logs and prints no human line. */
describe("server output off a terminal", () => {
  let server: RunningServer;
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase({ contents: "demo" });
    server = await startServer({ env: { LOG_LEVEL: "info", ...(database.url ? { DATABASE_URL: database.url } : {}) } });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.close();
  });

  it("writes only JSON lines, including the listening one", async () => {
    await expect.poll(() => server.logs()).toContain("Datadock is listening");
    const lines = server
      .logs()
      .split("\n")
      .filter((line) => line.trim() !== "");
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(server.logs()).not.toContain("Datadock est prêt");
  });
});
