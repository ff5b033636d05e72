// Integration tests: deploy the stack (to a local cloud of their own, or use a deployed AWS stack) and drive
// the deployed chain through its stack outputs. Run with `pnpm --filter @lambda-chain/testing integration`
// (always --runInBand: one deployment, shared by the test files, driven one file at a time).
/** @type {import('jest').Config} */
const base = require('../../jest.base.js');

// The AWS SDK's notice that its 2027 releases will need Node 22 (engines here: >=20.11) once per test file
// drowns the scenario output; the lead tracks the Node version decision.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

module.exports = {
  ...base,
  // Workspace packages' compiled output (reached through symlinks, so outside node_modules) runs as built:
  // SWC would turn @lambda-chain/infra/deploy's dynamic import() of an .mjs file into a failing require().
  transformIgnorePatterns: [...base.transformIgnorePatterns, '/(apps|packages)/[^/]+/dist/'],
  testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
  globalSetup: '<rootDir>/test/integration/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/integration/setup/global-teardown.ts',
  // Per-test deadlines are set by each scenario (they wait on queues with deadlines of their own).
  testTimeout: 120_000,
  // The conservation run is the longest file; run it last so a failure there never hides the others.
  testSequencer: '<rootDir>/test/integration/setup/sequencer.js',
  verbose: true,
};
