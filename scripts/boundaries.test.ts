/**
 * The module boundaries of ARCHITECTURE.md are enforced by lint (eslint.config.js): this proves
 * the rules bite, on real files of the project with one import changed.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('module boundaries', () => {
  it('refuses a module reading another module’s repository, presenter or rows', async () => {
    for (const target of ['../collections/repo.ts', '../sheets/presenter.ts', '../sheets/record.ts', '../files/hooks.ts']) {
      const messages = await restrictedImports(
        'apps/api/src/modules/embeds/stats.ts',
        `import * as x from '${target}';\nexport const y = x;\n`,
      );
      expect(messages, target).toEqual([expect.stringContaining('through its service.ts only')]);
    }
  });

  it('lets a module use another through its service, and anyone use the access module', async () => {
    const ok = `import type { SheetService } from '../sheets/service.ts';\nimport { canReadSheet } from '../access/rules.ts';\nexport type S = SheetService;\nexport const r = canReadSheet;\n`;
    expect(await restrictedImports('apps/api/src/modules/embeds/stats.ts', ok)).toEqual([]);
  });

  it('keeps the access module a leaf, and plugins and lib free of modules', async () => {
    expect(await restrictedImports('apps/api/src/modules/access/rules.ts', `export * from '../sheets/service.ts';\n`)).toEqual([
      expect.stringContaining('leaf'),
    ]);
    expect(
      await restrictedImports('apps/api/src/plugins/session.ts', `export * from '../modules/accounts/service.ts';\n`),
    ).toEqual([expect.stringContaining('know no domain module')]);
    expect(await restrictedImports('apps/api/src/lib/jobs.ts', `export * from '../modules/files/repo.ts';\n`)).toEqual([
      expect.stringContaining('know no domain module'),
    ]);
  });
});
