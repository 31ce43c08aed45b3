// @vitest-environment happy-dom
import { Editor, type JSONContent } from '@tiptap/core';
import { afterEach, describe, expect, it } from 'vitest';

import { FILE_ID, doc, paragraph, text } from '../testing/fixtures.ts';
import { validateDocument } from '../validate.ts';
import { createEditorExtensions } from './extensions.ts';
import { type BlockMove, getBlockMove } from './move-block.ts';

let editor: Editor | undefined;
afterEach(() => editor?.destroy());

const heading = (value: string): JSONContent => ({ type: 'heading', attrs: { level: 2 }, content: [text(value)] });
const image: JSONContent = { type: 'image', attrs: { fileId: FILE_ID, alt: 'Schéma', caption: null } };

function newEditor(content: JSONContent): { editor: Editor; moves: BlockMove[] } {
  const moves: BlockMove[] = [];
  editor = new Editor({ extensions: createEditorExtensions(), content });
  editor.on('transaction', ({ transaction }) => {
    const move = getBlockMove(transaction);
    if (move) moves.push(move);
  });
  return { editor, moves };
}

function texts(e: Editor): string[] {
  return ((e.getJSON() as JSONContent).content ?? []).map((node) =>
    node.type === 'image' ? '[image]' : (node.content?.[0]?.text ?? ''),
  );
}

function press(e: Editor, key: 'ArrowUp' | 'ArrowDown') {
  e.view.dom.dispatchEvent(new KeyboardEvent('keydown', { key, altKey: true, shiftKey: true, bubbles: true, cancelable: true }));
}

describe('moving blocks', () => {
  it('moves the block holding the cursor, and the cursor with it', () => {
    const { editor: e } = newEditor(doc(heading('Titre'), paragraph(text('Un')), paragraph(text('Deux'))));
    e.commands.setTextSelection(9); // inside "Un"
    expect(e.commands.moveBlockUp()).toBe(true);
    expect(texts(e)).toEqual(['Un', 'Titre', 'Deux']);
    expect(e.state.selection.$from.parent.textContent).toBe('Un');
    expect(e.commands.moveBlockDown()).toBe(true);
    expect(e.commands.moveBlockDown()).toBe(true);
    expect(texts(e)).toEqual(['Titre', 'Deux', 'Un']);
    expect(e.state.selection.$from.parent.textContent).toBe('Un');
    expect(validateDocument(e.getJSON())).toMatchObject({ ok: true });
  });

  it('refuses to move past the first or last block and leaves the document unchanged', () => {
    const { editor: e } = newEditor(doc(paragraph(text('Un')), paragraph(text('Deux'))));
    e.commands.setTextSelection(2);
    const before = e.getJSON();
    expect(e.can().moveBlockUp()).toBe(false);
    expect(e.commands.moveBlockUp()).toBe(false);
    expect(e.getJSON()).toEqual(before);
    e.commands.setTextSelection(7);
    expect(e.commands.moveBlockDown()).toBe(false);
    expect(e.getJSON()).toEqual(before);
  });

  it('moves a selected atom (node selection) and keeps it selected', () => {
    const { editor: e } = newEditor(doc(paragraph(text('Un')), image, paragraph(text('Deux'))));
    e.commands.setNodeSelection(4);
    expect(e.state.selection.toJSON()).toMatchObject({ type: 'node' });
    expect(e.commands.moveBlockUp()).toBe(true);
    expect(texts(e)).toEqual(['[image]', 'Un', 'Deux']);
    expect(e.state.selection.toJSON()).toEqual({ type: 'node', anchor: 0 });
    expect(e.commands.moveBlockDown()).toBe(true);
    expect(e.commands.moveBlockDown()).toBe(true);
    // The trailing-node extension adds an empty paragraph after a final atom.
    expect(texts(e)).toEqual(['Un', 'Deux', '[image]', '']);
    expect(e.state.selection.toJSON()).toMatchObject({ type: 'node' });
  });

  it('moves every top-level block the selection touches, as one undoable step', () => {
    const { editor: e } = newEditor(doc(paragraph(text('Un')), paragraph(text('Deux')), paragraph(text('Trois'))));
    e.commands.setTextSelection({ from: 2, to: 7 }); // "n" … "De"
    expect(e.commands.moveBlockDown()).toBe(true);
    expect(texts(e)).toEqual(['Trois', 'Un', 'Deux']);
    expect(e.state.doc.textBetween(e.state.selection.from, e.state.selection.to)).toBe('nDe');
    expect(e.commands.undo()).toBe(true);
    expect(texts(e)).toEqual(['Un', 'Deux', 'Trois']);
  });

  it('binds Alt+Shift+ArrowUp/ArrowDown and reports each move (or why nothing moved)', () => {
    const { editor: e, moves } = newEditor(doc(paragraph(text('Un')), paragraph(text('Deux'))));
    e.commands.setTextSelection(2);
    press(e, 'ArrowDown');
    expect(texts(e)).toEqual(['Deux', 'Un']);
    press(e, 'ArrowDown');
    expect(texts(e)).toEqual(['Deux', 'Un']);
    press(e, 'ArrowUp');
    expect(texts(e)).toEqual(['Un', 'Deux']);
    expect(moves).toEqual([
      { direction: 'down', moved: true },
      { direction: 'down', moved: false },
      { direction: 'up', moved: true },
    ]);
  });
});
