import type { JSONContent } from '@tiptap/core';
import { describe, expect, it } from 'vitest';

import { getEditorSchema } from './extensions.ts';
import { FILE_ID, doc, link, paragraph, quizQuestion, richDocument, text } from './testing/fixtures.ts';
import { ATTRIBUTE_SCHEMAS, MAX_DEPTH, MAX_DOCUMENT_CHARS, validateDocument } from './validate.ts';

/** Asserts a refusal and returns its issues. */
function refused(json: unknown) {
  const result = validateDocument(json);
  if (result.ok) throw new Error(`expected a refusal, got ok for ${JSON.stringify(json).slice(0, 200)}`);
  return result.issues;
}

function paths(json: unknown): string[] {
  return refused(json).map((issue) => issue.path);
}

describe('validateDocument: valid documents', () => {
  it('accepts a rich document and returns it unchanged (already normalized)', () => {
    const result = validateDocument(richDocument());
    expect(result).toEqual({ ok: true, doc: richDocument() });
  });

  it('is idempotent and fills default attributes', () => {
    const first = validateDocument(
      doc({ type: 'heading', content: [text('Titre')] }, { type: 'image', attrs: { fileId: FILE_ID, alt: 'Logo' } }),
    );
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.doc.content?.[0]?.attrs).toEqual({ level: 2 });
    expect(first.doc.content?.[1]?.attrs).toEqual({ fileId: FILE_ID, alt: 'Logo', caption: null });
    expect(validateDocument(first.doc)).toEqual(first);
  });

  it('accepts an empty paragraph document', () => {
    expect(validateDocument(doc({ type: 'paragraph' })).ok).toBe(true);
  });
});

