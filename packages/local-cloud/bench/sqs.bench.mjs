#!/usr/bin/env node
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
// SQS benchmark: send + receive + delete throughput and p50/p99 latency with the AWS SDK v3 at
// concurrency 16, against the local cloud (built dist, separate process) with durability off, on (data
// dir) and on with fsync, and side by side against `moto_server` when it is on PATH. Also: process start
// to ready (spawn the CLI, poll health) and idle RSS.
//
//   pnpm --filter @lambda-chain/local-cloud build && node packages/local-cloud/bench/sqs.bench.mjs
//   options: --seconds N (per target, default 5)  --concurrency N (default 16)  --no-moto
import { Agent } from 'node:http';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const {
  SQSClient,
  CreateQueueCommand,
  SendMessageCommand,
  ReceiveMessageCommand,
  DeleteMessageCommand,
} = require('@aws-sdk/client-sqs');

const CLI = join(here, '..', 'dist', 'cli.js');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const SECONDS = Number(option('seconds', '5'));
const CONCURRENCY = Number(option('concurrency', '16'));
const WITH_MOTO = !args.includes('--no-moto');

if (!existsSync(CLI)) {
  console.error(`build first: ${CLI} is missing (pnpm --filter @lambda-chain/local-cloud build)`);
  process.exit(2);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitReady(url, child, timeoutMs = 30_000) {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode})`);
    try {
      const response = await fetch(url);
      if (response.status < 500) {
        await response.arrayBuffer();
        return performance.now() - t0;
      }
    } catch {
      // not yet
    }
    await sleep(2);
  }
  throw new Error(`not ready after ${timeoutMs} ms: ${url}`);
}

function rssOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb * 1024;
  } catch {
    return 0;
  }
}

/** The RSS of a process tree's root plus its children (moto_server's shim may fork python). */
function treeRss(pid) {
  let total = rssOf(pid);
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    for (const child of children) total += treeRss(Number(child));
  } catch {
    // no children listing
  }
  return total;
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system) used so far by a process and its children tree. */
function cpuSeconds(pid) {
  let total = 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    total += (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return total;
  }
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    for (const child of children) total += cpuSeconds(Number(child));
  } catch {
    // no children listing
  }
  return total;
}

function stopProcess(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function startLocalCloud({ dataDir, fsync } = {}) {
  const port = await freePort();
  const argv = [CLI, 'start', '--port', String(port)];
  if (dataDir) argv.push('--data-dir', dataDir);
  if (fsync) argv.push('--fsync');
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
  const readyMs = await waitReady(`http://127.0.0.1:${port}/_local-cloud/health`, child);
  return { child, endpoint: `http://127.0.0.1:${port}`, readyMs };
}

