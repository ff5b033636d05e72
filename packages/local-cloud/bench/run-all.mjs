#!/usr/bin/env node
/**
 * Runs the local cloud's benches one after the other (never in parallel: they measure CPU) and prints one
 * combined summary table at the end. Each bench's own output streams through as it runs.
 *
 *   pnpm --filter @lambda-chain/local-cloud build && node packages/local-cloud/bench/run-all.mjs
 *   options: --quick (smaller workloads, for a smoke run)  --only sqs,lambda,lambda-async,apigateway
 *            --no-moto (skip the moto_server comparisons)
 *
 * Each bench writes its summary rows to the file named by BENCH_SUMMARY_FILE. Exit code: 1 when a bench failed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const noMoto = args.includes('--no-moto');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? new Set((args[onlyIndex + 1] ?? '').split(',')) : undefined;

if (!existsSync(join(here, '..', 'dist', 'cli.js'))) {
  console.error('build first: pnpm --filter @lambda-chain/local-cloud build');
  process.exit(2);
}

const BENCHES = [
  {
    name: 'sqs',
    file: 'sqs.bench.mjs',
    args: [...(quick ? ['--seconds', '2'] : []), ...(noMoto ? ['--no-moto'] : [])],
  },
  {
    name: 'lambda',
    file: 'lambda-bench.mjs',
    args: [],
    env: {
      ...(quick ? { BENCH_COLD: '5', BENCH_WARM: '300', BENCH_MOTO: '50' } : {}),
      ...(noMoto ? { BENCH_MOTO: '0' } : {}),
    },
  },
  {
    name: 'lambda-async',
    file: 'lambda-async-bench.mjs',
    args: quick ? ['--latency', '50', '--events', '500'] : [],
  },
  {
    name: 'apigateway',
    file: 'apigateway-bench.mjs',
    args: quick ? ['--requests', '1000', '--latency', '100'] : [],
  },
];

function run(bench, summaryFile) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [join(here, bench.file), ...bench.args], {
      stdio: 'inherit',
      env: { ...process.env, ...bench.env, BENCH_SUMMARY_FILE: summaryFile },
    });
    child.on('exit', (code, signal) =>
      resolve({ code: code ?? (signal ? 1 : 0), seconds: (Date.now() - started) / 1000 }),
    );
  });
}

const dir = mkdtempSync(join(tmpdir(), 'local-cloud-bench-'));
const results = [];
const loadBefore = loadavg()[0];
try {
  for (const bench of BENCHES) {
    if (only && !only.has(bench.name)) continue;
    console.log(`\n=== ${bench.name} (${bench.file} ${bench.args.join(' ')})`.trimEnd());
    const summaryFile = join(dir, `${bench.name}.json`);
    const { code, seconds } = await run(bench, summaryFile);
    let summary;
    try {
      summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
    } catch {
      summary = undefined;
    }
    results.push({ bench, code, seconds, summary });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const table = [];
for (const { bench, code, seconds, summary } of results) {
  if (!summary) {
    table.push([bench.name, `no summary (exit ${code})`, '']);
    continue;
  }
  summary.rows.forEach((row, i) => {
    table.push([i === 0 ? `${bench.name} (${seconds.toFixed(0)} s)` : '', row.metric, row.value]);
  });
  if (code !== 0) table.push(['', 'exit code', String(code)]);
}
const header = ['bench', 'metric', 'value'];
const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(
  `\n=== local cloud benches: node ${process.version}, ${cpus().length} cores, load average ${loadBefore.toFixed(1)} before / ${loadavg()[0].toFixed(1)} after, ${new Date().toISOString()}${quick ? ' (--quick)' : ''}`,
);
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of table) console.log(line(row));
process.exit(results.some((r) => r.code !== 0 || !r.summary) ? 1 : 0);