describe('validateDocument: hostile or broken documents', () => {
  it('refuses <script> as a node type, with its path and a French message', () => {
    expect(refused(doc(paragraph(text('ok')), { type: 'script', content: [text('alert(1)')] }))).toEqual([
      { path: 'content.1.type', message: 'Type de bloc inconnu : « script ».' },
    ]);
  });

  it('refuses an onclick attribute on a paragraph', () => {
    expect(refused(doc({ type: 'paragraph', attrs: { onclick: 'alert(1)' }, content: [text('x')] }))).toEqual([
      { path: 'content.0.attrs.onclick', message: 'Attribut inconnu : « onclick ».' },
    ]);
  });

  it('refuses unknown attributes on custom nodes and marks even next to valid ones', () => {
    expect(paths(doc({ type: 'image', attrs: { fileId: FILE_ID, alt: 'x', src: 'https://evil.example/x.png' } }))).toEqual([
      'content.0.attrs.src',
    ]);
    expect(paths(doc(paragraph(text('x', [{ type: 'link', attrs: { href: 'https://a.fr', target: '_self' } }]))))).toEqual([
      'content.0.content.0.marks.0.attrs.target',
    ]);
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'JAVASCRIPT:alert(1)',
    '   javascript:alert(1)',
    '\t\njava\tscript:alert(1)',
    'javascript&#58;alert(1)',
    'javascript&colon;alert(1)',
    '%6Aavascript:alert(1)',
    'jav&#x09;ascript:alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  ])('refuses the link href %j', (href) => {
    const issues = refused(doc(paragraph(text('clic', [link(href)]))));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('content.0.content.0.marks.0.attrs.href');
  });

  it('says why a javascript: link is refused', () => {
    expect(refused(doc(paragraph(text('clic', [link(' javascript:alert(1)')]))))[0]?.message).toBe(
      'Adresse refusée : les liens javascript:, data: et vbscript: sont interdits.',
    );
  });

  it.each(['ftp://exemple.fr/a', '/relative/path', 'exemple.fr', 'tel:+33100000000', 'https://', ''])(
    'refuses the link href %j (only absolute http, https and mailto)',
    (href) => {
      expect(paths(doc(paragraph(text('clic', [link(href)]))))).toEqual(['content.0.content.0.marks.0.attrs.href']);
    },
  );

  it('refuses a link card with a data: URL, and a data: or javascript: image', () => {
    const card = (attrs: Record<string, unknown>) =>
      doc({ type: 'linkCard', attrs: { url: 'https://a.fr', title: 'A', ...attrs } });
    expect(paths(card({ url: 'data:text/html,<script>alert(1)</script>' }))).toEqual(['content.0.attrs.url']);
    expect(paths(card({ imageUrl: 'data:image/svg+xml,<svg onload=alert(1)>' }))).toEqual(['content.0.attrs.imageUrl']);
    expect(paths(card({ imageUrl: 'JavaScript:alert(1)' }))).toEqual(['content.0.attrs.imageUrl']);
    expect(validateDocument(card({})).ok).toBe(true);
  });

  it('refuses an unknown mark', () => {
    expect(refused(doc(paragraph(text('x', [{ type: 'blink' }]))))).toEqual([
      { path: 'content.0.content.0.marks.0.type', message: 'Mise en forme inconnue : « blink ».' },
    ]);
  });

  it('refuses marks where the schema does not allow them', () => {
    expect(paths(doc({ type: 'paragraph', marks: [{ type: 'bold' }], content: [text('x')] }))).toEqual(['content.0']);
  });

  it('refuses an image without alt text, or with a blank one', () => {
    expect(paths(doc({ type: 'image', attrs: { fileId: FILE_ID } }))).toEqual(['content.0.attrs.alt']);
    expect(refused(doc({ type: 'image', attrs: { fileId: FILE_ID, alt: '   ' } }))).toEqual([
      { path: 'content.0.attrs.alt', message: 'Texte alternatif : ce champ ne peut pas être vide.' },
    ]);
    expect(paths(doc({ type: 'image', attrs: { fileId: 'not-a-uuid', alt: 'x' } }))).toEqual(['content.0.attrs.fileId']);
  });

  it('refuses an attachment with an unknown role', () => {
    expect(paths(doc({ type: 'attachment', attrs: { fileId: FILE_ID, role: 'malware', label: 'x' } }))).toEqual([
      'content.0.attrs.role',
    ]);
  });

  it('refuses a quiz question with no correct answer', () => {
    const quiz = {
      type: 'quiz',
      attrs: {
        questions: [
          quizQuestion('q1'),
          quizQuestion('q2', {
            choices: [
              { id: 'a', text: 'A', correct: false },
              { id: 'b', text: 'B', correct: false },
            ],
          }),
        ],
      },
    };
    expect(refused(doc(quiz))).toEqual([
      { path: 'content.0.attrs.questions.1.choices', message: 'Au moins une réponse doit être juste.' },
    ]);
  });

  it('refuses quizzes outside the limits: 1 choice, 9 choices, 0 or 31 questions, duplicate ids, HTML-unsafe ids', () => {
    const quiz = (questions: unknown) => doc({ type: 'quiz', attrs: { questions } });
    const choices = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `c${i}`, text: `C${i}`, correct: i === 0 }));
    expect(paths(quiz([quizQuestion('q', { choices: choices(1) })]))).toEqual(['content.0.attrs.questions.0.choices']);
    expect(paths(quiz([quizQuestion('q', { choices: choices(9) })]))).toEqual(['content.0.attrs.questions.0.choices']);
    expect(validateDocument(quiz([quizQuestion('q', { choices: choices(8) })])).ok).toBe(true);
    expect(paths(quiz([]))).toEqual(['content.0.attrs.questions']);
    expect(paths(quiz(Array.from({ length: 31 }, (_, i) => quizQuestion(`q${i}`))))).toEqual(['content.0.attrs.questions']);
    expect(paths(quiz([quizQuestion('q'), quizQuestion('q')]))).toEqual(['content.0.attrs.questions.1.id']);
    expect(paths(quiz([quizQuestion('"><script>')]))).toEqual(['content.0.attrs.questions.0.id']);
    expect(paths(quiz([quizQuestion('q', { prompt: '' })]))).toEqual(['content.0.attrs.questions.0.prompt']);
    expect(paths(quiz([quizQuestion('q', { html: '<b>x</b>' })]))).toEqual(['content.0.attrs.questions.0']);
  });

  it('refuses a video from a provider that is not allow-listed, or malformed', () => {
    const video = (attrs: Record<string, unknown>) => doc({ type: 'video', attrs: { title: null, host: null, ...attrs } });
    expect(refused(video({ provider: 'facebook', videoId: '123' }))).toEqual([
      {
        path: 'content.0.attrs.provider',
        message: 'Fournisseur de vidéo non autorisé (YouTube, PeerTube, Vimeo ou Dailymotion).',
      },
    ]);
    expect(paths(video({ provider: 'youtube', videoId: 'dQw4w9WgXcQ', host: 'evil.example' }))).toEqual(['content.0.attrs.host']);
    expect(paths(video({ provider: 'youtube', videoId: '"><script>' }))).toEqual(['content.0.attrs.videoId']);
    expect(paths(video({ provider: 'peertube', videoId: 'kkGMgK9ZtnKfYAgnEtQxbv', host: 'localhost' }))).toEqual([
      'content.0.attrs.host',
    ]);
    expect(paths(video({ provider: 'peertube', videoId: 'kkGMgK9ZtnKfYAgnEtQxbv', host: 'evil.example/x?' }))).toEqual([
      'content.0.attrs.host',
    ]);
    expect(paths(video({ provider: 'peertube', videoId: 'kkGMgK9ZtnKfYAgnEtQxbv', host: 'www.youtube.com' }))).toEqual([
      'content.0.attrs.host',
    ]);
    expect(validateDocument(video({ provider: 'peertube', videoId: 'kkGMgK9ZtnKfYAgnEtQxbv', host: 'framatube.org' })).ok).toBe(
      true,
    );
  });

  it('refuses headings other than h2–h4', () => {
    expect(paths(doc({ type: 'heading', attrs: { level: 1 }, content: [text('x')] }))).toEqual(['content.0.attrs.level']);
    expect(paths(doc({ type: 'heading', attrs: { level: 5 }, content: [text('x')] }))).toEqual(['content.0.attrs.level']);
    expect(paths(doc({ type: 'heading', attrs: { level: '2' }, content: [text('x')] }))).toEqual(['content.0.attrs.level']);
  });

  it('refuses invalid structure with the path of the offending container', () => {
    const heading = { type: 'heading', attrs: { level: 2 }, content: [text('x')] };
    expect(refused(doc({ type: 'callout', content: [heading] }))).toEqual([
      { path: 'content.0.content', message: 'Contenu non autorisé dans « callout ».' },
    ]);
    expect(
      paths(
        doc({
          type: 'bulletList',
          content: [{ type: 'listItem', content: [paragraph(), { type: 'quiz', attrs: { questions: [quizQuestion('q')] } }] }],
        }),
      ),
    ).toEqual(['content.0.content.0.content']);
    expect(paths(doc(paragraph(paragraph(text('x')))))).toEqual(['content.0.content']);
    expect(paths(doc(text('loose text')))).toEqual(['content']);
    expect(paths({ type: 'doc', content: [] })).toEqual(['content']);
    expect(paths(doc({ type: 'horizontalRule', content: [paragraph(text('x'))] }))).toEqual(['content.0.content']);
    expect(paths(doc(paragraph({ type: 'doc', content: [paragraph()] })))).toEqual(['content.0.content']);
  });

  it('is not fooled by prototype keys', () => {
    expect(paths(doc({ type: 'constructor' }))).toEqual(['content.0.type']);
    expect(paths(doc(paragraph(text('x', [{ type: 'toString' }]))))).toEqual(['content.0.content.0.marks.0.type']);
    const polluted = JSON.parse(
      '{"type":"doc","content":[{"type":"paragraph","attrs":{"__proto__":{"onclick":"x"}}}]}',
    ) as unknown;
    expect(paths(polluted)).toEqual(['content.0.attrs.__proto__']);
    const level = JSON.parse(
      '{"type":"doc","content":[{"type":"heading","attrs":{"level":2,"__proto__":{"level":1}}}]}',
    ) as unknown;
    expect(paths(level)).toEqual(['content.0.attrs.__proto__']);
  });

  it('refuses malformed JSON shapes', () => {
    expect(paths(null)).toEqual(['']);
    expect(paths('<script>alert(1)</script>')).toEqual(['']);
    expect(paths({ type: 'paragraph' })).toEqual(['type']);
    expect(paths(doc(paragraph(text(''))))).toEqual(['content.0.content.0.text']);
    expect(paths(doc(paragraph({ type: 'text', text: 'x', attrs: { style: 'x' } })))).toEqual(['content.0.content.0.attrs']);
    expect(paths(doc({ type: 'paragraph', html: '<script>alert(1)</script>' }))).toEqual(['content.0.html']);
    expect(paths({ type: 'doc', content: [{ type: 'paragraph', content: 'x' }] })).toEqual(['content.0.content']);
    expect(paths(doc({ type: 'paragraph', attrs: [] }))).toEqual(['content.0.attrs']);
    expect(paths(doc(paragraph(text('x', [{ type: 'bold', attrs: { onmouseover: 'x' } }]))))).toEqual([
      'content.0.content.0.marks.0.attrs.onmouseover',
    ]);
    const circular: Record<string, unknown> = { type: 'doc' };
    circular.content = [circular];
    expect(paths(circular)).toEqual(['']);
  });

  it('refuses documents over the size limit', () => {
    const big = doc(...Array.from({ length: 40 }, () => paragraph(text('x'.repeat(5_000)))));
    expect(JSON.stringify(big).length).toBeGreaterThan(MAX_DOCUMENT_CHARS);
    const issues = refused(big);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('');
    expect(issues[0]?.message).toMatch(/^Document trop volumineux : .+ caractères \(200\s000 au maximum\)\.$/);
    // Just under the limit is fine.
    expect(validateDocument(doc(...Array.from({ length: 38 }, () => paragraph(text('x'.repeat(5_000)))))).ok).toBe(true);
  });

  it('refuses documents nested deeper than the limit', () => {
    const nested = (levels: number): JSONContent => {
      let node: JSONContent = paragraph(text('fond'));
      for (let i = 0; i < levels; i += 1)
        node = { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph(text(`${i}`)), node] }] };
      return doc(node);
    };
    expect(validateDocument(nested(5)).ok).toBe(true);
    const issues = refused(nested(30));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toBe(`Document trop imbriqué (${MAX_DEPTH} niveaux au maximum).`);
    // The first node past the limit: doc (1) > list > item > list > item … the 25th level.
    expect(issues[0]?.path.split('.').length).toBe(2 * MAX_DEPTH);
    expect(issues[0]?.path.startsWith('content.0.content.0.content.1.content.0.content.1')).toBe(true);
  });

  it('survives a pathologically deep JSON value', () => {
    let deep: unknown = {};
    for (let i = 0; i < 100_000; i += 1) deep = { type: 'doc', content: [deep] };
    expect(refused(deep)).toHaveLength(1);
  });

  it('reports several issues at once, capped', () => {
    const result = refused(doc(...Array.from({ length: 80 }, () => ({ type: 'script' }))));
    expect(result).toHaveLength(50);
    expect(result[79 - 30]?.path).toBe('content.49.type');
  });
});

describe('attribute rules cover the schema', () => {
  it('has zod rules for every node and mark type that has attributes', () => {
    const schema = getEditorSchema();
    const withAttrs = [...Object.values(schema.nodes), ...Object.values(schema.marks)]
      .filter((type) => Object.keys(type.spec.attrs ?? {}).length > 0)
      .map((type) => type.name)
      .sort();
    expect(withAttrs).toEqual(Object.keys(ATTRIBUTE_SCHEMAS).sort());
  });
});
