/**
 * Outages of the systems the API depends on. Each client (database pool, Meilisearch transport,
 * storage port) turns its connection-level failures into a `DependencyUnavailable` naming the
 * system, once, at the place it talks to it; the error handler answers 503 with that system's
 * code, and `/api/v1/health` says which one is down. Nothing else needs to know how a driver
 * reports a lost connection.
 */

export type Dependency = 'database' | 'search' | 'storage';

export class DependencyUnavailable extends Error {
  constructor(
    readonly dependency: Dependency,
    cause: unknown,
  ) {
    super(`${dependency} unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DependencyUnavailable';
  }
}

/** The outage anywhere in an error's cause chain (services may wrap what they caught). */
export function unavailableDependency(error: unknown): DependencyUnavailable | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 8; depth++) {
    if (current instanceof DependencyUnavailable) return current;
    if (current instanceof AggregateError) {
      const inner = current.errors.map(unavailableDependency).find(Boolean);
      if (inner) return inner;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Socket-level error codes: the other side is gone, refused, or unreachable. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && NETWORK_CODES.has(code);
}
