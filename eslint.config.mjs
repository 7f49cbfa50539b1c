// ESLint 9 flat config. Its main job: the layers of docs ARCHITECTURE ("One picture") are enforced,
// not described. Imports run one way:
//   domain ← ingest, knowledge, render, store ← app ← cli, lsp;   protocol ← domain only;
//   extension/ and webview/ reach server/ only through server/protocol/;
//   server/ never imports vscode; webview/ (browser code) imports no Node builtins and no vscode.
// import-x/no-restricted-paths works on resolved files (TypeScript resolver), so the depth of a
// relative path or an index file does not matter. test/layers-lint.test.ts proves each rule bites.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';

const root = import.meta.dirname;

// --- the layers ---------------------------------------------------------------------------------
const PRODUCT_ONLY = ['./test', './bench']; // product code never imports tests or benchmarks
/** A zone: files under `target` may import nothing under ./server except the listed folders. */
const serverOnly = (layer, allowed) => ({
  target: `./server/${layer}`,
  from: './server',
  except: allowed.map((a) => `./${a}`),
  message: `server/${layer} may import only ${allowed.map((a) => `server/${a}`).join(', ')} (see docs ARCHITECTURE, "Imports run one way").`,
});
const zones = [
  serverOnly('domain', ['domain']),
  serverOnly('ingest', ['ingest', 'domain']),
  serverOnly('knowledge', ['knowledge', 'domain']),
  serverOnly('render', ['render', 'domain']),
  serverOnly('store', ['store', 'domain']),
  serverOnly('app', ['app', 'domain', 'protocol', 'ingest', 'knowledge', 'render', 'store']),
  serverOnly('cli', ['cli', 'app', 'domain', 'protocol']),
  serverOnly('lsp', ['lsp', 'app', 'domain', 'protocol']),
  serverOnly('protocol', ['protocol', 'domain']),
  {
    target: './server',
    from: ['./extension', './webview', ...PRODUCT_ONLY],
    message: 'server/ is the backend: it never imports the extension, the webview, tests or benchmarks.',
  },
  {
    target: './extension',
    from: './server',
    except: ['./protocol'],
    message: 'extension/ reaches the server only through server/protocol/ (re-export what it needs there).',
  },
  {
    target: './extension',
    from: ['./webview', ...PRODUCT_ONLY],
    message: 'extension/ does not import the webview bundle, tests or benchmarks.',
  },
  {
    target: './webview',
    from: './server',
    except: ['./protocol'],
    message: 'webview/ reaches the server only through server/protocol/.',
  },
  {
    target: './webview',
    from: ['./extension', ...PRODUCT_ONLY],
    message: 'webview/ is browser code: it does not import the extension, tests or benchmarks.',
  },
];

// --- platform imports ---------------------------------------------------------------------------
const NO_VSCODE = { name: 'vscode', message: 'Only extension/ (and tests) may import vscode: server/ runs in plain Node, webview/ in a browser.' };
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));
const NO_NODE = [
  ...nodeBuiltins.flatMap((m) => [m, `node:${m}`]).map((name) => ({ name, message: 'No Node builtins here: this code runs in the webview (a browser) or is the contract it imports.' })),
];
const NO_NODE_PATTERN = { group: ['node:*', 'node:*/**'], message: 'No Node builtins here: this code runs in the webview (a browser) or is the contract it imports.' };

export default tseslint.config(
  {
    ignores: [
      'dist/**', 'out/**', 'node_modules/**', '.code-server/**', '.code-server-min/**', 'media/**', 'test/fixtures/**',
      'test-artifacts/**', 'bench/out/**', 'notes/**', 'sample/**', '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      // Basic correctness stays on (recommended); purely stylistic or noisy rules are off.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // server/protocol keeps one namespace per LSP message (vscode-eslint's style, docs ARCHITECTURE).
      '@typescript-eslint/no-namespace': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
      'no-control-regex': 'off', // control characters in regexes are intended (sanitizing names and text)
    },
  },
  // The layer boundaries (TypeScript sources of the product).
  {
    files: ['server/**/*.ts', 'extension/**/*.ts', 'webview/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true, project: `${root}/tsconfig.json` })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: root, zones }],
    },
  },
  {
    files: ['server/**/*.ts'],
    ignores: ['server/protocol/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [NO_VSCODE] }] },
  },
  {
    // protocol is imported by the webview too: no Node, no vscode.
    files: ['server/protocol/**/*.ts', 'webview/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', { paths: [NO_VSCODE, ...NO_NODE], patterns: [NO_NODE_PATTERN] }] },
  },
  {
    files: ['server/**/*.ts', 'extension/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['server/protocol/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Tests poke at internals and malformed input on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.cjs', 'bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
