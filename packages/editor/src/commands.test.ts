// @vitest-environment happy-dom
import { Editor, type JSONContent } from '@tiptap/core';
import { afterEach, describe, expect, it } from 'vitest';

import { createExtensions } from './extensions.ts';
import { FILE_ID, quizQuestion } from './testing/fixtures.ts';
import { validateDocument } from './validate.ts';

let editor: Editor | undefined;
afterEach(() => editor?.destroy());

function newEditor(): Editor {
  editor = new Editor({ extensions: createExtensions(), content: '<p>Bonjour</p>' });
  return editor;
}

function json(e: Editor): JSONContent {
  return e.getJSON() as JSONContent;
}

function types(e: Editor): string[] {
  return (json(e).content ?? []).map((node) => node.type ?? '');
}

describe('insertion commands of the custom nodes', () => {
  it('leaves the cursor after an inserted block, so the next block never replaces it', () => {
    const e = newEditor();
    e.commands.setTextSelection(e.state.doc.content.size - 1);
    expect(e.chain().focus().insertVideoFromUrl('https://youtu.be/dQw4w9WgXcQ', 'Une vidéo').run()).toBe(true);
    expect(
      e
        .chain()
        .focus()
        .insertQuiz({ questions: [quizQuestion('q1')] })
        .run(),
    ).toBe(true);
    expect(types(e).filter((t) => t !== 'paragraph')).toEqual(['video', 'quiz']);
    expect(e.state.selection.$from.parent.type.name).toBe('paragraph');
  });

  it('insert valid blocks, giving a document the server accepts', () => {
    const e = newEditor();
    expect(e.commands.insertImage({ fileId: FILE_ID, alt: 'Un schéma', caption: null })).toBe(true);
    expect(e.commands.insertAttachment({ fileId: FILE_ID, role: 'diaporama', label: 'Diapos' })).toBe(true);
    expect(e.commands.insertLinkCard({ url: 'https://exemple.fr', title: 'Exemple', description: null, imageUrl: null })).toBe(
      true,
    );
    expect(e.commands.insertVideoFromUrl('https://youtu.be/dQw4w9WgXcQ', 'Une vidéo')).toBe(true);
    expect(e.commands.insertQuiz({ questions: [quizQuestion('q1')] })).toBe(true);
    expect(types(e)).toEqual(expect.arrayContaining(['image', 'attachment', 'linkCard', 'video', 'quiz']));
    const video = json(e).content?.find((node) => node.type === 'video');
    expect(video?.attrs).toEqual({ provider: 'youtube', videoId: 'dQw4w9WgXcQ', host: null, title: 'Une vidéo' });
    expect(validateDocument(e.getJSON())).toMatchObject({ ok: true });
  });

  it('refuse invalid attributes and leave the document unchanged', () => {
    const e = newEditor();
    const before = e.getJSON();
    expect(e.commands.insertImage({ fileId: FILE_ID, alt: '' })).toBe(false);
    expect(e.commands.insertLinkCard({ url: 'data:text/html,x', title: 'x' })).toBe(false);
    expect(e.commands.insertVideoFromUrl('https://www.facebook.com/watch?v=123')).toBe(false);
    expect(e.commands.insertVideo({ provider: 'youtube', videoId: 'nope' })).toBe(false);
    expect(
      e.commands.insertQuiz({
        questions: [
          quizQuestion('q1', {
            choices: [
              { id: 'a', text: 'A', correct: false },
              { id: 'b', text: 'B', correct: false },
            ],
          }),
        ],
      }),
    ).toBe(false);
    expect(e.commands.setLink({ href: 'javascript:alert(1)' })).toBe(false);
    expect(e.getJSON()).toEqual(before);
  });

  it('wrap and unwrap paragraphs in a callout', () => {
    const e = newEditor();
    e.commands.setTextSelection(2);
    expect(e.commands.setCallout()).toBe(true);
    // The trailing-node extension keeps an empty paragraph after the last block.
    expect(types(e)).toEqual(['callout', 'paragraph']);
    expect(json(e).content?.[0]?.content?.[0]?.content?.[0]?.text).toBe('Bonjour');
    expect(e.commands.unsetCallout()).toBe(true);
    expect(types(e)).toEqual(['paragraph', 'paragraph']);
  });

  it('replace the questions of a selected quiz only with valid ones', () => {
    const e = newEditor();
    e.commands.insertQuiz({ questions: [quizQuestion('q1')] });
    let pos = -1;
    e.state.doc.descendants((node, p) => {
      if (node.type.name === 'quiz') pos = p;
    });
    expect(pos).toBeGreaterThanOrEqual(0);
    e.commands.setNodeSelection(pos);
    expect(e.commands.setQuizQuestions([])).toBe(false);
    expect(e.commands.setQuizQuestions([quizQuestion('q1'), quizQuestion('q2')])).toBe(true);
    const quiz = json(e).content?.find((node) => node.type === 'quiz');
    expect((quiz?.attrs?.questions as unknown[]).length).toBe(2);
  });
});
