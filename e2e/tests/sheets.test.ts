import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signUpThroughPage } from '../support/accounts.ts';
import { expectNoAxeViolations } from '../support/browser.ts';
import { usePeople } from '../support/people.ts';

const { person, expect404 } = usePeople();

async function createBase(page: Page, name: string) {
  await page.goto('/bases/nouvelle');
  await page.getByLabel('Nom de la base').fill(name);
  await page.getByRole('button', { name: 'Créer la base' }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

async function publish(page: Page, version: number, note: string) {
  if (note) await page.getByLabel('Note de version (facultatif)').fill(note);
  await page.getByRole('button', { name: `Publier la version ${version}` }).click();
  await page.getByText(`Version ${version} publiée.`).waitFor();
}

describe('sheets in the browser', () => {
  it('writes a sheet with a quiz and a video, publishes two versions, compares, restores, and gets adapted', async () => {
    const stamp = Date.now();
    const author = await person();
    await signUpThroughPage(author, `auteure.${stamp}@exemple.fr`, 'Awa Auteure');
    await createBase(author, `Médiathèque de Roubaix ${stamp}`);
    await author.getByRole('link', { name: 'Créer une fiche dans cette base' }).click();
    await expectNoAxeViolations(author);
    const title = `Reconnaître un mail d’hameçonnage ${stamp}`;
    await author.getByLabel('Titre de la fiche').fill(title);
    await author.getByRole('button', { name: 'Créer et commencer à écrire' }).click();
    await author.getByRole('heading', { level: 1, name: 'Modifier la fiche' }).waitFor();

    const editor = author.getByRole('textbox', { name: 'Contenu' });
    await editor.waitFor();
    await editor.click();
    await author.keyboard.type('Objectifs : repérer les arnaques.');

    await author.getByRole('button', { name: 'Vidéo' }).click();
    await author.getByLabel('Adresse de la vidéo').fill('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
    await author
      .getByRole('region', { name: 'Insérer une vidéo' })
      .getByLabel(/^Titre/)
      .fill('Reconnaître un faux site');
    await author.getByRole('button', { name: 'Insérer la vidéo' }).click();

    await author.getByRole('button', { name: 'Quiz' }).click();
    await author.getByLabel('Intitulé de la question').fill('Un courriel urgent est-il suspect ?');
    await author.getByLabel(/^Réponse 1/).fill('Oui');
    await author.getByLabel(/^Réponse 2/).fill('Non');
    await author.getByLabel('Bonne réponse (réponse 1)').check();
    await author.getByRole('button', { name: 'Insérer le quiz' }).click();
    await author.getByText('Quiz : 1 question').waitFor();

    // Indexing suggestions are marked; the author confirms them.
    await author.getByLabel(/Risques cyber et protection/).check();
    await author.getByLabel(/^Ressource pédagogique/).check();
    await author.getByLabel(/^Aidants et médiateurs numériques/).check();
    await author.getByLabel('Publique').check();
    await author.getByText(/Brouillon enregistré à/).waitFor({ timeout: 10_000 });
    await expectNoAxeViolations(author);
    await publish(author, 1, '');

    expect(await author.getByRole('heading', { level: 1 }).textContent()).toBe(title);
    const body = author.locator('.sheet__body');
    expect(await body.innerText()).toContain('Un courriel urgent est-il suspect ?');
    expect(await body.locator('iframe').getAttribute('src')).toContain('youtube-nocookie.com/embed/dQw4w9WgXcQ');
    await expectNoAxeViolations(author);

    // Version 2, with a note.
    await author.getByRole('link', { name: 'Modifier', exact: true }).click();
    await author.getByRole('heading', { level: 1, name: 'Modifier la fiche' }).waitFor();
    await author.getByRole('textbox', { name: 'Contenu' }).waitFor();
    await author.getByText('Objectifs : repérer les arnaques.').click();
    await author.keyboard.press('End');
    await author.keyboard.press('ArrowLeft');
    await author.keyboard.type(' par courriel');
    await author.getByText(/Brouillon enregistré à/).waitFor({ timeout: 10_000 });
    await publish(author, 2, 'Précision : les arnaques par courriel');

    await author.getByRole('link', { name: /Historique \(2 versions\)/ }).click();
    expect(await author.locator('main').innerText()).toContain('Précision : les arnaques par courriel');
    await expectNoAxeViolations(author);
    await author.getByRole('button', { name: 'Comparer' }).click();
    await author.getByRole('heading', { level: 1, name: 'Comparaison des versions 1 et 2' }).waitFor();
    expect(await author.locator('ins').first().innerText()).toContain('par courriel');
    await expectNoAxeViolations(author);

    // Restore version 1, publish it as version 3.
    await author.goto(author.url().replace(/\/comparer.*$/, '/v/1'));
    expect(await author.locator('main').innerText()).toContain('Vous consultez une ancienne version');
    await expectNoAxeViolations(author);
    await author.getByRole('button', { name: 'Restaurer la version 1 dans le brouillon' }).click();
    await author.getByText('La version 1 a été copiée dans le brouillon').waitFor();
    await publish(author, 3, 'Retour à la version 1');
    expect(await author.locator('.sheet__body').innerText()).not.toContain('par courriel');
    const sheetUrl = author.url().replace(/\?.*$/, '');

    // Another mediator adapts it into their own base.
    const adapter = await person();
    await signUpThroughPage(adapter, `adapte.${stamp}@exemple.fr`, 'Théo Adaptateur');
    await createBase(adapter, `Centre social Lille Sud ${stamp}`);
    await adapter.goto(sheetUrl);
    await adapter.getByLabel('Copier dans').selectOption({ label: `Centre social Lille Sud ${stamp}` });
    await adapter.getByRole('button', { name: 'Adapter cette fiche' }).click();
    await adapter.getByText('Voici votre copie.').waitFor();
    await publish(adapter, 1, 'Adaptée pour un public de parents');
    expect(await adapter.locator('main').innerText()).toContain(`Adaptée de ${title} (version 3)`);
    await adapter.goto(sheetUrl);
    expect(await adapter.locator('main').innerText()).toContain('Adaptée 1 fois.');
  });

  it('shares a sheet by secret link, readable without an account until the link is renewed', async () => {
    const stamp = Date.now();
    const author = await person();
    await signUpThroughPage(author, `secret.${stamp}@exemple.fr`, 'Sam Secret');
    await author.goto('/fiches/nouvelle');
    await author.getByLabel('Titre de la fiche').fill(`Fiche confidentielle ${stamp}`);
    await author.getByRole('button', { name: 'Créer et commencer à écrire' }).click();
    await author.getByRole('heading', { level: 1, name: 'Modifier la fiche' }).waitFor();
    await author.getByLabel(/Risques cyber et protection/).check();
    await author.getByLabel(/^Ressource pédagogique/).check();
    await author.getByLabel(/^Aidants et médiateurs numériques/).check();
    await author.getByLabel(/^Lien secret/).check();
    await publish(author, 1, '');
    const link = (await author.locator('code.secret-link').innerText()).trim();
    expect(link).toMatch(/\/fiches\/fiche-confidentielle-\d+\?cle=[\w-]{20,}$/);
    await expectNoAxeViolations(author);

    const visitor = await person();
    const withKey = await visitor.goto(link);
    expect(withKey?.status()).toBe(200);
    expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe(`Fiche confidentielle ${stamp}`);
    expect(await visitor.locator('meta[name="robots"]').getAttribute('content')).toBe('noindex');
    expect404();
    expect((await visitor.goto(link.replace(/\?.*$/, '')))?.status()).toBe(404);

    await author.getByRole('button', { name: /Renouveler le lien/ }).click();
    await author.getByText('Nouveau lien créé').waitFor();
    expect((await visitor.goto(link))?.status()).toBe(404);
  });
});
