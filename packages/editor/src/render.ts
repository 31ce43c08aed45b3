/**
 * Server-side rendering of a document: safe HTML for the sheet page, plain text for search, and the
 * table of contents.
 *
 * HTML is produced by the extensions themselves (`@tiptap/html/server`, which serializes through
 * ProseMirror's DOMSerializer in a happy-dom window: text is always escaped) and then passed through
 * `sanitize-html` with an allow-list of exactly the tags and attributes the extensions emit. The
 * sanitizer is defence in depth: the document has already been validated, but a bug in a node's
 * renderHTML must still not be able to emit a script, an event handler or a foreign iframe.
 * sanitize-html was chosen because it runs in plain Node without a DOM, is an allow-list sanitizer
 * maintained for over a decade with security fixes, and filters URL schemes per tag.
 */
import type { JSONContent } from '@tiptap/core';
import { generateHTML } from '@tiptap/html/server';
import sanitizeHtml from 'sanitize-html';

import { LINK_REL, createExtensions } from './extensions.ts';
import { VIDEO_IFRAME_ATTRIBUTES } from './nodes/video.ts';
import { type ValidationIssue, validateDocument } from './validate.ts';
import { isLinkHref } from './url.ts';
import { isAllowedEmbedUrl } from './video.ts';

/** Thrown by `renderHtml` when handed a document that does not pass `validateDocument`. */
export class InvalidDocumentError extends Error {
  constructor(readonly issues: ValidationIssue[]) {
    super(`Invalid editor document: ${issues.map((i) => `${i.path || '(document)'}: ${i.message}`).join('; ')}`);
    this.name = 'InvalidDocumentError';
  }
}

export interface TocEntry {
  /** The `id` given to the heading in the rendered HTML ("section-objectifs"). */
  id: string;
  level: number;
  text: string;
}

export interface RenderOptions {
  /**
   * Turns a stored file id into a URL (for example a signed one) for image blocks (`img src`) and
   * attachment links (`a href`). Without it, they are placeholders carrying only `data-file-id`.
   * Must be synchronous: resolve the document's file ids (see `documentFiles`) beforehand.
   */
  resolveFileUrl?: (fileId: string, kind: 'image' | 'attachment') => string | null | undefined;
}

type Attribs = Record<string, string>;

let cachedExtensions: ReturnType<typeof createExtensions> | undefined;
function extensions() {
  cachedExtensions ??= createExtensions();
  return cachedExtensions;
}

const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  a: ['href', 'target', 'rel', 'class', 'data-file-id'],
  h2: ['id'],
  h3: ['id'],
  h4: ['id'],
  ol: ['start', 'type', 'class'],
  ul: ['class'],
  td: ['colspan', 'rowspan', 'style'],
  th: ['colspan', 'rowspan', 'style'],
  aside: ['class', 'data-type', 'aria-label'],
  p: ['class'],
  div: ['class', 'data-type', 'data-file-id', 'data-role'],
  span: ['class'],
  figure: ['class', 'data-type', 'data-file-id', 'data-provider'],
  img: ['src', 'alt', 'class', 'data-file-id', 'loading', 'referrerpolicy'],
  iframe: ['src', 'title', ...Object.keys(VIDEO_IFRAME_ATTRIBUTES)],
  section: ['class', 'data-type', 'aria-label'],
  form: ['class'],
  fieldset: ['class', 'data-question-id', 'data-multiple'],
  input: ['type', 'name', 'value', 'data-correct'],
  details: ['class'],
  button: ['type', 'class'],
};

const ALLOWED_TAGS = [
  ...['p', 'h2', 'h3', 'h4', 'strong', 'em', 'u', 'a', 'br', 'hr', 'ul', 'ol', 'li', 'blockquote'],
  ...['table', 'tbody', 'tr', 'th', 'td'],
  ...['aside', 'div', 'span', 'figure', 'figcaption', 'img', 'iframe'],
  ...['section', 'form', 'fieldset', 'legend', 'label', 'input', 'details', 'summary', 'button'],
];

