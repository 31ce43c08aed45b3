/**
 * The insertion panels opened from the toolbar: link, "À retenir", image, attachment, link card, video
 * and quiz. Each checks what it can before touching the document (French messages), then uses the
 * node's typed insert command, which validates the attributes once more.
 */
import type { Editor } from '@tiptap/core';
import { type JSX, useEffect, useId, useRef, useState } from 'react';

import type { EditorHost } from '../host.ts';
import { ATTACHMENT_ROLES, ATTACHMENT_ROLE_LABELS, type AttachmentRole, attachmentAttrsSchema } from '../nodes/attachment.ts';
import { imageAttrsSchema } from '../nodes/image.ts';
import { linkCardAttrsSchema } from '../nodes/link-card.ts';
import { QUIZ_LIMITS, type QuizQuestion, quizAttrsSchema } from '../nodes/quiz.ts';
import { videoAttrsSchema } from '../nodes/video.ts';
import { isLinkHref } from '../url.ts';
import { VIDEO_PROVIDERS, VIDEO_PROVIDER_LABELS, parseVideoUrl } from '../video.ts';
import { type FieldError, FieldErrorText, FileField, Panel, TextField, errorFor, zodErrors } from './fields.tsx';

export type PanelKind = 'link' | 'callout' | 'image' | 'attachment' | 'linkCard' | 'video' | 'quiz';

export interface PanelProps {
  editor: Editor;
  host: EditorHost;
  /** The block was inserted (or the link set): close the panel and announce `message`. */
  onDone: (message: string) => void;
  /** Closed without change (Annuler, Escape): focus returns to the toolbar button. */
  onCancel: () => void;
}

const CANNOT_INSERT: FieldError = {
  field: null,
  message:
    "Impossible d'insérer ce bloc à cet endroit : placez le curseur dans un paragraphe en dehors des listes, citations et tableaux.",
};

/** "YouTube, PeerTube, Vimeo et Dailymotion" */
export const ALLOWED_VIDEO_PROVIDERS_TEXT = (() => {
  const labels = VIDEO_PROVIDERS.map((provider) => VIDEO_PROVIDER_LABELS[provider]);
  return `${labels.slice(0, -1).join(', ')} et ${labels.at(-1) ?? ''}`;
})();

export const VIDEO_REFUSED_MESSAGE = `Adresse de vidéo refusée : seules les vidéos ${ALLOWED_VIDEO_PROVIDERS_TEXT} sont acceptées (collez l'adresse de la page de la vidéo).`;

export const LINK_REFUSED_MESSAGE =
  'Adresse refusée : seules les adresses commençant par http://, https:// ou mailto: sont acceptées (ex. https://exemple.fr).';

function errorMessage(error: unknown): string {
  return error instanceof Error && error.message ? error.message : 'erreur inconnue';
}

/** A short random id for quiz questions and choices (URL- and HTML-safe). */
function localId(prefix: string): string {
  const bytes = new Uint8Array(6);
  globalThis.crypto.getRandomValues(bytes);
  return `${prefix}-${Array.from(bytes, (byte) => byte.toString(36).padStart(2, '0')).join('')}`;
}

// ---------------------------------------------------------------------------------------------------
// Link (a mark on the selected text)

