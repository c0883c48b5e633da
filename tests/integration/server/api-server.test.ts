import express from "express";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { createApiContract } from "../../setup/openapi-contract";
import { errorHandler } from "../../../server/http/error-handler";
import { createLogger } from "../../../server/logger";

/**
 * /api/v1 through the real server process (Express in front of Remix): what is not a success is
 * problem+json there too, including Remix's own data requests and errors met before Remix.
 */
const contract = createApiContract();

async function expectProblem(method: string, url: string, response: Response, status: number) {
  expect(response.status, `${method} ${url}`).toBe(status);
  expect(response.headers.get("content-type") ?? "").toMatch(/^application\/problem\+json/);
  await contract.check(method, url, response);
  expect(await response.json()).toMatchObject({ status });
}

describe("API through the server", () => {
  let server: RunningServer;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    database = await createTestDatabase({ contents: "demo" });
    server = await startServer({ env: database.url ? { DATABASE_URL: database.url } : {} });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.close();
  });

  it("answers undocumented methods with 405 and Allow, unknown paths with 404, as problem+json", async () => {
    for (const method of ["PUT", "PATCH"]) {
      const response = await fetch(`${server.url}/api/v1/organisations`, {
        method,
        body: "{}",
        headers: { "content-type": "application/json" },
      });
      expect(response.headers.get("allow")).toBe("GET, HEAD");
      await expectProblem(method, "/api/v1/organisations", response, 405);
    }
    for (const path of ["/api/v1/inconnu", "/api/v1", "/api/v1/organisations/12345678901234/inconnu"]) {
      await expectProblem("GET", path, await fetch(`${server.url}${path}`), 404);
    }
    await expectProblem("GET", "/api/v1/organisations", await fetch(`${server.url}/api/v1/organisations`), 401);
  });

  it("never runs an API route for Remix's own data requests (….data, ?_data=)", async () => {
    for (const [method, path] of [
      ["GET", "/api/v1/organisations.data"],
      ["POST", "/api/v1/catalogue.data"],
      ["GET", "/api/v1/organisations?_data=routes%2Fapi.v1.organisations._index"],
      ["POST", "/api/v1/catalogue?_data=routes%2Fapi.v1.catalogue._index"],
    ] as const) {
      const response = await fetch(`${server.url}${path}`, { method, headers: { authorization: "Bearer dd_x" } });
      await expectProblem(method, path, response, 404);
    }
  });
});

describe("errors met before Remix", () => {
  let base: string;
  let close: () => void;
  beforeAll(async () => {
    const app = express();
    app.all("*", (req, _res, next) => {
      const error = req.path.endsWith("/down")
        ? Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })
        : new Error("boom");
      next(error);
    });
    app.use(errorHandler(createLogger("silent")));
    const listening = app.listen(0, "127.0.0.1");
    await new Promise((resolveListening) => listening.once("listening", resolveListening));
    base = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
    close = () => listening.close();
  });
  afterAll(() => close?.());

  it("are problem+json under /api/v1 (500, or 503 when the database does not answer), HTML pages elsewhere", async () => {
    await expectProblem("GET", "/api/v1/catalogue", await fetch(`${base}/api/v1/catalogue`), 500);
    await expectProblem("GET", "/api/v1/organisations/down", await fetch(`${base}/api/v1/organisations/down`), 503);
    const page = await fetch(`${base}/organisme`);
    expect(page.status).toBe(500);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
  });
});
