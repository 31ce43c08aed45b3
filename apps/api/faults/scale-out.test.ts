/**
 * Malle past one process (ADR 014): two API processes (no jobs, no relay) and one worker behind
 * the web server. Rate limits hold across processes and cannot be dodged with a forged
 * X-Forwarded-For; the per-account throttle holds whatever address asks; publishing is searchable
 * through the worker's relay; a dead API process costs at most one request.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousSearch, call, publishSheet, signUp, startStack, until, type Stack } from './harness.ts';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    apis: 2,
    worker: true,
    web: true,
    env: { JOBS_ENABLED: 'false', SEARCH_RELAY: 'false', RATE_LIMIT_AUTH_MAX: '10' },
  });
  // The worker was started with the same environment: it must run the relay.
  stack.worker!.child.kill('SIGTERM');
  await stack.worker!.exited;
  await stack.startWorker({ SEARCH_RELAY: 'true', JOBS_ENABLED: 'true' });
});
afterAll(async () => stack?.stop());

/** Sockets in TIME_WAIT on these local or remote ports (each is a connection that was closed). */
function socketsClosedOn(ports: number[]): number {
  let n = 0;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const [, local, remote, state] = line.trim().split(/\s+/);
      if (state !== '06' || !local || !remote) continue;
      const portOf = (address: string) => Number.parseInt(address.split(':')[1]!, 16);
      if (ports.includes(portOf(local)) || ports.includes(portOf(remote))) n++;
    }
  }
  return n;
}

const randomIp = () => `203.0.113.${Math.floor(Math.random() * 250) + 1}`;

describe('two API processes and a worker behind the web server', () => {
  it('limits log-in attempts per address across processes, whatever X-Forwarded-For says', async () => {
    const web = stack.web!.url;
    const answers = [];
    for (let i = 0; i < 30; i++) {
      answers.push(
        await call(web, 'POST', '/api/v1/auth/login', {
          json: { email: `personne.${randomBytes(3).toString('hex')}@exemple.fr`, password: 'mauvais-mot-de-passe' },
          headers: { 'x-forwarded-for': randomIp() },
        }),
      );
    }
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    expect(answers.at(-1)!.code).toBe('rate_limited');
  });

  it('throttles one account whatever address the attempts come from, in every process', async () => {
    const person = await signUp(stack.apis[0]!.url, 'Yanis');
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      // Straight to the API processes, in turn, from addresses a trusted proxy vouches for.
      const api = stack.apis[i % 2]!.url;
      const res = await call(api, 'POST', '/api/v1/auth/login', {
        json: { email: person.email, password: 'pas-le-bon-mot-de-passe' },
        headers: { 'x-forwarded-for': `198.51.100.${i + 1}` },
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(4).fill(429));
    // Even the right password waits until the window ends: the refusal says nothing about it.
    const right = await call(stack.apis[1]!.url, 'POST', '/api/v1/auth/login', {
      json: { email: person.email, password: 'caravane-lumineuse-brouette-73' },
      headers: { 'x-forwarded-for': '198.51.100.99' },
    });
    expect(right.status).toBe(429);
  });

  it('publishes through the web server and finds it through the worker’s relay', async () => {
    const web = stack.web!.url;
    const person = await signUp(stack.apis[1]!.url, 'Sophie');
    const slug = await publishSheet(web, person, 'axolotl');
    const ms = await until(async () => (await anonymousSearch(web, 'axolotl')).slugs.includes(slug), {
      timeoutMs: 10_000,
      everyMs: 50,
      what: 'searchable through the web server',
    });
    expect(ms).toBeLessThan(3000);
  });

  it('reuses its connections to the API processes (keep-alive)', async () => {
    const web = stack.web!.url;
    const ports = stack.apis.map((a) => Number(new URL(a.url).port));
    const closed = () => socketsClosedOn(ports);
    const before = closed();
    for (let i = 0; i < 40; i++) expect((await call(web, 'GET', '/api/v1/taxonomies')).status).toBe(200);
    // One connection closed per request would leave about 40 sockets in TIME_WAIT.
    expect(closed() - before).toBeLessThan(5);
  });

  it('keeps answering when one API process dies', async () => {
    const web = stack.web!.url;
    stack.apis[1]!.child.kill('SIGKILL');
    await stack.apis[1]!.exited;
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await call(web, 'GET', '/api/v1/taxonomies')).status);
    expect(statuses.filter((s) => s !== 200).length).toBeLessThanOrEqual(1);
    expect(statuses.slice(-10)).toEqual(Array(10).fill(200));
  });
});
