#!/usr/bin/env node
/**
 * Lambda asynchronous invocation benchmark, over the built dist (`pnpm --filter @lambda-chain/local-cloud build`).
 *
 *   node bench/lambda-async-bench.mjs [--mode full|engine|both] [--latency 300] [--events 5000] [--concurrency 64]
 *
 * full   — the local cloud runs in a child process (real IAM, SQS, Lambda control plane and runtime: a no-op
 *          Node.js handler in an execution environment over IPC); this process drives it over HTTP like a client.
 *          (1) latency: Invoke(Event) → the invocation record visible in the SQS OnSuccess destination, measured
 *              with a long-polling ReceiveMessage, one event at a time: p50 / p99;
 *          (2) throughput: `events` asynchronous invocations, `concurrency` requests in flight, all through one
 *              destination; rate = events / (first request → last record in the queue).
 * engine — the async engine alone, in-process, with an in-process no-op LambdaEngine (no IPC, no HTTP for
 *          the invoke): isolates the queue / policy / record / delivery cost.
 * Targets: p50 ≤ 10 ms, ≥ 1,000 invocations/s on 2 cores.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(here, '../dist');
const require = createRequire(import.meta.url);

const { values: args } = parseArgs({
  options: {
    mode: { type: 'string', default: 'both' },
    latency: { type: 'string', default: '300' },
    events: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '64' },
    child: { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
  },
});

// ------------------------------------------------------------------------------------------------
// Child: the local cloud server (full mode).

if (args.child) {
  const { startLocalCloud } = require(join(dist, 'index.js'));
  const running = await startLocalCloud({ port: 0, dataDir: args['data-dir'], timeScale: 1 });
  const port = running.port;
  process.send({ port });
  process.on('message', async (message) => {
    if (message === 'cpu') process.send({ cpu: process.cpuUsage(), pids: descendants(process.pid) });
    if (message === 'stop') {
      await running.stop();
      process.exit(0);
    }
  });
} else {
  await main();
}

// ------------------------------------------------------------------------------------------------

/** Process ids below `pid` (the runtime's execution environments), from /proc. */
function descendants(pid) {
  const out = [];
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    for (const child of children) out.push(Number(child), ...descendants(Number(child)));
  } catch {}
  return out;
}

/** user+system CPU ms of a process, from /proc/<pid>/stat (clock ticks of 10 ms). */
function cpuOfPid(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: +percentile(sorted, 50).toFixed(2),
    p90: +percentile(sorted, 90).toFixed(2),
    p99: +percentile(sorted, 99).toFixed(2),
    max: +sorted[sorted.length - 1].toFixed(2),
  };
}

async function main() {
  const mode = args.mode;
  const results = {};
  if (mode === 'engine' || mode === 'both') results.engine = await engineBench();
  if (mode === 'full' || mode === 'both') results.full = await fullBench();
  console.log(JSON.stringify(results, null, 2));

  // bench/run-all.mjs collects one summary per bench.
  if (process.env.BENCH_SUMMARY_FILE) {
    const rows = [];
    if (results.full) {
      const { latencyInvokeToRecordMs: l, throughput: t } = results.full;
      rows.push({
        metric: 'Invoke(Event) → record in SQS destination (p50 / p99)',
        value: `${l.p50} / ${l.p99} ms`,
      });
      rows.push({
        metric: `throughput, ${t.events} events, c=${t.concurrency}`,
        value: `${t.acceptedPerSecond}/s accepted (202), ${t.deliveredPerSecond}/s delivered`,
      });
      rows.push({ metric: 'server CPU per event', value: `${t.serverCpuMsPerEvent} ms` });
    }
    if (results.engine) {
      const { latencyEnqueueToRecordMs: l, throughput: t } = results.engine;
      rows.push({ metric: 'engine only: enqueue → record (p50 / p99)', value: `${l.p50} / ${l.p99} ms` });
      rows.push({ metric: 'engine only: throughput', value: `${t.perSecond}/s` });
    }
    writeFileSync(
      process.env.BENCH_SUMMARY_FILE,
      JSON.stringify({ title: 'Lambda async (Event invokes)', rows }),
    );
  }
}

// ------------------------------------------------------------------------------------------------
// Full mode: child process server, HTTP client.

