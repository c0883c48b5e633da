import { describe, expect, it } from "vitest";
import { hasMessage } from "../../domain/i18n/translate";
import {
  NOTIFICATION_KINDS,
  NOTIFICATION_MESSAGE_KEYS,
  describeNotification,
  groupNotificationsByDay,
  notificationPath,
} from "../../domain/notifications/notification-view";

describe("notification messages", () => {
  it("every kind has a French message, and none shows a raw key", () => {
    for (const kind of NOTIFICATION_KINDS) {
      expect(hasMessage(NOTIFICATION_MESSAGE_KEYS[kind]), kind).toBe(true);
      const text = describeNotification(kind, {
        code: "1.1",
        status: "a_completer",
        reason: "x",
        author: "Alice",
        indicators: [],
        organisation: "OF",
        round: 2,
        validTo: "2027-01-31",
        codes: "1.1, 2.3",
        due: "31 janvier 2027",
        expert: "Élise Experte",
        stage: "take",
        dueOn: "2027-01-29",
      });
      expect(text, kind).not.toMatch(/notifications\.|\{\w+\}/);
    }
  });

  it("translates the sent-back examination and the status", () => {
    expect(describeNotification("examination.sent_back", { dossier_id: "d", indicators: [{ code: "1.1" }] })).toBe(
      "Votre dossier vous est renvoyé : des indicateurs sont à compléter",
    );
    expect(describeNotification("dossier.status_changed", { status: "a_completer" })).toBe(
      "Votre dossier est passé au statut « À compléter »",
    );
    expect(describeNotification("dossier.status_changed", { status: "constructor" })).toBe(
      "Votre dossier est passé au statut « Statut inconnu »",
    );
  });

  it("names a delay stage and its due day in French (decision record 045)", () => {
    expect(describeNotification("deadline.late", { organisation: "OF Exemple", stage: "answer", dueOn: "2027-01-29" })).toBe(
      "Dossier en retard : OF Exemple — étape « Réponse aux motifs », échéance du 29/01/2027 dépassée",
    );
    expect(notificationPath("deadline.due_soon", { dossierId: "d1", stage: "take" }, "funder")).toBe("/financeur/examens/d1");
    expect(notificationPath("deadline.late_list", { count: 3 }, "funder")).toBe("/financeur/examens?delai=retard");
  });

  it("shows a generic message for a kind stored in the database but unknown to the code", () => {
    expect(describeNotification("something.new", {})).toBe("Nouvelle notification");
  });
});

describe("notification links", () => {
  it("lead to the exact place on the recipient's side", () => {
    expect(notificationPath("indicator.reason", { code: "1.2" }, "of")).toBe("/organisme/dossier/indicateur/1.2");
    expect(notificationPath("message.posted", { code: "1.2", dossierId: "d1", messageId: "42" }, "of")).toBe(
      "/organisme/dossier/indicateur/1.2#message-42",
    );
    expect(notificationPath("mention", { code: "1.2", dossierId: "d1", messageId: "42" }, "funder")).toBe(
      "/financeur/examens/d1#thread-1-2",
    );
    expect(notificationPath("dossier.status_changed", { status: "soumis" }, "of")).toBe("/organisme/dossier");
    expect(notificationPath("indicator.reason", { code: "a/b" }, "of")).toBe("/organisme/dossier/indicateur/a%2Fb");
    // Expert opinions (issue 15.7): the expert's page of the request, or the review room's panel.
    expect(notificationPath("expert.requested", { requestId: "r1", dossierId: "d1" }, "funder")).toBe("/avis/r1");
    expect(notificationPath("expert.withdrawn", { requestId: "r1" }, "funder")).toBe("/avis");
    expect(notificationPath("expert.answered", { requestId: "r1", dossierId: "d1" }, "funder")).toBe("/financeur/examens/d1#avis-experts");
  });
});

describe("notification groups", () => {
  it("groups by Paris day, newest first", () => {
    const now = new Date("2026-12-01T10:00:00Z");
    const groups = groupNotificationsByDay(
      [
        { createdAt: "2026-12-01T08:00:00Z" },
        { createdAt: "2026-11-30T22:50:00Z" },
        { createdAt: "2026-11-30T12:00:00Z" },
        { createdAt: "2026-11-20T12:00:00Z" },
      ],
      now,
    );
    expect(groups.map((g) => [g.label, g.items.length])).toEqual([
      ["Aujourd'hui", 1],
      ["Hier", 2],
      ["20 novembre 2026", 1],
    ]);
  });
});
