#!/usr/bin/env node
// Lambda runtime benchmark over the built package (run `pnpm --filter @lambda-chain/local-cloud build` first):
//   node packages/local-cloud/bench/lambda-bench.mjs
// Measures, for one tiny Node.js handler:
//   - a reference: forking and booting a bare Node process on this machine, now;
//   - cold start of an execution environment (client-observed Invoke latency, and the REPORT Init Duration),
//     with a pre-booted spare process ready (the default) and with spares disabled (LOCAL_CLOUD_LAMBDA_SPARES=0);
//   - warm synchronous Invoke over HTTP (keep-alive, as the SDK does) and through the in-process invoke port;
//   - RSS of warm execution environments (child processes);
//   - the floor: the same handler called directly in this process;
//   - moto_server's Invoke when `moto_server` is on PATH (moto does NOT run the code: it echoes the payload).
// Knobs: BENCH_COLD (default 30), BENCH_WARM (2000), BENCH_ENVS (4), BENCH_MOTO (300), BENCH_JSON=1 for JSON only.
import { fork, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const { startLocalCloud } = require('../dist/index.js');
const {
  LambdaClient,
  CreateFunctionCommand,
  InvokeCommand,
  UpdateFunctionConfigurationCommand,
} = require('@aws-sdk/client-lambda');
const { IAMClient, CreateRoleCommand } = require('@aws-sdk/client-iam');
const { zipSync, strToU8 } = require('fflate');

const COLD = Number(process.env.BENCH_COLD ?? 30);
const WARM = Number(process.env.BENCH_WARM ?? 2000);
const ENVS = Number(process.env.BENCH_ENVS ?? 4);
const MOTO = Number(process.env.BENCH_MOTO ?? 300);
const JSON_ONLY = process.env.BENCH_JSON === '1';

const HANDLER = 'exports.handler = async (event) => ({ ok: true, n: event.n });';
const SLEEPER =
  'exports.handler = async (event) => { await new Promise((r) => setTimeout(r, event.ms)); return process.pid; };';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const AUTH =
  'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=0';

const log = (...args) => {
  if (!JSON_ONLY) console.log(...args);
};

function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const stats = (samples) => ({
  n: samples.length,
  p50: round(percentile(samples, 50)),
  p99: round(percentile(samples, 99)),
  mean: round(samples.reduce((a, b) => a + b, 0) / samples.length),
});
const round = (x) => Math.round(x * 1000) / 1000;

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function invokeHttp(port, functionName, payload, headers = {}, pathPrefix = '/2015-03-31/functions') {
  const body = Buffer.from(JSON.stringify(payload));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `${pathPrefix}/${encodeURIComponent(functionName)}/invocations`,
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          authorization: AUTH,
          ...headers,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function runtimeStats(endpoint) {
  return (await (await fetch(`${endpoint}/_local-cloud/lambda-runtime`)).json()).environments;
}

/** Bare Node boot on this machine now: fork a trivial script and wait for its first IPC message. */
async function benchNodeBoot() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-boot-'));
  const script = path.join(dir, 'boot.js');
  writeFileSync(script, "process.send('up'); process.disconnect();");
  const samples = [];
  for (let i = 0; i < Math.min(COLD, 20); i++) {
    const started = performance.now();
    await new Promise((resolve, reject) => {
      const child = fork(script, [], { stdio: 'ignore', execArgv: [] });
      child.once('message', () => resolve());
      child.once('error', reject);
    });
    samples.push(performance.now() - started);
  }
  rmSync(dir, { recursive: true, force: true });
  return { nodeBootMs: stats(samples) };
}

/** `spares: false` measures cold starts only, with every cold start forking and booting Node. */
async function benchLocalCloud({ spares }) {
  if (!spares) process.env.LOCAL_CLOUD_LAMBDA_SPARES = '0';
  const running = await startLocalCloud({ port: 0 });
  delete process.env.LOCAL_CLOUD_LAMBDA_SPARES;
  const config = { endpoint: running.endpoint, region: 'us-east-1', credentials };
  const lambda = new LambdaClient(config);
  const iam = new IAMClient(config);
  const role = (await iam.send(new CreateRoleCommand({ RoleName: 'bench', AssumeRolePolicyDocument: TRUST })))
    .Role.Arn;
  const create = (name, code) =>
    lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: role,
        Code: { ZipFile: zipSync({ 'index.js': strToU8(code) }) },
        MemorySize: 128,
        Timeout: 10,
      }),
    );
  await create('bench', HANDLER);
  await create('sleeper', SLEEPER);

  // Cold starts: each configuration change retires the warm environment, so the next Invoke starts a new one.
  const cold = [];
  const init = [];
  for (let i = 0; i < COLD; i++) {
    await lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'bench',
        Environment: { Variables: { COLD: String(i) } },
      }),
    );
    // Cold starts spaced apart, as in practice: the spare has finished booting (not timed).
    if (spares) while ((await runtimeStats(running.endpoint)).spares.booted < 1) await sleep(5);
    const started = performance.now();
    const res = await invokeHttp(running.port, 'bench', { n: i }, { 'x-amz-log-type': 'Tail' });
    cold.push(performance.now() - started);
    const tail = Buffer.from(String(res.headers['x-amz-log-result'] ?? ''), 'base64').toString();
    const match = /Init Duration: ([\d.]+) ms/.exec(tail);
    if (res.status !== 200 || !match) throw new Error(`cold invoke ${i} failed: ${res.status} ${res.body}`);
    init.push(Number(match[1]));
  }
  if (!spares) {
    lambda.destroy();
    iam.destroy();
    await running.stop();
    return { coldStartNoSparesMs: stats(cold), initDurationNoSparesMs: stats(init) };
  }

  // Warm synchronous invokes over HTTP (one keep-alive connection).
  for (let i = 0; i < 50; i++) await invokeHttp(running.port, 'bench', { n: i });
  const warm = [];
  for (let i = 0; i < WARM; i++) {
    const started = performance.now();
    const res = await invokeHttp(running.port, 'bench', { n: i });
    warm.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`warm invoke failed: ${res.status}`);
  }

  // Warm invokes through the in-process port (no HTTP): the runtime's own cost (IPC + child).
  const port = running.cloud.ports.get('lambdaInvoke');
  const arn = 'arn:aws:lambda:us-east-1:000000000000:function:bench';
  const inProcess = [];
  for (let i = 0; i < WARM; i++) {
    const started = performance.now();
    await port.invoke(arn, Buffer.from(`{"n":${i}}`), { requestId: `bench-${i}` });
    inProcess.push(performance.now() - started);
  }

  // Memory of warm environments: ENVS concurrent invocations force ENVS environments.
  await Promise.all(
    Array.from({ length: ENVS }, () =>
      lambda.send(new InvokeCommand({ FunctionName: 'sleeper', Payload: Buffer.from('{"ms":300}') })),
    ),
  );
  const runtime = await (await fetch(`${running.endpoint}/_local-cloud/lambda-runtime`)).json();
  const rss = Object.entries(runtime.environments.rssBytes)
    .filter(([key]) => key.startsWith('sleeper/') || key.startsWith('bench/'))
    .map(([, bytes]) => bytes / 1048576);

  lambda.destroy();
  iam.destroy();
  await running.stop();
  return {
    coldStartMs: stats(cold),
    initDurationMs: stats(init),
    warmInvokeHttpMs: stats(warm),
    warmInvokeInProcessMs: stats(inProcess),
    warmEnvironmentRssMb: {
      n: rss.length,
      mean: round(rss.reduce((a, b) => a + b, 0) / Math.max(1, rss.length)),
      min: round(Math.min(...rss)),
      max: round(Math.max(...rss)),
    },
  };
}

