// ESLint flat config: typescript-eslint with type information, Prettier for layout, and the
// one-way import order between libs as a rule (see CONTRIBUTING.md, "Boundaries").
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Who may import whom. A lib imports only the libs listed for it, and only through their public
// entry point (`@liveline/<lib>`, or `@liveline/pages/markup` for the browser-safe markup).
// Order: contracts ← core ← outbound/accounts ← timeline ← live/media/embeds/webhooks ← pages/newsroom ← apps.
export const LAYERS = {
  contracts: [],
  core: ['contracts'],
  outbound: ['contracts', 'core'],
  accounts: ['contracts', 'core'],
  timeline: ['contracts', 'core', 'accounts'],
  live: ['contracts', 'core', 'accounts', 'timeline'],
  media: ['contracts', 'core', 'accounts', 'timeline'],
  embeds: ['contracts', 'core', 'accounts', 'timeline', 'outbound'],
  webhooks: ['contracts', 'core', 'accounts', 'timeline', 'outbound'],
  pages: ['contracts', 'core', 'accounts', 'timeline', 'live', 'media', 'embeds'],
  newsroom: ['contracts', 'core', 'accounts', 'timeline'],
};
const LIBS = Object.keys(LAYERS);
// Browser bundles (esbuild) may use only what runs in a browser: the contracts and the pages' markup.
const BROWSER_ENTRIES = ['@liveline/contracts', '@liveline/pages/markup'];
// Public entry points besides a lib's index: Nest-free halves that browser code and unit specs load.
const PUBLIC_SUBPATHS = ['pages/markup', 'core/domain'];

const noEscapingRelative = {
  group: ['../../*/src', '../../*/src/*', '../../../*/src/*', '../../../../*/src/*', '**/libs/*/src/**'],
  message: 'Import another lib through its entry point (@liveline/<lib>), never by a relative path into it.',
};

function libBoundary(lib) {
  const forbidden = LIBS.filter((other) => other !== lib && !LAYERS[lib].includes(other));
  return {
    files: [`libs/${lib}/src/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...(forbidden.length
              ? [
                  {
                    group: forbidden.flatMap((o) => [`@liveline/${o}`, `@liveline/${o}/*`]),
                    message: `libs/${lib} may import only ${LAYERS[lib].join(', ') || 'nothing of the other libs'} (one-way layers).`,
                  },
                ]
              : []),
            {
              regex: `^@liveline/(?!(${PUBLIC_SUBPATHS.join('|')})$)[a-z]+/`,
              message: 'No deep imports into another lib: use its entry point.',
            },
            { group: ['@liveline/apps/*', '**/apps/*/src/**'], message: 'Libs never import apps.' },
            noEscapingRelative,
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  {
    ignores: ['dist/**', 'data/**', 'coverage/**', 'node_modules/**', 'bench/results/**', '.tmp/**', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-empty': ['error', { allowEmptyCatch: true }],
      // Sanitizers, feeds and fuzzers strip C0 controls on purpose: the regexes name them.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `void promise` is the explicit mark of a promise that handles its own failure (a loop that logs,
      // a UI action that shows its error); anything else floating is an error.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // In files with decorators the rule keeps value imports itself (Nest reads their emitted metadata).
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-nested-ternary': 'error',
    },
  },
  ...LIBS.map(libBoundary),
  {
    // The composition root may import every lib, but only through its entry points too.
    files: ['apps/server/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^@liveline/(?!(${PUBLIC_SUBPATHS.join('|')})$)[a-z]+/`,
              message: 'No deep imports into a lib: use its entry point.',
            },
            noEscapingRelative,
          ],
        },
      ],
    },
  },
  {
    files: ['apps/widget/src/**/*.ts', 'apps/newsroom/src/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^@liveline/(?!(${BROWSER_ENTRIES.map((e) => e.replace('@liveline/', '').replace('/', '\\/')).join('|')})$)`,
              message: `Browser code imports only ${BROWSER_ENTRIES.join(' and ')} (public, Nest-free entry points).`,
            },
            noEscapingRelative,
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { ...globals.node } },
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['apps/widget/src/**/*.spec.ts', 'apps/newsroom/src/**/*.spec.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
  },
  prettier,
);
