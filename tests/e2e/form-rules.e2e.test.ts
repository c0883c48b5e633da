import { describe, expect, it } from "vitest";
import { logInAs, usePortalInBrowser } from "./demo-portal";
import { BROWSER_FLOW_TIMEOUT } from "./browser";

const fr = (n: number) => n.toLocaleString("fr-FR");

/**
 * The live character count of the description (issue 14.9) in Chromium: it follows the typing, but
 * the polite live region speaks only when the text comes near the limit and when it goes over it —
 * not on every keystroke — and the server's French refusal shows in the save status.
 */
describe("the description's character count in Chromium", () => {
  const portal = usePortalInBrowser();

  it(
    "counts as the OF types and announces only the approach and the crossing of the limit",
    { timeout: BROWSER_FLOW_TIMEOUT },
    async () => {
      const { server, browser } = portal();
      const page = await browser.newPage({ baseURL: server.url });
      await logInAs(page, "contact@of-exemple.demo", "/organisme");
      await page.goto("/organisme/dossier/indicateur/1.4");
      await page.locator("#description-editor").waitFor();
      await page.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { __said: string[] }).__said = seen;
        const region = document.getElementById("description-count-announce")!;
        new MutationObserver(() => {
          const text = region.textContent ?? "";
          if (text && seen[seen.length - 1] !== text) seen.push(text);
        }).observe(region, { subtree: true, childList: true, characterData: true });
      });
      const said = () => page.evaluate(() => (window as unknown as { __said: string[] }).__said);
      const count = page.locator("#description-count");

      const editor = page.getByLabel("Description de votre pratique");
      await editor.click();
      await page.keyboard.press("ControlOrMeta+A");
      await page.keyboard.press("Backspace");
      await expect.poll(() => count.textContent()).toBe(`0 / ${fr(1000)} caractères`);
      await page.keyboard.type("Bonjour");
      await expect.poll(() => count.textContent()).toBe(`7 / ${fr(1000)} caractères`);
      expect(await said()).toEqual([]);

      await page.keyboard.insertText("a".repeat(898)); // 905: within 10 % of the limit
      await expect.poll(() => count.textContent()).toBe(`905 / ${fr(1000)} caractères`);
      await expect.poll(said).toEqual(["Il reste 95 caractères."]);
      await page.keyboard.type("bcde"); // keystrokes near the limit: counted, not announced again
      await expect.poll(() => count.textContent()).toBe(`909 / ${fr(1000)} caractères`);

      await page.keyboard.insertText("z".repeat(95)); // 1 004: over
      await expect.poll(() => count.textContent()).toBe(`${fr(1004)} / ${fr(1000)} caractères`);
      expect(await count.getAttribute("data-zone")).toBe("over");
      await expect.poll(said).toEqual(["Il reste 95 caractères.", "4 caractères de trop : raccourcissez la description."]);

      // The autosave is refused by the server with its French message.
      await page.locator("#save-status[data-state=error]").waitFor();
      expect(await page.locator("#save-status").textContent()).toContain(
        `La description compte ${fr(1004)} caractères pour ${fr(1000)} au plus`,
      );

      await page.keyboard.press("Backspace");
      await page.keyboard.press("Backspace");
      await page.keyboard.press("Backspace");
      await page.keyboard.press("Backspace");
      await expect.poll(() => count.textContent()).toBe(`${fr(1000)} / ${fr(1000)} caractères`);
      await page.locator("#save-status[data-state=saved]").waitFor();
      await page.close();
    },
  );
});