export function LinkPanel({ editor, onDone, onCancel }: PanelProps) {
  const idPrefix = useId();
  const active = editor.isActive('link');
  const needsText = !active && editor.state.selection.empty;
  const [href, setHref] = useState(() => (active ? String(editor.getAttributes('link').href ?? '') : ''));
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);

  const submit = () => {
    const url = href.trim();
    if (url === '') return setErrors([{ field: 'href', message: "Indiquez l'adresse du lien." }]);
    if (!isLinkHref(url)) return setErrors([{ field: 'href', message: LINK_REFUSED_MESSAGE }]);
    let ok: boolean;
    if (active) {
      ok = editor.chain().focus().extendMarkRange('link').setLink({ href: url }).run();
    } else if (needsText) {
      const label = text.trim() || url;
      ok = editor
        .chain()
        .focus()
        .insertContent({ type: 'text', text: label, marks: [{ type: 'link', attrs: { href: url } }] })
        .run();
    } else {
      ok = editor.chain().focus().setLink({ href: url }).run();
    }
    if (!ok) return setErrors([{ field: 'href', message: LINK_REFUSED_MESSAGE }]);
    onDone(active ? 'Lien modifié.' : 'Lien ajouté.');
  };

  const remove = () => {
    editor.chain().focus().extendMarkRange('link').unsetLink().run();
    onDone('Lien retiré.');
  };

  return (
    <Panel
      title={active ? 'Modifier le lien' : 'Ajouter un lien'}
      submitLabel={active ? 'Modifier le lien' : 'Ajouter le lien'}
      onSubmit={submit}
      onCancel={onCancel}
      errors={errors}
      idPrefix={idPrefix}
      extraActions={
        active ? (
          <button type="button" className="me-button" onClick={remove}>
            Retirer le lien
          </button>
        ) : null
      }
    >
      <TextField
        id={`${idPrefix}-href`}
        label="Adresse du lien"
        type="url"
        value={href}
        onChange={setHref}
        required
        hint="Adresse commençant par https://, http:// ou mailto:"
        error={errorFor(errors, 'href')}
      />
      {needsText ? (
        <TextField
          id={`${idPrefix}-text`}
          label="Texte du lien"
          value={text}
          onChange={setText}
          hint="Par défaut, l'adresse elle-même."
          error={errorFor(errors, 'text')}
        />
      ) : null}
    </Panel>
  );
}

// ---------------------------------------------------------------------------------------------------
// "À retenir" (callout: editable text, not an atom)

export function CalloutPanel({ editor, onDone, onCancel }: PanelProps) {
  const idPrefix = useId();
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);

  const submit = () => {
    const lines = text
      .split(/\n+/)
      .map((line) => line.trim())
      .filter((line) => line !== '');
    if (lines.length === 0) return setErrors([{ field: 'text', message: 'Écrivez le texte à retenir.' }]);
    const ok = editor
      .chain()
      .focus()
      .insertContent({
        type: 'callout',
        content: lines.map((line) => ({ type: 'paragraph', content: [{ type: 'text', text: line }] })),
      })
      .run();
    if (!ok) return setErrors([CANNOT_INSERT]);
    onDone('Bloc « À retenir » inséré.');
  };

  return (
    <Panel
      title="Insérer un bloc « À retenir »"
      submitLabel="Insérer le bloc"
      onSubmit={submit}
      onCancel={onCancel}
      errors={errors}
      idPrefix={idPrefix}
    >
      <TextField
        id={`${idPrefix}-text`}
        label="Texte à retenir"
        multiline
        value={text}
        onChange={setText}
        required
        hint="Un paragraphe par ligne. Vous pourrez le modifier ensuite dans l'éditeur."
        error={errorFor(errors, 'text')}
      />
    </Panel>
  );
}

// ---------------------------------------------------------------------------------------------------
// Uploads (image, attachment)

type Uploaded = Awaited<ReturnType<EditorHost['uploadFile']>>;

/** The panel was closed while an upload was running: nothing is inserted. */
class PanelClosed extends Error {}

/**
 * Uploads once per chosen file (a refused insertion, e.g. alt text too long, does not upload twice).
 * If the panel is closed during the upload, `upload` rejects with PanelClosed and nothing is inserted.
 */
function useUpload(host: EditorHost, purpose: 'image' | 'attachment') {
  const cache = useRef<{ file: File; result: Uploaded } | null>(null);
  const open = useRef(true);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    open.current = true;
    return () => {
      open.current = false;
    };
  }, []);
  const upload = async (file: File): Promise<Uploaded> => {
    if (cache.current?.file === file) return cache.current.result;
    setBusy(true);
    try {
      const result = await host.uploadFile(file, purpose);
      cache.current = { file, result };
      if (!open.current) throw new PanelClosed();
      return result;
    } finally {
      if (open.current) setBusy(false);
    }
  };
  return { busy, upload };
}

