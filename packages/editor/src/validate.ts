/**
 * Server-side validation of a ProseMirror JSON document against the schema of `createExtensions()`.
 *
 * ProseMirror itself is lenient: `Node.fromJSON` ignores unknown attributes and keys and does not
 * check attribute values. So the document is first walked by hand (shape, known node and mark types,
 * known attribute names, attribute values through zod, dangerous URL schemes, size and depth), then
 * built with ProseMirror and checked for structure (what may contain what, which marks where).
 * Every refusal carries a dotted path into the document ("content.2.attrs.href") and a French message.
 */
import type { JSONContent } from '@tiptap/core';
import type { Node as PMNode, NodeType, MarkType } from '@tiptap/pm/model';
import { z } from 'zod';

import { HEADING_LEVELS, getEditorSchema } from './extensions.ts';
import { attachmentAttrsSchema } from './nodes/attachment.ts';
import { imageAttrsSchema } from './nodes/image.ts';
import { linkCardAttrsSchema } from './nodes/link-card.ts';
import { quizAttrsSchema } from './nodes/quiz.ts';
import { videoAttrsSchema } from './nodes/video.ts';
import { hasDangerousScheme, isLinkHref } from './url.ts';

/** Longest accepted document, in characters of its JSON text. */
export const MAX_DOCUMENT_CHARS = 200_000;
/** Deepest accepted nesting of nodes (the doc is level 1). */
export const MAX_DEPTH = 24;
/** At most this many issues are reported (the first ones, in document order). */
export const MAX_ISSUES = 50;

export interface ValidationIssue {
  /** Dotted path into the document JSON, e.g. "content.2.content.0.marks.0.attrs.href" ("" = the whole document). */
  path: string;
  /** French, shown to people. */
  message: string;
}

export type ValidationResult = { ok: true; doc: JSONContent } | { ok: false; issues: ValidationIssue[] };

const cellAttrsSchema = z.strictObject({
  colspan: z.int({ error: 'Nombre de colonnes fusionnées invalide.' }).min(1).max(100).optional(),
  rowspan: z.int({ error: 'Nombre de lignes fusionnées invalide.' }).min(1).max(1000).optional(),
  colwidth: z.array(z.int().min(0).max(5000), { error: 'Largeurs de colonnes invalides.' }).max(100).nullable().optional(),
  align: z.enum(['left', 'center', 'right'], { error: 'Alignement invalide (left, center ou right).' }).nullable().optional(),
});

/**
 * Attribute rules for every node and mark type that has attributes. A type with attributes in the
 * schema but no entry here is refused outright (fail closed) — see the coverage test.
 */
export const ATTRIBUTE_SCHEMAS: Record<string, z.ZodType> = {
  heading: z.strictObject({
    level: z
      .int({ error: 'Niveau de titre invalide.' })
      .refine((level) => (HEADING_LEVELS as readonly number[]).includes(level), {
        error: `Niveau de titre invalide (${HEADING_LEVELS.join(', ')}).`,
      })
      .optional(),
  }),
  orderedList: z.strictObject({
    start: z.int({ error: 'Numéro de départ invalide.' }).min(0).max(100_000).optional(),
    type: z.enum(['1', 'a', 'A', 'i', 'I'], { error: 'Type de numérotation invalide.' }).nullable().optional(),
  }),
  tableCell: cellAttrsSchema,
  tableHeader: cellAttrsSchema,
  image: imageAttrsSchema,
  attachment: attachmentAttrsSchema,
  linkCard: linkCardAttrsSchema,
  video: videoAttrsSchema,
  quiz: quizAttrsSchema,
  // Marks
  link: z.strictObject({
    href: z.string({ error: 'Adresse du lien manquante.' }).refine(isLinkHref, {
      error: 'Adresse du lien refusée : seules les adresses http://, https:// et mailto: sont acceptées.',
    }),
  }),
};

const NODE_KEYS = new Set(['type', 'attrs', 'content', 'marks', 'text']);
const MARK_KEYS = new Set(['type', 'attrs']);
/** Attribute names holding URLs: checked for javascript:/data:/vbscript: whatever their type's rules. */
const URL_ATTRIBUTE = /(?:href|src|url)$/i;
const FRENCH_ZOD = z.locales.fr();

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, key: string | number): string {
  return path === '' ? String(key) : `${path}.${key}`;
}

