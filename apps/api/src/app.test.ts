import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('health', () => {
  it('reports every dependency up with 200', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'up',
      checks: { database: { status: 'up' }, search: { status: 'up' }, storage: { status: 'up' } },
    });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers 503 and names the dependency that is down', async () => {
    // Nothing listens on port 9 (discard): search and storage are unreachable.
    const broken = await createTestApp(
      { S3_ENDPOINT: 'http://127.0.0.1:9', MEILI_URL: 'http://127.0.0.1:9' },
      { createBucket: false },
    );
    try {
      const res = await broken.app.inject({ method: 'GET', url: '/api/v1/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({
        status: 'down',
        checks: { database: { status: 'up' }, search: { status: 'down' }, storage: { status: 'down' } },
      });
    } finally {
      await broken.close();
    }
  });
});

describe('errors, request ids and headers', () => {
  it('answers unknown routes with the error vocabulary and a request id', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(res.statusCode).toBe(404);
    const body = res.json();
    expect(body.error).toEqual({ code: 'not_found', message: expect.stringMatching(/n'existe pas/) });
    expect(body.requestId).toBe(res.headers['x-request-id']);
  });

  it('keeps a request id set by our proxy', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/health', headers: { 'x-request-id': 'web-12345678' } });
    expect(res.headers['x-request-id']).toBe('web-12345678');
  });

  it('sends security headers and keeps CORS closed by default', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/health', headers: { origin: 'https://partenaire.example' } });
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/auth/login',
      headers: { origin: 'https://partenaire.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('opens CORS only to configured origins', async () => {
    const open = await createTestApp({ CORS_ORIGINS: 'https://partenaire.example' });
    try {
      const res = await open.app.inject({
        method: 'GET',
        url: '/api/v1/health',
        headers: { origin: 'https://partenaire.example' },
      });
      expect(res.headers['access-control-allow-origin']).toBe('https://partenaire.example');
      const other = await open.app.inject({ method: 'GET', url: '/api/v1/health', headers: { origin: 'https://autre.example' } });
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await open.close();
    }
  });
});

describe('OpenAPI', () => {
  it('documents the routes with their schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/health', '/api/v1/auth/signup', '/api/v1/auth/login', '/api/v1/me']),
    );
    expect(doc.paths['/api/v1/auth/signup'].post.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['email', 'password', 'displayName']),
    );
  });

  it('serves a human docs page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('swagger');
  });
});
