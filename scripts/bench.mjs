#!/usr/bin/env node
// `pnpm bench`: prints the project's figures. Build figures (cold and warm turbo build, synth, each bundle's
// size and its module-load time in a fresh Node process) are measured here; the local cloud's and the
// deployed chain's benches live in their packages and are run after.
// Flags: --only=build|cloud|chain (default: all).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const want = (part) => !only || only === part;

function timed(cmd, args, options = {}) {
  const t0 = performance.now();
  const out = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', ...options });
  const ms = performance.now() - t0;
  if (out.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${out.stdout}\n${out.stderr}`);
  return { ms, stdout: out.stdout };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(1)} ms`);

function table(title, rows) {
  console.log(`\n${title}`);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  for (const [index, row] of rows.entries()) {
    console.log(`  ${row.map((cell, i) => String(cell).padEnd(widths[i])).join('  ')}`);
    if (index === 0) console.log(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  }
}

console.log(
  `machine: ${process.platform} ${process.arch}, node ${process.version}, load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
);

if (want('build')) {
  const cold = timed('pnpm', ['exec', 'turbo', 'run', 'build', '--force', '--output-logs=errors-only']);
  const warm = timed('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
  const fullTurbo = /FULL TURBO/.test(warm.stdout);
  const synthRuns = [1, 2, 3].map(
    () => timed(process.execPath, ['dist/main.js'], { cwd: join(root, 'apps/infra') }).ms,
  );
  table('Build (turbo)', [
    ['what', 'time', 'note'],
    ['cold `turbo run build --force`', fmtMs(cold.ms), 'contracts, bundles, local cloud, synth'],
    [
      'warm `turbo run build`',
      fmtMs(warm.ms),
      fullTurbo ? 'FULL TURBO (every task a cache hit)' : 'NOT a full cache hit',
    ],
    ['synth of local+dev+prod (median of 3)', fmtMs(median(synthRuns)), 'node apps/infra/dist/main.js'],
  ]);

  const manifest = JSON.parse(readFileSync(join(root, 'packages/handlers/dist/manifest.json'), 'utf8'));
  const rows = [['function', 'bundle', 'zip', '≤ 100 KB', 'module load p50 (ms)', '≤ 50 ms']];
  for (const fn of manifest.functions) {
    const bundle = join(root, 'packages/handlers/dist', fn.name, 'index.js');
    const loads = [];
    for (let i = 0; i < 7; i++) {
      const out = spawnSync(
        process.execPath,
        [
          '-e',
          `const t=process.hrtime.bigint();require(${JSON.stringify(bundle)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`,
        ],
        { encoding: 'utf8' },
      );
      loads.push(Number(out.stdout));
    }
    const load = median(loads);
    rows.push([
      fn.name,
      `${(fn.bundleBytes / 1024).toFixed(1)} KB`,
      `${(fn.zipBytes / 1024).toFixed(1)} KB`,
      fn.bundleBytes <= 100 * 1024 ? 'yes' : 'NO',
      load.toFixed(1),
      load <= 50 ? 'yes' : 'NO',
    ]);
  }
  table('Handler bundles (esbuild, minified, node20)', rows);
}

function runPackageBench(part, file, label) {
  if (!want(part)) return;
  const path = join(root, file);
  if (!existsSync(path)) {
    console.log(`\n${label}: ${file} not found`);
    return;
  }
  console.log(`\n${label} (${file})`);
  const out = spawnSync(process.execPath, [path], { cwd: dirname(path), stdio: 'inherit' });
  if (out.status !== 0) console.log(`${label}: exited with ${out.status}`);
}

runPackageBench('cloud', 'packages/local-cloud/bench/run-all.mjs', 'Local cloud');
runPackageBench('chain', 'packages/testing/bench/chain.bench.mjs', 'Deployed chain');
