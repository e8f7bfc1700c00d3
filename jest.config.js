const { readFileSync } = require('node:fs');

const swcrc = JSON.parse(readFileSync(`${__dirname}/.swcrc`, 'utf8'));
const { paths } = JSON.parse(readFileSync(`${__dirname}/tsconfig.json`, 'utf8')).compilerOptions;
/** The lib aliases of tsconfig.json (`@siaran/*` → `libs/*\/src`), their one definition (SWC rewrites them to relative paths, also in the global setup, which Jest's own resolver never sees). */
const transform = {
  '^.+\\.ts$': ['@swc/jest', { ...swcrc, sourceMaps: 'inline', jsc: { ...swcrc.jsc, baseUrl: __dirname, paths } }],
};
const common = { rootDir: __dirname, transform, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };

const e2e = {
  ...common,
  globalSetup: '<rootDir>/test/support/e2e-global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

/**
 * Three tiers: unit (pure logic), integration (real PostgreSQL, S3, ffmpeg), e2e (HTTP and whole
 * processes); the e2e files that encode and air live feeds in real time (or play them in a
 * browser) are the realtime project, run one at a time by `npm test` (scripts/test.mjs).
 */
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,web}/**/*.spec.ts', '<rootDir>/test/architecture/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      ...e2e,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      testPathIgnorePatterns: ['\\.realtime\\.e2e-spec\\.ts$'],
    },
    { ...e2e, displayName: 'realtime', testMatch: ['<rootDir>/test/e2e/**/*.realtime.e2e-spec.ts'] },
  ],
  // Hooks and tests wait on real ffmpeg; with three files at a time on two cores a setup can take minutes.
  testTimeout: 180000,
};
