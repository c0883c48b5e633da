import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, parseToolEnv } from "../../server/config/env";
import { isLoopbackHost } from "../../server/config/loopback";

/** The EnvError message parseEnv throws for this environment (fails the test when it does not throw). */
function refusal(source: Record<string, string>): string {
  let error: unknown;
  try {
    parseEnv(source);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(EnvError);
  return (error as Error).message;
}

const SMTP = "smtp://u:p@mail.example.fr:587";

describe("environment schema", () => {
  it("applies the documented defaults", () => {
    const env = parseEnv({ SMTP_URL: SMTP });
    expect(env.DATADOCK_MODE).toBe("production");
    expect(env.HOST).toBe("0.0.0.0");
    expect(env.SEED_DEMO).toBe("never");
    expect(env.PORT).toBe(3000);
    expect(env.DATA_DIR).toBe("./data");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.LOG_LEVEL).toBeUndefined();
    expect(env.LOG_FORMAT).toBeUndefined();
    expect(env.TRUST_PROXY).toEqual(["loopback"]);
    expect(env.WEBHOOK_ALLOWED_HOSTS).toBeUndefined();
  });

  it("treats empty values as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "", SMTP_URL: SMTP }).PORT).toBe(3000);
  });

  it.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["PUBLIC_URL", "localhost:3000"],
    ["DATABASE_URL", "mysql://x"],
    ["REDIS_URL", "http://x"],
    ["SESSION_SECRET", "short"],
    ["SMTP_URL", "mail.example.fr"],
    ["LOG_LEVEL", "loud"],
    ["DATADOCK_MODE", "dev"],
    ["TRUST_PROXY", "everyone"],
    ["TRUST_PROXY", "10.0.0.0/99"],
    ["WEBHOOK_ALLOWED_HOSTS", "http://127.0.0.1/"],
  ])("refuses %s=%s with a message naming the variable", (name, value) => {
    let error: unknown;
    try {
      parseEnv({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    expect((error as Error).message).toContain(`${name}=`);
    expect((error as Error).message).toContain("attendu");
  });

  it("accepts a full production configuration", () => {
    const env = parseEnv({
      PORT: "8080",
      PUBLIC_URL: "https://datadock.example.fr",
      DATABASE_URL: "postgres://u:p@db:5432/datadock",
      REDIS_URL: "redis://cache:6379",
      SESSION_SECRET: "x".repeat(40),
      SMTP_URL: "smtp://u:p@mail:587",
      LOG_LEVEL: "warn",
    });
    expect(env.PORT).toBe(8080);
    expect(env.PUBLIC_URL).toBe("https://datadock.example.fr");
  });

  it("reads the proxy trust and the webhook test allow-list as lists", () => {
    expect(parseEnv({ TRUST_PROXY: "none", SMTP_URL: SMTP }).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: "loopback,10.0.0.0/8,fd00::1", SMTP_URL: SMTP }).TRUST_PROXY).toEqual([
      "loopback",
      "10.0.0.0/8",
      "fd00::1",
    ]);
    expect(parseEnv({ DATADOCK_MODE: "demo", WEBHOOK_ALLOWED_HOSTS: "127.0.0.1,LocalHost" }).WEBHOOK_ALLOWED_HOSTS).toEqual([
      "127.0.0.1",
      "localhost",
    ]);
  });

  it("refuses the webhook test allow-list in production", () => {
    expect(refusal({ SMTP_URL: SMTP, WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" })).toContain("WEBHOOK_ALLOWED_HOSTS=");
  });
});

describe("demo and production modes", () => {
  it("is production unless DATADOCK_MODE=demo says otherwise, and then refuses to start without SMTP_URL", () => {
    const message = refusal({});
    expect(message).toContain('SMTP_URL="": attendu');
    expect(message).toContain("DATADOCK_MODE=production");
    expect(message).toContain("DATADOCK_MODE=demo"); // says how to get the local demo instead
    expect(refusal({ DATADOCK_MODE: "production", PUBLIC_URL: "https://datadock.example.fr" })).toContain("SMTP_URL=");
  });

  it("never seeds demo data in production: SEED_DEMO defaults to never and auto is refused", () => {
    expect(parseEnv({ SMTP_URL: SMTP }).SEED_DEMO).toBe("never");
    expect(parseEnv({ SMTP_URL: SMTP, SEED_DEMO: "never" }).SEED_DEMO).toBe("never");
    const message = refusal({ SMTP_URL: SMTP, SEED_DEMO: "auto" });
    expect(message).toContain('SEED_DEMO="auto": attendu');
    expect(message).toContain("DATADOCK_MODE=demo");
    // Command-line tools do not refuse, but resolve it the same way.
    expect(parseToolEnv({ SEED_DEMO: "auto" }).SEED_DEMO).toBe("never");
  });

  it("demo mode listens on loopback, seeds demo data and needs no SMTP", () => {
    const env = parseEnv({ DATADOCK_MODE: "demo" });
    expect(env.DATADOCK_MODE).toBe("demo");
    expect(env.HOST).toBe("127.0.0.1");
    expect(env.SEED_DEMO).toBe("auto");
    expect(env.SMTP_URL).toBeUndefined();
    expect(parseEnv({ DATADOCK_MODE: "demo", SEED_DEMO: "never" }).SEED_DEMO).toBe("never");
    expect(parseEnv({ DATADOCK_MODE: "demo", HOST: "::1", PUBLIC_URL: "http://localhost:3000" }).HOST).toBe("::1");
    expect(parseEnv({ DATADOCK_MODE: "demo", PUBLIC_URL: "http://127.0.0.1:4000" }).PUBLIC_URL).toBe("http://127.0.0.1:4000");
  });

  it.each(["0.0.0.0", "::", "192.168.1.10", "datadock.example.fr"])("refuses demo mode listening on HOST=%s", (host) => {
    const message = refusal({ DATADOCK_MODE: "demo", HOST: host });
    expect(message).toContain(`HOST=${JSON.stringify(host)}: attendu`);
    expect(message).toContain("127.0.0.1");
    expect(message).toContain("DATADOCK_MODE=production");
  });

  it.each(["https://datadock.example.fr", "http://10.0.0.5:3000", "http://[2001:db8::1]:3000", "http://0.0.0.0:3000"])(
    "refuses demo mode with PUBLIC_URL=%s",
    (url) => {
      const message = refusal({ DATADOCK_MODE: "demo", PUBLIC_URL: url });
      expect(message).toContain(`PUBLIC_URL=${JSON.stringify(url)}: attendu`);
      expect(message).toContain("DATADOCK_MODE=production");
    },
  );

  it("production may listen anywhere", () => {
    expect(parseEnv({ SMTP_URL: SMTP, HOST: "0.0.0.0", PUBLIC_URL: "https://datadock.example.fr" }).HOST).toBe("0.0.0.0");
  });

  it("tells loopback addresses from the rest", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "::ffff:127.0.0.1", "0:0:0:0:0:0:0:1", "localhost", "LOCALHOST"]) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ["0.0.0.0", "::", "10.0.0.1", "::ffff:10.0.0.1", "128.0.0.1", "localhost.example.fr", "", "example.fr"]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});
