// @vitest-environment happy-dom
import type { Editor, JSONContent } from '@tiptap/core';
import { StrictMode, act, createElement } from 'react';
import { type Root, createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { EditorHost } from '../host.ts';
import { FILE_ID, doc, paragraph, text } from '../testing/fixtures.ts';
import { validateDocument } from '../validate.ts';
import { SheetEditor } from './SheetEditor.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const TOOLBAR_NAMES = [
  'Titre 2',
  'Titre 3',
  'Titre 4',
  'Paragraphe',
  'Gras',
  'Italique',
  'Souligné',
  'Lien',
  'Liste à puces',
  'Liste numérotée',
  'Citation',
  'Tableau',
  'À retenir',
  'Image',
  'Pièce jointe',
  'Lien enrichi',
  'Vidéo',
  'Quiz',
  'Monter le bloc',
  'Descendre le bloc',
];

interface Mounted {
  container: HTMLElement;
  root: Root;
  editor: Editor;
  onChange: ReturnType<typeof vi.fn<(doc: JSONContent) => void>>;
  host: ReturnType<typeof fakeHost>;
}

let mounted: Mounted | undefined;

afterEach(async () => {
  if (mounted) {
    const { root, container } = mounted;
    await act(async () => root.unmount());
    container.remove();
    mounted = undefined;
  }
  document.body.innerHTML = '';
});

function fakeHost() {
  return {
    uploadFile: vi.fn(async (file: File) => ({ id: FILE_ID, name: file.name, size: file.size, mediaType: file.type })),
    notify: vi.fn<EditorHost['notify']>(),
  } satisfies EditorHost;
}

async function mount(initialContent: JSONContent, host = fakeHost(), strict = false): Promise<Mounted> {
  const label = document.createElement('p');
  label.id = 'body-label';
  label.textContent = 'Contenu de la fiche';
  const container = document.createElement('div');
  document.body.append(label, container);
  const onChange = vi.fn<(doc: JSONContent) => void>();
  const root = createRoot(container);
  await act(async () => {
    const editor = createElement(SheetEditor, { initialContent, onChange, host, labelledBy: 'body-label' });
    root.render(strict ? createElement(StrictMode, null, editor) : editor);
  });
  // The editor is created on the client after the first render (immediatelyRender: false).
  await vi.waitFor(() => expect(container.querySelector('.ProseMirror')).not.toBeNull());
  const dom = container.querySelector('.ProseMirror') as HTMLElement & { editor: Editor };
  mounted = { container, root, editor: dom.editor, onChange, host };
  return mounted;
}

function button(container: HTMLElement, name: string): HTMLButtonElement {
  const found = Array.from(container.querySelectorAll('button')).filter((b) => b.textContent?.trim() === name);
  if (found.length !== 1) throw new Error(`${found.length} boutons « ${name} »`);
  return found[0] as HTMLButtonElement;
}

/** The field labelled `name` (its <label> text, without the required mark). */
function field<T extends HTMLElement = HTMLInputElement>(container: HTMLElement, name: string, index = 0): T {
  const labels = Array.from(container.querySelectorAll('label')).filter(
    (label) =>
      label.textContent
        ?.replace(/\s*\*$/, '')
        .replace(' (facultatif)', '')
        .trim() === name,
  );
  const label = labels[index];
  if (!label) throw new Error(`Pas de champ « ${name} »`);
  const element = label.htmlFor ? document.getElementById(label.htmlFor) : label.querySelector('input');
  if (!element) throw new Error(`Champ « ${name} » introuvable`);
  return element as T;
}

/** Types into a React-controlled input or textarea. */
async function type(element: HTMLInputElement | HTMLTextAreaElement, value: string) {
  await act(async () => {
    // Through the prototype's setter, as a browser does, so React sees the change.
    Object.getOwnPropertyDescriptor(Object.getPrototypeOf(element), 'value')?.set?.call(element, value);
    element.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function click(element: HTMLElement) {
  await act(async () => element.click());
}

async function press(target: HTMLElement, key: string, modifiers: KeyboardEventInit = {}) {
  await act(async () => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...modifiers }));
  });
}

function lastDoc(m: Mounted): JSONContent {
  const call = m.onChange.mock.calls.at(-1);
  if (!call) throw new Error('onChange was never called');
  return call[0];
}

function liveRegion(container: HTMLElement): string {
  return container.querySelector('[aria-live="polite"]')?.textContent ?? '';
}

function alertText(container: HTMLElement): string {
  return Array.from(container.querySelectorAll('[role="alert"]'))
    .map((element) => element.textContent ?? '')
    .join(' ');
}