function client(port) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const scope = (service) =>
    `AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`;
  const request = (method, path, { service, headers = {}, body } = {}) =>
    new Promise((resolvePromise, reject) => {
      const data = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          agent,
          headers: {
            authorization: scope(service),
            ...(data ? { 'content-length': data.length } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode >= 400) reject(new Error(`${method} ${path} → ${res.statusCode}: ${text}`));
            else resolvePromise({ status: res.statusCode, text, json: () => (text ? JSON.parse(text) : {}) });
          });
        },
      );
      req.on('error', reject);
      if (data) req.write(data);
      req.end();
    });
  const sqs = (target, input) =>
    request('POST', '/', {
      service: 'sqs',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${target}` },
      body: JSON.stringify(input),
    }).then((r) => r.json());
  const iam = (action, params) =>
    request('POST', '/', {
      service: 'iam',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: new URLSearchParams({ Action: action, Version: '2010-05-08', ...params }).toString(),
    });
  const lambda = (method, path, input) =>
    request(method, path, {
      service: 'lambda',
      headers: { 'content-type': 'application/json' },
      body: input === undefined ? undefined : JSON.stringify(input),
    });
  const invokeEvent = (name, payload) =>
    request('POST', `/2015-03-31/functions/${name}/invocations`, {
      service: 'lambda',
      headers: { 'x-amz-invocation-type': 'Event', 'content-type': 'application/json' },
      body: payload,
    });
  const control = (path) => request('GET', `/_local-cloud/${path}`, {}).then((r) => r.json());
  return { sqs, iam, lambda, invokeEvent, control, agent };
}

function noopZip() {
  const { zipSync, strToU8 } = require('fflate');
  return Buffer.from(
    zipSync({ 'index.js': strToU8('exports.handler = async () => ({ ok: true });\n') }),
  ).toString('base64');
}

async function fullBench() {
  const dataDir = mkdtempSync(join(tmpdir(), 'lc-async-bench-'));
  // BENCH_PROFILE=<dir> writes a CPU profile of the server process there.
  const execArgv = process.env.BENCH_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
    : [];
  const child = fork(fileURLToPath(import.meta.url), ['--child', '--data-dir', dataDir], {
    stdio: 'inherit',
    execArgv,
  });
  const { port } = await new Promise((res, rej) => {
    child.once('message', res);
    child.once('exit', (code) => rej(new Error(`server exited with ${code}`)));
  });
  const c = client(port);
  try {
    const roleName = 'bench-role';
    await c.iam('CreateRole', {
      RoleName: roleName,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      }),
    });
    await c.iam('PutRolePolicy', {
      RoleName: roleName,
      PolicyName: 'send',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }],
      }),
    });
    const roleArn = `arn:aws:iam::000000000000:role/${roleName}`;
    const queueUrl = (await c.sqs('CreateQueue', { QueueName: 'bench-dest' })).QueueUrl;
    const queueArn = (await c.sqs('GetQueueAttributes', { QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))
      .Attributes.QueueArn;
    await c.lambda('POST', '/2015-03-31/functions', {
      FunctionName: 'noop',
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: roleArn,
      Code: { ZipFile: noopZip() },
    });
    for (let i = 0; i < 100; i++) {
      const fn = (await c.lambda('GET', '/2015-03-31/functions/noop')).json();
      if (fn.Configuration?.State === 'Active') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await c.lambda('PUT', '/2019-09-25/functions/noop/event-invoke-config', {
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnSuccess: { Destination: queueArn } },
    });

    // Warm-up (cold start of the execution environment, JIT).
    for (let i = 0; i < 50; i++) await c.invokeEvent('noop', '{"warm":true}');
    await c.control('settle');
    await c.sqs('PurgeQueue', { QueueUrl: queueUrl });

    // (1) Latency, one event at a time.
    const latencies = [];
    const count = Number(args.latency);
    for (let i = 0; i < count; i++) {
      const started = process.hrtime.bigint();
      await c.invokeEvent('noop', JSON.stringify({ i }));
      let received = [];
      while (received.length === 0) {
        received =
          (await c.sqs('ReceiveMessage', { QueueUrl: queueUrl, WaitTimeSeconds: 20, MaxNumberOfMessages: 1 }))
            .Messages ?? [];
      }
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      await c.sqs('DeleteMessage', { QueueUrl: queueUrl, ReceiptHandle: received[0].ReceiptHandle });
    }
    await c.control('settle');

    // (2) Throughput.
    const cpu = () =>
      new Promise((res) => {
        child.once('message', (m) => res(m));
        child.send('cpu');
      });
    const cpuBefore = await cpu();
    const envCpuBefore = cpuBefore.pids.reduce((sum, pid) => sum + cpuOfPid(pid), 0);
    const total = Number(args.events);
    const concurrency = Number(args.concurrency);
    const started = process.hrtime.bigint();
    let next = 0;
    const acceptLatencies = [];
    const worker = async () => {
      while (next < total) {
        const i = next++;
        const t = process.hrtime.bigint();
        await c.invokeEvent('noop', JSON.stringify({ i }));
        acceptLatencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const accepted = Number(process.hrtime.bigint() - started) / 1e6;
    let delivered = 0;
    while (delivered < total) {
      const attrs = await c.sqs('GetQueueAttributes', {
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages'],
      });
      delivered = Number(attrs.Attributes.ApproximateNumberOfMessages);
      if (delivered < total) await new Promise((r) => setTimeout(r, 5));
    }
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    const cpuAfter = await cpu();
    const serverCpuMs =
      (cpuAfter.cpu.user + cpuAfter.cpu.system - cpuBefore.cpu.user - cpuBefore.cpu.system) / 1000;
    const envCpuMs = cpuAfter.pids.reduce((sum, pid) => sum + cpuOfPid(pid), 0) - envCpuBefore;
    const failures = (await c.control('delivery-failures')).failures?.length ?? 0;
    return {
      latencyInvokeToRecordMs: summary(latencies),
      throughput: {
        events: total,
        concurrency,
        acceptedPerSecond: Math.round((total / accepted) * 1000),
        deliveredPerSecond: Math.round((total / elapsed) * 1000),
        elapsedMs: Math.round(elapsed),
        invoke202LatencyMs: summary(acceptLatencies),
        deliveryFailures: failures,
        serverCpuMsPerEvent: +(serverCpuMs / total).toFixed(3),
        environmentsCpuMsPerEvent: +(envCpuMs / total).toFixed(3),
        environments: cpuAfter.pids.length,
        loadAverage: (await import('node:os')).loadavg().map((l) => +l.toFixed(1)),
      },
    };
  } finally {
    c.agent.destroy();
    child.send('stop');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------------------------------------
// Engine mode: in-process, no IPC.

async function engineBench() {
  const { Cloud, configFromEnv } = require(join(dist, 'core/cloud.js'));
  const { installSqs } = require(join(dist, 'services/sqs/api.js'));
  const { AsyncEngine } = require(join(dist, 'services/lambda/async/index.js'));
  const { uuid } = require(join(dist, 'core/ids.js'));
  const dataDir = mkdtempSync(join(tmpdir(), 'lc-async-engine-bench-'));
  // No HTTP server here: a nominal port, so nothing waits for one to listen.
  const cloud = new Cloud({ ...configFromEnv({}), port: 1, dataDir, timeScale: 1 });
  installSqs(cloud);
  const fn = {
    functionName: 'noop',
    functionArn: cloud.arn('lambda', 'function:noop'),
    version: '$LATEST',
    runtime: 'nodejs20.x',
    handler: 'index.handler',
    role: 'arn:aws:iam::000000000000:role/r',
    memorySize: 128,
    timeout: 3,
    environment: {},
    deadLetterTargetArn: undefined,
    reservedConcurrency: undefined,
    codeSha256: '',
    logGroupName: '/aws/lambda/noop',
  };
  const engine = {
    resolve: (name) => (name === 'noop' || name.endsWith(':noop') ? fn : undefined),
    invoke: async (_fn, _payload, options) => ({
      requestId: options.requestId,
      executedVersion: '$LATEST',
      payload: Buffer.from('{"ok":true}'),
      durationMs: 0,
    }),
    resourcePolicy: () => undefined,
    onDeleted: () => {},
  };
  const invoker = new AsyncEngine(cloud, engine);
  cloud.store.load();
  await cloud.start();
  const sqs = cloud.ports.get('queues');
  // CreateQueue through the SQS operations (in-process).
  const sqsService = cloud.services.find((s) => s.signingName === 'sqs');
  const ctx = {
    requestId: 'x',
    region: 'us-east-1',
    accountId: '000000000000',
    accessKeyId: 'test',
    service: 'sqs',
    operation: '',
  };
  await sqsService.operations.CreateQueue({ QueueName: 'dest' }, ctx);
  const queueArn = cloud.arn('sqs', 'dest');
  invoker.configs.put({
    functionName: 'noop',
    qualifier: '$LATEST',
    maximumRetryAttempts: 0,
    onSuccess: queueArn,
    lastModified: Date.now(),
  });

  const latencies = [];
  for (let i = 0; i < Number(args.latency); i++) {
    const started = process.hrtime.bigint();
    invoker.enqueue(fn, Buffer.from(JSON.stringify({ i })), { requestId: uuid(), hops: 0 });
    const [message] = await sqs.receive(queueArn, { max: 1, waitSeconds: 20 });
    latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    sqs.delete(queueArn, message.receiptHandle);
  }
  await cloud.clock.settle();
  const total = Number(args.events) * 4;
  const started = process.hrtime.bigint();
  for (let i = 0; i < total; i++) {
    invoker.enqueue(fn, Buffer.from(JSON.stringify({ i })), { requestId: uuid(), hops: 0 });
    if (i % 500 === 499) await new Promise((r) => setImmediate(r));
  }
  await cloud.clock.settle(120_000);
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  await cloud.stop();
  rmSync(dataDir, { recursive: true, force: true });
  return {
    latencyEnqueueToRecordMs: summary(latencies),
    throughput: {
      events: total,
      perSecond: Math.round((total / elapsed) * 1000),
      elapsedMs: Math.round(elapsed),
    },
  };
}
