import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, publishSheetThroughApi, signUpThroughApi, type ApiPerson } from '../support/api.ts';
import { expectNoAxeViolations } from '../support/browser.ts';
import { usePeople } from '../support/people.ts';

const { person } = usePeople();
const webUrl = inject('webUrl');

/**
 * A partner's page on another origin (127.0.0.1 and another port, where Malle is on localhost):
 * just the one-line snippet, as a partner would paste it.
 */
let partner: Server;
let partnerUrl = '';
let snippet = '';
beforeAll(async () => {
  partner = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Mairie – ateliers numériques</title></head>` +
        `<body><main><h1>Nos ateliers numériques</h1><p>Les fiches que nous utilisons :</p>${snippet}<p>Fin de la page.</p></main></body></html>`,
    );
  });
  await new Promise<void>((resolve) => partner.listen(0, '127.0.0.1', resolve));
  partnerUrl = `http://127.0.0.1:${(partner.address() as AddressInfo).port}/ateliers`;
});
afterAll(() => new Promise<void>((resolve) => partner.close(() => resolve())));

async function embedFrame(page: Page): Promise<Frame> {
  const handle = await page.locator('iframe').elementHandle();
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('The embed frame has no document');
  await frame.locator('.card').first().waitFor();
  return frame;
}

/** The titles of the cards, without the "(nouvel onglet)" said to screen readers. */
const cardTitles = (frame: Frame) =>
  frame.locator('.card h2 a').evaluateAll((links) => links.map((a) => a.firstChild?.textContent ?? ''));

