// Lint rules, including the layering: renderer → (common) only; common → nothing Node or DOM
// specific; db → common only; electron/cli → common, db. See DESIGN.md "Architecture".
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'net',
  'url',
  'stream',
  'worker_threads',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'release/**',
      'test-results/**',
      'playwright-report/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      // Hooks only at the top level; every effect, memo and callback lists what it reads.
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'The renderer runs in a browser: no Node modules.' },
            { group: ['better-sqlite3', 'electron'], message: 'The renderer talks only through the API client.' },
            {
              group: ['**/db', '**/db/**', '**/electron/**', '**/cli/**'],
              message: 'The renderer imports only common/ (the contract) and its own modules.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['common/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'common/ is isomorphic: no Node modules.' },
            {
              group: ['better-sqlite3', 'electron', 'react', 'react-dom', 'prosemirror-*'],
              message: 'common/ depends on nothing runtime-specific.',
            },
            {
              group: ['**/db/**', '**/electron/**', '**/renderer/**', '**/cli/**'],
              message: 'common/ is the bottom layer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['db/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'react', 'react-dom', 'prosemirror-*'],
              message: 'db/ is the workspace: Node and SQLite only.',
            },
            {
              group: ['**/electron/**', '**/renderer/**', '**/cli/**'],
              message: 'db/ must not import the layers above it.',
            },
          ],
        },
      ],
    },
  },
);
