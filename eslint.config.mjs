import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const SDKS = ['botbuilder', 'botbuilder-*', '@azure/*', '@microsoft/*', 'adaptivecards-templating', 'express', 'pino', 'node:*', 'fs', 'http'];

// The adapters' folders. Each may import the domain, the ports, the app's use cases (to drive them)
// and its own folder, but not another adapter: what two adapters share goes through a port.
const ADAPTERS = ['archive', 'blob', 'export', 'graph', 'http', 'local', 'tables', 'teams', 'telemetry'];
// Narrow exceptions, each a dependency that is not another adapter's behaviour:
// - tables/table-client: the Azure Tables plumbing (client, credential, key escaping) that the other
//   stores on Tables (local calendar, export links, the blob backup's credential) share;
// - telemetry: metrics, tracing and logging are cross-cutting, as in every adapter;
// - http may serve what export (the PDF, its signed links) and local (the .ics files) produce: the
//   routes are the HTTP face of those two adapters;
// - teams/cards/work-views, party-copy-views and overview-views show how long an export link lives (export/export-links' constant);
// - archive renders a journal post's document with export's PDF renderer (the same PDF a leader downloads).
const SHARED = ['!**/tables/table-client', '!**/telemetry/*'];
const EXTRA = { http: ['!**/export/*', '!**/local/local-calendar'], archive: ['!**/export/archive-pdf'] };
const adapterFence = (name) => ({
  files: [`src/adapters/${name}/**/*.ts`],
  ignores: name === 'teams' ? ['src/adapters/teams/cards/work-views.ts', 'src/adapters/teams/cards/party-copy-views.ts', 'src/adapters/teams/cards/overview-views.ts'] : [],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [{
        group: [...ADAPTERS.filter((a) => a !== name).flatMap((a) => [`../${a}/*`, `../../${a}/*`, `../../${a}/*/*`, `../../../adapters/${a}/*`]), ...SHARED, ...(EXTRA[name] ?? [])],
        message: 'An adapter does not reach into another adapter; share through a port in src/ports (or see the exceptions in eslint.config.mjs).',
      }],
    }],
  },
});

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
    // Ports are the only door: use cases take interfaces from src/ports; the composition root
    // (src/server.ts, src/main.ts and what they are split into) hands them the adapters. No I/O SDK
    // either; pure helpers (zod, luxon, date-holidays, node:crypto/stream/zlib) are fine.
    files: ['src/app/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: [...SDKS.filter((g) => g !== 'node:*'), 'node:fs', 'node:fs/*', 'node:http', 'node:https', 'node:net', 'https', 'net', '@opentelemetry/*'], message: 'src/app must not import an I/O SDK; take a port from src/ports instead.' }, { group: ['**/adapters/*', '**/adapters/**', '../server', '../composition*'], message: 'src/app must not import an adapter; take a port from src/ports instead.' }] }],
    },
  },
  {
    // The ports are interfaces: no adapter, no SDK behind them.
    files: ['src/ports/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: [...SDKS, '@opentelemetry/*'], message: 'A port names no SDK; keep SDK types in the adapter.' }, { group: ['**/adapters/*', '**/adapters/**'], message: 'A port does not depend on an adapter.' }] }],
    },
  },
  ...ADAPTERS.map(adapterFence),
  {
    // Dates and times a person reads are written in one place, src/app/format.ts, so every card, notice
    // and archive reads the same («1.12.2026 kl. 10.15»). Machine values (ISO 8601, Input.Time) are not
    // formatted there; a line that writes one says so with an eslint-disable comment.
    files: ['src/**/*.ts'],
    ignores: ['src/app/format.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        ...['toLocaleDateString', 'toLocaleTimeString', 'toLocaleString', 'toFormat'].map((name) => ({
          selector: `CallExpression[callee.property.name='${name}']`,
          message: `Format dates and times with src/app/format.ts (formatDate, formatDay, formatWhen, …), not ${name}().`,
        })),
        {
          selector: "MemberExpression[object.name='Intl'][property.name='DateTimeFormat']",
          message: 'Format dates and times with src/app/format.ts, not Intl.DateTimeFormat.',
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/config.ts', 'src/main.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration in src/config.ts only.' }],
    },
  },
  {
    // Issue 14: no src file over 400 lines (blank lines and comments count: the file is what a reader opens).
    files: ['src/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }] },
  },
);
