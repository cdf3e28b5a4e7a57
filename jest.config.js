// Three projects: fast unit specs beside the code, integration tests against the real
// MariaDB and broker (run in band), and the Angular dashboard's specs.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const swcJs = ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }];

// NestJS 12 and aedes 1.x ship ESM only; jest needs them turned into CommonJS.
const esmOnly =
  '/node_modules/(?!(@nestjs|aedes|aedes-[a-z-]+|mqemitter|mqemitter-[a-z-]+|hyperid|retimer|fastparallel|fastseries|reusify|mqtt-packet|bl|file-type|strtok3|token-types|peek-readable|uint8array-extras|@tokenizer)/)';

const node = {
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': swc, '^.+\\.m?js$': swcJs },
  transformIgnorePatterns: [esmOnly],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
};

const { existsSync } = require('node:fs');
const { join } = require('node:path');

// Only folders that exist: a fresh clone has no empty folders.
const serviceRoots = ['libs', 'broker', 'ingest-service', 'alert-service', 'api-gateway', 'analytics-service', 'tools', 'bench', 'k8s', 'system-tests', 'firmware-arduino'].filter((r) => existsSync(join(__dirname, r)));

module.exports = {
  // Watchman is not installed here; without this, jest can wait for it silently.
  watchman: false,
  projects: [
    {
      ...node,
      displayName: 'unit',
      roots: serviceRoots.map((r) => `<rootDir>/${r}`),
      testMatch: ['**/src/**/*.spec.ts'],
    },
    {
      ...node,
      displayName: 'integration',
      roots: serviceRoots.map((r) => `<rootDir>/${r}`),
      // Whole-system tests (system-tests/cross-service, chaos, fuzz, scale) run here too; the browser
      // tests (system-tests/e2e, *.e2e.ts) have their own config.
      testMatch: ['**/test/**/*.test.ts', '<rootDir>/system-tests/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/tools/test/integration-setup.ts'],
    },
  ],
};
