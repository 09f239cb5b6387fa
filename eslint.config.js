// Lint: typescript-eslint's recommended rules, plus the type-aware rules that catch what ends a
// Node process or a court hearing quietly: a promise nobody awaits or catches (an unhandled
// rejection exits Node 20), and a promise passed where a plain callback is expected.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'client/dist/', 'data/', 'test-results/', 'playwright-report/', 'bench/results/', 'scripts/worker/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.json', './client/tsconfig.json', './tsconfig.tools.json'],
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // In the server's process an unhandled rejection ends it (Node 20): `void promise` is no answer
    // there, fire-and-forget work gets its own .catch.
    files: ['core/**', 'server/**', 'media/**', 'ingest/**', 'recordings/**', 'scripts/**'],
    rules: { '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }] },
  },
  {
    files: ['client/src/**', 'tests/e2e/**', 'bench/*Page.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
