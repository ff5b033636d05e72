import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_LOCAL_CLOUD_ENDPOINT } from '../environments/local';

/**
 * Deploys the `local` stack to the embedded local cloud with the real Terraform (through `cdktf deploy`),
 * starting a local cloud first when none answers at the endpoint. Used by `pnpm deploy:local`, the
 * main job and the integration tests.
 */
export const INFRA_DIR = resolve(__dirname, '..', '..');
export const REPO_ROOT = resolve(INFRA_DIR, '..', '..');
export const DEFAULT_OUTPUTS_FILE = join(INFRA_DIR, 'outputs', 'local.json');
const DEFAULT_DATA_DIR = join(REPO_ROOT, '.local-cloud', 'data');

export interface LocalCloudOptions {
  /** Defaults to LOCAL_CLOUD_ENDPOINT, else http://127.0.0.1:4580. */
  endpoint?: string;
  /** Data dir of a cloud this module starts (default `<repo>/.local-cloud/data`). */
  dataDir?: string;
  /** Time scale of a cloud this module starts (default 1: AWS timing). */
  timeScale?: number;
  log?: (line: string) => void;
}

export interface DeployResult {
  outputsFile: string;
  durationMs: number;
  endpoint: string;
}

export function localEndpoint(options: LocalCloudOptions = {}): string {
  return (options.endpoint ?? process.env.LOCAL_CLOUD_ENDPOINT ?? DEFAULT_LOCAL_CLOUD_ENDPOINT).replace(
    /\/$/,
    '',
  );
}

export async function isLocalCloudUp(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/_local-cloud/health`, { signal: AbortSignal.timeout(2000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Starts a detached local cloud at the endpoint's port unless one is already running there. */
export async function ensureLocalCloud(
  options: LocalCloudOptions = {},
): Promise<{ endpoint: string; started: boolean }> {
  const endpoint = localEndpoint(options);
  if (await isLocalCloudUp(endpoint)) return { endpoint, started: false };
  const url = new URL(endpoint);
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
    throw new Error(
      `no local cloud answers at ${endpoint}, and it is not on this machine: start it there first`,
    );
  }
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  mkdirSync(dataDir, { recursive: true });
  const cli = join(
    dirname(require.resolve('@lambda-chain/local-cloud/package.json')),
    'bin',
    'local-cloud.js',
  );
  const args = [cli, 'start', '--detach', '--port', url.port || '80', '--data-dir', dataDir];
  if (options.timeScale !== undefined) args.push('--time-scale', String(options.timeScale));
  await run(process.execPath, args, { cwd: REPO_ROOT, log: options.log });
  return { endpoint, started: true };
}

/** The environment Terraform and cdktf need: the provider mirror config and the local endpoint. */
export async function terraformEnvironment(endpoint: string): Promise<NodeJS.ProcessEnv> {
  const configModule = pathToFileURL(join(REPO_ROOT, 'scripts', 'terraform-cli-config.mjs')).href;
  const { terraformEnv } = (await import(configModule)) as { terraformEnv: () => Record<string, string> };
  return {
    ...process.env,
    ...terraformEnv(),
    LOCAL_CLOUD_ENDPOINT: endpoint,
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: 'true',
    CI: process.env.CI ?? 'true',
    FORCE_COLOR: '0',
  };
}

function cdktfBin(): string {
  return join(dirname(require.resolve('cdktf-cli/package.json')), 'bundle', 'bin', 'cdktf');
}

/**
 * Terraform's default of 10 concurrent operations leaves functions queued behind the provider's fixed waits
 * (~25 s per SQS queue, 5 s per function); the local cloud answers at once, so let more run together.
 */
const TERRAFORM_PARALLELISM = '32';

/** `cdktf deploy local`: synthesizes what changed (turbo-cached build), applies, writes the outputs file. */
export async function deployLocal(
  options: LocalCloudOptions & { outputsFile?: string; startCloud?: boolean } = {},
): Promise<DeployResult> {
  const t0 = performance.now();
  const endpoint =
    options.startCloud === false ? localEndpoint(options) : (await ensureLocalCloud(options)).endpoint;
  if (!(await isLocalCloudUp(endpoint))) throw new Error(`no local cloud answers at ${endpoint}`);
  const outputsFile = options.outputsFile ?? DEFAULT_OUTPUTS_FILE;
  mkdirSync(dirname(outputsFile), { recursive: true });
  await run(
    process.execPath,
    [
      cdktfBin(),
      'deploy',
      'local',
      '--auto-approve',
      '--skip-provider-lock',
      '--terraform-parallelism',
      TERRAFORM_PARALLELISM,
      '--outputs-file',
      outputsFile,
      '--outputs-file-include-sensitive-outputs',
    ],
    { cwd: INFRA_DIR, env: await terraformEnvironment(endpoint), log: options.log },
  );
  if (!existsSync(outputsFile)) throw new Error(`cdktf deploy finished without writing ${outputsFile}`);
  return { outputsFile, durationMs: performance.now() - t0, endpoint };
}

/** `cdktf destroy local`. */
export async function destroyLocal(options: LocalCloudOptions = {}): Promise<{ durationMs: number }> {
  const t0 = performance.now();
  const endpoint = localEndpoint(options);
  await run(
    process.execPath,
    [
      cdktfBin(),
      'destroy',
      'local',
      '--auto-approve',
      '--skip-provider-lock',
      '--terraform-parallelism',
      TERRAFORM_PARALLELISM,
    ],
    {
      cwd: INFRA_DIR,
      env: await terraformEnvironment(endpoint),
      log: options.log,
    },
  );
  return { durationMs: performance.now() - t0 };
}

export function readOutputsFile(file = DEFAULT_OUTPUTS_FILE): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; log?: ((line: string) => void) | undefined },
): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      tail = (tail + text).slice(-8000);
      if (options.log) for (const line of text.split('\n')) if (line.trim() !== '') options.log(line);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolvePromise();
      else reject(new Error(`${[command, ...args].join(' ')} exited with ${code}\n${tail}`));
    });
  });
}
