import type { App } from '../app.ts';

/** A signed-in person as tests see them: the cookie to send and the CSRF token for writes. */
export interface Agent {
  cookie: string;
  csrf: string;
  userId: string;
  email: string;
}

/** `name=value` of the session cookie in a response, for the next request's `cookie` header. */
export function sessionCookieFrom(headers: Record<string, unknown>): string {
  const raw = headers['set-cookie'];
  const all = Array.isArray(raw) ? raw : [raw];
  const found = all.find((c): c is string => typeof c === 'string' && c.includes('malle_session='));
  if (!found) throw new Error('no session cookie in response');
  return found.split(';')[0]!;
}

let counter = 0;
/** A passphrase zxcvbn rates strong. */
export const STRONG_PASSWORD = 'cartable-violet-renard-1987';

export async function signUp(
  app: App,
  overrides: Partial<{ email: string; password: string; displayName: string }> = {},
): Promise<Agent> {
  counter += 1;
  const email = overrides.email ?? `personne${counter}.${Date.now()}@exemple.fr`;
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/signup',
    payload: {
      email,
      password: overrides.password ?? STRONG_PASSWORD,
      displayName: overrides.displayName ?? `Camille ${counter}`,
    },
  });
  if (res.statusCode !== 201) throw new Error(`sign-up failed: ${res.statusCode} ${res.body}`);
  const body = res.json<{ user: { id: string; csrfToken: string } }>();
  return { cookie: sessionCookieFrom(res.headers), csrf: body.user.csrfToken, userId: body.user.id, email };
}
