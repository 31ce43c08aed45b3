/** Documents shared by the tests. */
import type { JSONContent } from '@tiptap/core';

export const FILE_ID = '0b6f7a4e-3c1d-4f2a-9b8e-1a2b3c4d5e6f';
export const OTHER_FILE_ID = '5d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a';

export const text = (value: string, marks?: JSONContent['marks']): JSONContent =>
  marks ? { type: 'text', text: value, marks } : { type: 'text', text: value };
export const paragraph = (...content: JSONContent[]): JSONContent => ({ type: 'paragraph', content });
export const doc = (...content: JSONContent[]): JSONContent => ({ type: 'doc', content });
export const link = (href: string): NonNullable<JSONContent['marks']>[number] => ({ type: 'link', attrs: { href } });

export const quizQuestion = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  prompt: `Question ${id} ?`,
  choices: [
    { id: 'a', text: 'Oui', correct: true },
    { id: 'b', text: 'Non', correct: false },
  ],
  explanation: null,
  ...overrides,
});

/** One of everything the editor offers, in the normalized form `validateDocument` returns. */
export function richDocument(): JSONContent {
  return doc(
    { type: 'heading', attrs: { level: 2 }, content: [text('Objectifs de l’atelier')] },
    paragraph(
      text('Apprendre à '),
      text('repérer', [{ type: 'bold' }]),
      text(' un '),
      text('hameçonnage', [{ type: 'italic' }, { type: 'underline' }]),
      { type: 'hardBreak' },
      text('avec '),
      text('Cybermalveillance', [link('https://www.cybermalveillance.gouv.fr/')]),
      text(' ou par '),
      text('courriel', [link('mailto:contact@exemple.fr')]),
      text('.'),
    ),
    { type: 'heading', attrs: { level: 3 }, content: [text('Déroulé')] },
    {
      type: 'bulletList',
      content: [
        {
          type: 'listItem',
          content: [
            paragraph(text('Accueil')),
            {
              type: 'orderedList',
              attrs: { start: 1, type: null },
              content: [{ type: 'listItem', content: [paragraph(text('Tour de table'))] }],
            },
          ],
        },
        { type: 'listItem', content: [paragraph(text('Exercice'))] },
      ],
    },
    {
      type: 'orderedList',
      attrs: { start: 3, type: null },
      content: [{ type: 'listItem', content: [paragraph(text('Troisième'))] }],
    },
    { type: 'blockquote', content: [paragraph(text('Le doute est un bon réflexe.'))] },
    { type: 'horizontalRule' },
    {
      type: 'callout',
      content: [
        paragraph(text('Ne jamais cliquer dans l’urgence.')),
        { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph(text('Vérifier l’expéditeur'))] }] },
      ],
    },
    {
      type: 'table',
      content: [
        {
          type: 'tableRow',
          content: [
            {
              type: 'tableHeader',
              attrs: { colspan: 1, rowspan: 1, colwidth: null, align: null },
              content: [paragraph(text('Signe'))],
            },
            {
              type: 'tableHeader',
              attrs: { colspan: 1, rowspan: 1, colwidth: null, align: 'center' },
              content: [paragraph(text('Exemple'))],
            },
          ],
        },
        {
          type: 'tableRow',
          content: [
            {
              type: 'tableCell',
              attrs: { colspan: 1, rowspan: 1, colwidth: [120], align: null },
              content: [paragraph(text('Urgence'))],
            },
            {
              type: 'tableCell',
              attrs: { colspan: 1, rowspan: 1, colwidth: null, align: null },
              content: [paragraph(text('« Votre compte sera fermé »'))],
            },
          ],
        },
      ],
    },
    { type: 'image', attrs: { fileId: FILE_ID, alt: 'Capture d’un faux courriel', caption: 'Un exemple réel' } },
    { type: 'attachment', attrs: { fileId: OTHER_FILE_ID, role: 'guide_animation', label: 'Guide de l’animateur' } },
    {
      type: 'linkCard',
      attrs: {
        url: 'https://www.example.org/guide',
        title: 'Guide pratique',
        description: 'Tout savoir sur le phishing',
        imageUrl: 'https://www.example.org/cover.png',
      },
    },
    { type: 'video', attrs: { provider: 'youtube', videoId: 'dQw4w9WgXcQ', host: null, title: 'Reconnaître un faux site' } },
    {
      type: 'quiz',
      attrs: {
        questions: [
          quizQuestion('q1', {
            prompt: 'Un courriel urgent est-il suspect ?',
            explanation: 'L’urgence est un levier classique.',
          }),
          quizQuestion('q2', {
            prompt: 'Quels indices ?',
            choices: [
              { id: 'a', text: 'Fautes', correct: true },
              { id: 'b', text: 'Adresse étrange', correct: true },
              { id: 'c', text: 'Logo officiel', correct: false },
            ],
          }),
        ],
      },
    },
    paragraph(text('Fin.')),
  );
}
