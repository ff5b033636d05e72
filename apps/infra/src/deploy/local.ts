import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_LOCAL_CLOUD_ENDPOINT } from '../environments/local';

/**
 * Deploys the `local` stack to the embedded local cloud with the real Terraform, starting a local cloud
 * first when none answers at the endpoint. Used by `pnpm deploy:local`, the main job and the integration
 * tests.
 *
 * It runs what `cdktf deploy local` runs — the app's synth (a turbo-cached build), `terraform init`, the
 * plan and apply in `cdktf.out/stacks/local`, the outputs file in cdktf's format — without the cdktf CLI
 * around it: that CLI adds ~5 s of its own, plans and applies in two Terraform runs (the AWS provider's
 * ~8 s start-up twice) and runs an apply even when the plan is empty. `cdktf deploy local` stays a
 * supported way to do the same thing.
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
    // No "run terraform apply next" hints: a program drives Terraform here.
    TF_IN_AUTOMATION: '1',
    CI: process.env.CI ?? 'true',
    FORCE_COLOR: '0',
  };
}

/** The synthesized stack's directory, where cdktf runs Terraform too. */
export const LOCAL_STACK_DIR = join(INFRA_DIR, 'cdktf.out', 'stacks', 'local');

/**
 * Terraform's default of 10 concurrent operations leaves resources queued behind the provider's fixed waits
 * (~25 s per SQS queue, 5 s per function); the local cloud answers at once, so let more run together.
 */
const TERRAFORM_PARALLELISM = 32;

const terraformBin = (): string => process.env.TERRAFORM_BINARY_NAME ?? 'terraform';

/** The cdktf app's synth (`cdktf.json` "app"): turbo builds what changed and synthesizes the stacks. */
async function synth(env: NodeJS.ProcessEnv, log?: (line: string) => void): Promise<void> {
  const turbo = join(REPO_ROOT, 'node_modules', 'turbo', 'bin', 'turbo');
  await run(
    process.execPath,
    [turbo, 'run', 'build', '--filter=@lambda-chain/infra...', '--output-logs=errors-only'],
    { cwd: REPO_ROOT, env, log },
  );
}

async function terraform(
  args: string[],
  env: NodeJS.ProcessEnv,
  log?: (line: string) => void,
): Promise<string> {
  return (await run(terraformBin(), args, { cwd: LOCAL_STACK_DIR, env, log })).stdout;
}

/** `cdktf deploy local`, without the cdktf CLI: synth, init, apply, outputs file. */
export async function deployLocal(
  options: LocalCloudOptions & { outputsFile?: string; startCloud?: boolean } = {},
): Promise<DeployResult> {
  const t0 = performance.now();
  const endpoint =
    options.startCloud === false ? localEndpoint(options) : (await ensureLocalCloud(options)).endpoint;
  if (!(await isLocalCloudUp(endpoint))) throw new Error(`no local cloud answers at ${endpoint}`);
  const outputsFile = options.outputsFile ?? DEFAULT_OUTPUTS_FILE;
  const env = await terraformEnvironment(endpoint);
  const { log } = options;
  await synth(env, log);
  await initIfNeeded(env, log);
  const parallelism = `-parallelism=${TERRAFORM_PARALLELISM}`;
  // Each Terraform command starts the AWS provider several times (~3–4 s each: schema, validate, plan, and
  // again to apply, even an empty plan). A first deploy applies in one run; a redeploy plans first and
  // applies the saved plan only when it has changes, so "nothing changed" costs one plan.
  if (!stateHasResources()) {
    await terraform(['apply', '-auto-approve', '-input=false', '-no-color', parallelism], env, log);
  } else {
    const planFile = join(LOCAL_STACK_DIR, '.terraform', 'deploy.tfplan');
    const plan = ['plan', '-detailed-exitcode', `-out=${planFile}`, '-input=false', '-no-color', parallelism];
    // -detailed-exitcode: 0 no changes, 2 changes, 1 an error.
    const planned = await run(terraformBin(), plan, { cwd: LOCAL_STACK_DIR, env, log, okCodes: [0, 2] });
    if (planned.code === 2)
      await terraform(['apply', '-input=false', '-no-color', parallelism, planFile], env, log);
    rmSync(planFile, { force: true });
  }
  writeOutputsFile(outputsFile, await stackOutputs(env));
  return { outputsFile, durationMs: performance.now() - t0, endpoint };
}

/** `cdktf destroy local`, without the cdktf CLI. */
export async function destroyLocal(options: LocalCloudOptions = {}): Promise<{ durationMs: number }> {
  const t0 = performance.now();
  const env = await terraformEnvironment(localEndpoint(options));
  const { log } = options;
  await synth(env, log);
  await initIfNeeded(env, log);
  await terraform(
    ['destroy', '-auto-approve', '-input=false', '-no-color', `-parallelism=${TERRAFORM_PARALLELISM}`],
    env,
    log,
  );
  return { durationMs: performance.now() - t0 };
}

