// Type-aware lint for the whole repository (one config, run from the root).
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/',
      '**/dist/',
      '**/build/',
      '**/.react-router/',
      '.data/',
      '.turbo/',
      '**/.cache/',
      'packages/schema/src/db.ts',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // Fastify plugins and hooks are async by convention even when they do not await.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['apps/web/app/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Loaders and actions may throw responses (React Router's redirect/data), which are not Errors.
    files: ['apps/web/app/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/only-throw-error': 'off' },
  },
  {
    // Tests read JSON answers (typed any) and check their shape with assertions.
    files: ['**/*.test.ts', 'e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  // Module boundaries of the API (ARCHITECTURE.md, ADR 015): a module reaches another through its
  // service only (rows, repositories and presenters stay inside); the access module is a leaf that
  // every module may use; plugins and lib know no module. `scripts/boundaries.test.ts` proves it bites.
  {
    files: ['apps/api/src/modules/*/**/*.ts'],
    ignores: ['apps/api/src/modules/access/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // `../<module>/<file>` where the module is not `access` and the file not `service.ts`.
              regex: '^\\.\\./(?!access/)[\\w-]+/(?!service\\.ts$)[^/]+$',
              message: 'Another module is reached through its service.ts only (rows, repos and presenters stay inside it).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/api/src/modules/access/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\.\\./[\\w-]+/', message: 'The access module is a leaf: it imports no other module.' }] },
      ],
    },
  },
  {
    files: ['apps/api/src/plugins/**/*.ts', 'apps/api/src/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '/modules/', message: 'Plugins and lib know no domain module: inject what they need.' }] },
      ],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
