// The dashboard's unit specs (stores and components) in jsdom, zoneless like the app.
// Run from the repo root: npx jest --config dashboard-angular/jest.config.js
const { createCjsPreset } = require('jest-preset-angular/presets');

const preset = createCjsPreset({ tsconfig: '<rootDir>/tsconfig.spec.json' });

module.exports = {
  ...preset,
  displayName: 'dashboard',
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  moduleNameMapper: { '^@energy/contracts$': '<rootDir>/../libs/contracts/src/index.ts' },
};
