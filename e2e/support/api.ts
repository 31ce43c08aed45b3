import { expect, inject } from 'vitest';

/** Someone signed in through the API, for setting up what a browser test starts from. */
export interface ApiPerson {
  id: string;
  cookie: string;
  csrf: string;
}

async function request(person: ApiPerson | null, method: string, path: string, json?: unknown) {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (person) Object.assign(headers, { cookie: person.cookie, 'x-csrf-token': person.csrf });
  if (json !== undefined) headers['content-type'] = 'application/json';
  return fetch(new URL(path, inject('webUrl')), { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
}

/** Calls the API as the person (through the web app's proxy) and expects success. */
export async function api<T = unknown>(person: ApiPerson | null, method: string, path: string, json?: unknown): Promise<T> {
  const res = await request(person, method, path, json);
  const text = await res.text();
  expect(res.ok, `${method} ${path}: ${res.status} ${text}`).toBe(true);
  return (text ? JSON.parse(text) : null) as T;
}

export async function signUpThroughApi(displayName: string): Promise<ApiPerson> {
  const local = displayName
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^a-z]+/g, '.')
    .replace(/^\.|\.$/g, '');
  const email = `${local}.${Date.now()}.${Math.random().toString(36).slice(2, 7)}@exemple.fr`;
  const res = await request(null, 'POST', '/api/v1/auth/signup', {
    email,
    password: 'hibou-parapluie-confiture-73',
    displayName,
  });
  const body = (await res.json()) as { user: { id: string; csrfToken: string } };
  expect(res.status, JSON.stringify(body)).toBe(201);
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('malle_session='))!
    .split(';')[0]!;
  return { id: body.user.id, cookie, csrf: body.user.csrfToken };
}

/** A public sheet in the person's space, published once; returns its slug. */
export async function publishSheetThroughApi(author: ApiPerson, title: string, summary: string): Promise<string> {
  const { slug } = await api<{ slug: string }>(author, 'POST', '/api/v1/sheets', { title, baseSlug: null });
  const draft = await api<Record<string, unknown>>(author, 'GET', `/api/v1/sheets/${slug}/draft`);
  await api(author, 'PUT', `/api/v1/sheets/${slug}/draft`, {
    revision: draft.revision,
    title,
    summary,
    body: {
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: `${summary} Déroulé en trois temps.` }] }],
    },
    indexing: {
      themes: ['risques-cyber'],
      resourceTypes: ['ressource-pedagogique'],
      sectors: ['aidants-mediateurs'],
      audiences: ['seniors'],
    },
    licence: 'etalab-2.0',
  });
  await api(author, 'POST', `/api/v1/sheets/${slug}/publish`, { changeNote: '', visibility: 'public' });
  return slug;
}

/** Waits until `check` holds, polling every 100 ms, for at most `timeoutMs`; fails with `what`. */
export async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
