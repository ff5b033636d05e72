#!/usr/bin/env node
// The chain benchmark: cold deploy, no-change redeploy, throughput and latency over 10,000 loan applications.
// Run after a build: `pnpm turbo run build --filter=@lambda-chain/testing... && pnpm --filter @lambda-chain/testing bench`.
// The logic lives in src/bench/chain.ts (type-checked, compiled to dist/bench/chain.js).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const compiled = new URL('../dist/bench/chain.js', import.meta.url);
if (!existsSync(compiled)) {
  process.stderr.write(
    'dist/bench/chain.js is missing: build first (pnpm turbo run build --filter=@lambda-chain/testing...)\n',
  );
  process.exit(1);
}
const { runBenchmark } = require(compiled.pathname);

runBenchmark().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`benchmark failed: ${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
