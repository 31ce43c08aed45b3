import { generateHTML, generateJSON } from '@tiptap/html/server';
import { describe, expect, it } from 'vitest';

import { createExtensions, getEditorSchema } from './extensions.ts';
import { renderHtml } from './render.ts';
import { richDocument } from './testing/fixtures.ts';
import { validateDocument } from './validate.ts';

describe('createExtensions', () => {
  it('builds the expected schema: only the blocks and marks the product offers', () => {
    const schema = getEditorSchema();
    expect(Object.keys(schema.nodes).sort()).toEqual(
      [
        'attachment',
        'blockquote',
        'bulletList',
        'callout',
        'doc',
        'hardBreak',
        'heading',
        'horizontalRule',
        'image',
        'linkCard',
        'listItem',
        'orderedList',
        'paragraph',
        'quiz',
        'table',
        'tableCell',
        'tableHeader',
        'tableRow',
        'text',
        'video',
      ].sort(),
    );
    expect(Object.keys(schema.marks).sort()).toEqual(['bold', 'italic', 'link', 'underline']);
    expect(Object.keys(schema.marks.link?.spec.attrs ?? {})).toEqual(['href']);
  });

  it('marks the custom media and quiz nodes as atoms', () => {
    const schema = getEditorSchema();
    for (const name of ['image', 'attachment', 'linkCard', 'video', 'quiz']) expect(schema.nodes[name]?.isAtom).toBe(true);
    expect(schema.nodes.callout?.isAtom).toBe(false);
  });

  it('parses its own HTML back into the same document (copy and paste)', () => {
    const extensions = createExtensions();
    expect(generateJSON(generateHTML(richDocument(), extensions), extensions)).toEqual(richDocument());
  });

  it('parses the sanitized public HTML back into a valid document with the same content', () => {
    const parsed = generateJSON(renderHtml(richDocument()), createExtensions());
    const result = validateDocument(parsed);
    expect(result.ok).toBe(true);
    // Only the column width (layout) is not carried by the public HTML.
    const expected = JSON.parse(JSON.stringify(richDocument()).replace('"colwidth":[120]', '"colwidth":null')) as unknown;
    expect(parsed).toEqual(expected);
  });

  it('drops a pasted javascript: link and a foreign iframe', () => {
    const parsed = generateJSON(
      '<p><a href="javascript:alert(1)">clic</a></p><figure data-type="video"><iframe src="https://evil.example/x"></iframe></figure>',
      createExtensions(),
    );
    expect(JSON.stringify(parsed)).not.toContain('javascript');
    expect(JSON.stringify(parsed)).not.toContain('evil.example');
    expect(validateDocument(parsed).ok).toBe(true);
  });
});
