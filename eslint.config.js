// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import noUnsanitized from 'eslint-plugin-no-unsanitized';

/** HTML sinks: header text is hostile, so the UI builds nodes with createElement/textContent. */
const htmlSinks = [
  {
    object: 'document',
    property: 'write',
    message: 'Header text is hostile: build nodes instead.',
  },
  {
    object: 'document',
    property: 'writeln',
    message: 'Header text is hostile: build nodes instead.',
  },
];
const noHtmlSinkSyntax = [
  {
    selector: 'AssignmentExpression[left.property.name=/^(innerHTML|outerHTML|srcdoc)$/]',
    message: 'Header text is hostile: use textContent / createElement.',
  },
  {
    selector:
      'CallExpression[callee.property.name=/^(insertAdjacentHTML|createContextualFragment|setHTMLUnsafe|parseHTMLUnsafe)$/]',
    message: 'Header text is hostile: use textContent / createElement.',
  },
  {
    selector: "CallExpression[callee.property.name='postMessage'][arguments.1.value='*']",
    message: "Never post to '*': use runtime messaging.",
  },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.ci/', 'test/fixtures/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  noUnsanitized.configs.recommended,
  {
    plugins: { 'import-x': importX },
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    settings: {
      'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.js'] })],
      // no-cycle reads the modules an import leads to: with the TypeScript parser.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-properties': ['error', ...htmlSinks],
      'no-restricted-syntax': ['error', ...noHtmlSinkSyntax],
      // No module imports itself back through others: the stages only point down the pipeline.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-eval': 'error',
      // The layers (docs/architecture.md): the core imports nothing outside itself; the CLI
      // never reaches into the extension; extension contexts share code only through core/,
      // platform/ and (the pages) ui/.
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src/core',
              from: './src',
              except: ['./core'],
              message: 'src/core is pure: it imports nothing from the adapters.',
            },
            {
              target: './src/cli',
              from: ['./src/content', './src/background', './src/popup', './src/platform'],
              message: 'The CLI uses the core only.',
            },
            {
              target: './src/content',
              from: ['./src/background', './src/popup', './src/cli'],
              message: 'Contexts talk through src/platform messages, not imports.',
            },
            {
              target: './src/background',
              from: ['./src/content', './src/popup', './src/cli'],
              message: 'Contexts talk through src/platform messages, not imports.',
            },
            {
              target: './src/popup',
              from: ['./src/content', './src/background', './src/cli', './src/options'],
              message: 'Contexts talk through src/platform messages, not imports.',
            },
            {
              target: './src/options',
              from: ['./src/content', './src/background', './src/cli', './src/popup'],
              message: 'Contexts talk through src/platform messages; shared UI code is in src/ui.',
            },
            {
              target: './src/ui',
              from: [
                './src/content',
                './src/background',
                './src/cli',
                './src/popup',
                './src/options',
              ],
              message: 'src/ui holds what the popup and the options page share; it uses neither.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/platform/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'webextension-polyfill', message: 'Only src/platform imports the polyfill.' },
          ],
          patterns: [{ group: ['node:*'], message: 'Extension code runs in browsers.' }],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The popup, the options page and the content script load only what they draw or read
    // (issue 11; test/import-graph.test.ts follows every import): values come from the core's
    // own files, never through its index, which reaches the analyzer and the Public Suffix List.
    files: [
      'src/popup/**/*.ts',
      'src/ui/**/*.ts',
      'src/options/**/*.ts',
      'src/content/**/*.ts',
      'src/platform/**/*.ts',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)core/index\\.ts$',
              allowTypeImports: true,
              message: 'Import from the core file that defines it: the index loads the analyzer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/background/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'window', message: 'The service worker has no window.' },
        { name: 'document', message: 'The service worker has no document.' },
        { name: 'localStorage', message: 'Use browser.storage in the service worker.' },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'src/core runs in browsers too: no Node modules.' },
            { group: ['webextension-polyfill'], message: 'src/core has no browser APIs.' },
          ],
          paths: ['fs', 'path', 'os', 'crypto', 'dns', 'url', 'http', 'https', 'child_process'],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'window',
          'document',
          'browser',
          'chrome',
          'navigator',
          'fetch',
          'process',
          'Buffer',
          'require',
        ].map((name) => ({ name, message: 'src/core is pure: pass what it needs in.' })),
      ],
    },
  },
);
