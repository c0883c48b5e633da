import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../../server/config/env";

describe("environment schema", () => {
  it("applies the documented defaults", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATA_DIR).toBe("./data");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.LOG_LEVEL).toBe("info");
    expect(env.TRUST_PROXY).toEqual(["loopback"]);
    expect(env.WEBHOOK_ALLOWED_HOSTS).toBeUndefined();
  });

  it("treats empty values as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "" }).PORT).toBe(3000);
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
    expect(parseEnv({ TRUST_PROXY: "none" }).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: "loopback,10.0.0.0/8,fd00::1" }).TRUST_PROXY).toEqual(["loopback", "10.0.0.0/8", "fd00::1"]);
    expect(parseEnv({ WEBHOOK_ALLOWED_HOSTS: "127.0.0.1,LocalHost" }).WEBHOOK_ALLOWED_HOSTS).toEqual(["127.0.0.1", "localhost"]);
  });
});
