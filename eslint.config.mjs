import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const SDKS = ['botbuilder', 'botbuilder-*', '@azure/*', '@microsoft/*', 'adaptivecards-templating', 'express', 'pino', 'node:*', 'fs', 'http'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'build/', '.data/', '.research/', 'coverage/'] },
  js.configs.recommended,
  { files: ['**/*.js', '**/*.cjs'], languageOptions: { globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' } } },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-console': 'off',
    },
  },
  {
    // The school's rules stay pure: no SDK, no storage, no HTTP, no templating in src/domain.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: SDKS, message: 'src/domain must not import an SDK or I/O; add a port in src/ports instead.' }, { group: ['../adapters/*', '../app/*', '../ports*'], message: 'src/domain depends on nothing else in src.' }] }],
      'no-restricted-globals': ['error', { name: 'Date', message: 'Time comes from the Clock port; pass dates in.' }, { name: 'process', message: 'Configuration is read in src/config.ts only.' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/config.ts', 'src/main.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration in src/config.ts only.' }],
    },
  },
);
