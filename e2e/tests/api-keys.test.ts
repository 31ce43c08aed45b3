import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../support/browser.ts';
import { usePeople } from '../support/people.ts';

const { person } = usePeople();

describe('public API keys in the browser', () => {
  it('explains the public API, creates a key shown once, uses it, and revokes it', async () => {
    const page = await person();
    await page.goto('/');
    await page.getByRole('link', { name: 'API pour les sites partenaires' }).click();
    await page.waitForURL('**/developpeurs');
    await page.getByRole('heading', { level: 1, name: 'API publique pour les sites partenaires' }).waitFor();
    await expectNoAxeViolations(page);

    await page.goto('/inscription');
    await page.getByLabel('Nom affiché').fill('Nadia Benali');
    await page.getByLabel('Adresse e-mail').fill(`nadia.${Date.now()}@exemple.fr`);
    await page.getByLabel('Mot de passe').fill('hibou-parapluie-confiture-73');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.waitForURL('**/mon-profil?bienvenue=1');
    await page.getByRole('link', { name: 'Mes clés d’API' }).click();
    await page.waitForURL('**/mon-profil/cles-api');
    await page.getByText('Vous n’avez aucune clé active.').waitFor();
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Créer la clé' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByLabel('Nom de la clé').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Nom de la clé').fill('Site de la médiathèque');
    await page.getByRole('button', { name: 'Créer la clé' }).click();
    const secretField = page.getByLabel('Votre nouvelle clé');
    await secretField.waitFor();
    const secret = await secretField.inputValue();
    expect(secret).toMatch(/^malle_/);
    await expectNoAxeViolations(page);

    const answer = await page.evaluate(async (key) => {
      const res = await fetch('/api/v1/public/bases', { headers: { authorization: `Bearer ${key}` } });
      return { status: res.status, limit: res.headers.get('ratelimit-limit') };
    }, secret);
    expect(answer.status).toBe(200);
    expect(Number(answer.limit)).toBeGreaterThan(60);

    // Shown once: a reload lists the key by its start only.
    await page.reload();
    expect(await page.getByLabel('Votre nouvelle clé').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
    await page.getByRole('button', { name: 'Révoquer la clé « Site de la médiathèque »' }).click();
    await page.getByText('La clé « Site de la médiathèque » est révoquée').waitFor();
    await page.getByText('Vous n’avez aucune clé active.').waitFor();
    await expectNoAxeViolations(page);
    // Asked outside the page (no browser cache, which keeps public answers for a minute).
    const refused = await page.request.get('/api/v1/public/bases', { headers: { 'x-api-key': secret } });
    expect(refused.status()).toBe(401);
  });
});
