module.exports = {
  ...require('../../jest.base.js'),
  // sources import siblings as `./x.js` (valid for the ESM build); map them back to the .ts files
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};
