/**
 * Request helpers and domain fixtures (bases, members, published sheets) for API integration tests,
 * all going through the real endpoints.
 */
import { expect } from 'vitest';
import type { Collection } from '@malle/schema/collections';
import type { App } from '../app.ts';
import type { Agent } from './session-client.ts';

export const INDEXING = {
  themes: ['risques-cyber'],
  resourceTypes: ['ressource-pedagogique'],
  sectors: ['aidants-mediateurs'],
  audiences: ['seniors'],
};

export const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
export const doc = (...content: unknown[]) => ({ type: 'doc', content });

export function fixtures(app: () => App) {
  function headers(agent: Agent | null) {
    return agent ? { cookie: agent.cookie, 'x-csrf-token': agent.csrf } : {};
  }

  async function call(agent: Agent | null, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
    return app().inject({
      method,
      url,
      headers: headers(agent),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  }

  async function createBase(admin: Agent, name: string, isPublic = true): Promise<string> {
    const res = await call(admin, 'POST', '/api/v1/bases', {
      name,
      description: '',
      departement: null,
      contactEmail: null,
      contactEmailPublic: false,
      isPublic,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ slug: string }>().slug;
  }

  async function addMember(admin: Agent, slug: string, person: Agent) {
    await call(admin, 'POST', `/api/v1/bases/${slug}/invitations`, { email: person.email, role: 'contributor' });
    const [inv] = (await call(person, 'GET', '/api/v1/me/invitations')).json<Array<{ id: string }>>();
    const res = await call(person, 'POST', `/api/v1/invitations/${inv!.id}/accept`);
    expect(res.statusCode, res.body).toBeLessThan(300);
  }

  async function draftOf(agent: Agent, slug: string) {
    const res = await call(agent, 'GET', `/api/v1/sheets/${slug}/draft`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ revision: number; title: string; summary: string; body: unknown; indexing: unknown; licence: string }>();
  }

  /** Tries to save the draft with changes, based on its current revision; gives the response. */
  async function trySave(agent: Agent, slug: string, changes: Record<string, unknown>) {
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
  }

  /** Saves the draft with changes, based on its current revision. */
  async function saveDraft(agent: Agent, slug: string, changes: Record<string, unknown>) {
    const res = await trySave(agent, slug, changes);
    expect(res.statusCode, res.body).toBe(200);
  }

  async function publish(agent: Agent, slug: string, visibility?: 'public' | 'private' | 'secret_link', note = '') {
    const res = await call(agent, 'POST', `/api/v1/sheets/${slug}/publish`, {
      changeNote: note,
      ...(visibility ? { visibility } : {}),
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ version: number }>().version;
  }

  /** A draft in a base (or the personal space when null); returns its slug. */
  async function draftSheet(agent: Agent, baseSlug: string | null, title: string): Promise<string> {
    const res = await call(agent, 'POST', '/api/v1/sheets', { title, baseSlug });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ slug: string }>().slug;
  }

  /** A sheet published once with the given visibility; returns its slug and id. */
  async function publishedSheet(
    agent: Agent,
    baseSlug: string | null,
    title: string,
    visibility: 'public' | 'private' | 'secret_link' = 'public',
  ): Promise<{ slug: string; id: string }> {
    const slug = await draftSheet(agent, baseSlug, title);
    await saveDraft(agent, slug, { summary: `Résumé de ${title}`, body: doc(paragraph('Objectifs.')), indexing: INDEXING });
    await publish(agent, slug, visibility);
    const sheet = await call(agent, 'GET', `/api/v1/sheets/${slug}`);
    return { slug, id: sheet.json<{ id: string }>().id };
  }

  /** Publishes version N+1 with a changed summary. */
  async function republish(agent: Agent, slug: string, summary: string) {
    await saveDraft(agent, slug, { summary });
    return publish(agent, slug);
  }

  /** A personal collection; returns it as its owner sees it. */
  async function createCollection(
    agent: Agent,
    title: string,
    visibility: 'public' | 'private' | 'secret_link',
    description = 'Pour les ateliers du mardi.',
  ): Promise<Collection> {
    const res = await call(agent, 'POST', '/api/v1/collections', { title, description, visibility, baseSlug: null });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Collection>();
  }

  async function addToCollection(agent: Agent, id: string, sheetSlug: string, note = '') {
    const res = await call(agent, 'POST', `/api/v1/collections/${id}/items`, { sheetSlug, note });
    expect(res.statusCode, res.body).toBe(204);
  }

  return {
    headers,
    call,
    createBase,
    addMember,
    draftOf,
    trySave,
    saveDraft,
    publish,
    draftSheet,
    publishedSheet,
    republish,
    createCollection,
    addToCollection,
  };
}

/** For what arrives asynchronously (change feed, relay): retries `check` until it passes, or fails. */
export async function eventually(check: () => Promise<void>, timeoutMs = 8000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