async function benchFloor() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-floor-'));
  writeFileSync(path.join(dir, 'index.js'), HANDLER);
  const { handler } = require(path.join(dir, 'index.js'));
  const context = { awsRequestId: 'x', getRemainingTimeInMillis: () => 3000 };
  for (let i = 0; i < 1000; i++) await handler({ n: i }, context);
  const samples = [];
  for (let i = 0; i < WARM; i++) {
    const started = performance.now();
    // What the runtime must do at least: parse the event, call the handler, serialise the result.
    JSON.stringify(await handler(JSON.parse(`{"n":${i}}`), context));
    samples.push(performance.now() - started);
  }
  rmSync(dir, { recursive: true, force: true });
  return { directCallMs: stats(samples) };
}

async function benchMoto() {
  if (MOTO <= 0) return { moto: 'moto_server comparison skipped (BENCH_MOTO=0)' };
  const found = spawnSync('sh', ['-c', 'command -v moto_server'], { encoding: 'utf8' });
  if (found.status !== 0) return { moto: 'moto_server not on PATH: skipped' };
  const port = await freePort();
  const child = spawn('moto_server', ['-p', String(port)], { stdio: 'ignore' });
  try {
    const endpoint = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try {
        await fetch(`${endpoint}/moto-api/`);
        break;
      } catch {
        if (i > 200) throw new Error('moto_server did not start');
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    // Without Docker, moto's Lambda never runs code: Invoke echoes the payload.
    await fetch(`${endpoint}/moto-api/config`, {
      method: 'POST',
      body: JSON.stringify({ lambda: { use_docker: false } }),
    });
    const config = { endpoint, region: 'us-east-1', credentials };
    const iam = new IAMClient(config);
    const lambda = new LambdaClient(config);
    const role = (
      await iam.send(new CreateRoleCommand({ RoleName: 'bench', AssumeRolePolicyDocument: TRUST }))
    ).Role.Arn;
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'bench',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: role,
        Code: { ZipFile: zipSync({ 'index.js': strToU8(HANDLER) }) },
      }),
    );
    const samples = [];
    for (let i = 0; i < MOTO; i++) {
      const started = performance.now();
      const res = await invokeHttp(port, 'bench', { n: i });
      samples.push(performance.now() - started);
      if (res.status !== 200) throw new Error(`moto invoke failed: ${res.status} ${res.body}`);
    }
    iam.destroy();
    lambda.destroy();
    return {
      motoInvokeMs: {
        ...stats(samples),
        note: 'moto does not run the handler (use_docker=false echoes the payload)',
      },
    };
  } finally {
    child.kill('SIGTERM');
  }
}

