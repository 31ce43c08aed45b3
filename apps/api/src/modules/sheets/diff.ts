import type { renderText as RenderText } from '@malle/editor/render';
import { documentFiles, renderText } from '@malle/editor/render';
import type { QuizQuestion } from '@malle/editor/nodes/quiz';
import type { Indexing } from '@malle/schema/sheets';
import { FACETS, termLabel, type Facet } from '@malle/schema/taxonomies';
import { diffArrays, diffWords } from 'diff';
import type { VersionRecord } from './record.ts';

/** ProseMirror JSON, as the editor package types it. */
type JSONContent = Parameters<typeof RenderText>[0];

export interface TextPart {
  value: string;
  added?: boolean;
  removed?: boolean;
}

export type BlockChange = { kind: 'same' | 'added' | 'removed'; text: string } | { kind: 'changed'; parts: TextPart[] };

export interface VersionDiff {
  from: number;
  to: number;
  title: TextPart[] | null;
  summary: TextPart[] | null;
  licence: { from: string; to: string } | null;
  blocks: BlockChange[];
  quiz: { added: string[]; removed: string[]; changed: Array<{ prompt: string; changes: string[] }> };
  attachments: { added: string[]; removed: string[] };
  indexing: Array<{ facet: Facet; label: string; added: string[]; removed: string[] }>;
}

function words(a: string, b: string): TextPart[] | null {
  if (a === b) return null;
  return diffWords(a, b).map((p) => ({
    value: p.value,
    ...(p.added ? { added: true } : {}),
    ...(p.removed ? { removed: true } : {}),
  }));
}

/** One line of plain text per top-level block: what a reader compares. */
function blockTexts(body: unknown): string[] {
  const doc = body as JSONContent;
  return (doc.content ?? []).map((node) => renderText({ type: 'doc', content: [node] })).filter((t) => t !== '');
}

function quizQuestions(body: unknown): QuizQuestion[] {
  const out: QuizQuestion[] = [];
  const visit = (node: JSONContent) => {
    if (node.type === 'quiz' && Array.isArray(node.attrs?.questions)) out.push(...(node.attrs.questions as QuizQuestion[]));
    (node.content ?? []).forEach(visit);
  };
  visit(body as JSONContent);
  return out;
}

function describeQuestionChanges(a: QuizQuestion, b: QuizQuestion): string[] {
  const changes: string[] = [];
  if (a.prompt !== b.prompt) changes.push(`Question reformulée : « ${b.prompt} »`);
  const before = new Map(a.choices.map((c) => [c.id, c]));
  const after = new Map(b.choices.map((c) => [c.id, c]));
  for (const c of b.choices) {
    const old = before.get(c.id);
    if (!old) changes.push(`Réponse ajoutée : « ${c.text} »${c.correct ? ' (juste)' : ''}`);
    else {
      if (old.text !== c.text) changes.push(`Réponse modifiée : « ${old.text} » → « ${c.text} »`);
      if (old.correct !== c.correct) changes.push(`« ${c.text} » est maintenant ${c.correct ? 'juste' : 'fausse'}`);
    }
  }
  for (const c of a.choices) if (!after.has(c.id)) changes.push(`Réponse retirée : « ${c.text} »`);
  if ((a.explanation ?? '') !== (b.explanation ?? '')) changes.push('Explication modifiée');
  return changes;
}

/**
 * A readable comparison of two versions: word-level changes of each text block, and structural
 * changes of quizzes (by question id), attachments (by file) and indexing (by term).
 */
export function diffVersions(a: VersionRecord, b: VersionRecord): VersionDiff {
  const blocks: BlockChange[] = [];
  const parts = diffArrays(blockTexts(a.body), blockTexts(b.body));
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const next = parts[i + 1];
    if (part.removed && next?.added) {
      // A run of removed blocks followed by added ones: pair them up as edits.
      const n = Math.max(part.value.length, next.value.length);
      for (let j = 0; j < n; j++) {
        const before = part.value[j];
        const after = next.value[j];
        if (before !== undefined && after !== undefined)
          blocks.push({ kind: 'changed', parts: words(before, after) ?? [{ value: after }] });
        else if (before !== undefined) blocks.push({ kind: 'removed', text: before });
        else if (after !== undefined) blocks.push({ kind: 'added', text: after });
      }
      i += 1;
    } else {
      for (const text of part.value) blocks.push({ kind: part.added ? 'added' : part.removed ? 'removed' : 'same', text });
    }
  }

  const qa = new Map(quizQuestions(a.body).map((q) => [q.id, q]));
  const qb = new Map(quizQuestions(b.body).map((q) => [q.id, q]));
  const quiz: VersionDiff['quiz'] = { added: [], removed: [], changed: [] };
  for (const [id, q] of qb) {
    const old = qa.get(id);
    if (!old) quiz.added.push(q.prompt);
    else {
      const changes = describeQuestionChanges(old, q);
      if (changes.length) quiz.changed.push({ prompt: q.prompt, changes });
    }
  }
  for (const [id, q] of qa) if (!qb.has(id)) quiz.removed.push(q.prompt);

  const fa = documentFiles(a.body as JSONContent).filter((f) => f.kind === 'attachment');
  const fb = documentFiles(b.body as JSONContent).filter((f) => f.kind === 'attachment');
  const idsA = new Set(fa.map((f) => f.fileId));
  const idsB = new Set(fb.map((f) => f.fileId));

  const ia = a.indexing as Indexing;
  const ib = b.indexing as Indexing;
  const indexing = (Object.keys(FACETS) as Facet[])
    .map((facet) => {
      const before = new Set(ia[facet] ?? []);
      const after = new Set(ib[facet] ?? []);
      const label = (id: string) => termLabel(facet, id) ?? id;
      return {
        facet,
        label: FACETS[facet].label,
        added: [...after].filter((id) => !before.has(id)).map(label),
        removed: [...before].filter((id) => !after.has(id)).map(label),
      };
    })
    .filter((d) => d.added.length || d.removed.length);

  return {
    from: a.number,
    to: b.number,
    title: words(a.title, b.title),
    summary: words(a.summary, b.summary),
    licence: a.licence === b.licence ? null : { from: a.licence, to: b.licence },
    blocks,
    quiz,
    attachments: {
      added: fb.filter((f) => !idsA.has(f.fileId)).map((f) => f.label),
      removed: fa.filter((f) => !idsB.has(f.fileId)).map((f) => f.label),
    },
    indexing,
  };
}
