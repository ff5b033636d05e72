// Unit tests of the helpers: no network, no cloud (`pnpm --filter @lambda-chain/testing test`).
/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.base.js'),
  testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
};
