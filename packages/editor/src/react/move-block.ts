/**
 * Keyboard reordering of blocks: Alt+Shift+ArrowUp / Alt+Shift+ArrowDown move the top-level block
 * holding the selection (or every top-level block the selection touches) above the previous block or
 * below the next one. Each move is one undo step. It changes no schema, so it lives with the browser
 * editor only (src/react/extensions.ts); the server list stays `createExtensions()`.
 *
 * Every move transaction carries `MOVE_BLOCK_META` ({ direction, moved }), which the UI reads to
 * announce the move. When a block is already first or last, the shortcut still dispatches an empty
 * transaction with `moved: false`, so the person hears why nothing happened.
 */
import { Extension } from '@tiptap/core';
import type { EditorState, Transaction } from '@tiptap/pm/state';

export type MoveDirection = 'up' | 'down';

/** What a move transaction carries under `MOVE_BLOCK_META`. */
export interface BlockMove {
  direction: MoveDirection;
  moved: boolean;
}

/** Transaction meta key set by the move commands and shortcuts. */
export const MOVE_BLOCK_META = 'malleMoveBlock';

/** Keyboard shortcuts, as ProseMirror names them and as `aria-keyshortcuts` spells them. */
export const MOVE_BLOCK_SHORTCUTS = {
  up: { keymap: 'Alt-Shift-ArrowUp', aria: 'Alt+Shift+ArrowUp' },
  down: { keymap: 'Alt-Shift-ArrowDown', aria: 'Alt+Shift+ArrowDown' },
} as const;

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    moveBlock: {
      /** Moves the top-level block(s) holding the selection above the previous block. */
      moveBlockUp: () => ReturnType;
      /** Moves the top-level block(s) holding the selection below the next block. */
      moveBlockDown: () => ReturnType;
    };
  }
}

/** The move recorded on a transaction, if any. */
export function getBlockMove(tr: Transaction): BlockMove | undefined {
  return tr.getMeta(MOVE_BLOCK_META) as BlockMove | undefined;
}

/** Indexes (in the document) of the first and last top-level blocks touched by the selection. */
export function selectedTopLevelBlocks(state: EditorState): { first: number; last: number } | null {
  const { doc, selection } = state;
  const { from, to } = selection;
  const first = doc.resolve(from).index(0);
  // `to - 1`: a selection ending exactly after a block (node selection, end of the document) does not
  // touch the block that follows.
  const last = to > from ? doc.resolve(to - 1).index(0) : first;
  if (first >= doc.childCount) return null;
  return { first, last: Math.max(first, Math.min(last, doc.childCount - 1)) };
}

/**
 * Moves the selected top-level blocks one place up or down. Returns false (and changes nothing) when
 * they are already first or last. The selection follows the moved blocks.
 */
export function moveBlock(state: EditorState, direction: MoveDirection, dispatch?: (tr: Transaction) => void): boolean {
  const range = selectedTopLevelBlocks(state);
  if (!range) return false;
  const { doc } = state;
  if (direction === 'up' ? range.first === 0 : range.last >= doc.childCount - 1) return false;
  if (!dispatch) return true;

  let start = 0;
  for (let index = 0; index < range.first; index += 1) start += doc.child(index).nodeSize;
  let end = start;
  for (let index = range.first; index <= range.last; index += 1) end += doc.child(index).nodeSize;

  const tr = state.tr;
  if (direction === 'up') {
    const previous = doc.child(range.first - 1);
    // Take the previous block out, then put it back right after the moved blocks.
    tr.delete(start - previous.nodeSize, start);
    tr.insert(end - previous.nodeSize, previous);
  } else {
    const next = doc.child(range.last + 1);
    // Take the next block out, then put it back right before the moved blocks (the selection maps
    // forward over the insertion).
    tr.delete(end, end + next.nodeSize);
    tr.insert(start, next);
  }
  tr.setMeta(MOVE_BLOCK_META, { direction, moved: true } satisfies BlockMove).scrollIntoView();
  dispatch(tr);
  return true;
}

export const MoveBlock = Extension.create({
  name: 'moveBlock',

  addCommands() {
    return {
      moveBlockUp:
        () =>
        ({ state, dispatch }) =>
          moveBlock(state, 'up', dispatch),
      moveBlockDown:
        () =>
        ({ state, dispatch }) =>
          moveBlock(state, 'down', dispatch),
    };
  },

  addKeyboardShortcuts() {
    const run = (direction: MoveDirection) => () => {
      const moved = direction === 'up' ? this.editor.commands.moveBlockUp() : this.editor.commands.moveBlockDown();
      if (moved) return true;
      // Already first or last: say so (the UI announces it) and keep the key from moving the caret.
      return this.editor.commands.command(({ tr }) => {
        tr.setMeta(MOVE_BLOCK_META, { direction, moved: false } satisfies BlockMove);
        return true;
      });
    };
    return {
      [MOVE_BLOCK_SHORTCUTS.up.keymap]: run('up'),
      [MOVE_BLOCK_SHORTCUTS.down.keymap]: run('down'),
    };
  },
});
