/** Jest runs the TypeScript sources through ts-jest (CommonJS), so tests need no build step except the CLI/browser suites. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: { module: 'commonjs', moduleResolution: 'node', allowJs: true, isolatedModules: true, esModuleInterop: true } }],
  },
  // stemmer ships ESM only: let ts-jest transpile it.
  transformIgnorePatterns: ['/node_modules/(?!stemmer/)'],
  testTimeout: 60000,
};