const results = {
  node: process.version,
  cpus: os.cpus().length,
  loadavg: os.loadavg().map(round),
  ...(await benchNodeBoot()),
  ...(await benchLocalCloud({ spares: true })),
  ...(await benchLocalCloud({ spares: false })),
  ...(await benchFloor()),
  ...(await benchMoto()),
};
agent.destroy();

log(
  `Lambda runtime benchmark (Node ${results.node}, ${results.cpus} CPUs, load ${results.loadavg.join(' ')})`,
);
log('                                      n      p50 ms     p99 ms');
const row = (label, s) =>
  log(
    `${label.padEnd(34)} ${String(s.n).padStart(5)} ${String(s.p50).padStart(11)} ${String(s.p99).padStart(10)}`,
  );
row('reference: bare Node fork + boot', results.nodeBootMs);
row('cold start, spare ready (Invoke)', results.coldStartMs);
row('  REPORT Init Duration', results.initDurationMs);
row('cold start, no spares (Invoke)', results.coldStartNoSparesMs);
row('  REPORT Init Duration', results.initDurationNoSparesMs);
row('warm Invoke (HTTP keep-alive)', results.warmInvokeHttpMs);
row('warm invoke (in-process port)', results.warmInvokeInProcessMs);
row('floor: direct in-process call', results.directCallMs);
if (results.motoInvokeMs) row('moto_server Invoke (no code run!)', results.motoInvokeMs);
else log(results.moto);
log(
  `warm environment RSS: ${results.warmEnvironmentRssMb.mean} MB mean over ${results.warmEnvironmentRssMb.n} environments (min ${results.warmEnvironmentRssMb.min}, max ${results.warmEnvironmentRssMb.max})`,
);
console.log(JSON.stringify(results));

// bench/run-all.mjs collects one summary per bench.
if (process.env.BENCH_SUMMARY_FILE) {
  const p = (s) => `${s.p50} / ${s.p99} ms`;
  const rows = [
    { metric: 'cold start Invoke, spare ready (p50 / p99)', value: p(results.coldStartMs) },
    { metric: 'cold start Invoke, no spares (p50 / p99)', value: p(results.coldStartNoSparesMs) },
    { metric: 'warm Invoke over HTTP (p50 / p99)', value: p(results.warmInvokeHttpMs) },
    { metric: 'warm invoke, in-process port (p50 / p99)', value: p(results.warmInvokeInProcessMs) },
    { metric: 'warm environment RSS (mean)', value: `${results.warmEnvironmentRssMb.mean} MB` },
  ];
  if (results.motoInvokeMs)
    rows.push({ metric: 'moto_server Invoke, no code run (p50 / p99)', value: p(results.motoInvokeMs) });
  writeFileSync(
    process.env.BENCH_SUMMARY_FILE,
    JSON.stringify({ title: 'Lambda runtime (sync Invoke)', rows }),
  );
}
