import http from 'node:http';
import https from 'node:https';
import { MeiliSearch, MeiliSearchApiError, MeiliSearchRequestError, type MeiliSearchErrorResponse } from 'meilisearch';
import { DependencyUnavailable } from './dependencies.ts';

/** Meilisearch clients plus the index prefix of this environment. */
export interface Search {
  /** For queries: a short timeout, so that a frozen Meilisearch answers 503 within seconds. */
  client: MeiliSearch;
  /** For indexing (relay, reconcile, rebuild): room for large batches on a busy machine. */
  indexer: MeiliSearch;
  indexName(name: string): string;
  isHealthy(): Promise<boolean>;
}

/** Defaults (ADR 014); `MEILI_TIMEOUT_MS` sets the query one. */
export const SEARCH_TIMEOUTS = { queryMs: 3000, indexingMs: 30_000 } as const;

/**
 * The client's HTTP transport: node:http with keep-alive connections. With Node 20's global fetch
 * every request to Meilisearch paid about 40 ms of transport delay on loopback (measured: 48 ms per
 * search through fetch against 2 ms through node:http, for a 1 ms search); search is the hot path.
 */
export function keepAliveHttpClient(timeoutMs: number) {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
  };
  return (input: Parameters<typeof fetch>[0], init: RequestInit = {}): Promise<unknown> =>
    new Promise((resolveRequest, rejectRequest) => {
      // A caller's signal (one may serve many polls of a task): its listener goes as soon as this
      // request settles.
      const signal = init.signal;
      const abort = () => req.destroy(new Error('Meilisearch request aborted'));
      const cleanup = () => signal?.removeEventListener('abort', abort);
      const resolve = (value: unknown) => {
        cleanup();
        resolveRequest(value);
      };
      // Meilisearch unreachable, too slow or failing on its side: an outage, not a bad request.
      const reject = (error: Error, outage = true) => {
        cleanup();
        rejectRequest(outage && !signal?.aborted ? new DependencyUnavailable('search', error) : error);
      };
      const url = new URL(input instanceof Request ? input.url : String(input));
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, key) => (headers[key] = value));
      const body = typeof init.body === 'string' ? init.body : undefined;
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const transport = url.protocol === 'https:' ? https : http;
      const req = transport.request(
        url,
        {
          method: init.method ?? 'GET',
          headers,
          agent: agents[url.protocol as 'http:' | 'https:'],
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error) => reject(new MeiliSearchRequestError(url.toString(), error)));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = text === '' ? undefined : JSON.parse(text);
            } catch (error) {
              reject(new MeiliSearchRequestError(url.toString(), error));
              return;
            }
            const status = res.statusCode ?? 500;
            if (status >= 400) {
              const apiError = new MeiliSearchApiError(
                new Response(text, { status }),
                parsed as MeiliSearchErrorResponse | undefined,
              );
              reject(apiError, status >= 500);
            } else resolve(parsed);
          });
        },
      );
      req.on('error', (error) => reject(new MeiliSearchRequestError(url.toString(), error)));
      // The timeout lives here rather than in the client's option, whose implementation adds a
      // listener to a task wait's signal at every poll without removing it.
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`Meilisearch did not answer within ${timeoutMs} ms`)));
      if (signal?.aborted) abort();
      else signal?.addEventListener('abort', abort, { once: true });
      req.end(body);
    });
}

/** Meilisearch's error code (`index_not_found`, …) anywhere in an error's cause chain. */
export function meiliErrorCode(error: unknown): string | undefined {
  for (let e = error as { cause?: unknown; code?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (e instanceof MeiliSearchApiError) return e.cause?.code;
    e = e.cause as typeof e;
  }
  return undefined;
}

export function createSearch(options: {
  url: string;
  masterKey: string;
  indexPrefix: string;
  queryTimeoutMs?: number;
  indexingTimeoutMs?: number;
}): Search {
  const client = new MeiliSearch({
    host: options.url,
    apiKey: options.masterKey,
    httpClient: keepAliveHttpClient(options.queryTimeoutMs ?? SEARCH_TIMEOUTS.queryMs),
  });
  const indexer = new MeiliSearch({
    host: options.url,
    apiKey: options.masterKey,
    httpClient: keepAliveHttpClient(options.indexingTimeoutMs ?? SEARCH_TIMEOUTS.indexingMs),
  });
  return {
    client,
    indexer,
    indexName: (name) => `${options.indexPrefix}${name}`,
    isHealthy: async () => (await client.health()).status === 'available',
  };
}
