/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.base.js'),
  // cdktf's matchers (toHaveResourceWithProperties, …) registered once for every test file.
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
};