function sanitizerOptions(headingIds: string[], options: RenderOptions): sanitizeHtml.IOptions {
  let heading = 0;
  // Headings carry only the id computed by tableOfContents (never one from the input).
  const withId = (tagName: string) => {
    const id = headingIds[heading];
    heading += 1;
    const attribs: Attribs = id ? { id } : {};
    return { tagName, attribs };
  };
  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: ALLOWED_ATTRIBUTES,
    allowedStyles: { td: { 'text-align': [/^(?:left|right|center)$/] }, th: { 'text-align': [/^(?:left|right|center)$/] } },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'], iframe: ['https'] },
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'template', 'title', 'xmp'],
    transformTags: {
      h2: withId,
      h3: withId,
      h4: withId,
      a: (tagName, attribs: Attribs) => {
        const fileId = attribs['data-file-id'];
        const resolved = fileId ? options.resolveFileUrl?.(fileId, 'attachment') : undefined;
        // Attachments are served by the app itself; every other link opens in a new tab, unranked.
        if (resolved) return { tagName, attribs: { ...attribs, href: resolved } };
        const { href, target: _target, rel: _rel, ...rest } = attribs;
        return { tagName, attribs: isLinkHref(href) ? { ...rest, href, target: '_blank', rel: LINK_REL } : rest };
      },
      img: (tagName, attribs: Attribs) => {
        const fileId = attribs['data-file-id'];
        const resolved = fileId ? options.resolveFileUrl?.(fileId, 'image') : undefined;
        return { tagName, attribs: resolved ? { ...attribs, src: resolved } : attribs };
      },
      iframe: (tagName, attribs: Attribs) => ({
        tagName,
        attribs: { src: attribs.src ?? '', title: attribs.title ?? 'Vidéo', ...VIDEO_IFRAME_ATTRIBUTES },
      }),
    },
    // Removes the element and its content: foreign players, text fields, submit buttons.
    exclusiveFilter: (frame) => {
      if (frame.tag === 'iframe') return !isAllowedEmbedUrl(frame.attribs.src ?? '');
      if (frame.tag === 'input') return frame.attribs.type !== 'radio' && frame.attribs.type !== 'checkbox';
      if (frame.tag === 'button') return frame.attribs.type !== 'reset';
      return false;
    },
  };
}

function inlineText(node: JSONContent, lineBreak: string): string {
  if (node.type === 'text') return typeof node.text === 'string' ? node.text : '';
  if (node.type === 'hardBreak') return lineBreak;
  return (node.content ?? []).map((child) => inlineText(child, lineBreak)).join('');
}

function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60)
    .replace(/^-+|-+$/g, '');
}

/**
 * The document's headings, in order, with the ids `renderHtml` gives them: "section-" and a slug of
 * the text (prefixed, so an id can never clobber one of the page's own), "-2", "-3"… on repeats.
 */
export function tableOfContents(doc: JSONContent): TocEntry[] {
  const entries: TocEntry[] = [];
  const used = new Set<string>();
  const visit = (node: JSONContent) => {
    if (node.type === 'heading') {
      const text = inlineText(node, ' ').replace(/\s+/g, ' ').trim();
      const base = `section-${slugify(text) || entries.length + 1}`;
      let id = base;
      for (let n = 2; used.has(id); n += 1) id = `${base}-${n}`;
      used.add(id);
      const level = typeof node.attrs?.level === 'number' ? node.attrs.level : 2;
      entries.push({ id, level, text });
      return;
    }
    (node.content ?? []).forEach(visit);
  };
  visit(doc);
  return entries;
}

/** Two quizzes may share question ids (a copied quiz): make radio group names unique in the page. */
function withUniqueQuizIds(doc: JSONContent): JSONContent {
  const copy = structuredClone(doc);
  const used = new Set<string>();
  const visit = (node: JSONContent) => {
    if (node.type === 'quiz' && Array.isArray(node.attrs?.questions)) {
      for (const question of node.attrs.questions as Array<{ id: string }>) {
        let id = question.id;
        for (let n = 2; used.has(id); n += 1) id = `${question.id}-${n}`;
        used.add(id);
        question.id = id;
      }
    }
    (node.content ?? []).forEach(visit);
  };
  visit(copy);
  return copy;
}