export function ImagePanel({ editor, host, onDone, onCancel }: PanelProps) {
  const idPrefix = useId();
  const [file, setFile] = useState<File | null>(null);
  const [alt, setAlt] = useState('');
  const [caption, setCaption] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const { busy, upload } = useUpload(host, 'image');

  const submit = async () => {
    const found: FieldError[] = [];
    if (!file) found.push({ field: 'file', message: 'Choisissez une image.' });
    else if (file.type !== '' && !file.type.startsWith('image/'))
      found.push({ field: 'file', message: "Ce fichier n'est pas une image (JPEG, PNG, WebP…)." });
    if (alt.trim() === '')
      found.push({
        field: 'alt',
        message: "Le texte alternatif est obligatoire : décrivez en quelques mots ce que montre l'image.",
      });
    if (found.length > 0 || !file) return setErrors(found);

    let uploaded: Uploaded;
    try {
      uploaded = await upload(file);
    } catch (error) {
      if (error instanceof PanelClosed) return;
      return setErrors([{ field: 'file', message: `L'envoi de l'image a échoué : ${errorMessage(error)}` }]);
    }
    const attrs = { fileId: uploaded.id, alt: alt.trim(), caption: caption.trim() || null };
    const parsed = imageAttrsSchema.safeParse(attrs);
    if (!parsed.success) return setErrors(zodErrors(parsed.error.issues));
    if (!editor.chain().focus().insertImage(attrs).run()) return setErrors([CANNOT_INSERT]);
    onDone(`Image insérée : ${attrs.alt}.`);
  };

  return (
    <Panel
      title="Insérer une image"
      submitLabel="Insérer l'image"
      onSubmit={() => void submit()}
      onCancel={onCancel}
      busy={busy}
      errors={errors}
      idPrefix={idPrefix}
    >
      <FileField
        id={`${idPrefix}-file`}
        label="Fichier image"
        accept="image/*"
        onChange={setFile}
        error={errorFor(errors, 'file')}
      />
      <TextField
        id={`${idPrefix}-alt`}
        label="Texte alternatif"
        value={alt}
        onChange={setAlt}
        required
        hint="Ce que l'image apporte, pour les personnes qui ne la voient pas (lecteur d'écran)."
        error={errorFor(errors, 'alt')}
      />
      <TextField
        id={`${idPrefix}-caption`}
        label="Légende"
        value={caption}
        onChange={setCaption}
        error={errorFor(errors, 'caption')}
      />
    </Panel>
  );
}

export function AttachmentPanel({ editor, host, onDone, onCancel }: PanelProps) {
  const idPrefix = useId();
  const [file, setFile] = useState<File | null>(null);
  const [role, setRole] = useState<AttachmentRole>('guide_animation');
  const [label, setLabel] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const { busy, upload } = useUpload(host, 'attachment');

  const chooseFile = (chosen: File | null) => {
    setFile(chosen);
    // Offer the file name (without its extension) as the displayed name.
    if (chosen && label.trim() === '') setLabel(chosen.name.replace(/\.[^.]+$/, ''));
  };

  const submit = async () => {
    const found: FieldError[] = [];
    if (!file) found.push({ field: 'file', message: 'Choisissez un fichier.' });
    if (label.trim() === '') found.push({ field: 'label', message: 'Le nom affiché est obligatoire.' });
    if (found.length > 0 || !file) return setErrors(found);

    let uploaded: Uploaded;
    try {
      uploaded = await upload(file);
    } catch (error) {
      if (error instanceof PanelClosed) return;
      return setErrors([{ field: 'file', message: `L'envoi du fichier a échoué : ${errorMessage(error)}` }]);
    }
    const attrs = { fileId: uploaded.id, role, label: label.trim() };
    const parsed = attachmentAttrsSchema.safeParse(attrs);
    if (!parsed.success) return setErrors(zodErrors(parsed.error.issues));
    if (!editor.chain().focus().insertAttachment(attrs).run()) return setErrors([CANNOT_INSERT]);
    onDone(`Pièce jointe insérée : ${attrs.label}.`);
  };

  const roleId = `${idPrefix}-role`;
  return (
    <Panel
      title="Insérer une pièce jointe"
      submitLabel="Insérer la pièce jointe"
      onSubmit={() => void submit()}
      onCancel={onCancel}
      busy={busy}
      errors={errors}
      idPrefix={idPrefix}
    >
      <FileField id={`${idPrefix}-file`} label="Fichier" onChange={chooseFile} error={errorFor(errors, 'file')} />
      <div className="me-field">
        <label htmlFor={roleId} className="me-label">
          Rôle du document
        </label>
        <select id={roleId} value={role} onChange={(event) => setRole(event.target.value as AttachmentRole)}>
          {ATTACHMENT_ROLES.map((value) => (
            <option key={value} value={value}>
              {ATTACHMENT_ROLE_LABELS[value]}
            </option>
          ))}
        </select>
      </div>
      <TextField
        id={`${idPrefix}-label`}
        label="Nom affiché"
        value={label}
        onChange={setLabel}
        required
        error={errorFor(errors, 'label')}
      />
    </Panel>
  );
}

