// The dashboard in a real browser (Debian's Chromium via playwright-core) against the whole running
// system. Run from the repo root: npx jest --config system-tests/e2e/jest.config.js --runInBand
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

// Same list as the root jest.config.js: ESM-only packages jest must turn into CommonJS.
const esmOnly =
  '/node_modules/(?!(@nestjs|aedes|aedes-[a-z-]+|mqemitter|mqemitter-[a-z-]+|hyperid|retimer|fastparallel|fastseries|reusify|mqtt-packet|bl|file-type|strtok3|token-types|peek-readable|uint8array-extras|@tokenizer)/)';

module.exports = {
  displayName: 'browser',
  rootDir: __dirname + '/../..',
  roots: ['<rootDir>/system-tests/e2e'],
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': swc, '^.+\\.m?js$': swcJs },
  transformIgnorePatterns: [esmOnly],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testMatch: ['<rootDir>/system-tests/e2e/**/*.e2e.ts'],
  globalSetup: '<rootDir>/system-tests/e2e/support/global-setup.ts',
  globalTeardown: '<rootDir>/system-tests/e2e/support/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/system-tests/e2e/support/timeout.ts'],
};
