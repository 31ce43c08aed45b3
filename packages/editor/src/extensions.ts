/**
 * THE extension list: the browser editor and the API (validation, HTML and text rendering) both build
 * their schema from `createExtensions()`, so what one accepts the other accepts too. Adding a node or
 * a mark here means adding its attribute rules to src/validate.ts and its tags to the sanitizer
 * allow-list in src/render.ts (a test fails until both are done).
 *
 * Content is deliberately narrower than Tiptap's defaults: headings are h2–h4 (h1 is the sheet
 * title) and only at the top level; quotes, callouts, list items and table cells hold paragraphs and
 * lists only, so media, quizzes and tables never nest.
 */
import { type Extensions, getSchema } from '@tiptap/core';
import type { Schema } from '@tiptap/pm/model';
import Blockquote from '@tiptap/extension-blockquote';
import Bold from '@tiptap/extension-bold';
import Document from '@tiptap/extension-document';
import HardBreak from '@tiptap/extension-hard-break';
import Heading from '@tiptap/extension-heading';
import HorizontalRule from '@tiptap/extension-horizontal-rule';
import Italic from '@tiptap/extension-italic';
import Link from '@tiptap/extension-link';
import { BulletList, ListItem, ListKeymap, OrderedList } from '@tiptap/extension-list';
import Paragraph from '@tiptap/extension-paragraph';
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import Text from '@tiptap/extension-text';
import Underline from '@tiptap/extension-underline';
import { Dropcursor, Gapcursor, TrailingNode, UndoRedo } from '@tiptap/extensions';

import { Attachment } from './nodes/attachment.ts';
import { Callout } from './nodes/callout.ts';
import { Image } from './nodes/image.ts';
import { LinkCard } from './nodes/link-card.ts';
import { Quiz } from './nodes/quiz.ts';
import { Video } from './nodes/video.ts';
import { isLinkHref } from './url.ts';

/** Heading levels available in the body (h1 is the sheet title). */
export const HEADING_LEVELS = [2, 3, 4] as const;

/** What quotes, callouts, list items (after their first paragraph) and table cells may contain. */
const SIMPLE_BLOCKS = '(paragraph | bulletList | orderedList)';

/** Links: http, https and mailto only; always opened in a new tab without referrer or ranking. */
export const LINK_REL = 'noopener noreferrer nofollow';

const SafeLink = Link.extend({
  // Only `href` is stored: target, rel and class are fixed by the renderer, never by the document.
  addAttributes() {
    return {
      href: { default: null, parseHTML: (element: HTMLElement) => element.getAttribute('href') },
    };
  },
}).configure({
  openOnClick: false,
  autolink: true,
  linkOnPaste: true,
  defaultProtocol: 'https',
  protocols: [],
  HTMLAttributes: { target: '_blank', rel: LINK_REL, class: null },
  isAllowedUri: (url) => isLinkHref(url),
});

/** A fresh list of the extensions (configured instances), for an editor or for `getSchema`. */
export function createExtensions(): Extensions {
  return [
    Document,
    Paragraph,
    Text,
    Heading.extend({
      addAttributes() {
        return { level: { default: HEADING_LEVELS[0], rendered: false } };
      },
    }).configure({ levels: [...HEADING_LEVELS] }),
    Bold,
    Italic,
    Underline,
    SafeLink,
    BulletList,
    OrderedList,
    ListItem.extend({ content: `paragraph ${SIMPLE_BLOCKS}*` }),
    ListKeymap,
    Blockquote.extend({ content: `${SIMPLE_BLOCKS}+` }),
    HardBreak,
    HorizontalRule,
    Table.configure({ resizable: false }),
    TableRow,
    TableHeader.extend({ content: `${SIMPLE_BLOCKS}+` }),
    TableCell.extend({ content: `${SIMPLE_BLOCKS}+` }),
    Callout,
    Image,
    Attachment,
    LinkCard,
    Video,
    Quiz,
    // Editing comfort only (no effect on the schema, so harmless on the server).
    UndoRedo,
    Dropcursor,
    Gapcursor,
    TrailingNode.configure({ node: 'paragraph' }),
  ];
}

let cachedSchema: Schema | undefined;

/** The ProseMirror schema built from `createExtensions()` (built once, then shared). */
export function getEditorSchema(): Schema {
  cachedSchema ??= getSchema(createExtensions());
  return cachedSchema;
}