// ---------------------------------------------------------------------------------------------------
// Link card

export function LinkCardPanel({ editor, onDone, onCancel }: PanelProps) {
  const idPrefix = useId();
  const [url, setUrl] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);

  const submit = () => {
    const attrs = { url: url.trim(), title: title.trim(), description: description.trim() || null, imageUrl: null };
    const found: FieldError[] = [];
    if (attrs.url === '') found.push({ field: 'url', message: "Indiquez l'adresse de la page." });
    if (attrs.title === '') found.push({ field: 'title', message: 'Le titre est obligatoire.' });
    if (found.length > 0) return setErrors(found);
    const parsed = linkCardAttrsSchema.safeParse(attrs);
    if (!parsed.success) return setErrors(zodErrors(parsed.error.issues));
    if (!editor.chain().focus().insertLinkCard(attrs).run()) return setErrors([CANNOT_INSERT]);
    onDone(`Lien enrichi inséré : ${attrs.title}.`);
  };

  return (
    <Panel
      title="Insérer un lien enrichi"
      submitLabel="Insérer le lien enrichi"
      onSubmit={submit}
      onCancel={onCancel}
      errors={errors}
      idPrefix={idPrefix}
    >
      <TextField
        id={`${idPrefix}-url`}
        label="Adresse de la page"
        type="url"
        value={url}
        onChange={setUrl}
        required
        hint="Adresse commençant par https:// ou http://"
        error={errorFor(errors, 'url')}
      />
      <TextField
        id={`${idPrefix}-title`}
        label="Titre"
        value={title}
        onChange={setTitle}
        required
        error={errorFor(errors, 'title')}
      />
      <TextField
        id={`${idPrefix}-description`}
        label="Description"
        multiline
        value={description}
        onChange={setDescription}
        error={errorFor(errors, 'description')}
      />
    </Panel>
  );
}

// ---------------------------------------------------------------------------------------------------
// Video

export function VideoPanel({ editor, onDone, onCancel }: PanelProps) {
  const idPrefix = useId();
  const [url, setUrl] = useState('');
  const [title, setTitle] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);

  const submit = () => {
    if (url.trim() === '') return setErrors([{ field: 'url', message: "Collez l'adresse de la vidéo." }]);
    const source = parseVideoUrl(url);
    if (!source) return setErrors([{ field: 'url', message: VIDEO_REFUSED_MESSAGE }]);
    const attrs = { ...source, title: title.trim() || null };
    const parsed = videoAttrsSchema.safeParse(attrs);
    if (!parsed.success) return setErrors(zodErrors(parsed.error.issues));
    if (!editor.chain().focus().insertVideo(attrs).run()) return setErrors([CANNOT_INSERT]);
    onDone(`Vidéo ${VIDEO_PROVIDER_LABELS[source.provider]} insérée.`);
  };

  return (
    <Panel
      title="Insérer une vidéo"
      submitLabel="Insérer la vidéo"
      onSubmit={submit}
      onCancel={onCancel}
      errors={errors}
      idPrefix={idPrefix}
    >
      <TextField
        id={`${idPrefix}-url`}
        label="Adresse de la vidéo"
        type="url"
        value={url}
        onChange={setUrl}
        required
        hint={`Vidéos acceptées : ${ALLOWED_VIDEO_PROVIDERS_TEXT}.`}
        error={errorFor(errors, 'url')}
      />
      <TextField id={`${idPrefix}-title`} label="Titre" value={title} onChange={setTitle} error={errorFor(errors, 'title')} />
    </Panel>
  );
}

// ---------------------------------------------------------------------------------------------------
// Quiz

interface ChoiceDraft {
  id: string;
  text: string;
  correct: boolean;
}

