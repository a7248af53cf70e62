// Lint rules, including the layering (README.md, "Architecture"); imports only go downward:
//   renderer → common                  (browser only: no Node, no SQLite, no Electron)
//   common   → nothing                 (isomorphic: no Node, no DOM libraries)
//   db       → common                  (storage: Node and SQLite)
//   host     → common, db              (Node, no Electron: dispatcher, handlers, worker, HTTP host)
//   electron → common, host            (the Electron shell only)
//   cli      → common, host            (the command line)
// tests/, bench/ and scripts/ may import any layer.
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
              group: ['**/db', '**/db/**', '**/host/**', '**/electron/**', '**/cli/**'],
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
              group: ['**/db/**', '**/host/**', '**/electron/**', '**/renderer/**', '**/cli/**'],
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
              group: ['**/host/**', '**/electron/**', '**/renderer/**', '**/cli/**'],
              message: 'db/ is storage: it must not import the layers above it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['host/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'react', 'react-dom', 'prosemirror-*'], message: 'host/ is Node without Electron.' },
            {
              group: ['**/electron/**', '**/renderer/**', '**/cli/**'],
              message: 'host/ must not import the shell, the UI or the command line.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['better-sqlite3'], message: 'Only db/ talks to SQLite.' },
            { group: ['react', 'react-dom', 'prosemirror-*'], message: 'The UI lives in renderer/.' },
            {
              group: ['**/db', '**/db/**', '**/renderer/**', '**/cli/**'],
              message: 'The shell reaches the workspace only through host/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['better-sqlite3', 'electron'], message: 'The command line talks to SQLite only through host/.' },
            { group: ['react', 'react-dom', 'prosemirror-*'], message: 'The UI lives in renderer/.' },
            {
              group: ['**/db', '**/db/**', '**/renderer/**', '**/electron/**'],
              message: 'The command line reaches the workspace only through host/.',
            },
          ],
        },
      ],
    },
  },
);
