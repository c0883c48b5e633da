import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { BROWSER_FLOW_TIMEOUT, type LaunchedBrowser } from "./browser";
import { useDemoPortal } from "./demo-portal";
import type { RunningServer } from "../setup/server-process";

/** The OF and a funder in one indicator's thread, live: typing, the message, "lu par", @mentions, resolve. */
describe("live corrective-action threads in Chromium", () => {
  const portal = useDemoPortal();
  let server: RunningServer;
  let browser: LaunchedBrowser;
  let dossierId: string;
  beforeAll(() => void ({ server, browser, dossierId } = portal()));

  async function logIn(email: string, landing: string): Promise<Page> {
    const page = await browser.newPage({ baseURL: server.url });
    await page.goto("/login");
    await page.getByLabel("Adresse e-mail").fill(email);
    await page.getByLabel("Mot de passe").fill("datadock-demo");
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.waitForURL(`**${landing}`);
    return page;
  }

  it(
    "the OF types, alice sees « écrit… » then the message; mentions notify; resolve shows on both sides",
    { timeout: BROWSER_FLOW_TIMEOUT },
    async () => {
      const alice = await logIn("alice@financeur-a.demo", "/financeur");
      // The review room shows the open indicator's thread, open from the start.
      await alice.goto(`/financeur/examens/${dossierId}?indicateur=1.1`);
      const aliceThread = alice.locator('details[data-thread-code="1.1"] section.thread-panel');
      await expect.poll(() => aliceThread.getAttribute("data-live")).toBe("on");

      const of = await logIn("contact@of-rhone.demo", "/organisme");
      await of.goto("/organisme/dossier/indicateur/1.1");
      const ofThread = of.locator('section.thread-panel[data-thread-code="1.1"]');
      await expect.poll(() => ofThread.getAttribute("data-live")).toBe("on");

      // Alice writes first, naming the OF's contact through the @ list.
      const aliceBox = aliceThread.getByRole("combobox", { name: "Votre message" });
      await aliceBox.click();
      await alice.keyboard.type("Bonjour @Sof");
      await alice.getByRole("option", { name: /Sofia Moreau/ }).waitFor();
      await alice.keyboard.press("Enter");
      await alice.keyboard.type("pouvez-vous joindre le programme ?");
      expect(await aliceBox.inputValue()).toBe("Bonjour @Sofia Moreau pouvez-vous joindre le programme ?");
      await aliceThread.getByRole("button", { name: "Envoyer" }).click();
      await expect.poll(() => ofThread.getByTestId("thread-messages").innerText()).toContain("pouvez-vous joindre le programme ?");

      // The OF types: alice sees "… écrit…", then the message itself, without reloading.
      const url = alice.url();
      await of.locator("#message-body").click();
      await of.keyboard.type("Voici le programme, ");
      await expect.poll(() => aliceThread.getByTestId("thread-typing").innerText()).toBe("Sofia Moreau écrit…");
      await of.keyboard.type("merci @Ali");
      await of.getByRole("option", { name: /Alice/ }).waitFor();
      await of.keyboard.press("Enter");
      await of.getByRole("button", { name: "Envoyer la réponse" }).click();
      await expect.poll(() => aliceThread.getByTestId("thread-messages").innerText()).toContain("Voici le programme, merci @Alice");
      await expect.poll(() => aliceThread.getByTestId("thread-typing").innerText()).toBe("");
      expect(alice.url()).toBe(url);

      // Alice's open thread was marked read: the OF sees it, live.
      await expect.poll(() => ofThread.getByTestId("thread-read-by").innerText()).toMatch(/^Lu par Alice/);

      // Alice resolves the thread: both sides show it, with who did it.
      await aliceThread.getByRole("button", { name: "Marquer comme résolu" }).click();
      await expect.poll(() => ofThread.getByTestId("thread-state").textContent()).toBe("Résolu");
      await ofThread.getByText("Historique du fil").click();
      expect(await ofThread.getByTestId("thread-history").innerText()).toMatch(/Résolu par Alice .* \(financeur\)/);
      await ofThread.getByRole("button", { name: "Rouvrir le fil" }).click();
      await expect.poll(() => aliceThread.getByTestId("thread-state").textContent()).toBe("Ouvert");

      // A message the OF has not opened yet shows as unread on its dossier overview.
      await of.goto("/organisme/dossier");
      await aliceBox.fill("Merci, c'est noté.");
      await aliceThread.getByRole("button", { name: "Envoyer" }).click();
      await expect.poll(() => aliceThread.getByTestId("thread-messages").innerText()).toContain("Merci, c'est noté.");
      await of.reload();
      expect(await of.locator('li[data-indicator="1.1"] [data-testid="thread-unread-summary"]').textContent()).toBe("1 non lu");

      // Each mention reached its target as an in-app notification.
      await of.goto("/notifications");
      expect(await of.locator("main").innerText()).toContain("vous a mentionné sur l'indicateur 1.1");
      await alice.goto("/notifications");
      expect(await alice.locator("main").innerText()).toContain("vous a mentionné sur l'indicateur 1.1");
    },
  );
});
