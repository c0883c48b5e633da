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
});
