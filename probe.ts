import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
const build = (await import(pathToFileURL(resolve("build/index.js")).href)) as ServerBuild;
const handle = createRequestHandler(build, "production");
const ctx = { services: { config: { publicUrl: "http://x" } }, session: null, cspNonce: "n", clientIp: "1" } as any;
for (const [m, p] of [["PUT", "/api/v1/organisations"], ["GET", "/api/v1/nope"], ["GET", "/api/v1"], ["POST", "/api/v1/nope"], ["OPTIONS", "/api/v1/catalogue"], ["GET", "/api/v1/organisations.data"], ["GET", "/api/v1/organisations?_data=routes/api.v1.organisations._index"]]) {
  const r = await handle(new Request("http://localhost" + p, { method: m }), ctx);
  console.log(m, p, r.status, r.headers.get("content-type"), (await r.text()).slice(0, 100));
}