function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `« ${text.length > 60 ? `${text.slice(0, 60)}…` : text} »`;
}

class Collector {
  readonly issues: ValidationIssue[] = [];
  /** Depth is reported once: past the limit the walk stops. */
  tooDeep = false;
  add(path: string, message: string): void {
    if (this.issues.length < MAX_ISSUES) this.issues.push({ path, message });
  }
  get full(): boolean {
    return this.tooDeep || this.issues.length >= MAX_ISSUES;
  }
}

function checkAttrs(value: Json | undefined, type: NodeType | MarkType, path: string, issues: Collector): void {
  if (value === undefined || value === null) return;
  if (!isObject(value)) {
    issues.add(path, 'Les attributs doivent être un objet.');
    return;
  }
  const known = type.spec.attrs ?? {};
  const dangerous = new Set<string>();
  for (const [key, attr] of Object.entries(value)) {
    if (!Object.hasOwn(known, key)) {
      issues.add(join(path, key), `Attribut inconnu : ${quote(key)}.`);
    } else if (URL_ATTRIBUTE.test(key) && typeof attr === 'string' && hasDangerousScheme(attr)) {
      dangerous.add(join(path, key));
      issues.add(join(path, key), 'Adresse refusée : les liens javascript:, data: et vbscript: sont interdits.');
    }
  }
  if (Object.keys(known).length === 0) return;

  const schema = ATTRIBUTE_SCHEMAS[type.name];
  if (!schema) {
    issues.add(path, `Les attributs de ${quote(type.name)} ne peuvent pas être vérifiés.`);
    return;
  }
  // Unknown keys were reported above; the type's rules judge the known ones.
  const knownOnly = Object.fromEntries(Object.entries(value).filter(([key]) => Object.hasOwn(known, key)));
  const result = schema.safeParse(knownOnly, { error: FRENCH_ZOD.localeError });
  if (result.success) return;
  for (const issue of result.error.issues) {
    const issuePath = issue.path.reduce<string>(
      (p, key) => join(p, typeof key === 'symbol' ? String(key.description) : key),
      path,
    );
    if (!dangerous.has(issuePath)) issues.add(issuePath, issue.message);
  }
}

function checkMarks(value: Json | undefined, path: string, issues: Collector): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    issues.add(path, 'Les mises en forme doivent être une liste.');
    return;
  }
  const schema = getEditorSchema();
  value.forEach((mark, index) => {
    const markPath = join(path, index);
    if (!isObject(mark)) {
      issues.add(markPath, 'Mise en forme invalide : un objet est attendu.');
      return;
    }
    for (const key of Object.keys(mark)) {
      if (!MARK_KEYS.has(key)) issues.add(join(markPath, key), `Propriété inconnue : ${quote(key)}.`);
    }
    const markType =
      typeof mark.type === 'string' && Object.hasOwn(schema.marks, mark.type) ? schema.marks[mark.type] : undefined;
    if (!markType) {
      issues.add(join(markPath, 'type'), `Mise en forme inconnue : ${quote(mark.type ?? '')}.`);
      return;
    }
    checkAttrs(mark.attrs, markType, join(markPath, 'attrs'), issues);
  });
}

