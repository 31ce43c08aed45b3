import { redirect } from 'react-router';
import type { Route } from './+types/log-out';
import { callApi, cookieHeaders, text } from '../lib/api.server.ts';

/** Logging out is a POST (a link could be triggered by another site); GET just goes home. */
export function loader() {
  return redirect('/');
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData();
  const res = await callApi(request, context, '/api/v1/auth/logout', { method: 'POST', csrf: text(form, 'csrf') });
  if (!res.ok) throw new Response(res.error.message, { status: res.status });
  return redirect('/', { headers: cookieHeaders(res.setCookies) });
}
