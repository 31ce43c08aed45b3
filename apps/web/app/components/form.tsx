import { useEffect, useRef, type InputHTMLAttributes, type ReactNode } from 'react';
import { PASSWORD_MIN_LENGTH } from '@malle/schema/accounts';
import { useRouteLoaderData } from 'react-router';
import type { loader as rootLoader } from '../root.tsx';

/**
 * A labelled field with its hint and error, linked through aria-describedby so that screen
 * readers announce them (RGAA 11.1, 11.10).
 */
export function Field({
  name,
  label,
  hint,
  error,
  ...input
}: { name: string; label: string; hint?: ReactNode; error?: string | undefined } & InputHTMLAttributes<HTMLInputElement>) {
  const id = `champ-${name}`;
  const describedBy = [hint ? `${id}-aide` : null, error ? `${id}-erreur` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="field__hint" id={`${id}-aide`}>
          {hint}
        </p>
      ) : null}
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {error ? (
        <p className="field__error" id={`${id}-erreur`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Message at the top of a form after a failed submission; takes focus so that keyboard and
 * screen-reader users learn what went wrong at once.
 */
export function FormAlert({ message, fields }: { message: string | undefined; fields?: Record<string, string> | undefined }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (message) ref.current?.focus();
  }, [message, fields]);
  if (!message) return null;
  const entries = Object.entries(fields ?? {});
  return (
    <div className="alert alert--error" role="alert" tabIndex={-1} ref={ref}>
      <p>
        {entries.length === 0
          ? message
          : entries.length === 1
            ? 'Le formulaire contient une erreur :'
            : `Le formulaire contient ${entries.length} erreurs :`}
      </p>
      {entries.length > 0 ? (
        <ul>
          {entries.map(([path, text]) => (
            <li key={path}>
              <a href={`#champ-${path}`}>{text}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * Hidden CSRF token of the signed-in person (nothing when anonymous). Every form that posts puts
 * it in, since the API refuses cookie-authenticated writes without it.
 */
export function CsrfInput() {
  const token = useRouteLoaderData<typeof rootLoader>('root')?.me?.csrfToken;
  return token ? <input type="hidden" name="csrf" value={token} /> : null;
}

/** A new password (sign-up, reset): the same rules and advice everywhere. */
export function NewPasswordField({ label, error }: { label: string; error: string | undefined }) {
  return (
    <Field
      name="password"
      label={label}
      type="password"
      autoComplete="new-password"
      required
      minLength={PASSWORD_MIN_LENGTH}
      error={error}
      hint={`Au moins ${PASSWORD_MIN_LENGTH} caractères. Une phrase de plusieurs mots est à la fois sûre et facile à retenir.`}
    />
  );
}