describe('embedding a collection on a partner site', () => {
  let owner: ApiPerson;
  let collectionId = '';
  const stamp = Date.now();
  const titles = [`Repérer un faux SMS ${stamp}`, `Sécuriser son téléphone ${stamp}`, `Sauvegarder ses photos ${stamp}`];

  it('shows the collection in a resized, sandboxed frame, with no cookie and no request elsewhere, and the owner’s changes on reload', async () => {
    owner = await signUpThroughApi('Élise Partenaire');
    const slugs = [];
    for (const title of titles) slugs.push(await publishSheetThroughApi(owner, title, `Atelier : ${title.toLowerCase()}.`));
    const collection = await api<{ id: string }>(owner, 'POST', '/api/v1/collections', {
      title: `Ateliers sécurité ${stamp}`,
      description: 'Les fiches de nos ateliers du mardi.',
      visibility: 'public',
      baseSlug: null,
    });
    collectionId = collection.id;
    await api(owner, 'POST', `/api/v1/collections/${collectionId}/items`, { sheetSlug: slugs[0], note: '' });
    await api(owner, 'POST', `/api/v1/collections/${collectionId}/items`, { sheetSlug: slugs[1], note: 'Séance 2' });
    snippet = `<script src="${webUrl}/embed.js" data-collection="${collectionId}" data-recherche="1" async></script>`;

    const page = await person();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(partnerUrl);
    const frame = await embedFrame(page);
    expect(await cardTitles(frame)).toEqual([titles[0], titles[1]]);

    // The frame: sandboxed, lazy, titled with the collection's name once it has loaded.
    const iframe = page.locator('iframe');
    expect(await iframe.getAttribute('sandbox')).toBe('allow-scripts allow-popups allow-popups-to-escape-sandbox');
    expect(await iframe.getAttribute('loading')).toBe('lazy');
    await expect.poll(() => iframe.getAttribute('title')).toBe(`Ateliers sécurité ${stamp} – collection de fiches Malle`);

    // Resized to its content through postMessage (it starts at 400 px).
    const contentHeight = () => frame.evaluate(() => Math.ceil(document.getElementById('malle')!.getBoundingClientRect().height));
    await expect
      .poll(async () => Math.abs((await iframe.boundingBox())!.height - (await contentHeight())))
      .toBeLessThanOrEqual(1);
    expect((await iframe.boundingBox())!.height).not.toBe(400);

    // Searching inside the collection filters the cards, and the frame follows the new height.
    const before = (await iframe.boundingBox())!.height;
    await frame.getByLabel('Rechercher dans cette collection').fill('telephone');
    await expect.poll(() => frame.locator('.card:visible').count()).toBe(1);
    await expect.poll(async () => (await iframe.boundingBox())!.height).toBeLessThan(before);
    await frame.getByLabel('Rechercher dans cette collection').fill('');

    await expectNoAxeViolations(frame);

    // Nothing but the partner's page, embed.js and the embed page itself; not one cookie anywhere.
    const malle = requests.filter((url) => url.startsWith(webUrl));
    expect(requests.every((url) => url.startsWith(webUrl) || url.startsWith(new URL(partnerUrl).origin))).toBe(true);
    expect(malle.map((url) => new URL(url).pathname)).toEqual(['/embed.js', `/embed/collections/${collectionId}`]);
    expect(await page.context().cookies()).toEqual([]);

    // The owner adds a sheet: the partner's page shows it on its next load.
    await api(owner, 'POST', `/api/v1/collections/${collectionId}/items`, { sheetSlug: slugs[2], note: '' });
    await expect
      .poll(
        async () => {
          await page.reload();
          return cardTitles(await embedFrame(page));
        },
        { timeout: 15_000 },
      )
      .toEqual(titles);
    expect(await page.context().cookies()).toEqual([]);
  });

  it('lets any site frame embed pages through the web server, and no site frame the others', async () => {
    const embedPage = await fetch(`${webUrl}/embed/collections/${collectionId}`);
    expect(embedPage.status).toBe(200);
    expect(embedPage.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(embedPage.headers.get('x-frame-options')).toBeNull();
    expect(embedPage.headers.get('set-cookie')).toBeNull();
    for (const path of ['/', `/collections/${collectionId}`, `/collections/${collectionId}/integrer`]) {
      const res = await fetch(`${webUrl}${path}`);
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
    }
    // The collection page tells CMSs where its oEmbed answer is.
    const html = await (await fetch(`${webUrl}/collections/${collectionId}`)).text();
    const discovery = /<link rel="alternate" type="application\/json\+oembed" href="([^"]+)"/.exec(html);
    expect(discovery).not.toBeNull();
    const oembed = await fetch(discovery![1]!.replace(/&amp;/g, '&'));
    expect(oembed.status).toBe(200);
    expect(((await oembed.json()) as { html: string }).html).toContain(`/embed/collections/${collectionId}`);
  });

  it('gives the owner the snippet, a live preview and the displays per partner site', async () => {
    const page = await person();
    // Signed in as the owner: the session the API gave them, set on Malle's origin only.
    const [name, value] = owner.cookie.split('=') as [string, string];
    await page.context().addCookies([{ name, value, url: webUrl }]);
    await page.goto(`/collections/${collectionId}`);
    await page.getByRole('link', { name: 'Intégrer sur votre site' }).click();
    await page.getByRole('heading', { level: 1, name: `Intégrer « Ateliers sécurité ${stamp} » sur votre site` }).waitFor();
    const code = page.getByLabel('Avec le script (recommandé : la hauteur s’ajuste au contenu)');
    expect(await code.inputValue()).toContain(`data-collection="${collectionId}"`);

    await page.getByLabel(/^Compacte/).check();
    await expect.poll(() => code.inputValue()).toContain('data-disposition="compacte"');
    const preview = page.frameLocator('iframe.embed-preview');
    await preview.locator('#malle.compacte').waitFor();
    expect(await preview.locator('.card').count()).toBe(3);
    // The preview takes the height of its content, like embed.js does on partner pages.
    await expect.poll(() => page.locator('iframe.embed-preview').getAttribute('height')).not.toBe('500');

    // The partner's displays from the first test (the preview here is not counted).
    const table = page.getByRole('table');
    await table.waitFor();
    expect(await table.innerText()).toMatch(/127\.0\.0\.1\s+\d+/);
    await expectNoAxeViolations(page);
  });
});
