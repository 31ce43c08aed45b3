/**
 * A quiz: 1 to 30 multiple-choice questions, each with 2 to 8 choices (one or several right) and an
 * optional explanation. Everything is plain text. Rendered as an accessible static form: one
 * fieldset per question (legend = prompt), radio buttons when one answer is right and checkboxes when
 * several are, the right answers and the explanation in a <details> disclosure, and a reset button.
 * It works without JavaScript; the app may add instant feedback using `data-correct`.
 */
import { Node } from '@tiptap/core';
import { z } from 'zod';

import { localIdSchema, optionalText, requiredText } from '../attrs.ts';
import { insertValidBlock } from './insert-block.ts';

export const QUIZ_LIMITS = { minQuestions: 1, maxQuestions: 30, minChoices: 2, maxChoices: 8 } as const;

const choiceSchema = z.strictObject({
  id: localIdSchema,
  text: requiredText(500, 'Texte de la réponse'),
  correct: z.boolean({ error: 'Indiquez si la réponse est juste (true ou false).' }),
});

const questionSchema = z
  .strictObject({
    id: localIdSchema,
    prompt: requiredText(1000, 'Question'),
    choices: z
      .array(choiceSchema, { error: 'Une liste de réponses est attendue.' })
      .min(QUIZ_LIMITS.minChoices, { error: `Une question propose au moins ${QUIZ_LIMITS.minChoices} réponses.` })
      .max(QUIZ_LIMITS.maxChoices, { error: `Une question propose au plus ${QUIZ_LIMITS.maxChoices} réponses.` }),
    explanation: optionalText(2000, 'Explication'),
  })
  .superRefine((question, ctx) => {
    if (!question.choices.some((choice) => choice.correct)) {
      ctx.addIssue({ code: 'custom', path: ['choices'], message: 'Au moins une réponse doit être juste.' });
    }
    const seen = new Set<string>();
    question.choices.forEach((choice, index) => {
      if (seen.has(choice.id)) {
        ctx.addIssue({ code: 'custom', path: ['choices', index, 'id'], message: 'Identifiant de réponse en double.' });
      }
      seen.add(choice.id);
    });
  });

export const quizAttrsSchema = z
  .strictObject({
    questions: z
      .array(questionSchema, { error: 'Une liste de questions est attendue.' })
      .min(QUIZ_LIMITS.minQuestions, { error: 'Un quiz contient au moins une question.' })
      .max(QUIZ_LIMITS.maxQuestions, { error: `Un quiz contient au plus ${QUIZ_LIMITS.maxQuestions} questions.` }),
  })
  .superRefine((quiz, ctx) => {
    const seen = new Set<string>();
    quiz.questions.forEach((question, index) => {
      if (seen.has(question.id)) {
        ctx.addIssue({ code: 'custom', path: ['questions', index, 'id'], message: 'Identifiant de question en double.' });
      }
      seen.add(question.id);
    });
  });

export type QuizAttrs = z.infer<typeof quizAttrsSchema>;
export type QuizQuestion = QuizAttrs['questions'][number];
export type QuizChoice = QuizQuestion['choices'][number];

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    quiz: {
      /** Inserts a quiz (refused when the questions are invalid, e.g. no right answer). */
      insertQuiz: (attrs: QuizAttrs) => ReturnType;
      /** Replaces the questions of the selected quiz (refused when invalid). */
      setQuizQuestions: (questions: QuizQuestion[]) => ReturnType;
    };
  }
}

function renderQuestion(question: QuizQuestion, index: number) {
  const rightChoices = question.choices.filter((choice) => choice.correct);
  const multiple = rightChoices.length > 1;
  const name = `quiz-${question.id}`;
  const choices = question.choices.map((choice) => [
    'li',
    {},
    [
      'label',
      {},
      ['input', { type: multiple ? 'checkbox' : 'radio', name, value: choice.id, 'data-correct': String(choice.correct) }],
      ' ',
      ['span', { class: 'quiz-choice-text' }, choice.text],
    ],
  ]);
  const answer = `${multiple ? 'Bonnes réponses' : 'Bonne réponse'} : ${rightChoices.map((c) => c.text).join(' ; ')}`;
  const explanation = question.explanation ? [['p', { class: 'quiz-explanation' }, question.explanation]] : [];
  return [
    'li',
    {},
    [
      'fieldset',
      { class: 'quiz-question', 'data-question-id': question.id, 'data-multiple': String(multiple) },
      [
        'legend',
        {},
        ['span', { class: 'quiz-number' }, `Question ${index + 1} : `],
        ['span', { class: 'quiz-prompt' }, question.prompt],
        ['span', { class: 'quiz-hint' }, multiple ? ' (plusieurs réponses possibles)' : ' (une seule réponse)'],
      ],
      ['ul', { class: 'quiz-choices' }, ...choices],
      [
        'details',
        { class: 'quiz-answer' },
        ['summary', {}, 'Voir la réponse'],
        ['p', { class: 'quiz-solution' }, answer],
        ...explanation,
      ],
    ],
  ];
}

/** Reads the questions back from the rendered HTML (clipboard, drag and drop). */
function parseQuestions(element: HTMLElement): QuizQuestion[] {
  return Array.from(element.querySelectorAll('fieldset[data-question-id]')).map((fieldset) => ({
    id: fieldset.getAttribute('data-question-id') ?? '',
    prompt: fieldset.querySelector('.quiz-prompt')?.textContent ?? '',
    choices: Array.from(fieldset.querySelectorAll('input')).map((input) => ({
      id: input.getAttribute('value') ?? '',
      text: input.closest('label')?.querySelector('.quiz-choice-text')?.textContent ?? '',
      correct: input.getAttribute('data-correct') === 'true',
    })),
    explanation: fieldset.querySelector('.quiz-explanation')?.textContent ?? null,
  }));
}

export const Quiz = Node.create({
  name: 'quiz',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return {
      questions: { default: null, rendered: false },
    };
  },

  parseHTML() {
    return [
      {
        tag: 'section[data-type="quiz"]',
        getAttrs: (element) => {
          const attrs = { questions: parseQuestions(element) };
          return quizAttrsSchema.safeParse(attrs).success ? attrs : false;
        },
      },
    ];
  },

  renderHTML({ node }) {
    const { questions } = node.attrs as QuizAttrs;
    const list = Array.isArray(questions) ? questions : [];
    return [
      'section',
      { 'data-type': 'quiz', class: 'quiz', 'aria-label': 'Quiz' },
      [
        'form',
        { class: 'quiz-form' },
        ['ol', { class: 'quiz-questions' }, ...list.map(renderQuestion)],
        ['button', { type: 'reset', class: 'quiz-reset' }, 'Effacer mes réponses'],
      ],
    ];
  },

  addCommands() {
    return {
      insertQuiz:
        (attrs) =>
        ({ commands }) =>
          insertValidBlock(commands, this.name, quizAttrsSchema, attrs),
      setQuizQuestions:
        (questions) =>
        ({ commands }) =>
          quizAttrsSchema.safeParse({ questions }).success && commands.updateAttributes(this.name, { questions }),
    };
  },
});
