/** Embed options as the renderer uses them (validated query: `@malle/schema/embeds`). */
import { DEFAULT_ACCENT, normalizeHex, type EmbedQuery, type Layout } from '@malle/schema/embeds';
import type { z } from 'zod';

export interface EmbedOptions {
  /** An accent colour that keeps AA contrast on white (see accessibleAccent). */
  accent: string;
  layout: Layout;
  max: number;
  search: boolean;
  key: string | undefined;
}

export function toOptions(query: z.output<typeof EmbedQuery>): EmbedOptions {
  return {
    accent: accessibleAccent(query.couleur ? normalizeHex(query.couleur) : DEFAULT_ACCENT),
    layout: query.disposition,
    max: query.max,
    search: query.recherche === '1' || query.recherche === 'oui',
    key: query.cle || undefined,
  };
}

/** The same options always give the same key, whatever their order or spelling in the URL. */
export function optionsKey(o: EmbedOptions): string {
  return [o.accent, o.layout, o.max, o.search ? 1 : 0, o.key ?? ''].join('|');
}

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio between a colour and white. */
export function contrastWithWhite(hex: string): number {
  return 1.05 / (luminance(hex) + 0.05);
}

/**
 * The accent is used for links and headings on white, and as the background of white text: it must
 * reach 4.5:1 against white (WCAG 2.1 AA). A lighter colour is darkened just enough, keeping its hue.
 */
export function accessibleAccent(hex: string): string {
  let [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  let current = hex;
  for (let step = 0; step < 100 && contrastWithWhite(current) < 4.5; step++) {
    [r, g, b] = [r, g, b].map((c) => Math.floor(c * 0.95)) as [number, number, number];
    current = `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
  }
  return current;
}
