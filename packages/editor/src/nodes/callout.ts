/**
 * "À retenir": a highlighted block holding paragraphs and lists (no headings, tables or media, so a
 * callout stays a short summary).
 */
import { Node } from '@tiptap/core';

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    callout: {
      /** Wraps the selected blocks in an "À retenir" callout. */
      setCallout: () => ReturnType;
      /** Wraps or unwraps the selected blocks. */
      toggleCallout: () => ReturnType;
      /** Lifts the selected blocks out of the callout. */
      unsetCallout: () => ReturnType;
    };
  }
}

export const CALLOUT_TITLE = 'À retenir';

export const Callout = Node.create({
  name: 'callout',
  group: 'block',
  content: '(paragraph | bulletList | orderedList)+',
  defining: true,

  parseHTML() {
    return [{ tag: 'aside[data-type="callout"]', contentElement: 'div.callout-body' }];
  },

  renderHTML() {
    return [
      'aside',
      { 'data-type': 'callout', class: 'callout', 'aria-label': CALLOUT_TITLE },
      ['p', { class: 'callout-title', contenteditable: 'false' }, CALLOUT_TITLE],
      ['div', { class: 'callout-body' }, 0],
    ];
  },

  addCommands() {
    return {
      setCallout:
        () =>
        ({ commands }) =>
          commands.wrapIn(this.name),
      toggleCallout:
        () =>
        ({ commands }) =>
          commands.toggleWrap(this.name),
      unsetCallout:
        () =>
        ({ commands }) =>
          commands.lift(this.name),
    };
  },
});