async function startMoto() {
  const port = await freePort();
  const child = spawn('moto_server', ['-p', String(port), '-H', '127.0.0.1'], {
    stdio: ['ignore', 'ignore', 'ignore'],
    detached: false,
  });
  const readyMs = await waitReady(`http://127.0.0.1:${port}/moto-api/`, child, 60_000);
  return { child, endpoint: `http://127.0.0.1:${port}`, readyMs };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function workload(endpoint, pid) {
  const client = new SQSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    useQueueUrlAsEndpoint: false,
    maxAttempts: 1,
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: CONCURRENCY * 2 }) },
  });
  const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: `bench-${Date.now()}` }));
  const latencies = { send: [], receive: [], delete: [] };
  let messages = 0;
  let calls = 0;
  let errors = 0;
  const timed = async (kind, command) => {
    const t0 = performance.now();
    const out = await client.send(command);
    latencies[kind].push(performance.now() - t0);
    calls++;
    return out;
  };
  const body = JSON.stringify({ order: 'x'.repeat(200), at: Date.now() });
  // Warm up connections and JIT for a second, then measure.
  for (const phase of ['warmup', 'measure']) {
    const duration = phase === 'warmup' ? 1000 : SECONDS * 1000;
    for (const k of Object.keys(latencies)) latencies[k] = [];
    messages = 0;
    calls = 0;
    errors = 0;
    const t0 = performance.now();
    const cpu0 = cpuSeconds(pid);
    const client0 = process.cpuUsage();
    const deadline = t0 + duration;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < deadline) {
          try {
            await timed('send', new SendMessageCommand({ QueueUrl, MessageBody: body }));
            let received;
            for (let i = 0; i < 20 && !received; i++) {
              const out = await timed(
                'receive',
                new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1 }),
              );
              received = out.Messages?.[0];
            }
            if (!received) continue;
            await timed(
              'delete',
              new DeleteMessageCommand({ QueueUrl, ReceiptHandle: received.ReceiptHandle }),
            );
            messages++;
          } catch {
            errors++;
          }
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    const serverCpu = cpuSeconds(pid) - cpu0;
    const clientUsage = process.cpuUsage(client0);
    const clientCpu = (clientUsage.user + clientUsage.system) / 1e6;
    if (phase === 'measure') {
      client.destroy();
      const stats = {};
      for (const [k, v] of Object.entries(latencies)) {
        const sorted = [...v].sort((a, b) => a - b);
        stats[k] = { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
      }
      return {
        callsPerSec: calls / elapsed,
        messagesPerSec: messages / elapsed,
        errors,
        stats,
        serverCpuPerCallUs: (serverCpu * 1e6) / Math.max(1, calls),
        clientCpuPerCallUs: (clientCpu * 1e6) / Math.max(1, calls),
      };
    }
  }
  throw new Error('unreachable');
}