interface QuestionDraft {
  id: string;
  prompt: string;
  choices: ChoiceDraft[];
  explanation: string;
}

function newChoice(): ChoiceDraft {
  return { id: localId('r'), text: '', correct: false };
}

function newQuestion(): QuestionDraft {
  return { id: localId('q'), prompt: '', choices: [newChoice(), newChoice()], explanation: '' };
}

/** Where a quiz issue points: "questions.0.choices.1.text" → field "q0-c1-text", "Question 1, réponse 2". */
function quizIssue(path: readonly PropertyKey[], message: string): FieldError {
  const [, question, key, choice, choiceKey] = path;
  if (typeof question !== 'number') return { field: null, message };
  const where = `Question ${question + 1}`;
  if (key === 'choices' && typeof choice === 'number') {
    return { field: `q${question}-c${choice}-text`, message: `${where}, réponse ${choice + 1} : ${message}` };
  }
  if (key === 'choices' || key === undefined) {
    const field = key === 'choices' && choiceKey === undefined ? `q${question}-choices` : null;
    return { field, message: `${where} : ${message}` };
  }
  return { field: `q${question}-${String(key)}`, message: `${where} : ${message}` };
}

export function QuizPanel({ editor, onDone, onCancel }: PanelProps) {
  const idPrefix = useId();
  const [questions, setQuestions] = useState<QuestionDraft[]>(() => [newQuestion()]);
  const [errors, setErrors] = useState<FieldError[]>([]);

  const updateQuestion = (index: number, change: (question: QuestionDraft) => QuestionDraft) =>
    setQuestions((current) => current.map((question, i) => (i === index ? change(question) : question)));
  const updateChoice = (qIndex: number, cIndex: number, change: Partial<ChoiceDraft>) =>
    updateQuestion(qIndex, (question) => ({
      ...question,
      choices: question.choices.map((choice, i) => (i === cIndex ? { ...choice, ...change } : choice)),
    }));

  const submit = () => {
    const attrs = {
      questions: questions.map((question): QuizQuestion => ({
        id: question.id,
        prompt: question.prompt.trim(),
        choices: question.choices.map((choice) => ({ id: choice.id, text: choice.text.trim(), correct: choice.correct })),
        explanation: question.explanation.trim() || null,
      })),
    };
    // Empty fields first, with plain messages; then the schema (right answers, limits, lengths).
    const found: FieldError[] = [];
    attrs.questions.forEach((question, qIndex) => {
      if (question.prompt === '')
        found.push({ field: `q${qIndex}-prompt`, message: `Question ${qIndex + 1} : écrivez l'intitulé de la question.` });
      question.choices.forEach((choice, cIndex) => {
        if (choice.text === '')
          found.push({
            field: `q${qIndex}-c${cIndex}-text`,
            message: `Question ${qIndex + 1}, réponse ${cIndex + 1} : écrivez le texte de la réponse (ou retirez-la).`,
          });
      });
    });
    const parsed = quizAttrsSchema.safeParse(attrs);
    if (!parsed.success) {
      const seen = new Set(found.map((error) => error.field));
      for (const issue of parsed.error.issues) {
        const error = quizIssue(issue.path, issue.message);
        if (error.field === null || !seen.has(error.field)) found.push(error);
      }
    }
    if (found.length > 0) return setErrors(found);
    if (!editor.chain().focus().insertQuiz(attrs).run()) return setErrors([CANNOT_INSERT]);
    const count = attrs.questions.length;
    onDone(`Quiz inséré : ${count} question${count > 1 ? 's' : ''}.`);
  };

  const fieldId = (name: string) => `${idPrefix}-${name}`;

  return (
    <Panel
      title="Insérer un quiz"
      submitLabel="Insérer le quiz"
      onSubmit={submit}
      onCancel={onCancel}
      errors={errors}
      idPrefix={idPrefix}
    >
      <p className="me-hint">
        Chaque question propose de {QUIZ_LIMITS.minChoices} à {QUIZ_LIMITS.maxChoices} réponses, dont au moins une bonne réponse.
      </p>
      <ol className="me-quiz-questions">
        {questions.map((question, qIndex) => {
          const choicesError = errorFor(errors, `q${qIndex}-choices`);
          const choicesErrorId = fieldId(`q${qIndex}-choices-error`);
          return (
            <li key={question.id}>
              <fieldset className="me-quiz-question">
                <legend>Question {qIndex + 1}</legend>
                <TextField
                  id={fieldId(`q${qIndex}-prompt`)}
                  label="Intitulé de la question"
                  multiline
                  value={question.prompt}
                  onChange={(prompt) => updateQuestion(qIndex, (q) => ({ ...q, prompt }))}
                  required
                  error={errorFor(errors, `q${qIndex}-prompt`)}
                />
                <fieldset
                  className="me-quiz-choices"
                  id={fieldId(`q${qIndex}-choices`)}
                  tabIndex={-1}
                  aria-describedby={choicesError ? choicesErrorId : undefined}
                >
                  <legend>Réponses proposées</legend>
                  <FieldErrorText id={choicesErrorId} error={choicesError} />
                  <ol>
                    {question.choices.map((choice, cIndex) => {
                      const textId = fieldId(`q${qIndex}-c${cIndex}-text`);
                      const textError = errorFor(errors, `q${qIndex}-c${cIndex}-text`);
                      return (
                        <li key={choice.id} className="me-quiz-choice">
                          <label htmlFor={textId} className="me-label">
                            Réponse {cIndex + 1}
                            <span aria-hidden="true"> *</span>
                          </label>
                          <input
                            id={textId}
                            type="text"
                            autoComplete="off"
                            required
                            value={choice.text}
                            aria-invalid={textError ? true : undefined}
                            aria-describedby={textError ? `${textId}-error` : undefined}
                            onChange={(event) => updateChoice(qIndex, cIndex, { text: event.target.value })}
                          />
                          <label className="me-checkbox">
                            <input
                              type="checkbox"
                              checked={choice.correct}
                              onChange={(event) => updateChoice(qIndex, cIndex, { correct: event.target.checked })}
                            />{' '}
                            Bonne réponse<span className="me-visually-hidden"> (réponse {cIndex + 1})</span>
                          </label>
                          {question.choices.length > QUIZ_LIMITS.minChoices ? (
                            <button
                              type="button"
                              className="me-button me-button--small"
                              onClick={() =>
                                updateQuestion(qIndex, (q) => ({ ...q, choices: q.choices.filter((_, i) => i !== cIndex) }))
                              }
                            >
                              Retirer la réponse {cIndex + 1}
                            </button>
                          ) : null}
                          <FieldErrorText id={`${textId}-error`} error={textError} />
                        </li>
                      );
                    })}
                  </ol>
                  {question.choices.length < QUIZ_LIMITS.maxChoices ? (
                    <button
                      type="button"
                      className="me-button me-button--small"
                      onClick={() => updateQuestion(qIndex, (q) => ({ ...q, choices: [...q.choices, newChoice()] }))}
                    >
                      Ajouter une réponse<span className="me-visually-hidden"> à la question {qIndex + 1}</span>
                    </button>
                  ) : null}
                </fieldset>
                <TextField
                  id={fieldId(`q${qIndex}-explanation`)}
                  label="Explication"
                  multiline
                  value={question.explanation}
                  onChange={(explanation) => updateQuestion(qIndex, (q) => ({ ...q, explanation }))}
                  hint="Affichée avec la bonne réponse."
                  error={errorFor(errors, `q${qIndex}-explanation`)}
                />
                {questions.length > QUIZ_LIMITS.minQuestions ? (
                  <button
                    type="button"
                    className="me-button me-button--small"
                    onClick={() => setQuestions((current) => current.filter((_, i) => i !== qIndex))}
                  >
                    Retirer la question {qIndex + 1}
                  </button>
                ) : null}
              </fieldset>
            </li>
          );
        })}
      </ol>
      {questions.length < QUIZ_LIMITS.maxQuestions ? (
        <button type="button" className="me-button" onClick={() => setQuestions((current) => [...current, newQuestion()])}>
          Ajouter une question
        </button>
      ) : null}
    </Panel>
  );
}

export const PANELS: Record<PanelKind, (props: PanelProps) => JSX.Element> = {
  link: LinkPanel,
  callout: CalloutPanel,
  image: ImagePanel,
  attachment: AttachmentPanel,
  linkCard: LinkCardPanel,
  video: VideoPanel,
  quiz: QuizPanel,
};
