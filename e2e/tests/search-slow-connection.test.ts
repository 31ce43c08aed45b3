import { describe, it } from 'vitest';
import { api, publishSheetThroughApi, signUpThroughApi, waitUntil } from '../support/api.ts';
import { usePeople } from '../support/people.ts';

const { person } = usePeople();

/**
 * On a slow connection people start typing before the page's scripts have run: what they typed must
 * still bring suggestions once the page is interactive (this race also made the search test flaky).
 */
describe('header search on a slow connection', () => {
  it('suggests for words typed before the page was interactive', { timeout: 150_000 }, async () => {
    const stamp = Date.now();
    const author = await signUpThroughApi('Théo Lenteur');
    await publishSheetThroughApi(author, `Déjouer le hameçonnage ${stamp}`, 'Atelier.');
    await waitUntil(
      async () => (await api<{ total: number }>(null, 'GET', `/api/v1/search?type=sheets&q=${stamp}`)).total === 1,
      'the sheet is searchable',
      75_000,
    );
    const page = await person();
    // The app's scripts arrive 1.5 s late.
    await page.route('**/assets/*.js', async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    await page.goto('/', { waitUntil: 'commit' });
    const box = page.getByRole('combobox', { name: 'Rechercher une fiche, une base ou une collection' });
    await box.fill(`hamesonnage ${stamp}`);
    await page.getByRole('option', { name: new RegExp(`Déjouer le hameçonnage ${stamp}`) }).waitFor({ timeout: 15000 });
  });
});
