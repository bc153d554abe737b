// Three projects: `unit` (pure functions and module tests beside the code), `e2e` (HTTP + real
// PostgreSQL) and `faults` (real service processes killed, stopped and cut off from PostgreSQL;
// slow, so `npm test` leaves them to `npm run test:faults`). All compile with SWC; type-checking
// is `npm run typecheck`.
const transform = { '^.+\\.ts$': ['@swc/jest'] };
const common = { testEnvironment: 'node', transform, moduleFileExtensions: ['ts', 'js', 'json'] };
/** Each e2e and fault suite on a database of its own (test/setup/own-database.ts). */
const ownDatabase = { setupFilesAfterEnv: ['<rootDir>/test/setup/own-database.ts'] };

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 120000,
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  projects: [
    { ...common, displayName: 'unit', rootDir: '.', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...common,
      ...ownDatabase,
      displayName: 'e2e',
      rootDir: '.',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
    },
    {
      ...common,
      ...ownDatabase,
      displayName: 'faults',
      rootDir: '.',
      testMatch: ['<rootDir>/test/faults/*.fault-spec.ts'],
    },
  ],
};
