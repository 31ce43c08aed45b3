/**
 * Small building blocks of the insertion panels: the panel shell (heading, focus moved in, Escape to
 * close, Enter to submit), labelled fields with their error, and the error summary.
 *
 * The panels are not <form> elements on purpose: the web app may well put the editor inside its own
 * form, and forms cannot nest. So every button is type="button" and Enter in a one-line field is
 * handled here (and kept from submitting an enclosing form).
 */
import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef } from 'react';

/** An error to show: `field` is the name of the field it concerns (null: the whole panel). */
export interface FieldError {
  field: string | null;
  message: string;
}

export function errorFor(errors: readonly FieldError[], field: string): string | undefined {
  return errors.find((error) => error.field === field)?.message;
}

interface PanelProps {
  /** The panel's heading (also its accessible name). */
  title: string;
  /** Visible text of the main button ("Insérer la vidéo"). */
  submitLabel: string;
  onSubmit: () => void;
  onCancel: () => void;
  /** While true (an upload is running), the main button says so and does nothing. */
  busy?: boolean;
  errors: readonly FieldError[];
  /** Id prefix of the panel's fields (`${idPrefix}-${field}`), to focus the first invalid one. */
  idPrefix: string;
  children: ReactNode;
  /** More buttons, placed before "Annuler" (e.g. "Retirer le lien"). */
  extraActions?: ReactNode;
}

export function Panel({
  title,
  submitLabel,
  onSubmit,
  onCancel,
  busy = false,
  errors,
  idPrefix,
  children,
  extraActions,
}: PanelProps) {
  const titleId = useId();
  const ref = useRef<HTMLElement>(null);

  // Focus moves into the panel when it opens: its first field.
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
  }, []);

  // After a refused submission, focus goes to the first invalid field (its error is described).
  useEffect(() => {
    const first = errors[0];
    if (!first) return;
    const target = first.field ? document.getElementById(`${idPrefix}-${first.field}`) : null;
    target?.focus();
  }, [errors, idPrefix]);

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
      return;
    }
    const target = event.target as HTMLElement;
    if (
      event.key === 'Enter' &&
      target instanceof HTMLInputElement &&
      !['checkbox', 'radio', 'file', 'button'].includes(target.type)
    ) {
      event.preventDefault();
      if (!busy) onSubmit();
    }
  };

  return (
    <section className="me-panel" aria-labelledby={titleId} ref={ref} onKeyDown={onKeyDown} aria-busy={busy || undefined}>
      <h2 className="me-panel-title" id={titleId}>
        {title}
      </h2>
      <ErrorSummary errors={errors} />
      {children}
      <div className="me-panel-actions">
        <button
          type="button"
          className="me-button me-button--primary"
          aria-disabled={busy || undefined}
          onClick={() => {
            if (!busy) onSubmit();
          }}
        >
          {busy ? 'Envoi en cours…' : submitLabel}
        </button>
        {extraActions}
        <button type="button" className="me-button" onClick={onCancel}>
          Annuler
        </button>
      </div>
    </section>
  );
}

/** The list of errors, in a live region that exists before it has anything to say. */
export function ErrorSummary({ errors }: { errors: readonly FieldError[] }) {
  return (
    <div className="me-errors" role="alert">
      {errors.length === 1 ? <p>{errors[0]?.message}</p> : null}
      {errors.length > 1 ? (
        <>
          <p>Veuillez corriger les points suivants :</p>
          <ul>
            {errors.map((error, index) => (
              <li key={index}>{error.message}</li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  multiline?: boolean;
  type?: 'text' | 'url';
  hint?: string;
  error?: string | undefined;
  autoComplete?: string;
}

export function TextField({
  id,
  label,
  value,
  onChange,
  required,
  multiline,
  type = 'text',
  hint,
  error,
  autoComplete,
}: TextFieldProps) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    value,
    required,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
  };
  return (
    <div className="me-field">
      <label htmlFor={id} className="me-label">
        {label}
        {required ? <span aria-hidden="true"> *</span> : <span className="me-optional"> (facultatif)</span>}
      </label>
      {hint ? (
        <p className="me-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {multiline ? (
        <textarea {...common} rows={3} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input
          {...common}
          type={type}
          autoComplete={autoComplete ?? 'off'}
          spellCheck={type === 'url' ? false : undefined}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      <FieldErrorText id={errorId} error={error} />
    </div>
  );
}

export function FieldErrorText({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p className="me-field-error" id={id}>
      {error}
    </p>
  ) : null;
}

interface FileFieldProps {
  id: string;
  label: string;
  accept?: string;
  hint?: string;
  error?: string | undefined;
  onChange: (file: File | null) => void;
}

export function FileField({ id, label, accept, hint, error, onChange }: FileFieldProps) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="me-field">
      <label htmlFor={id} className="me-label">
        {label}
        <span aria-hidden="true"> *</span>
      </label>
      {hint ? (
        <p className="me-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        type="file"
        accept={accept}
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.files?.[0] ?? null)}
      />
      <FieldErrorText id={errorId} error={error} />
    </div>
  );
}

/** Zod issues → field errors (the first path segment names the field). */
export function zodErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldError[] {
  return issues.map((issue) => ({ field: typeof issue.path[0] === 'string' ? issue.path[0] : null, message: issue.message }));
}
