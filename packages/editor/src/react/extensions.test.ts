import { getSchema } from '@tiptap/core';
import { describe, expect, it } from 'vitest';

import { createExtensions, getEditorSchema } from '../extensions.ts';
import { createEditorExtensions } from './extensions.ts';

describe('createEditorExtensions (browser list)', () => {
  it('is createExtensions() plus node views and the block mover: the same schema as the server', () => {
    const server = getEditorSchema();
    const browser = getSchema(createEditorExtensions());
    expect(Object.keys(browser.nodes)).toEqual(Object.keys(server.nodes));
    expect(Object.keys(browser.marks)).toEqual(Object.keys(server.marks));
    for (const [name, type] of Object.entries(server.nodes)) {
      const other = browser.nodes[name];
      expect(other?.spec.content, name).toBe(type.spec.content);
      expect(other?.spec.group, name).toBe(type.spec.group);
      expect(other?.spec.marks, name).toBe(type.spec.marks);
      expect(other?.isAtom, name).toBe(type.isAtom);
      expect(Object.keys(other?.spec.attrs ?? {}), name).toEqual(Object.keys(type.spec.attrs ?? {}));
    }
    for (const [name, type] of Object.entries(server.marks)) {
      expect(Object.keys(browser.marks[name]?.spec.attrs ?? {}), name).toEqual(Object.keys(type.spec.attrs ?? {}));
    }
  });

  it('keeps the order of createExtensions() and adds only the block mover', () => {
    const names = createEditorExtensions().map((extension) => extension.name);
    expect(names).toEqual([...createExtensions().map((extension) => extension.name), 'moveBlock']);
  });
});
