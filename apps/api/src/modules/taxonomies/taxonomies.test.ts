import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('taxonomies', () => {
  it('serves the vocabularies with French labels, cacheable', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/taxonomies' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
    const body = res.json();
    expect(body.themeGroups.map((g: { label: string }) => g.label)).toEqual([
      'Inclusion numérique',
      'Culture numérique',
      'Communs et souveraineté',
      'Numérique et environnement',
    ]);
    expect(body.facets.themes).toMatchObject({ min: 1, max: 5 });
    expect(body.facets.themes.terms).toHaveLength(29);
    expect(body.licences.find((l: { id: string }) => l.id === 'tous-droits-reserves').allowsAdaptation).toBe(false);
  });

  it('suggests indexing from a text', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/indexing/suggestions',
      payload: {
        title: 'Prendre rendez-vous sur Doctolib',
        text: 'Atelier pour seniors : téléconsultation et Mon espace santé.',
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().themes[0]).toMatchObject({ id: 'numerique-sante', label: 'Numérique en santé' });
    expect(res.json().audiences.map((a: { id: string }) => a.id)).toContain('seniors');
  });
});
