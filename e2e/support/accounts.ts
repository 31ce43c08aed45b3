import type { Page } from 'playwright-core';

export const PASSWORD = 'hibou-parapluie-confiture-73';

/** Creates an account through the sign-up page and waits until signed in. */
export async function signUpThroughPage(page: Page, email: string, name: string): Promise<void> {
  await page.goto('/inscription');
  await page.getByLabel('Nom affiché').fill(name);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await page.waitForURL('**/mon-profil?bienvenue=1');
}