/**
 * `terraform init`, unless the stack directory is already initialized for this backend and provider lock
 * (a synth that turbo restores from its cache keeps `.terraform/`): init costs ~1 s of every redeploy.
 */
async function initIfNeeded(env: NodeJS.ProcessEnv, log?: (line: string) => void): Promise<void> {
  if (!initializedFor(localStackBackend())) await terraform(['init', '-input=false', '-no-color'], env, log);
}

interface LocalBackendConfig {
  path: string;
}

function localStackBackend(): LocalBackendConfig | undefined {
  const stack = JSON.parse(readFileSync(join(LOCAL_STACK_DIR, 'cdk.tf.json'), 'utf8')) as {
    terraform?: { backend?: { local?: LocalBackendConfig } };
  };
  return stack.terraform?.backend?.local;
}

function initializedFor(backend: LocalBackendConfig | undefined): boolean {
  const recorded = join(LOCAL_STACK_DIR, '.terraform', 'terraform.tfstate');
  if (!backend || !existsSync(recorded) || !existsSync(join(LOCAL_STACK_DIR, '.terraform.lock.hcl')))
    return false;
  const { backend: initialized } = JSON.parse(readFileSync(recorded, 'utf8')) as {
    backend?: { type?: string; config?: { path?: string } };
  };
  return initialized?.type === 'local' && initialized.config?.path === backend.path;
}

/** The local stack's state file (as its backend names it), parsed; undefined when there is none yet. */
function localState(): { version?: number; outputs?: unknown; resources?: unknown[] } | undefined {
  const backend = localStackBackend();
  if (!backend) return undefined;
  const statePath = isAbsolute(backend.path) ? backend.path : join(LOCAL_STACK_DIR, backend.path);
  if (!existsSync(statePath)) return undefined;
  return JSON.parse(readFileSync(statePath, 'utf8'));
}

function stateHasResources(): boolean {
  return (localState()?.resources?.length ?? 0) > 0;
}

/**
 * The stack's outputs as `terraform output -json` prints them, read from the local state file it would read
 * them from (Terraform's state format keeps `outputs` in that same shape); `terraform output` otherwise.
 */
async function stackOutputs(env: NodeJS.ProcessEnv): Promise<string> {
  const state = localState();
  if (state?.version === 4 && state.outputs) return JSON.stringify(state.outputs);
  return terraform(['output', '-json', '-no-color'], env);
}

/**
 * The outputs file in the shape `cdktf deploy --outputs-file --outputs-file-include-sensitive-outputs`
 * writes: `{ "<stack>": { "<output>": value } }`, from `terraform output -json`
 * (`{ "<output>": { value, type, sensitive } }`). Written whole, then renamed: readers never see half a file.
 */
function writeOutputsFile(file: string, terraformOutputJson: string): void {
  const outputs = JSON.parse(terraformOutputJson) as Record<string, { value: unknown }>;
  const values = Object.fromEntries(Object.entries(outputs).map(([name, output]) => [name, output.value]));
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify({ local: values }, null, 2)}\n`);
  renameSync(partial, file);
}

export function readOutputsFile(file = DEFAULT_OUTPUTS_FILE): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Runs a command; resolves with its stdout and exit code (one of `okCodes`, default 0); logs every line. */
function run(
  command: string,
  args: string[],
  options: {
    cwd: string;
    env?: NodeJS.ProcessEnv;
    log?: ((line: string) => void) | undefined;
    okCodes?: readonly number[];
  },
): Promise<{ stdout: string; code: number }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    const stdout: Buffer[] = [];
    // Lines can straddle chunks: keep the unfinished one for the next chunk.
    const pending = { stdout: '', stderr: '' };
    const onData = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      if (stream === 'stdout') stdout.push(chunk);
      const text = chunk.toString('utf8');
      tail = (tail + text).slice(-8000);
      if (!options.log) return;
      const lines = (pending[stream] + text).split('\n');
      pending[stream] = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') options.log(line);
    };
    child.stdout.on('data', onData('stdout'));
    child.stderr.on('data', onData('stderr'));
    child.on('error', reject);
    child.on('close', (code) => {
      for (const rest of [pending.stdout, pending.stderr]) if (rest.trim() !== '') options.log?.(rest);
      if (code !== null && (options.okCodes ?? [0]).includes(code))
        resolvePromise({ stdout: Buffer.concat(stdout).toString('utf8'), code });
      else reject(new Error(`${[command, ...args].join(' ')} exited with ${code}\n${tail}`));
    });
  });
}
