import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { makePdf, makePptx } from '../../apps/api/src/test/fixtures.ts';
import { signUpThroughPage } from '../support/accounts.ts';
import { expectNoAxeViolations } from '../support/browser.ts';
import { usePeople } from '../support/people.ts';

const { person, expect404 } = usePeople();

async function attach(page: Page, file: { name: string; mimeType: string; buffer: Buffer }, role: string, label: string) {
  await page.getByRole('button', { name: 'Pièce jointe' }).click();
  const panel = page.getByRole('region', { name: 'Insérer une pièce jointe' });
  await panel.getByLabel('Fichier').setInputFiles(file);
  await panel.getByLabel('Rôle du document').selectOption({ label: role });
  await panel.getByLabel('Nom affiché').fill(label);
  await panel.getByRole('button', { name: 'Insérer la pièce jointe' }).click();
  await page.getByText(`Pièce jointe (${role}) : ${label}`).waitFor();
}

describe('files in the browser', () => {
  it('uploads a PDF and a slide deck, shows their previews, downloads by signed link, and keeps a private sheet’s files private', async () => {
    const stamp = Date.now();
    const author = await person();
    await signUpThroughPage(author, `fichiers.${stamp}@exemple.fr`, 'Flore Fichiers');
    await author.goto('/fiches/nouvelle');
    await author.getByLabel('Titre de la fiche').fill(`Atelier hameçonnage ${stamp}`);
    await author.getByRole('button', { name: 'Créer et commencer à écrire' }).click();
    await author.getByRole('heading', { level: 1, name: 'Modifier la fiche' }).waitFor();

    const pdf = await makePdf(3, 'Guide animation');
    const pptx = await makePptx(['Reconnaître un hameçonnage', 'Les indices', 'Que faire ?', 'Quiz final']);
    await attach(
      author,
      { name: 'guide.pdf', mimeType: 'application/pdf', buffer: pdf },
      "Guide d'animation",
      'Guide de l’animateur',
    );
    await attach(
      author,
      {
        name: 'diaporama.pptx',
        mimeType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
        buffer: pptx,
      },
      'Diaporama',
      'Diaporama de l’atelier',
    );
    await author.getByLabel(/Risques cyber et protection/).check();
    await author.getByLabel(/^Ressource pédagogique/).check();
    await author.getByLabel(/^Aidants et médiateurs numériques/).check();
    await author.getByLabel(/^Privée/).check();
    await author.getByRole('button', { name: 'Publier la version 1' }).click();
    await author.getByText('Version 1 publiée.').waitFor();
    const sheetUrl = author.url();

    // Processing runs in the background: the previews appear within seconds.
    const documents = author.getByRole('region', { name: 'Documents de la fiche' });
    for (let attempt = 0; attempt < 30 && (await documents.locator('img').count()) < 2; attempt++) {
      await author.waitForTimeout(500);
      await author.reload();
    }
    expect(await documents.locator('img').count()).toBe(2);
    const text = await documents.innerText();
    expect(text).toMatch(/Guide de l’animateur\s+PDF · \d+ ko · 3 pages/);
    expect(text).toMatch(/Diaporama de l’atelier\s+Diaporama PowerPoint · \d+ ko · 4 diapositives/);
    await documents.scrollIntoViewIfNeeded();
    const loaded = await documents.locator('img').evaluateAll((imgs) =>
      Promise.all(
        (imgs as HTMLImageElement[]).map((img) =>
          img.decode().then(
            () => img.naturalWidth > 0,
            () => false,
          ),
        ),
      ),
    );
    expect(loaded).toEqual([true, true]);

    // Preview in the page.
    await documents.getByText('Aperçu du PDF').click();
    const frame = documents.getByTitle('Aperçu du PDF : Guide de l’animateur');
    await frame.waitFor();
    const previewUrl = await frame.getAttribute('src');
    const preview = await author.request.get(previewUrl!);
    expect(preview.status()).toBe(200);
    expect(preview.headers()['content-type']).toBe('application/pdf');

    // Download: access checked, then a short-lived signed link.
    const [download] = await Promise.all([
      author.waitForEvent('download'),
      documents.getByRole('link', { name: /Télécharger Guide de l’animateur/ }).click(),
    ]);
    expect(Buffer.compare(await readFile(await download.path()), pdf)).toBe(0);
    const downloadHref = await documents.getByRole('link', { name: /Télécharger Guide de l’animateur/ }).getAttribute('href');
    const authorized = await author.request.get(downloadHref!, { maxRedirects: 0 });
    expect(authorized.status()).toBe(302);
    const signedLink = authorized.headers()['location']!;
    expect(signedLink).toMatch(/\/api\/v1\/files\/[\w-]+\/original\?exp=\d+&aud=[\w-]+&sig=/);
    expect((await author.request.get(signedLink)).status()).toBe(200);
    await expectNoAxeViolations(author);

    // Another account gets nothing: not the page, not the file, not the author's signed link.
    const other = await person();
    await signUpThroughPage(other, `curieux.${stamp}@exemple.fr`, 'Claude Curieux');
    expect404();
    expect((await other.goto(sheetUrl))?.status()).toBe(404);
    expect((await other.request.get(downloadHref!, { maxRedirects: 0 })).status()).toBe(404);
    expect((await other.request.get(signedLink)).status()).toBe(404);
    expect((await other.request.get(previewUrl!)).status()).toBe(404);

    // The author deletes the sheet: it is gone, and so are its files.
    await author.goto(`${new URL(sheetUrl).pathname}/modifier`);
    await author.getByRole('heading', { level: 1, name: 'Modifier la fiche' }).waitFor();
    await author.getByLabel(/^Je confirme vouloir supprimer/).check();
    await author.getByRole('button', { name: 'Supprimer définitivement' }).click();
    await author.getByText('Fiche supprimée.').waitFor();
    expect((await author.request.get(downloadHref!, { maxRedirects: 0 })).status()).toBe(404);
  });
});
