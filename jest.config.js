/**
 * Jest runs the compiled tests (`npm run build` first): one tsc pass type-checks everything and
 * the devhost child processes in tests load the very same compiled files.
 * @type {import('jest').Config}
 */
module.exports = {
  rootDir: __dirname,
  roots: ['<rootDir>/dist/test'],
  testMatch: ['**/*.test.js'],
  testEnvironment: 'node',
  globalSetup: '<rootDir>/dist/test/helpers/globalSetup.js',
  globalTeardown: '<rootDir>/dist/test/helpers/globalTeardown.js',
  testTimeout: 60000,
  maxWorkers: 2,
  errorOnDeprecated: true,
};
