// ESLint (flat config): typescript-eslint, eslint-plugin-lit, eslint-plugin-wc and eslint-plugin-lit-a11y.
// `npm run lint` runs it, then lit-analyzer (template bindings, configured in tsconfig.json) and
// prettier --check. A rule is turned off or changed here only with a one-line reason beside it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import litA11y from 'eslint-plugin-lit-a11y';
import globals from 'globals';

/** Code that runs in a page: the element, the mock backend, Storybook and the browser tests. */
const PAGE = ['src/**/*.ts', 'mock/**/*.ts', 'stories/**/*.ts', '.storybook/**/*.ts', 'test/component/**/*.ts', 'test/unit/**/*.ts'];
/** Code that runs in Node: the test runner, node and end-to-end tests, tools, the contract kit, the examples. */
const NODE = [
  '**/*.mjs',
  '*.config.ts',
  '*.config.js',
  'test/node/**/*.ts',
  'test/e2e/**/*.{ts,js}',
  'src/contract-kit/**/*.ts',
  'src/better-auth/**/*.ts',
  'scripts/**',
  'bench/**',
];

/** Every message has its id: the build leaves @lit/localize's id generation out (scripts/localize-build.mjs). */
const MESSAGE_NEEDS_ID =
  'msg() needs { id: … }: the bundle has no id generation (scripts/localize-build.mjs), and the XLIFF ids stay readable.';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      '.cache/',
      'storybook-static/',
      'src/generated/', // written by lit-localize build
      'public/mockServiceWorker.js', // written by msw init
      'examples/*/node_modules/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_`-prefixed names are unused on purpose (a parameter a signature requires); a caught error may go unread.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // An empty interface that extends one type is how src/events.ts merges its events into GlobalEventHandlersEventMap.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },

  // Lit templates and custom elements.
  { files: PAGE, ...lit.configs['flat/recommended'] },
  { files: PAGE, ...wc.configs['flat/recommended'] },
  { files: PAGE, ...litA11y.configs.recommended },

  // The shipped source with type information: a promise nobody awaits or catches is a bug in an element.
  {
    files: ['src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // msg() without `{ id }`: no argument after the text, or options without an id.
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='msg'][arguments.length<2]",
          message: MESSAGE_NEEDS_ID,
        },
        {
          selector: "CallExpression[callee.name='msg'] > ObjectExpression:not(:has(Property[key.name='id']))",
          message: MESSAGE_NEEDS_ID,
        },
      ],
    },
  },

  {
    files: ['test/**/*.ts'],
    rules: {
      // chai's property assertions (`expect(x).to.be.true`, `.to.exist`) are expressions by design.
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },

  // Globals.
  { files: PAGE, languageOptions: { globals: { ...globals.browser } } },
  { files: ['test/component/**/*.ts', 'test/unit/**/*.ts'], languageOptions: { globals: { ...globals.mocha } } },
  { files: NODE, languageOptions: { globals: { ...globals.node } } },
  // End-to-end tests and the benchmark hand functions to the page (page.evaluate), so both sets apply.
  { files: ['test/e2e/**/*.{ts,js}', 'bench/**', 'examples/**/*.js'], languageOptions: { globals: { ...globals.browser } } },
);