/** First pass: the JSON shape, names, attribute values and nesting depth. */
function checkShape(node: Json, path: string, depth: number, issues: Collector): void {
  if (issues.full) return;
  if (!isObject(node)) {
    issues.add(path, 'Bloc invalide : un objet est attendu.');
    return;
  }
  if (depth > MAX_DEPTH) {
    issues.add(path, `Document trop imbriqué (${MAX_DEPTH} niveaux au maximum).`);
    issues.tooDeep = true;
    return;
  }
  for (const key of Object.keys(node)) {
    if (!NODE_KEYS.has(key)) issues.add(join(path, key), `Propriété inconnue : ${quote(key)}.`);
  }
  const schema = getEditorSchema();
  const nodeType = typeof node.type === 'string' && Object.hasOwn(schema.nodes, node.type) ? schema.nodes[node.type] : undefined;
  if (!nodeType) {
    issues.add(join(path, 'type'), `Type de bloc inconnu : ${quote(node.type ?? '')}.`);
    return;
  }

  checkMarks(node.marks, join(path, 'marks'), issues);
  if (nodeType.isText) {
    if (typeof node.text !== 'string' || node.text === '')
      issues.add(join(path, 'text'), 'Le texte doit être une chaîne non vide.');
    if (node.attrs !== undefined) issues.add(join(path, 'attrs'), 'Un texte ne porte pas d’attributs.');
    if (node.content !== undefined) issues.add(join(path, 'content'), 'Un texte ne contient pas de blocs.');
    return;
  }
  if (node.text !== undefined) issues.add(join(path, 'text'), `Propriété inconnue : ${quote('text')}.`);
  checkAttrs(node.attrs, nodeType, join(path, 'attrs'), issues);

  if (node.content === undefined) return;
  if (!Array.isArray(node.content)) {
    issues.add(join(path, 'content'), 'Le contenu doit être une liste de blocs.');
    return;
  }
  node.content.forEach((child, index) => checkShape(child, join(join(path, 'content'), index), depth + 1, issues));
}

/** Second pass, on the built ProseMirror node: which children and marks each node may hold. */
function checkStructure(node: PMNode, path: string, issues: Collector): void {
  // Which children, in which order (marks are checked per child below).
  if (!node.type.contentMatch.matchFragment(node.content)?.validEnd) {
    issues.add(path === '' ? 'content' : join(path, 'content'), `Contenu non autorisé dans ${quote(node.type.name)}.`);
  }
  node.content.forEach((child, _offset, index) => {
    // Adjacent text nodes are merged by ProseMirror, so inline children are reported on their parent.
    const childPath = node.type.inlineContent ? path : join(join(path, 'content'), index);
    if (!node.type.allowsMarks(child.marks)) {
      const names = child.marks.filter((mark) => !node.type.allowsMarkType(mark.type)).map((mark) => mark.type.name);
      issues.add(childPath, `Mise en forme non autorisée ici : ${quote(names.join(', '))}.`);
    }
    if (!node.type.inlineContent) checkStructure(child, childPath, issues);
  });
}

/**
 * Checks an untrusted document (as received by the API). On success, `doc` is the normalized JSON
 * (ProseMirror's own serialization: default attributes filled in, adjacent texts merged) to store.
 */
export function validateDocument(json: unknown): ValidationResult {
  let text: string | undefined;
  try {
    text = JSON.stringify(json);
  } catch {
    return { ok: false, issues: [{ path: '', message: 'Document illisible (trop imbriqué ou circulaire).' }] };
  }
  if (text === undefined) return { ok: false, issues: [{ path: '', message: 'Document manquant.' }] };
  if (text.length > MAX_DOCUMENT_CHARS) {
    const size = text.length.toLocaleString('fr-FR');
    const max = MAX_DOCUMENT_CHARS.toLocaleString('fr-FR');
    return { ok: false, issues: [{ path: '', message: `Document trop volumineux : ${size} caractères (${max} au maximum).` }] };
  }
  // A plain copy: no prototypes, getters or toJSON tricks survive this.
  const data = JSON.parse(text) as Json;
  if (!isObject(data) || data.type !== 'doc') {
    return { ok: false, issues: [{ path: isObject(data) ? 'type' : '', message: 'Le document doit être un bloc « doc ».' }] };
  }

  const issues = new Collector();
  checkShape(data, '', 1, issues);
  if (issues.issues.length > 0) return { ok: false, issues: issues.issues };

  const schema = getEditorSchema();
  let doc: PMNode;
  try {
    doc = schema.nodeFromJSON(data);
  } catch {
    return { ok: false, issues: [{ path: '', message: 'Structure du document invalide.' }] };
  }
  checkStructure(doc, '', issues);
  if (issues.issues.length > 0) return { ok: false, issues: issues.issues };
  try {
    doc.check();
  } catch {
    return { ok: false, issues: [{ path: '', message: 'Structure du document invalide.' }] };
  }
  return { ok: true, doc: doc.toJSON() as JSONContent };
}
