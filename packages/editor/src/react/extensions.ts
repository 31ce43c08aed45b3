/**
 * The browser editor's extensions: exactly `createExtensions()` (same nodes, marks, attributes and
 * commands, hence the same schema as the server's validator), with React node views on the atom
 * blocks and the keyboard block mover added. Neither changes the schema (a test checks it).
 */
import { type Extensions, Node } from '@tiptap/core';
import { ReactNodeViewRenderer } from '@tiptap/react';

import { createExtensions } from '../extensions.ts';
import { MoveBlock } from './move-block.ts';
import { ATOM_NODE_VIEWS } from './node-views.tsx';

export function createEditorExtensions(): Extensions {
  const withViews = createExtensions().map((extension) => {
    const view = ATOM_NODE_VIEWS[extension.name];
    if (!view || !(extension instanceof Node)) return extension;
    return extension.extend({
      addNodeView() {
        return ReactNodeViewRenderer(view);
      },
    });
  });
  return [...withViews, MoveBlock];
}
