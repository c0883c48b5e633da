import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { logInAs, usePortalInBrowser } from "./demo-portal";
import { BROWSER_FLOW_TIMEOUT } from "./browser";

/**
 * Issue 14.5 as a user does it in Chromium: the datadocké demo OF downloads its attestation from its
 * home, then anyone types the printed code on /verifier and reads that it is valid today.
 */
describe("the attestation in Chromium", () => {
  const portal = usePortalInBrowser();

  it("downloads from the OF's home and verifies on /verifier with the typed code", { timeout: BROWSER_FLOW_TIMEOUT }, async () => {
    const { server, browser } = portal();
    const page = await browser.newPage({ baseURL: server.url, acceptDownloads: true });
    await logInAs(page, "contact@of-nord.demo", "/organisme");
    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: "Télécharger l'attestation (PDF)" }).click();
    const download = await downloading;
    const name = download.suggestedFilename();
    expect(name).toMatch(/^attestation-datadock-[0-9A-HJKMNP-TV-Z]{16}\.pdf$/);
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const code = /([0-9A-Z]{16})\.pdf$/.exec(name)![1]!;

    const visitor = await browser.newPage({ baseURL: server.url });
    await visitor.goto("/verifier");
    await visitor.getByLabel("Code de vérification").fill("pas un code");
    await visitor.getByRole("button", { name: "Vérifier" }).click();
    await visitor.getByText("Ce code n'a pas le bon format").first().waitFor();

    await visitor.getByLabel("Code de vérification").fill(code.toLowerCase().replace(/(.{4})/g, "$1 "));
    await visitor.getByRole("button", { name: "Vérifier" }).click();
    await visitor.waitForURL(`**/verifier/${code.replace(/(.{4})(?!$)/g, "$1-")}`);
    await visitor.getByRole("heading", { name: "Attestation valide aujourd'hui" }).waitFor();
    expect(await visitor.locator("dl").textContent()).toContain("Nord Avenir Formation");
    await page.close();
    await visitor.close();
  });
});
