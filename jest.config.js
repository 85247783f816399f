/** One jest run for the whole monorepo: unit and integration tests sit beside their code. */
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

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools', '<rootDir>/e2e'],
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^@saga/events$': '<rootDir>/libs/events/src/index.ts',
    '^@saga/messaging$': '<rootDir>/libs/messaging/src/index.ts',
    '^@saga/kafka-broker$': '<rootDir>/libs/kafka-broker/src/index.ts',
    '^@saga/testing$': '<rootDir>/libs/testing/src/index.ts',
  },
  globalSetup: '<rootDir>/libs/testing/src/jest-global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/jest-global-teardown.ts',
  testTimeout: 30000,
};
