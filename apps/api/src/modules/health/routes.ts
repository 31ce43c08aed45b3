import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../lib/db.ts';
import type { Search } from '../../lib/search.ts';
import type { Storage } from '../../lib/storage.ts';

const CHECK_TIMEOUT_MS = 3000;

const Check = z.object({ status: z.enum(['up', 'down']), latencyMs: z.number() });
const Health = z.object({
  status: z.enum(['up', 'down']),
  checks: z.object({ database: Check, search: Check, storage: Check }),
});

/** Runs one dependency check with a deadline; any error or timeout means "down". */
async function check(probe: () => Promise<unknown>): Promise<z.infer<typeof Check>> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch {
    return { status: 'down', latencyMs: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

export const healthRoutes: FastifyPluginAsyncZod<{ db: Database; search: Search; storage: Storage }> = async (app, deps) => {
  app.get(
    '/api/v1/health',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['santé'],
        summary: 'État du service et de chacune de ses dépendances',
        description: 'Répond 200 quand la base de données, la recherche et le stockage répondent tous, 503 sinon.',
        response: { 200: Health, 503: Health },
      },
    },
    async (_request, reply) => {
      const [database, search, storage] = await Promise.all([
        check(() => sql`select 1`.execute(deps.db)),
        check(async () => {
          if (!(await deps.search.isHealthy())) throw new Error('unavailable');
        }),
        check(() => deps.storage.isHealthy()),
      ]);
      const up = [database, search, storage].every((c) => c.status === 'up');
      return reply
        .status(up ? 200 : 503)
        .header('cache-control', 'no-store')
        .send({ status: up ? 'up' : 'down', checks: { database, search, storage } });
    },
  );
};
