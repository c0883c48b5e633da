import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../setup/server-process";
import { createClient } from "../setup/http-client";

/** Resident memory of the server process, in MiB (Linux). */
function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? "0") / 1024;
}

/** POSTs `size` bytes of a urlencoded body, streamed in 1 MiB chunks; resolves with the answer (or the error once answered). */
function bigPost(
  url: string,
  path: string,
  size: number,
  contentType: string,
  extraHeaders: Record<string, string> = {},
): Promise<{ status: number; type: string; body: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, {
      method: "POST",
      headers: { "content-type": contentType, "content-length": String(size), origin: url, ...extraHeaders },
    });
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? ""), body, ms: Date.now() - started }),
      );
    });
    req.on("error", (error) => reject(error));
    const chunk = Buffer.alloc(1024 * 1024, "a");
    let sent = 0;
    const write = () => {
      while (sent < size) {
        const n = Math.min(chunk.length, size - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void req.once("drain", write);
      }
      req.end();
    };
    req.on("error", () => {});
    write();
  });
}

describe("request limits: bodies, URLs", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("a 60 MB urlencoded POST to /login is refused with a French 413, quickly, without the server's memory growing", async () => {
    const pid = server.proc.pid!;
    const before = rssMiB(pid);
    const answer = await bigPost(server.url, "/login", 60 * 1024 * 1024, "application/x-www-form-urlencoded");
    const after = rssMiB(pid);
    expect(answer.status).toBe(413);
    expect(answer.type).toContain("text/html");
    expect(answer.body).toContain("Envoi trop volumineux");
    expect(answer.body).toContain("1 Mo");
    expect(answer.ms).toBeLessThan(15_000);
    // Parsed in full, the body cost ~700 MB of resident memory; dropped as it arrives, a few MB at most.
    expect(after - before).toBeLessThan(100);
    // The server still answers, and the login form still works.
    const client = createClient(server.url);
    const login = await client.postForm("/login", { email: "alice@financeur-a.demo", password: "datadock-demo" });
    await login.arrayBuffer();
    expect(login.status).toBe(302);
  }, 60_000);

  it("JSON bodies to the API over 1 MB are a problem+json 413", async () => {
    const answer = await bigPost(server.url, "/api/v1/catalogue", 2 * 1024 * 1024, "application/json");
    expect(answer.status).toBe(413);
    expect(answer.type).toContain("application/problem+json");
    expect(JSON.parse(answer.body)).toMatchObject({ status: 413 });
  });

  it("a multipart body larger than an upload is refused; one to a page that takes no upload is capped at 1 MB", async () => {
    const upload = await bigPost(server.url, "/organisme/dossier/televersement", 30 * 1024 * 1024, "multipart/form-data; boundary=x");
    expect(upload.status).toBe(413);
    expect(upload.body).toContain("20 Mo");
    // The upload form's script asks for JSON: it gets the upload route's reply shape.
    const script = await bigPost(server.url, "/organisme/dossier/televersement", 30 * 1024 * 1024, "multipart/form-data; boundary=x", {
      accept: "application/json",
    });
    expect(script.status).toBe(413);
    expect(JSON.parse(script.body)).toMatchObject({ ok: false, message: expect.stringContaining("taille autorisée") });
    const notUpload = await bigPost(server.url, "/login", 2 * 1024 * 1024, "multipart/form-data; boundary=x");
    expect(notUpload.status).toBe(413);
  });

  it("a body without a declared length is 411 outside uploads; an over-long URL is 414; a path that is not UTF-8 is 400", async () => {
    const client = createClient(server.url);
    const chunked = await client.request("/login", {
      method: "POST",
      headers: { origin: server.url, "content-type": "application/x-www-form-urlencoded" },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode("email=a%40b.c&password=x"));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(411);
    expect(await chunked.text()).toContain("Content-Length");
    const long = await client.get(`/financeur/examens?region=${"a".repeat(9_000)}`);
    expect(long.status).toBe(414);
    expect(await long.text()).toContain("Adresse trop longue");
    const api = await client.get(`/api/v1/organisations?region=${"a".repeat(9_000)}`);
    expect(api.status).toBe(414);
    expect(api.headers.get("content-type")).toContain("application/problem+json");
    // A URL of 1.2 MB (far past Node's default header limit) still gets the French 414, every time,
    // never a connection reset.
    for (let i = 0; i < 5; i++) {
      const huge = await client.get(`/financeur/examens?region=${encodeURIComponent("é".repeat(200_000))}`);
      expect(huge.status).toBe(414);
      expect(await huge.text()).toContain("Adresse trop longue");
    }
    const notUtf8 = await client.get("/invitation/x%ED%A0%80y");
    expect(notUtf8.status).toBe(400);
    expect(await notUtf8.text()).toContain("caractères invalides");
  });

  it("a page that answers before reading a large body (anonymous upload → /login) answers cleanly, every time", async () => {
    const body = new FormData();
    body.append("labelId", "é".repeat(200_000));
    const outcomes: string[] = [];
    for (let i = 0; i < 20; i++) {
      try {
        const response = await fetch(`${server.url}/organisme/circuit-court`, {
          method: "POST",
          body,
          headers: { origin: server.url },
          redirect: "manual",
        });
        await response.arrayBuffer();
        outcomes.push(String(response.status));
      } catch (error) {
        outcomes.push(String((error as Error).cause ?? error));
      }
    }
    // Before: Remix's body reader kept the unread rest paused and the connection was reset (1 in 3).
    expect(outcomes).toEqual(new Array(20).fill("302"));
  });
});
