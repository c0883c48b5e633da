import type { Page } from "playwright-core";

/** Every demo account's password (README). */
export const DEMO_PASSWORD = "datadock-demo";

/**
 * Logs in through the login form, as a user does, and waits for the page the login leads to.
 * Free of vitest, so benchmarks (tests/bench/) use it too.
 */
export async function logInAs(page: Page, email: string, landing: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Mot de passe").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.waitForURL(`**${landing}`);
}
