import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type AddressInfo, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningLocalCloud, startLocalCloud } from '../src/index';

/**
 * The control API (`/_local-cloud/*`) and the CLI's client commands (built dist: `pnpm build` first), as the
 * README documents them.
 */

const CLI = join(__dirname, '..', 'dist', 'cli.js');
if (!existsSync(CLI)) throw new Error(`control.test.ts needs the built CLI at ${CLI}: run the build first`);

let lc: RunningLocalCloud;

beforeAll(async () => {
  lc = await startLocalCloud({ port: 0, timeScale: 0.001 });
});

afterAll(async () => {
  await lc.stop();
});

async function control(
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${lc.endpoint}/_local-cloud/${path}`, init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('control API', () => {
  it('answers health with the configuration and the installed services', async () => {
    const { status, body } = await control('health');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      endpoint: lc.endpoint,
      timeScale: 0.001,
      durable: false,
      dataDir: null,
      accountId: '000000000000',
      region: 'us-east-1',
      pid: process.pid,
    });
    expect(body.services).toEqual(['apigateway', 'events', 'iam', 'lambda', 'logs', 'sns', 'sqs', 'sts']);
  });

  it('settles, and serves one trace, the trace list, and 404 / 400 for unknown or malformed ids', async () => {
    expect(await control('settle?timeoutMs=5000', { method: 'POST' })).toMatchObject({
      status: 200,
      body: { settled: true, inFlight: 0, pendingWork: 0 },
    });
    lc.cloud.trace.record('req-1', 'example', { detail: 1 });
    const one = await control('trace/req-1');
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ requestId: 'req-1', entries: [{ kind: 'example', detail: 1 }] });
    const list = await control('traces?limit=1');
    expect(list.body.traces).toEqual([{ requestId: 'req-1', entries: 1, last: 'example' }]);

    expect((await control('trace/nope')).status).toBe(404);
    const malformed = await control('trace/%E0');
    expect(malformed).toEqual({
      status: 400,
      body: { message: 'malformed percent-encoding in the request id' },
    });
    expect(await control('no-such-route')).toEqual({
      status: 404,
      body: { message: 'unknown control route /_local-cloud/no-such-route' },
    });
  });

  it('serves the Lambda routes and refuses a non-JSON control body', async () => {
    expect(await control('faults')).toEqual({ status: 200, body: { faults: [] } });
    const refused = await control('faults', { method: 'POST', body: '{not json' });
    expect(refused).toEqual({ status: 400, body: { message: 'control request body must be JSON' } });
    const missing = await control('faults', { method: 'POST', body: JSON.stringify({ functionName: 'x' }) });
    expect(missing).toEqual({
      status: 404,
      body: { code: 'ResourceNotFoundException', message: 'Function not found: x' },
    });
    expect(await control('delivery-failures')).toEqual({ status: 200, body: { failures: [] } });
    expect((await control('lambda-async')).body).toMatchObject({ pending: [], eventSourceMappings: [] });
    expect((await control('lambda-runtime')).body).toMatchObject({ environments: expect.any(Object) });
  });

  it('refuses a body declared larger than 80 MB with 413 before reading it', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(lc.port, '127.0.0.1', () => {
        socket.write(
          'POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: AmazonSQS.ListQueues\r\nContent-Length: 90000000\r\n\r\n{}',
        );
      });
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk;
        if (text.includes('\r\n\r\n') && text.includes('}')) {
          socket.destroy();
          resolve(text);
        }
      });
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('"__type":"RequestEntityTooLargeException"');
  });
});

describe('CLI client commands', () => {
  it('status, settle, trace and traces talk to a running cloud; unknown commands print the usage', async () => {
    const endpoint = ['--endpoint', lc.endpoint];
    const status = await cli('status', ...endpoint);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ status: 'ok', endpoint: lc.endpoint });

    const settle = await cli('settle', ...endpoint, '--timeout-ms', '5000');
    expect(settle.code).toBe(0);
    expect(JSON.parse(settle.stdout)).toMatchObject({ settled: true });

    lc.cloud.trace.record('cli-trace', 'from-test');
    const trace = await cli('trace', 'cli-trace', ...endpoint);
    expect(trace.code).toBe(0);
    expect(JSON.parse(trace.stdout)).toMatchObject({
      requestId: 'cli-trace',
      entries: [{ kind: 'from-test' }],
    });
    expect((await cli('trace', 'unknown-id', ...endpoint)).code).toBe(1);

    const traces = await cli('traces', ...endpoint);
    expect(JSON.parse(traces.stdout).traces).toContainEqual({
      requestId: 'cli-trace',
      entries: 1,
      last: 'from-test',
    });

    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toContain('Usage:');
  });

  it('start --detach runs a cloud in the background with its log in the data dir; stop ends it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'local-cloud-detach-'));
    const port = String(await freePort());
    try {
      const started = await cli('start', '--detach', '--port', port, '--data-dir', dataDir);
      expect(started.code).toBe(0);
      expect(started.stdout).toContain(`local-cloud running at http://127.0.0.1:${port}`);
      const endpoint = `http://127.0.0.1:${port}`;
      const health = (await (await fetch(`${endpoint}/_local-cloud/health`)).json()) as Record<
        string,
        unknown
      >;
      expect(health).toMatchObject({ durable: true, dataDir });
      const stopped = await cli('stop', '--endpoint', endpoint);
      expect(stopped.code).toBe(0);
      expect(stopped.stdout).toBe(`local-cloud (pid ${health.pid}) stopped\n`);
      expect(readFileSync(join(dataDir, 'local-cloud.log'), 'utf8')).toContain('SIGTERM, stopping');
      // A clean stop leaves a snapshot and an empty journal.
      expect(existsSync(join(dataDir, 'snapshot.json'))).toBe(true);
      expect(readFileSync(join(dataDir, 'journal.ndjson'), 'utf8')).toBe('');
      expect((await cli('status', '--endpoint', endpoint)).code).toBe(1);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