/**
 * Validates the document (throws `InvalidDocumentError` if it does not pass) and renders it to
 * sanitized HTML. Headings get the ids listed by `tableOfContents`.
 */
export function renderHtml(json: unknown, options: RenderOptions = {}): string {
  const result = validateDocument(json);
  if (!result.ok) throw new InvalidDocumentError(result.issues);
  const html = generateHTML(withUniqueQuizIds(result.doc), extensions());
  const ids = tableOfContents(result.doc).map((entry) => entry.id);
  return sanitizeEditorHtml(html, options, ids);
}

/**
 * The allow-list sanitizer `renderHtml` applies (exported for tests and for HTML that was rendered
 * elsewhere). `headingIds` are given, in order, to the h2–h4 elements.
 */
export function sanitizeEditorHtml(html: string, options: RenderOptions = {}, headingIds: string[] = []): string {
  return sanitizeHtml(html, sanitizerOptions(headingIds, options));
}

interface QuestionLike {
  prompt?: unknown;
  explanation?: unknown;
  choices?: Array<{ text?: unknown }>;
}

function strings(...values: unknown[]): string[] {
  return values.filter((value): value is string => typeof value === 'string');
}

/**
 * Plain text for search: one line per block (headings, paragraphs, list items, quotes, callouts,
 * table cells), plus the text carried by attributes (image captions, attachment labels, link card
 * titles and descriptions, video titles, quiz prompts, choices and explanations).
 */
export function renderText(doc: JSONContent): string {
  const lines: string[] = [];
  const visit = (node: JSONContent) => {
    const attrs = node.attrs ?? {};
    switch (node.type) {
      case 'paragraph':
      case 'heading':
        lines.push(inlineText(node, '\n'));
        return;
      case 'image':
        lines.push(...strings(attrs.caption));
        return;
      case 'attachment':
        lines.push(...strings(attrs.label));
        return;
      case 'linkCard':
        lines.push(...strings(attrs.title, attrs.description));
        return;
      case 'video':
        lines.push(...strings(attrs.title));
        return;
      case 'quiz': {
        const questions: QuestionLike[] = Array.isArray(attrs.questions) ? (attrs.questions as QuestionLike[]) : [];
        for (const question of questions) {
          lines.push(...strings(question.prompt));
          lines.push(...strings(...(question.choices ?? []).map((choice) => choice.text)));
          lines.push(...strings(question.explanation));
        }
        return;
      }
      default:
        (node.content ?? []).forEach(visit);
    }
  };
  visit(doc);
  return lines
    .flatMap((line) => line.split('\n'))
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

export interface DocumentFile {
  fileId: string;
  kind: 'image' | 'attachment';
  /** Alt text (images) or label (attachments). */
  label: string;
  /** Attachments only. */
  role?: string;
}

/** The stored files a document refers to, in order (to resolve URLs, or freeze a version's attachments). */
export function documentFiles(doc: JSONContent): DocumentFile[] {
  const files: DocumentFile[] = [];
  const visit = (node: JSONContent) => {
    const attrs = node.attrs ?? {};
    if (node.type === 'image' && typeof attrs.fileId === 'string') {
      files.push({ fileId: attrs.fileId, kind: 'image', label: typeof attrs.alt === 'string' ? attrs.alt : '' });
    } else if (node.type === 'attachment' && typeof attrs.fileId === 'string') {
      files.push({
        fileId: attrs.fileId,
        kind: 'attachment',
        label: typeof attrs.label === 'string' ? attrs.label : '',
        role: typeof attrs.role === 'string' ? attrs.role : 'autre',
      });
    }
    (node.content ?? []).forEach(visit);
  };
  visit(doc);
  return files;
}
