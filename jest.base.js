// Shared jest settings: TypeScript through SWC (fast, no type-check: `tsc` does that in `typecheck`).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j|mj)sx?$': [
      require.resolve('@swc/jest'),
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  // nanoid and a few other dependencies ship ESM only; let SWC turn them into CommonJS for jest.
  transformIgnorePatterns: ['/node_modules/(?!(\\.pnpm/)?(nanoid)(@|/))'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
};
