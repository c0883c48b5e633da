import { describe, expect, it } from "vitest";
import { humanOutput, logLevelFor, readyLine } from "../../server/startup-line";

describe("the start line of npm start", () => {
  it("prints the ready line only on a terminal without LOG_FORMAT=json", () => {
    expect(humanOutput({ LOG_FORMAT: undefined }, true)).toBe(true);
    expect(humanOutput({ LOG_FORMAT: "json" }, true)).toBe(false);
    expect(humanOutput({ LOG_FORMAT: undefined }, false)).toBe(false);
    expect(humanOutput({ LOG_FORMAT: "text" }, false)).toBe(false);
  });

  it("keeps pino at warn on a terminal and info otherwise, unless LOG_LEVEL says", () => {
    expect(logLevelFor({ LOG_LEVEL: undefined }, true)).toBe("warn");
    expect(logLevelFor({ LOG_LEVEL: undefined }, false)).toBe("info");
    expect(logLevelFor({ LOG_LEVEL: "debug" }, true)).toBe("debug");
  });

  it("points at the demo accounts in demo mode only", () => {
    expect(readyLine("http://localhost:3000", "demo")).toBe(
      "Datadock est prêt : http://localhost:3000 — comptes de démonstration dans le README",
    );
    expect(readyLine("http://localhost:3000", "production")).toBe("Datadock est prêt : http://localhost:3000");
  });
});
