import { readFile } from "node:fs/promises";
import yauzl from "yauzl";
import { describe, expect, it } from "vitest";
import { logInAs, usePortalInBrowser } from "./demo-portal";
import { BROWSER_FLOW_TIMEOUT } from "./browser";

/** The entry names of a ZIP file. */
function zipEntries(buffer: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error("not a ZIP"));
      const names: string[] = [];
      zip.on("entry", (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        zip.readEntry();
      });
      zip.on("end", () => resolve(names));
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}

/**
 * Issue 14.8 as the OF's admin does it in Chromium: « Mes données » downloads the whole organisation
 * as one ZIP; deleting one's account as the last admin is refused with the way forward, in French.
 */
describe("the OF's own data in Chromium", () => {
  const portal = usePortalInBrowser();

  it(
    "downloads the organisation's archive; the last admin is told how to hand over before deleting",
    { timeout: BROWSER_FLOW_TIMEOUT },
    async () => {
      const { server, browser } = portal();
      const page = await browser.newPage({ baseURL: server.url, acceptDownloads: true });
      await logInAs(page, "contact@of-nord.demo", "/organisme");
      await page.goto("/organisme/donnees");
      await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Mes données");

      const downloading = page.waitForEvent("download");
      await page.getByTestId("export-link").click();
      const download = await downloading;
      expect(download.suggestedFilename()).toMatch(/\.zip$/);
      const names = await zipEntries(await readFile((await download.path())!));
      expect(names).toContain("organisme.json");
      expect(names).toContain("LISEZ-MOI.txt");
      expect(names.some((name) => name.startsWith("fichiers/"))).toBe(true);

      await page.getByRole("button", { name: "Supprimer mon compte" }).click();
      await page.getByRole("alertdialog").getByRole("button", { name: "Supprimer mon compte" }).click();
      await expect
        .poll(() => page.getByRole("alert").first().textContent())
        .toContain("Vous êtes le dernier administrateur de « Nord Avenir Formation » : invitez d'abord un autre administrateur");
      // Still signed in, on the same page.
      expect(new URL(page.url()).pathname).toBe("/organisme/donnees");
    },
  );
});
