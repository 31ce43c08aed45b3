/** Requests tests make again and again against sheets: create, save, publish, as a given person. */
import { expect } from 'vitest';
import type { App } from '../app.ts';
import type { Agent } from './session-client.ts';

export const INDEXING = {
  themes: ['risques-cyber'],
  resourceTypes: ['ressource-pedagogique', 'questionnaire'],
  sectors: ['aidants-mediateurs'],
  audiences: ['seniors'],
};

export const p = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
export const doc = (...content: unknown[]) => ({ type: 'doc', content });

export function sheetClient(app: App) {
  const headers = (agent: Agent | null) => (agent ? { cookie: agent.cookie, 'x-csrf-token': agent.csrf } : {});
  const call = (agent: Agent | null, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({ method, url, headers: headers(agent), ...(payload === undefined ? {} : { payload: payload as object }) });

  async function draftOf(agent: Agent, slug: string) {
    const res = await call(agent, 'GET', `/api/v1/sheets/${slug}/draft`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ revision: number; title: string; summary: string; body: unknown; indexing: unknown; licence: string }>();
  }

  return {
    headers,
    call,
    draftOf,
    async newSheet(agent: Agent, baseSlug: string | null = null, title = 'Reconnaître un mail d’hameçonnage'): Promise<string> {
      const res = await call(agent, 'POST', '/api/v1/sheets', { title, baseSlug });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ slug: string }>().slug;
    },
    async save(agent: Agent, slug: string, changes: Record<string, unknown>) {
      const draft = await draftOf(agent, slug);
      return call(agent, 'PUT', `/api/v1/sheets/${slug}/draft`, {
        revision: draft.revision,
        title: draft.title,
        summary: draft.summary,
        body: draft.body,
        indexing: draft.indexing,
        licence: draft.licence,
        ...changes,
      });
    },
    async publish(
      agent: Agent,
      slug: string,
      visibility: 'public' | 'private' | 'secret_link' = 'public',
      changeNote = 'Nouvelle version',
    ) {
      const res = await call(agent, 'POST', `/api/v1/sheets/${slug}/publish`, { changeNote, visibility });
      expect(res.statusCode, res.body).toBe(201);
    },
  };
}
