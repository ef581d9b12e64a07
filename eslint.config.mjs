// ESLint (flat config) with typescript-eslint's type-aware rules. The ones that matter
// most here: a promise nobody awaits is how a post or its record gets lost on a stop
// (no-floating-promises), and an async function where a callback's result is ignored
// runs unobserved (no-misused-promises). Formatting is not linted.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  ...tseslint.configs.recommended.map((c) => ({ ...c, files: ['**/*.ts'] })),
  {
    ignores: ['dist/**', 'coverage/**', 'node_modules/**', 'src/generated/**', 'prisma/generated/**', '**/*.js', '**/*.mjs', '**/*.cjs'],
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // A leading underscore names what is left out on purpose (a destructured field dropped).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // The tests load the project's plain-JavaScript scripts as they are.
      '@typescript-eslint/no-require-imports': ['error', { allow: ['/scripts/'] }],
    },
  },
);
