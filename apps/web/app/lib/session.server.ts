import type { Me } from '@malle/schema/accounts';
import { redirect, type AppLoadContext } from 'react-router';
import { callApi } from './api.server.ts';

/** The signed-in person, or null. A request without a session cookie never reaches the API. */
export async function getMe(request: Request, context: AppLoadContext): Promise<Me | null> {
  if (!/malle_session=/.test(request.headers.get('cookie') ?? '')) return null;
  const res = await callApi<Me>(request, context, '/api/v1/me');
  return res.ok ? res.data : null;
}

/** Sends anonymous visitors to the login page, coming back here afterwards. */
export async function requireMe(request: Request, context: AppLoadContext): Promise<Me> {
  const me = await getMe(request, context);
  if (!me) {
    const url = new URL(request.url);
    throw redirect(`/connexion?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return me;
}
