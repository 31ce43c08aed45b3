import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, inject, it } from 'vitest';
import { expectNoAxeViolations, launchBrowser, watchConsole } from '../support/browser.ts';
import { waitForMail } from '../support/mail.ts';

const webUrl = inject('webUrl');
const mailDir = inject('mailDir');
let browser: Browser;
let context: BrowserContext;
let page: Page;
let consoleErrors: string[];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());
beforeEach(async () => {
  context = await browser.newContext({ baseURL: webUrl, locale: 'fr-FR' });
  page = await context.newPage();
  consoleErrors = watchConsole(page);
});
afterEach(async () => {
  await context.close();
  expect(consoleErrors, 'console errors (CSP, hydration…)').toEqual([]);
});

const PASSWORD = 'hibou-parapluie-confiture-73';
const accountNav = () => page.getByRole('navigation', { name: 'Mon compte' });

async function signUp(email: string, password = PASSWORD) {
  await page.goto('/inscription');
  await page.getByLabel('Nom affiché').fill('Lucie Moreau');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
}

describe('accounts in the browser', () => {
  it('signs up (after a weak password is refused), edits the profile, logs out and in again', async () => {
    const email = `lucie.${Date.now()}@exemple.fr`;
    await page.goto('/');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/malle pédagogique partagée/);
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Créer un compte' }).first().click();
    await page.waitForURL('**/inscription');
    await expectNoAxeViolations(page);

    await signUp(email, 'motdepasse1');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/trop facile à deviner/);
    expect(await page.getByLabel('Mot de passe').getAttribute('aria-invalid')).toBe('true');
    // Focus moves to the error summary so that it is announced.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');
    await expectNoAxeViolations(page);

    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.waitForURL('**/mon-profil?bienvenue=1');
    expect(await page.getByRole('status').first().textContent()).toMatch(/Bienvenue sur Malle, Lucie Moreau/);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'malle_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Lax');
    await expectNoAxeViolations(page);

    await page.getByLabel('Présentation courte (facultatif)').fill('Conseillère numérique à Lille.');
    await page.getByLabel('Département (facultatif)').selectOption('59');
    await page.getByLabel(/Public : nom, présentation/).check();
    await page.getByRole('button', { name: 'Enregistrer mon profil' }).click();
    await page.getByText('Profil enregistré.').waitFor();
    await page.getByRole('link', { name: 'Voir mon profil public' }).click();
    await page.getByRole('heading', { name: 'Lucie Moreau' }).waitFor();
    expect(await page.getByText('Nord (59)').count()).toBe(1);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await accountNav().getByRole('link', { name: 'Se connecter' }).waitFor();
    expect((await context.cookies()).find((c) => c.name === 'malle_session')).toBeUndefined();

    await page.goto('/mon-profil');
    await page.waitForURL('**/connexion?redirectTo=%2Fmon-profil');
    await expectNoAxeViolations(page);
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe').fill('pas-le-bon-mot-de-passe');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('Adresse e-mail ou mot de passe incorrect.');
    await expectNoAxeViolations(page);

    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL('**/mon-profil');
    expect(await page.getByLabel('Présentation courte (facultatif)').inputValue()).toBe('Conseillère numérique à Lille.');
  });

  it('resets a forgotten password through the e-mailed link', async () => {
    const email = `oubli.${Date.now()}@exemple.fr`;
    await signUp(email);
    await page.waitForURL('**/mon-profil?bienvenue=1');
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await accountNav().getByRole('link', { name: 'Se connecter' }).waitFor();

    await accountNav().getByRole('link', { name: 'Se connecter' }).click();
    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    await page.waitForURL('**/mot-de-passe/oublie');
    await expectNoAxeViolations(page);
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByRole('button', { name: 'Recevoir un lien' }).click();
    await page.getByRole('heading', { name: 'Vérifiez votre messagerie' }).waitFor();
    await expectNoAxeViolations(page);

    const mail = await waitForMail(mailDir, email);
    const link = /(http:\/\/\S+\/mot-de-passe\/nouveau\?token=[\w-]+)/.exec(mail)?.[1];
    expect(link).toBeDefined();
    await page.goto(link!);
    await expectNoAxeViolations(page);
    const newPassword = 'gravier-moustique-odyssee-19';
    await page.getByLabel('Nouveau mot de passe').fill(newPassword);
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.waitForURL('**/mon-profil?mot-de-passe=modifie');
    expect(await page.getByRole('status').first().textContent()).toMatch(/mot de passe a été modifié/);

    // The link works once only.
    await page.goto(link!);
    await page.getByLabel('Nouveau mot de passe').fill('encore-une-phrase-solide-88');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/n'est pas valide ou a déjà été utilisé/);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await accountNav().getByRole('link', { name: 'Se connecter' }).click();
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe').fill(newPassword);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await accountNav().getByRole('link', { name: 'Mon profil' }).waitFor();
  });

  it('serves the legal pages, accessible, with the conformity mention in the footer', async () => {
    for (const [path, title] of [
      ['/accessibilite', 'Déclaration d’accessibilité'],
      ['/mentions-legales', 'Mentions légales'],
      ['/confidentialite', 'Données personnelles et confidentialité'],
    ] as const) {
      await page.goto(path);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
      expect(
        await page.getByRole('contentinfo').getByRole('link', { name: 'Accessibilité : partiellement conforme' }).count(),
      ).toBe(1);
      await expectNoAxeViolations(page);
    }
    const missing = await page.goto('/cette-page-nexiste-pas');
    expect(missing?.status()).toBe(404);
    // The browser logs the 404 of the document itself; that one is expected.
    consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !e.includes('status of 404')));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Page introuvable');
    await expectNoAxeViolations(page);
  });

  it('works without JavaScript (progressive enhancement)', async () => {
    const noJs = await browser.newContext({ baseURL: webUrl, javaScriptEnabled: false });
    const p = await noJs.newPage();
    try {
      await p.goto('/inscription');
      await p.getByLabel('Nom affiché').fill('Sans Script');
      await p.getByLabel('Adresse e-mail').fill(`sans.script.${Date.now()}@exemple.fr`);
      await p.getByLabel('Mot de passe').fill(PASSWORD);
      await p.getByRole('button', { name: 'Créer mon compte' }).click();
      await p.waitForURL('**/mon-profil?bienvenue=1');
      expect(await p.getByRole('status').first().textContent()).toMatch(/Bienvenue sur Malle, Sans Script/);
    } finally {
      await noJs.close();
    }
  });
});
