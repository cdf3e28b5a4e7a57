// @ts-check
import tseslint from 'typescript-eslint';

// Packages meet through what they export (package.json "exports": `@energy/db/testing`,
// `@energy/ingest-service/config`, ...), never through another package's src/ or test/ files.
const packageBoundaries = [
  {
    regex: '^@energy/[^/]+/(src|test)(/|$)',
    message: "Deep import into another package: import what its package.json 'exports' offers (e.g. '@energy/db/testing').",
  },
  {
    regex: '^(\\.\\./)+(libs/[^/]+|broker|ingest-service|alert-service|api-gateway|analytics-service|dashboard-angular|firmware-arduino/sim|tools/[^/]+)/(src|test)(/|$)',
    message: "Relative import into another package: import '@energy/<package>' or one of its 'exports' instead.",
  },
];

/** A lower layer (plumbing every feature uses) may import only other lower layers, never a feature folder above it. */
function lowerLayers(files, layers) {
  return {
    files,
    // A spec may use the test helpers beside it.
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...packageBoundaries,
            {
              regex: `^\\.\\./(?!(${layers.join('|')})/)`,
              message: `A lower layer (${layers.join(', ')}) imports upward into a feature folder or the app: move the shared piece down instead.`,
            },
          ],
        },
      ],
    },
  };
}

const serviceLayers = ['config', 'shared', 'bus', 'observability', 'errors', 'ops'];
const dashboardLayers = ['shared', 'api', 'ui'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.angular/**', 'firmware-*/**', 'test-artifacts/**', '.data/**', '**/*.cjs', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      // Tests and adapters read driver rows and JSON as loosely typed data on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      'no-restricted-imports': ['error', { patterns: packageBoundaries }],
    },
  },
  lowerLayers([`{broker,ingest-service,alert-service,api-gateway,analytics-service}/src/{${serviceLayers.join(',')}}/**/*.ts`], serviceLayers),
  lowerLayers([`dashboard-angular/src/app/{${dashboardLayers.join(',')}}/**/*.ts`], dashboardLayers),
);
