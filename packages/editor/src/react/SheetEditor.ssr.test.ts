// Runs in Node (no DOM), like the web app's server render.
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';

import { doc, paragraph, text } from '../testing/fixtures.ts';
import { SheetEditor } from './SheetEditor.tsx';

describe('SheetEditor on the server', () => {
  it('renders an accessible placeholder and creates no editor', () => {
    expect(typeof window).toBe('undefined');
    const onChange = vi.fn();
    const html = renderToString(
      createElement(SheetEditor, {
        initialContent: doc(paragraph(text('Bonjour'))),
        onChange,
        host: { uploadFile: vi.fn(), notify: vi.fn() },
        labelledBy: 'body-label',
      }),
    );
    expect(html).toContain('role="status"');
    expect(html).toContain('Chargement de l’éditeur…');
    expect(html).toContain('aria-live="polite"');
    expect(html).not.toContain('ProseMirror');
    expect(html).not.toContain('style=');
    expect(onChange).not.toHaveBeenCalled();
  });
});
