import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { signUpThroughPage } from '../support/accounts.ts';
import { api, publishSheetThroughApi, signUpThroughApi } from '../support/api.ts';
import { expectNoAxeViolations } from '../support/browser.ts';
import { usePeople } from '../support/people.ts';

const { person } = usePeople();

const mainText = (page: Page) => page.locator('main').innerText();

async function saveIntoCollection(page: Page, title: string, collection: { create: string } | { existing: string }) {
  await page.getByRole('link', { name: `Enregistrer « ${title} » dans une collection` }).click();
  const dialog = page.getByRole('dialog', { name: `Enregistrer « ${title} »` });
  await dialog.getByRole('group', { name: 'Mes collections' }).waitFor();
  await expectNoAxeViolations(page);
  if ('create' in collection) await dialog.getByLabel('Ou créer une nouvelle collection (facultatif)').fill(collection.create);
  else await dialog.getByLabel(collection.existing).check();
  await dialog.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await dialog.getByText(/Fiche enregistrée dans 1 collection\./).waitFor();
  await dialog.getByRole('button', { name: 'Fermer' }).click();
}

describe('ratings and collections in the browser', () => {
  it('rates a sheet on three criteria until it has a score, saves sheets into a new collection, reorders it with the keyboard and shares it publicly', async () => {
    const stamp = Date.now();
    const author = await signUpThroughApi('Awa Auteure');
    const first = `Repérer un faux site ${stamp}`;
    const second = `Créer un mot de passe solide ${stamp}`;
    const firstSlug = await publishSheetThroughApi(author, first, 'Atelier d’une heure sur les sites frauduleux.');
    const secondSlug = await publishSheetThroughApi(author, second, 'Les phrases de passe expliquées simplement.');
    for (const [name, mark] of [
      ['Bruno Premier', 4],
      ['Chloé Deuxième', 5],
    ] as const) {
      const rater = await signUpThroughApi(name);
      await api(rater, 'PUT', `/api/v1/sheets/${firstSlug}/ratings/mine`, { useful: mark, clear: mark, reliable: mark });
    }

    const page = await person();
    await signUpThroughPage(page, `dani.${stamp}@exemple.fr`, 'Dani Troisième');
    await page.goto(`/fiches/${firstSlug}`);
    await page.getByRole('heading', { level: 2, name: 'Évaluations' }).waitFor();
    expect(await mainText(page)).toContain('2 évaluations : pas encore assez d’évaluations pour afficher une note');
    await expectNoAxeViolations(page);

    // Three criteria, the workshop box and a comment; the third rating makes the score appear.
    await page.getByRole('group', { name: /Utile/ }).getByLabel('5 sur 5').check();
    await page.getByRole('group', { name: /Clair/ }).getByLabel('4 sur 5').check();
    await page
      .getByRole('group', { name: /Fiable/ })
      .getByLabel('5 sur 5')
      .check();
    await page.getByLabel('Je l’ai utilisée en atelier').check();
    await page.getByLabel('Commentaire (facultatif)').fill('Parfait pour mon groupe du mardi <b>vraiment</b>.');
    await page.getByRole('button', { name: 'Enregistrer mon évaluation' }).click();
    await page.getByText('Merci, votre évaluation est enregistrée.').waitFor();
    await page.getByRole('button', { name: 'Modifier mon évaluation' }).waitFor();
    const text = await mainText(page);
    expect(text).toMatch(/★ \d,\d\/5\s*sur 5\s*· 3 évaluations/);
    expect(text).toContain('33 % des personnes qui l’ont évaluée l’ont utilisée en atelier.');
    // The comment is shown as text, never as HTML.
    expect(text).toContain('Parfait pour mon groupe du mardi <b>vraiment</b>.');
    await expectNoAxeViolations(page);

    // The author sees ratings per version and answers the comment, once.
    const authorPage = await person();
    const [name, value] = author.cookie.split('=') as [string, string];
    await authorPage.context().addCookies([{ name, value, url: inject('webUrl') }]);
    await authorPage.goto(`/fiches/${firstSlug}`);
    await authorPage.getByRole('table', { name: 'Évaluations par version (visible des auteurs)' }).waitFor();
    expect(await mainText(authorPage)).toContain('vous ne pouvez pas l’évaluer');
    await authorPage.getByText('Répondre à Dani Troisième').click();
    await authorPage.getByLabel('Votre réponse (une seule, visible par tous)').fill('Merci Dani, bonne continuation !');
    await expectNoAxeViolations(authorPage);
    await authorPage.getByRole('button', { name: 'Publier la réponse' }).click();
    await authorPage.getByText('Votre réponse est publiée.').waitFor();
    await authorPage.getByText('Réponse de Awa Auteure').waitFor();
    expect(await authorPage.getByText('Répondre à Dani Troisième').count()).toBe(0);

    // "Enregistrer" opens a dialog; a new collection is created on the fly.
    const collectionTitle = `Atelier arnaques ${stamp}`;
    await saveIntoCollection(page, first, { create: collectionTitle });
    await page.goto(`/fiches/${secondSlug}`);
    await page.getByRole('heading', { level: 1, name: second }).waitFor();
    await saveIntoCollection(page, second, { existing: collectionTitle });

    await page.getByRole('navigation', { name: 'Mon compte' }).getByRole('link', { name: 'Mes collections' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mes collections' }).waitFor();
    expect(await mainText(page)).toContain('Mes favoris');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: collectionTitle }).click();
    await page.getByRole('heading', { level: 1, name: collectionTitle }).waitFor();
    const items = page.locator('.collection-items > li h3');
    expect(await items.allInnerTexts()).toEqual([first, second]);
    await expectNoAxeViolations(page);

    // Reorder with the keyboard: focus "Descendre" on the first sheet and press Enter.
    await page.getByRole('button', { name: `Descendre « ${first} »` }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Fiche déplacée.').waitFor();
    await expect.poll(() => items.allInnerTexts()).toEqual([second, first]);
    // Focus stays on the moved sheet, now last: on its "Monter" button.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(`Monter « ${first} »`);

    // Make it public, then open it signed out.
    await page.getByRole('group', { name: 'Visibilité' }).getByLabel('Publique').check();
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await page.getByText('Collection enregistrée.').waitFor();
    await expectNoAxeViolations(page);
    const url = page.url();

    const visitor = await person();
    await visitor.goto(url);
    await visitor.getByRole('heading', { level: 1, name: collectionTitle }).waitFor();
    const visitorItems = visitor.locator('.collection-items > li h3');
    expect(await visitorItems.allInnerTexts()).toEqual([second, first]);
    const visitorText = await mainText(visitor);
    expect(visitorText).toContain('Collection de Dani Troisième · publique');
    expect(visitorText).toMatch(/★ \d,\d\/5\s*sur 5\s*· 3 évaluations/);
    expect(visitorText).toContain('Pas encore évaluée');
    expect(await visitor.getByRole('button', { name: /Descendre/ }).count()).toBe(0);
    await expectNoAxeViolations(visitor);

    // Its printable version, and the JSON-LD of a public sheet with its aggregate rating.
    await visitor.getByRole('link', { name: 'Version imprimable' }).click();
    await visitor.getByRole('heading', { level: 2, name: `1. ${second}` }).waitFor();
    expect(await mainText(visitor)).toContain('Les phrases de passe expliquées simplement. Déroulé en trois temps.');
    await expectNoAxeViolations(visitor);
    await visitor.goto(`/fiches/${firstSlug}`);
    const ld = JSON.parse((await visitor.locator('script[type="application/ld+json"]').textContent()) ?? '{}');
    expect(ld).toMatchObject({
      '@type': 'LearningResource',
      name: first,
      aggregateRating: { '@type': 'AggregateRating', ratingCount: 3 },
    });
  });
});
