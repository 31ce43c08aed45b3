import { defineConfig } from 'vitest/config';

// `npm test` (scripts/test.ts) starts PostgreSQL, Meilisearch and S3 once, then runs these
// projects; every API test file gets its own database, index prefix and bucket.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'schema', root: 'packages/schema', include: ['src/**/*.test.ts'] } },
      { test: { name: 'editor', root: 'packages/editor', include: ['src/**/*.test.ts'] } },
      { test: { name: 'services', root: 'packages/services', include: ['src/**/*.test.ts'], testTimeout: 60_000 } },
      {
        test: {
          name: 'api',
          root: 'apps/api',
          include: ['src/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      { test: { name: 'scripts', root: 'scripts', include: ['**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 } },
      {
        // Fault injection (ADR 014): each file runs its own services and app processes and stops,
        // freezes and restarts them. One file at a time: they load the machine on purpose.
        test: {
          name: 'faults',
          root: 'apps/api',
          include: ['faults/**/*.test.ts'],
          fileParallelism: false,
          // After the other projects: its timing bounds (recovery within 5 s…) need a quiet machine.
          sequence: { groupOrder: 1 },
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          root: 'e2e',
          include: ['tests/**/*.test.ts'],
          globalSetup: ['./global-setup.ts'],
          // One browser, one product instance: files run one after another.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
