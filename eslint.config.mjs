// @ts-check
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.angular/**', 'firmware-*/**', 'test-artifacts/**', '.data/**', '**/*.cjs', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      // Tests and adapters read driver rows and JSON as loosely typed data on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      // Packages meet through what they export (package.json "exports": `@energy/db/testing`,
      // `@energy/ingest-service/config`, ...), never through another package's src/ or test/ files.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@energy/[^/]+/(src|test)(/|$)',
              message: "Deep import into another package: import what its package.json 'exports' offers (e.g. '@energy/db/testing').",
            },
            {
              regex: '^(\\.\\./)+(libs/[^/]+|broker|ingest-service|alert-service|api-gateway|analytics-service|dashboard-angular|tools/[^/]+)/(src|test)(/|$)',
              message: "Relative import into another package: import '@energy/<package>' or one of its 'exports' instead.",
            },
          ],
        },
      ],
    },
  },
);
