import { describe, expect, it } from 'vitest';
import { normalizeForMatching, suggestIndexing } from './suggest-indexing.ts';
import {
  AUDIENCES,
  COMPETENCES,
  FACETS,
  LICENCES,
  RESOURCE_TYPES,
  SECTORS,
  THEME_GROUPS,
  THEMES,
  termLabel,
} from './taxonomies.ts';

describe('vocabularies', () => {
  it('carry over the reference platform’s lists and add ours', () => {
    expect(THEME_GROUPS).toHaveLength(4);
    expect(THEMES).toHaveLength(29);
    expect(RESOURCE_TYPES).toHaveLength(9);
    expect(AUDIENCES).toHaveLength(10);
    expect(SECTORS).toHaveLength(4);
    expect(LICENCES).toHaveLength(6);
    expect(COMPETENCES).toHaveLength(16);
  });

  it('never repeat an id within a facet', () => {
    for (const def of Object.values(FACETS)) {
      const ids = def.terms.map((t) => t.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('give French labels', () => {
    expect(termLabel('themes', 'risques-cyber')).toBe('Risques cyber et protection');
    expect(termLabel('themes', 'nope')).toBeUndefined();
  });
});

describe('suggestIndexing', () => {
  it('folds accents, case and plurals', () => {
    expect(normalizeForMatching('Les Démarches EN LIGNE')).toBe(' les demarche en ligne ');
  });

  it('suggests the themes, audience, type and level of a phishing workshop for seniors', () => {
    const s = suggestIndexing({
      title: 'Atelier : reconnaître un mail d’hameçonnage',
      text: 'Un quiz de 10 questions pour les seniors débutants. Repérer les arnaques par courriel, choisir un mot de passe solide. Durée : 1 heure.',
    });
    expect(s.themes[0]?.id).toBe('risques-cyber');
    expect(s.themes.map((t) => t.id)).toContain('reseaux-sociaux');
    expect(s.audiences.map((t) => t.id)).toContain('seniors');
    expect(s.resourceTypes.map((t) => t.id)).toEqual(expect.arrayContaining(['questionnaire', 'ressource-pedagogique']));
    expect(s.levels.map((t) => t.id)).toEqual(['debutant']);
    expect(s.durations.map((t) => t.id)).toEqual(['1h']);
  });

  it('respects each facet’s maximum and suggests nothing from unrelated text', () => {
    const everything = THEMES.map((t) => t.label).join('. ');
    expect(suggestIndexing({ title: '', text: everything }).themes).toHaveLength(5);
    const none = suggestIndexing({ title: 'Recette du clafoutis', text: 'Cerises, œufs, farine.' });
    expect(none.themes).toEqual([]);
    expect(none.audiences).toEqual([]);
  });
});
