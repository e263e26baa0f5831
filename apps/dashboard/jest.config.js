/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'dashboard',
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  // Chart rendering in jsdom is CPU-heavy; leave room on a shared, loaded machine.
  testTimeout: 20000,
  setupFiles: ['<rootDir>/src/test/setupTests.ts'],
  moduleNameMapper: {
    '\\.(css)$': '<rootDir>/src/test/styleStub.js',
    ...require('../../jest.preset.js').moduleNameMapper,
  },
};
