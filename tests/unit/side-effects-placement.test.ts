import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * Side effects follow commits, in one place (decision 030): services record domain events, and the
 * handlers in server/events/ write notifications, send their mails and queue webhook deliveries
 * through the domain modules that build them. No service, route or live module calls those writers
 * itself. Each rule names the only folders (or files) where its calls may appear, with why.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

const RULES: { what: string; call: RegExp; allowed: string[] }[] = [
  {
    what: "in-app notification rows (and the mails sent with them)",
    call: /\b(notifyUsers|notifyOrganisation|emailUsers|sendAll)\(|insertInto\("notifications"\)/,
    // domain/demo writes seeded history (its events are marked dispatched: not news).
    allowed: ["domain/notifications/", "domain/demo/"],
  },
  {
    what: "who hears of an event (of-notify, thread-notify) and its webhook bodies",
    call: /\b(notifyOf[A-Za-z]*|notifyIfStatusChanged|queue[A-Za-z]*Webhooks)\(/,
    allowed: ["domain/notifications/", "domain/webhooks/", "server/events/"],
  },
  {
    what: "webhook deliveries",
    call: /\benqueueWebhookEvent\(|insertInto\("webhook_deliveries"\)/,
    allowed: ["domain/webhooks/"],
  },
  {
    what: "mails",
    call: /\bmailer\??\.send\(|\bsendAfterCommit\(/,
    // Account mails carry one-time links (verification, invitation, reset): their tokens are never
    // stored in the outbox, so they are sent after the commit by the account services themselves.
    allowed: ["domain/notifications/", "domain/accounts/"],
  },
];

function callSites(rule: (typeof RULES)[number]): string[] {
  const listed = execFileSync("git", ["ls-files", "app", "domain", "server", "collab"], { cwd: root, encoding: "utf8" });
  const files = listed.split("\n").filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f));
  const found: string[] = [];
  for (const file of files) {
    if (rule.allowed.some((prefix) => file.startsWith(prefix))) continue;
    readFileSync(join(root, file), "utf8")
      .split("\n")
      .forEach((line, i) => {
        if (rule.call.test(line) && !/\bfunction\s/.test(line)) found.push(`${file}:${i + 1}: ${line.trim()}`);
      });
  }
  return found;
}

describe("side effects", () => {
  for (const rule of RULES) {
    it(`${rule.what}: only from ${rule.allowed.join(", ")}`, () => {
      expect(callSites(rule)).toEqual([]);
    });
  }

  it("the rules see a call where there is one (they cannot pass vacuously)", () => {
    const inHandlers = callSites({ ...RULES[1]!, allowed: [] });
    expect(inHandlers.some((site) => site.startsWith("server/events/notification-handler.ts"))).toBe(true);
    expect(inHandlers.some((site) => site.startsWith("server/events/webhook-handler.ts"))).toBe(true);
  });
});
