import { mkdirSync, openSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PORT } from './core/cloud';
import type { startLocalCloud } from './index';

const USAGE = `local-cloud — an embedded local AWS cloud for the real Terraform provider and AWS SDKs

Usage:
  local-cloud start [--port N] [--data-dir DIR] [--time-scale F] [--account-id ID] [--fsync]
                    [--detach [--log-file F]]   --detach runs it in the background (log: DIR/local-cloud.log)
  local-cloud status   [--endpoint URL]     health and pid of a running cloud
  local-cloud stop     [--endpoint URL]     sends SIGTERM to a running cloud and waits for it to exit
  local-cloud settle   [--endpoint URL] [--timeout-ms N]   returns when no work is in flight or due
  local-cloud trace <requestId> [--endpoint URL]           the causal trace of one request id
  local-cloud traces   [--endpoint URL]     the most recent traces

Environment: LOCAL_CLOUD_PORT (default ${DEFAULT_PORT}), LOCAL_CLOUD_DATA_DIR (default: none, memory only),
LOCAL_CLOUD_TIME_SCALE (default 1 = AWS timing), LOCAL_CLOUD_ACCOUNT_ID (default 000000000000),
LOCAL_CLOUD_REGION (default us-east-1), LOCAL_CLOUD_FSYNC=1, LOCAL_CLOUD_ENDPOINT (client commands; default
http://127.0.0.1:<port>). See the package README for the control API and the Lambda runtime variables.
`;

function endpointFrom(value: string | undefined): string {
  return (
    value ??
    process.env.LOCAL_CLOUD_ENDPOINT ??
    `http://127.0.0.1:${process.env.LOCAL_CLOUD_PORT ?? DEFAULT_PORT}`
  ).replace(/\/$/, '');
}

async function control(
  endpoint: string,
  path: string,
  method = 'GET',
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${endpoint}/_local-cloud/${path}`, { method });
  return { status: response.status, body: await response.json() };
}

async function waitHealthy(endpoint: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await control(endpoint, 'health')).status === 200) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'time-scale': { type: 'string' },
      'account-id': { type: 'string' },
      fsync: { type: 'boolean' },
      detach: { type: 'boolean' },
      endpoint: { type: 'string' },
      'timeout-ms': { type: 'string' },
      'log-file': { type: 'string' },
    },
  });

  switch (command) {
    case 'start': {
      if (values.detach) {
        const port = values.port ?? process.env.LOCAL_CLOUD_PORT ?? String(DEFAULT_PORT);
        const args = [process.argv[1] as string, 'start', '--port', port];
        if (values['data-dir']) args.push('--data-dir', resolve(values['data-dir']));
        if (values['time-scale']) args.push('--time-scale', values['time-scale']);
        if (values['account-id']) args.push('--account-id', values['account-id']);
        if (values.fsync) args.push('--fsync');
        const logFile = resolve(
          values['log-file'] ?? join(values['data-dir'] ?? '.local-cloud', 'local-cloud.log'),
        );
        mkdirSync(resolve(logFile, '..'), { recursive: true });
        const out = openSync(logFile, 'a');
        const { spawn } = require('node:child_process') as typeof import('node:child_process');
        const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', out, out] });
        child.unref();
        const endpoint = `http://127.0.0.1:${port}`;
        if (!(await waitHealthy(endpoint, 15_000))) {
          process.stderr.write(`local-cloud did not become healthy; see ${logFile}\n`);
          return 1;
        }
        process.stdout.write(`local-cloud running at ${endpoint} (pid ${child.pid}, log ${logFile})\n`);
        return 0;
      }
      const overrides: Parameters<typeof startLocalCloud>[0] = {};
      if (values.port !== undefined) overrides.port = Number(values.port);
      if (values['data-dir'] !== undefined) overrides.dataDir = resolve(values['data-dir']);
      if (values['time-scale'] !== undefined) overrides.timeScale = Number(values['time-scale']);
      if (values['account-id'] !== undefined) overrides.accountId = values['account-id'];
      if (values.fsync) overrides.fsync = true;
      // Loaded here, not at the top: the client commands (status, stop, settle, trace) need none of the services.
      const { startLocalCloud: start } = require('./index') as typeof import('./index');
      const running = await start(overrides);
      const cfg = running.cloud.config;
      process.stdout.write(
        `local-cloud ready at ${running.endpoint} ${performance.now().toFixed(0)} ms after process start ` +
          `(pid ${process.pid}, data dir ${cfg.dataDir ?? 'none: memory only'}, time scale ${cfg.timeScale})\n`,
      );
      let stopping = false;
      const stop = (signal: string): void => {
        if (stopping) return;
        stopping = true;
        process.stdout.write(`local-cloud: ${signal}, stopping\n`);
        running.stop().then(
          () => process.exit(0),
          (error) => {
            process.stderr.write(`local-cloud: error while stopping: ${error}\n`);
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
      return -1; // keep running
    }
    case 'status': {
      try {
        const { body } = await control(endpointFrom(values.endpoint), 'health');
        process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
        return 0;
      } catch {
        process.stdout.write(`no local cloud at ${endpointFrom(values.endpoint)}\n`);
        return 1;
      }
    }
    case 'stop': {
      const endpoint = endpointFrom(values.endpoint);
      let pid: number;
      try {
        pid = ((await control(endpoint, 'health')).body as { pid: number }).pid;
      } catch {
        process.stdout.write(`no local cloud at ${endpoint}\n`);
        return 0;
      }
      process.kill(pid, 'SIGTERM');
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        try {
          process.kill(pid, 0);
          await new Promise((r) => setTimeout(r, 50));
        } catch {
          process.stdout.write(`local-cloud (pid ${pid}) stopped\n`);
          return 0;
        }
      }
      process.stderr.write(`local-cloud (pid ${pid}) did not stop within 15 s\n`);
      return 1;
    }
    case 'settle': {
      const timeout = values['timeout-ms'] ?? '60000';
      const { status, body } = await control(
        endpointFrom(values.endpoint),
        `settle?timeoutMs=${timeout}`,
        'POST',
      );
      process.stdout.write(`${JSON.stringify(body)}\n`);
      return status === 200 ? 0 : 1;
    }
    case 'trace': {
      const requestId = positionals[0];
      if (!requestId) {
        process.stderr.write('usage: local-cloud trace <requestId>\n');
        return 2;
      }
      const { status, body } = await control(
        endpointFrom(values.endpoint),
        `trace/${encodeURIComponent(requestId)}`,
      );
      process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      return status === 200 ? 0 : 1;
    }
    case 'traces': {
      const { body } = await control(endpointFrom(values.endpoint), 'traces');
      process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      return 0;
    }
    default:
      process.stdout.write(USAGE);
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error) => {
    process.stderr.write(`local-cloud: ${error instanceof Error ? error.message : error}\n`);
    process.exit(1);
  },
);