async function startupFigures() {
  const ready = [];
  const rss = [];
  for (let i = 0; i < 5; i++) {
    const lc = await startLocalCloud();
    ready.push(lc.readyMs);
    await sleep(300); // idle
    rss.push(rssOf(lc.child.pid));
    await stopProcess(lc.child);
  }
  const dir = mkdtempSync(join(tmpdir(), 'sqs-bench-ready-'));
  const withDir = await startLocalCloud({ dataDir: dir });
  const readyDurable = withDir.readyMs;
  await stopProcess(withDir.child);
  rmSync(dir, { recursive: true, force: true });
  ready.sort((a, b) => a - b);
  rss.sort((a, b) => a - b);
  return { readyMedian: ready[2], readyMin: ready[0], readyMax: ready[4], readyDurable, idleRss: rss[2] };
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(1)}` : '-');

async function main() {
  const rows = [];
  const dirs = [];
  const targets = [
    { name: 'local-cloud, durability off', start: () => startLocalCloud() },
    {
      name: 'local-cloud, data dir',
      start: () => {
        const dir = mkdtempSync(join(tmpdir(), 'sqs-bench-'));
        dirs.push(dir);
        return startLocalCloud({ dataDir: dir });
      },
    },
    {
      name: 'local-cloud, data dir + fsync',
      start: () => {
        const dir = mkdtempSync(join(tmpdir(), 'sqs-bench-'));
        dirs.push(dir);
        return startLocalCloud({ dataDir: dir, fsync: true });
      },
    },
  ];
  const motoOnPath = spawnSync('sh', ['-c', 'command -v moto_server'], { encoding: 'utf8' }).status === 0;
  if (WITH_MOTO && motoOnPath) targets.push({ name: 'moto_server', start: startMoto, moto: true });
  else if (WITH_MOTO) console.log('moto_server is not on PATH: no comparison');

  let motoIdleRss;
  let motoReady;
  for (const target of targets) {
    const server = await target.start();
    if (target.moto) {
      motoReady = server.readyMs;
      await sleep(300);
      motoIdleRss = treeRss(server.child.pid);
    }
    try {
      const result = await workload(server.endpoint, server.child.pid);
      rows.push({
        name: target.name,
        ...result,
        rss: target.moto ? treeRss(server.child.pid) : rssOf(server.child.pid),
      });
    } finally {
      await stopProcess(server.child);
    }
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });

  const startup = await startupFigures();

  console.log(
    `\nSQS send → receive → delete, AWS SDK v3, concurrency ${CONCURRENCY}, ${SECONDS} s per target (node ${process.version})`,
  );
  const overloaded = loadavg()[0] > cpus().length;
  console.log(
    `machine: ${cpus().length} cores, load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(
        ' ',
      )}${overloaded ? ' (overloaded: throughput and latency are not meaningful; compare CPU per call)' : ''}\n`,
  );
  const header = [
    'target',
    'msgs/s',
    'calls/s',
    'server CPU µs/call',
    'SDK CPU µs/call',
    'send p50/p99 ms',
    'recv p50/p99 ms',
    'del p50/p99 ms',
    'errors',
    'RSS after',
  ];
  const table = rows.map((r) => [
    r.name,
    r.messagesPerSec.toFixed(0),
    r.callsPerSec.toFixed(0),
    r.serverCpuPerCallUs.toFixed(0),
    r.clientCpuPerCallUs.toFixed(0),
    `${ms(r.stats.send.p50)} / ${ms(r.stats.send.p99)}`,
    `${ms(r.stats.receive.p50)} / ${ms(r.stats.receive.p99)}`,
    `${ms(r.stats.delete.p50)} / ${ms(r.stats.delete.p99)}`,
    String(r.errors),
    mb(r.rss),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of table) console.log(line(row));
  const clientBound = rows.filter(
    (r) => r.name !== 'moto_server' && r.clientCpuPerCallUs > r.serverCpuPerCallUs,
  );
  if (clientBound.length > 0) {
    console.log(
      `\nnote: the SDK client spends more CPU per call than the local cloud does (${clientBound.map((r) => r.name).join(', ')}); with client and server on ${cpus().length} cores the client bounds the end-to-end rate, so server CPU per call is the figure that compares servers.`,
    );
  }
  const moto = rows.find((r) => r.name === 'moto_server');
  if (moto) {
    console.log('');
    for (const r of rows.filter((x) => x !== moto)) {
      const factor = r.messagesPerSec / moto.messagesPerSec;
      const cpuFactor = moto.serverCpuPerCallUs / r.serverCpuPerCallUs;
      console.log(
        `${r.name}: ${factor.toFixed(1)}× moto's throughput (target ≥ 5×) ${factor >= 5 ? 'OK' : 'BELOW TARGET'}; ${cpuFactor.toFixed(1)}× less server CPU per call`,
      );
    }
  }
  console.log('');
  console.log(
    `start → ready (spawn CLI, poll health): median ${startup.readyMedian.toFixed(0)} ms (min ${startup.readyMin.toFixed(0)}, max ${startup.readyMax.toFixed(0)}; target ≤ 300 ms) ${startup.readyMedian <= 300 ? 'OK' : 'ABOVE TARGET'}; with a data dir ${startup.readyDurable.toFixed(0)} ms`,
  );
  console.log(
    `idle RSS: ${mb(startup.idleRss)}${motoIdleRss ? ` (moto_server: ${mb(motoIdleRss)}, ready in ${motoReady.toFixed(0)} ms)` : ''}`,
  );

  // bench/run-all.mjs collects one summary per bench.
  if (process.env.BENCH_SUMMARY_FILE) {
    const summary = [];
    for (const r of rows) {
      summary.push({
        metric: `${r.name}: send+receive+delete`,
        value: `${r.messagesPerSec.toFixed(0)} msgs/s, ${r.serverCpuPerCallUs.toFixed(0)} µs server CPU/call`,
      });
      summary.push({
        metric: `${r.name}: send p50 / p99`,
        value: `${ms(r.stats.send.p50)} / ${ms(r.stats.send.p99)} ms`,
      });
    }
    summary.push({
      metric: 'start → /health 200 (median of 5)',
      value: `${startup.readyMedian.toFixed(0)} ms (data dir: ${startup.readyDurable.toFixed(0)} ms)`,
    });
    summary.push({ metric: 'idle RSS', value: mb(startup.idleRss) });
    writeFileSync(
      process.env.BENCH_SUMMARY_FILE,
      JSON.stringify({ title: 'SQS (SDK v3, c=16)', rows: summary }),
    );
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
