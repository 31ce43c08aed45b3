import type { ErrorBody } from '@malle/schema/errors';
import type { AppLoadContext } from 'react-router';

export type ApiError = ErrorBody['error'];

export type ApiResult<T> =
  | { ok: true; status: number; data: T; setCookies: string[] }
  | { ok: false; status: number; error: ApiError; setCookies: string[] };

/**
 * Calls the API from a loader or action, as the visitor: their cookie, address and request id go
 * along, and cookies the API sets come back in `setCookies` for the response.
 */
export async function callApi<T>(
  request: Request,
  context: AppLoadContext,
  path: string,
  init: { method?: string; json?: unknown; csrf?: string | null } = {},
): Promise<ApiResult<T>> {
  const headers = new Headers({ accept: 'application/json' });
  const cookie = request.headers.get('cookie');
  if (cookie) headers.set('cookie', cookie);
  if (context.clientIp) headers.set('x-forwarded-for', context.clientIp);
  const ua = request.headers.get('user-agent');
  if (ua) headers.set('user-agent', ua);
  if (init.csrf) headers.set('x-csrf-token', init.csrf);
  if (init.json !== undefined) headers.set('content-type', 'application/json');

  let response: Response;
  try {
    response = await fetch(new URL(path, context.apiUrl), {
      method: init.method ?? 'GET',
      headers,
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    return {
      ok: false,
      status: 503,
      error: { code: 'service_unavailable', message: 'Le service est momentanément indisponible. Réessayez dans un instant.' },
      setCookies: [],
    };
  }
  const setCookies = response.headers.getSetCookie();
  const body: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (response.ok) return { ok: true, status: response.status, data: body as T, setCookies };
  const error = (body as ErrorBody | null)?.error ?? {
    code: 'internal',
    message: 'Une erreur inattendue est survenue. Réessayez dans un instant.',
  };
  return { ok: false, status: response.status, error, setCookies };
}

/** Headers carrying the API's Set-Cookie values, for `redirect(url, { headers })`. */
export function cookieHeaders(setCookies: string[]): Headers {
  const headers = new Headers();
  for (const c of setCookies) headers.append('set-cookie', c);
  return headers;
}

/** Field errors keyed by path, for forms. */
export function fieldErrors(error: ApiError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of error.details?.fields ?? []) if (!out[f.path]) out[f.path] = f.message;
  return out;
}

/** Reads a text field; absent fields become ''. */
export function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** Only same-site paths may be redirect targets (no open redirect). */
export function safeRedirect(target: string | null, fallback = '/'): string {
  if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return fallback;
  return target;
}