describe('SheetEditor', () => {
  it('renders a labelled editing area and a French toolbar with one tab stop', async () => {
    const { container } = await mount(doc(paragraph(text('Bonjour'))));

    const area = container.querySelector('.ProseMirror') as HTMLElement;
    expect(area.getAttribute('role')).toBe('textbox');
    expect(area.getAttribute('aria-labelledby')).toBe('body-label');
    expect(area.getAttribute('aria-multiline')).toBe('true');
    expect(area.getAttribute('contenteditable')).toBe('true');

    const toolbar = container.querySelector('[role="toolbar"]') as HTMLElement;
    expect(toolbar.getAttribute('aria-label')).toBe('Mise en forme');
    const names = Array.from(toolbar.querySelectorAll('button')).map((b) => b.textContent);
    expect(names).toEqual(TOOLBAR_NAMES);
    for (const name of ['Titre 2', 'Paragraphe', 'Gras', 'Italique', 'Souligné', 'Liste à puces', 'Citation']) {
      expect(button(container, name).hasAttribute('aria-pressed')).toBe(true);
    }
    expect(button(container, 'Paragraphe').getAttribute('aria-pressed')).toBe('true');
    expect(button(container, 'Vidéo').getAttribute('aria-expanded')).toBe('false');

    // Roving tabindex: one button in the tab order, arrows move between them.
    const tabbable = () => Array.from(toolbar.querySelectorAll('button')).filter((b) => b.tabIndex === 0);
    expect(tabbable().map((b) => b.textContent)).toEqual(['Titre 2']);
    button(container, 'Titre 2').focus();
    await press(button(container, 'Titre 2'), 'ArrowRight');
    expect(document.activeElement).toBe(button(container, 'Titre 3'));
    expect(tabbable().map((b) => b.textContent)).toEqual(['Titre 3']);
    await press(button(container, 'Titre 3'), 'End');
    expect(document.activeElement).toBe(button(container, 'Descendre le bloc'));
    await press(button(container, 'Descendre le bloc'), 'ArrowRight');
    expect(document.activeElement).toBe(button(container, 'Titre 2'));
  });

  it('toggles bold on the selected text with "Gras"', async () => {
    const m = await mount(doc(paragraph(text('Bonjour le monde'))));
    await act(async () => {
      m.editor.commands.setTextSelection({ from: 1, to: 8 });
    });
    expect(button(m.container, 'Gras').getAttribute('aria-pressed')).toBe('false');

    await click(button(m.container, 'Gras'));
    expect(lastDoc(m).content?.[0]?.content).toEqual([text('Bonjour', [{ type: 'bold' }]), text(' le monde')]);
    expect(button(m.container, 'Gras').getAttribute('aria-pressed')).toBe('true');

    await click(button(m.container, 'Gras'));
    expect(lastDoc(m).content?.[0]?.content).toEqual([text('Bonjour le monde')]);
    expect(button(m.container, 'Gras').getAttribute('aria-pressed')).toBe('false');
  });

  it('moves the block holding the cursor with Alt+Shift+ArrowDown / ArrowUp and announces it', async () => {
    const m = await mount(doc(paragraph(text('Premier')), paragraph(text('Second'))));
    await act(async () => {
      m.editor.commands.setTextSelection(3);
    });
    const area = m.container.querySelector('.ProseMirror') as HTMLElement;

    await press(area, 'ArrowDown', { altKey: true, shiftKey: true });
    expect(lastDoc(m)).toEqual(doc(paragraph(text('Second')), paragraph(text('Premier'))));
    expect(liveRegion(m.container)).toContain('Bloc déplacé vers le bas');
    // The cursor followed the block: moving down again is impossible, and said so.
    expect(button(m.container, 'Descendre le bloc').getAttribute('aria-disabled')).toBe('true');
    const calls = m.onChange.mock.calls.length;
    await press(area, 'ArrowDown', { altKey: true, shiftKey: true });
    expect(m.onChange.mock.calls.length).toBe(calls);
    expect(liveRegion(m.container)).toContain('Le bloc est déjà tout en bas du document.');

    await press(area, 'ArrowUp', { altKey: true, shiftKey: true });
    expect(lastDoc(m)).toEqual(doc(paragraph(text('Premier')), paragraph(text('Second'))));
    expect(liveRegion(m.container)).toContain('Bloc déplacé vers le haut');

    // The toolbar buttons do the same.
    await click(button(m.container, 'Descendre le bloc'));
    expect(lastDoc(m)).toEqual(doc(paragraph(text('Second')), paragraph(text('Premier'))));
    await click(button(m.container, 'Monter le bloc'));
    expect(lastDoc(m)).toEqual(doc(paragraph(text('Premier')), paragraph(text('Second'))));
  });

  it('inserts a video from a YouTube URL through its panel, and refuses other providers in French', async () => {
    const m = await mount(doc(paragraph(text('Intro'))));
    const opener = button(m.container, 'Vidéo');
    await click(opener);
    expect(opener.getAttribute('aria-expanded')).toBe('true');
    const panel = m.container.querySelector('.me-panel') as HTMLElement;
    expect(panel.querySelector('h2')?.textContent).toBe('Insérer une vidéo');
    const url = field(m.container, 'Adresse de la vidéo');
    expect(document.activeElement).toBe(url);

    await type(url, 'https://www.facebook.com/watch?v=123456');
    await click(button(m.container, 'Insérer la vidéo'));
    expect(alertText(m.container)).toContain('seules les vidéos YouTube, PeerTube, Vimeo et Dailymotion sont acceptées');
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect(m.onChange).not.toHaveBeenCalled();

    await type(url, 'https://www.youtube.com/watch?v=dQw4w9WgXcQ');
    await type(field(m.container, 'Titre'), 'Reconnaître un hameçonnage');
    await click(button(m.container, 'Insérer la vidéo'));

    const video = lastDoc(m).content?.find((node) => node.type === 'video');
    expect(video?.attrs).toEqual({
      provider: 'youtube',
      videoId: 'dQw4w9WgXcQ',
      host: null,
      title: 'Reconnaître un hameçonnage',
    });
    expect(validateDocument(lastDoc(m))).toMatchObject({ ok: true });
    expect(m.container.querySelector('.me-panel')).toBeNull();
    expect(liveRegion(m.container)).toContain('Vidéo YouTube insérée.');
    // The atom shows a readable summary card in the editor.
    const card = m.container.querySelector('.ProseMirror [data-type="video"]') as HTMLElement;
    expect(card.textContent).toContain('Vidéo YouTube : Reconnaître un hameçonnage');
    expect(card.querySelector('button')?.textContent).toBe('Supprimer le bloc');
  });

  it('closes a panel with Escape and gives the focus back to its button', async () => {
    const m = await mount(doc(paragraph(text('Intro'))));
    const opener = button(m.container, 'Lien enrichi');
    await click(opener);
    const input = field(m.container, 'Adresse de la page');
    expect(document.activeElement).toBe(input);
    await press(input, 'Escape');
    expect(m.container.querySelector('.me-panel')).toBeNull();
    expect(document.activeElement).toBe(opener);
    expect(opener.getAttribute('aria-expanded')).toBe('false');
  });

  it('refuses a quiz question without a right answer, then inserts the corrected quiz', async () => {
    const m = await mount(doc(paragraph(text('Intro'))));
    await click(button(m.container, 'Quiz'));
    await type(field<HTMLTextAreaElement>(m.container, 'Intitulé de la question'), 'Quel message est suspect ?');
    await type(field(m.container, 'Réponse 1'), 'Un colis bloqué à la douane');
    await type(field(m.container, 'Réponse 2'), 'Une facture attendue');
    await click(button(m.container, 'Insérer le quiz'));

    expect(alertText(m.container)).toContain('Question 1 : Au moins une réponse doit être juste.');
    expect(m.onChange).not.toHaveBeenCalled();
    expect(m.editor.getJSON().content?.some((node) => node.type === 'quiz')).toBe(false);
    // Focus went to the answers group, which describes the error.
    expect((document.activeElement as HTMLElement).tagName).toBe('FIELDSET');

    await click(field(m.container, 'Bonne réponse (réponse 1)'));
    await click(button(m.container, 'Insérer le quiz'));
    const quiz = lastDoc(m).content?.find((node) => node.type === 'quiz');
    const questions = quiz?.attrs?.questions as { prompt: string; choices: { text: string; correct: boolean }[] }[];
    expect(questions).toHaveLength(1);
    expect(questions[0]?.prompt).toBe('Quel message est suspect ?');
    expect(questions[0]?.choices.map((c) => [c.text, c.correct])).toEqual([
      ['Un colis bloqué à la douane', true],
      ['Une facture attendue', false],
    ]);
    expect(validateDocument(lastDoc(m))).toMatchObject({ ok: true });

    const card = m.container.querySelector('.ProseMirror [data-type="quiz"]') as HTMLElement;
    expect(card.querySelector('.me-atom-summary')?.textContent).toBe('Quiz : 1 question');
    await click(button(card, 'Supprimer le bloc'));
    expect(lastDoc(m).content?.some((node) => node.type === 'quiz')).toBe(false);
  });

  it('uploads an image through the host and requires its alt text before inserting it', async () => {
    const m = await mount(doc(paragraph(text('Intro'))));
    await click(button(m.container, 'Image'));
    const input = field(m.container, 'Fichier image');
    const file = new File(['png'], 'schema.png', { type: 'image/png' });
    await act(async () => {
      Object.defineProperty(input, 'files', { value: [file], configurable: true });
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });

    await click(button(m.container, "Insérer l'image"));
    expect(alertText(m.container)).toContain('Le texte alternatif est obligatoire');
    expect(m.host.uploadFile).not.toHaveBeenCalled();
    expect(m.onChange).not.toHaveBeenCalled();

    await type(field(m.container, 'Texte alternatif'), 'Schéma du parcours');
    await click(button(m.container, "Insérer l'image"));
    await vi.waitFor(() => expect(m.onChange).toHaveBeenCalled());
    expect(m.host.uploadFile).toHaveBeenCalledWith(file, 'image');
    const image = lastDoc(m).content?.find((node) => node.type === 'image');
    expect(image?.attrs).toEqual({ fileId: FILE_ID, alt: 'Schéma du parcours', caption: null });
    expect(m.container.querySelector('.ProseMirror [data-type="image"]')?.textContent).toContain('Image : Schéma du parcours');
  });

  it('inserts nothing when the panel is closed during the upload', async () => {
    const host = fakeHost();
    let finish: (value: Awaited<ReturnType<EditorHost['uploadFile']>>) => void = () => {};
    host.uploadFile.mockImplementationOnce(() => new Promise((resolve) => (finish = resolve)));
    const m = await mount(doc(paragraph(text('Intro'))), host);
    const opener = button(m.container, 'Image');
    await click(opener);
    const input = field(m.container, 'Fichier image');
    await act(async () => {
      Object.defineProperty(input, 'files', { value: [new File(['png'], 'a.png', { type: 'image/png' })], configurable: true });
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await type(field(m.container, 'Texte alternatif'), 'Un schéma');
    await click(button(m.container, "Insérer l'image"));
    expect(host.uploadFile).toHaveBeenCalledTimes(1);
    expect(button(m.container, 'Envoi en cours…').getAttribute('aria-disabled')).toBe('true');

    await click(button(m.container, 'Annuler'));
    expect(document.activeElement).toBe(opener);
    await act(async () => finish({ id: FILE_ID, name: 'a.png', size: 3, mediaType: 'image/png' }));
    expect(m.onChange).not.toHaveBeenCalled();
    expect(m.editor.getJSON().content?.some((node) => node.type === 'image')).toBe(false);
  });

  it('shows the upload error and inserts nothing when the host refuses the file', async () => {
    const host = fakeHost();
    host.uploadFile.mockRejectedValueOnce(new Error('fichier trop volumineux (10 Mo au maximum)'));
    const m = await mount(doc(paragraph(text('Intro'))), host);
    await click(button(m.container, 'Pièce jointe'));
    const input = field(m.container, 'Fichier');
    const file = new File(['pdf'], 'guide.pdf', { type: 'application/pdf' });
    await act(async () => {
      Object.defineProperty(input, 'files', { value: [file], configurable: true });
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    // The displayed name is offered from the file name.
    expect(field(m.container, 'Nom affiché').value).toBe('guide');
    const role = field<HTMLSelectElement>(m.container, 'Rôle du document');
    expect(Array.from(role.options).map((o) => o.textContent)).toEqual([
      "Guide d'animation",
      'Diaporama',
      'Support participant',
      'Autre document',
    ]);

    await click(button(m.container, 'Insérer la pièce jointe'));
    await vi.waitFor(() => expect(alertText(m.container)).toContain("L'envoi du fichier a échoué : fichier trop volumineux"));
    expect(m.onChange).not.toHaveBeenCalled();

    await click(button(m.container, 'Insérer la pièce jointe'));
    await vi.waitFor(() => expect(m.onChange).toHaveBeenCalled());
    const attachment = lastDoc(m).content?.find((node) => node.type === 'attachment');
    expect(attachment?.attrs).toEqual({ fileId: FILE_ID, role: 'guide_animation', label: 'guide' });
  });

  it('sets a link on the selected text, refusing javascript: URLs', async () => {
    const m = await mount(doc(paragraph(text('Cybermalveillance'))));
    await act(async () => {
      m.editor.commands.setTextSelection({ from: 1, to: 18 });
    });
    await click(button(m.container, 'Lien'));
    const href = field(m.container, 'Adresse du lien');
    await type(href, 'javascript:alert(1)');
    await press(href, 'Enter');
    expect(alertText(m.container)).toContain('seules les adresses commençant par http://, https:// ou mailto: sont acceptées');
    expect(m.onChange).not.toHaveBeenCalled();

    await type(href, 'https://www.cybermalveillance.gouv.fr/');
    await press(href, 'Enter');
    expect(lastDoc(m).content?.[0]?.content).toEqual([
      text('Cybermalveillance', [{ type: 'link', attrs: { href: 'https://www.cybermalveillance.gouv.fr/' } }]),
    ]);
  });

  it('inserts a callout from the "À retenir" panel and a link card', async () => {
    const m = await mount(doc(paragraph(text('Intro'))));
    await click(button(m.container, 'À retenir'));
    await click(button(m.container, 'Insérer le bloc'));
    expect(alertText(m.container)).toContain('Écrivez le texte à retenir.');
    await type(
      field<HTMLTextAreaElement>(m.container, 'Texte à retenir'),
      'Ne jamais cliquer dans l’urgence.\nVérifier l’expéditeur.',
    );
    await click(button(m.container, 'Insérer le bloc'));
    const callout = lastDoc(m).content?.find((node) => node.type === 'callout');
    expect(callout?.content).toEqual([
      paragraph(text('Ne jamais cliquer dans l’urgence.')),
      paragraph(text('Vérifier l’expéditeur.')),
    ]);

    await click(button(m.container, 'Lien enrichi'));
    await type(field(m.container, 'Adresse de la page'), 'ftp://exemple.fr');
    await type(field(m.container, 'Titre'), 'Exemple');
    await click(button(m.container, 'Insérer le lien enrichi'));
    expect(alertText(m.container)).toContain('seules les adresses http:// et https:// sont acceptées');
    await type(field(m.container, 'Adresse de la page'), 'https://exemple.fr/guide');
    await click(button(m.container, 'Insérer le lien enrichi'));
    const card = lastDoc(m).content?.find((node) => node.type === 'linkCard');
    expect(card?.attrs).toEqual({ url: 'https://exemple.fr/guide', title: 'Exemple', description: null, imageUrl: null });
    expect(validateDocument(lastDoc(m))).toMatchObject({ ok: true });
  });

  it('works under StrictMode (effects run twice)', async () => {
    const image = { type: 'image', attrs: { fileId: FILE_ID, alt: 'Schéma', caption: null } };
    const m = await mount(doc(paragraph(text('Intro')), image), fakeHost(), true);
    const card = m.container.querySelector('.ProseMirror [data-type="image"]') as HTMLElement;
    expect(card.querySelector('.me-atom-summary')?.textContent).toBe('Image : Schéma');
    await act(async () => {
      m.editor.commands.setTextSelection(3);
    });
    await click(button(m.container, 'Descendre le bloc'));
    // (The trailing-node extension keeps an empty paragraph after a final atom.)
    expect(lastDoc(m).content?.map((node) => node.type)).toEqual(['image', 'paragraph', 'paragraph']);
    expect(lastDoc(m).content?.[1]).toEqual(paragraph(text('Intro')));
    await click(button(m.container, 'Gras'));
    expect(button(m.container, 'Gras').getAttribute('aria-pressed')).toBe('true');
  });

  it('never puts a video iframe in the page, even when unmounting', async () => {
    const video = { type: 'video', attrs: { provider: 'youtube', videoId: 'dQw4w9WgXcQ', host: null, title: 'Démo' } };
    const m = await mount(doc(paragraph(text('Intro')), video));
    expect(m.container.querySelector('.ProseMirror [data-type="video"] .me-atom-summary')?.textContent).toBe(
      'Vidéo YouTube : Démo',
    );
    expect(document.querySelector('iframe')).toBeNull();

    // Unmounting makes Tiptap redraw the atoms with their public HTML: that must happen off-page.
    const added: Node[] = [];
    const observer = new MutationObserver((records) => records.forEach((record) => added.push(...Array.from(record.addedNodes))));
    observer.observe(document.body, { childList: true, subtree: true });
    await act(async () => m.root.unmount());
    await new Promise((resolve) => setTimeout(resolve, 10));
    observer.disconnect();
    mounted = undefined;
    const iframes = added.filter(
      (node) => node instanceof HTMLElement && (node.matches('iframe') || node.querySelector('iframe')),
    );
    expect(iframes).toEqual([]);
    expect(document.querySelector('iframe')).toBeNull();
  });
});
