import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { delimiter, dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ScheduledTimer } from '../../../core/clock';
import type { Cloud } from '../../../core/cloud';
import { hex } from '../../../core/ids';
import type { InvokeOutcome } from '../types';
import { bootstrapPath } from './bootstrap-path';
import { CodeCache } from './code';
import {
  type EnvironmentSpec,
  ExecutionEnvironment,
  exitError,
  forkSpare,
  type RawResult,
} from './environment';
import { InvocationLog, PlatformLines } from './logs';
import { EnvironmentPool } from './pool';
import type { RuntimeErrorShape } from './protocol';

/** Runtimes the local Node.js runs (every one on the local Node version, `process.version`). */
export const LOCAL_NODE_RUNTIMES = new Set(['nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'nodejs24.x']);

/** Synchronous response limit: 6 MB (reference/aws-async-semantics.md §1 "Payload limits"). */
export const MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

/** What the runtime needs to run one function version (resolved by the engine from the model). */
export interface RunSpec {
  functionName: string;
  /** Unqualified function ARN. */
  functionArn: string;
  version: string;
  runtime: string;
  handler: string;
  memorySize: number;
  /** Seconds. */
  timeout: number;
  environment: Record<string, string>;
  role: string;
  logGroupName: string;
  logFormat: 'Text' | 'JSON';
  applicationLogLevel: string | undefined;
  /** Filesystem-safe code key (hex sha256 of the zip). */
  codeKey: string;
  /** Changes whenever code or configuration change: environments are reused only for the same revision. */
  revision: string;
}

export interface RunOptions {
  requestId: string;
  /** The ARN the caller used (qualified for versions and aliases). */
  invokedArn: string;
  /** Client context JSON text. */
  clientContext?: string;
  logTail?: boolean;
  /** Lambda-to-Lambda hops so far (recursion lineage), exported in `_X_AMZN_TRACE_ID`. */
  hops?: number;
  /** An injected fault that replaces running the code. */
  fault?: 'timeout' | 'init-crash';
}

export interface RuntimeOptions {
  maxEnvironmentsPerFunction: number;
  maxEnvironments: number;
  /**
   * Wall-clock seconds an environment stays warm while idle. Not scaled by the clock: keeping environments
   * warm is not a delay anyone waits for, and a scaled cloud would otherwise cold-start almost every call.
   */
  idleSeconds: number;
  /** Pre-booted Node processes kept ready to become environments (0: fork on every cold start). */
  spares: number;
}

export function runtimeOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): RuntimeOptions {
  const positive = (value: string | undefined, fallback: number): number => {
    const n = Number(value);
    return Number.isFinite(n) && n > 0 ? n : fallback;
  };
  return {
    maxEnvironmentsPerFunction: positive(env.LOCAL_CLOUD_MAX_ENVIRONMENTS_PER_FUNCTION, 8),
    maxEnvironments: positive(env.LOCAL_CLOUD_MAX_ENVIRONMENTS, 64),
    idleSeconds: positive(env.LOCAL_CLOUD_LAMBDA_IDLE_SECONDS, 300),
    spares:
      env.LOCAL_CLOUD_LAMBDA_SPARES === undefined
        ? 1
        : Math.max(0, Math.floor(Number(env.LOCAL_CLOUD_LAMBDA_SPARES) || 0)),
  };
}

/** SDK v3 clients handlers may `require` (Lambda's Node.js runtimes ship the whole SDK v3), when installed. */
const SDK_CLIENTS = [
  'client-lambda',
  'client-sqs',
  'client-sns',
  'client-sts',
  'client-iam',
  'client-eventbridge',
  'client-cloudwatch-logs',
  'client-api-gateway',
  'client-dynamodb',
  'client-s3',
];

/**
 * NODE_PATH for handlers: the directories holding `@aws-sdk/*` clients. With pnpm each client sits in its own
 * `node_modules` (beside its dependencies), so every installed client contributes one directory.
 */
function sdkNodePath(): string | undefined {
  if (process.env.LOCAL_CLOUD_LAMBDA_NODE_PATH) return process.env.LOCAL_CLOUD_LAMBDA_NODE_PATH;
  const dirs = new Set<string>();
  for (const client of SDK_CLIENTS) {
    try {
      // <dir>/node_modules/@aws-sdk/client-x/package.json → <dir>/node_modules
      dirs.add(dirname(dirname(dirname(require.resolve(`@aws-sdk/${client}/package.json`)))));
    } catch {
      // not installed
    }
  }
  return dirs.size > 0 ? [...dirs].join(delimiter) : undefined;
}

/** Names of the AWS runtime variables users may not set (reference/aws-wire-and-event-shapes.md §8). */
export const RESERVED_ENVIRONMENT_KEYS = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]);

/** Local credentials a function's code gets: the session token names the execution role. */
export function functionCredentials(role: string, functionName: string): Record<string, string> {
  const digest = createHash('sha256').update(role).digest('hex').toUpperCase();
  return {
    AWS_ACCESS_KEY_ID: `ASIA${digest.slice(0, 16)}`,
    AWS_SECRET_ACCESS_KEY: 'local-cloud-lambda-secret',
    AWS_SESSION_TOKEN: `local-cloud:${Buffer.from(JSON.stringify({ role, functionName })).toString('base64url')}`,
  };
}

function streamName(version: string, id: string): string {
  const now = new Date();
  const date = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${String(now.getUTCDate()).padStart(2, '0')}`;
  return `${date}/[${version}]${id}`;
}

function runtimeVersionArn(region: string, runtime: string): string {
  return `arn:aws:lambda:${region}::runtime:${createHash('sha256').update(`${runtime}:${process.version}`).digest('hex')}`;
}

function traceHeader(functionArn: string, hops: number): string {
  const epoch = Math.floor(Date.now() / 1000).toString(16);
  const lineage = createHash('sha256').update(functionArn).digest('hex').slice(0, 8);
  return `Root=1-${epoch}-${hex(12)};Parent=${hex(8)};Sampled=0;Lineage=${lineage}:${hops}`;
}

/**
 * Runs function code: one pool of execution environments per function, cold starts, warm reuse,
 * timeouts, crashes and memory caps, and the platform log lines sent to CloudWatch Logs.
 */
export class LambdaRuntime {
  private readonly pool: EnvironmentPool;
  private readonly code: CodeCache;
  private readonly specs = new Map<string, EnvironmentSpec>();
  private readonly reapers = new Map<ExecutionEnvironment, ScheduledTimer>();
  // Resolved on the first cold start, not at start-up.
  private nodePathCache: string | null | undefined;
  private readonly spares: ChildProcess[] = [];
  private spareTimer: NodeJS.Immediate | undefined;
  private stopped = false;

  private nodePath(): string | undefined {
    if (this.nodePathCache === undefined) this.nodePathCache = sdkNodePath() ?? null;
    return this.nodePathCache ?? undefined;
  }

  constructor(
    private readonly cloud: Cloud,
    private readonly loadCode: (codeKey: string) => Uint8Array | undefined,
    readonly options: RuntimeOptions = runtimeOptionsFromEnv(),
  ) {
    this.code = new CodeCache(cloud.store.scratchDir('code'));
    this.pool = new EnvironmentPool({
      maxPerFunction: options.maxEnvironmentsPerFunction,
      maxTotal: options.maxEnvironments,
      spawn: (spec) => this.spawn(spec),
      onIdle: (env) => this.scheduleReap(env),
    });
  }

  async invoke(spec: RunSpec, payload: Buffer, options: RunOptions): Promise<InvokeOutcome> {
    if (this.stopped) throw new Error('local-cloud: the Lambda runtime is stopped');
    const lines = new PlatformLines(spec.logFormat === 'JSON');
    const log = new InvocationLog();
    const requestId = options.requestId;
    const memory = spec.memorySize;
    if (options.fault) return this.injected(spec, options, lines, log);

    const environmentSpec = this.environmentSpec(spec);
    const lease = await this.pool.acquire(environmentSpec);
    const env = lease.env;
    this.reapers.get(env)?.cancel();
    this.reapers.delete(env);
    const cold = env.coldPending;
    env.coldPending = false;
    const init = await env.ready;
    if (cold)
      log.add(lines.initStart(spec.runtime, runtimeVersionArn(this.cloud.config.region, spec.runtime)));
    env.setLogListener((line) => log.add(line));
    let outcome: InvokeOutcome;
    let streamForLog = env.logStreamName;
    try {
      if (!init.ok) {
        log.add(lines.initReport(env.initDurationMs, init.error.errorType));
        log.add(lines.start(requestId, spec.version));
        log.add(lines.end(requestId));
        log.add(
          lines.report({
            requestId,
            durationMs: 0,
            memorySizeMb: memory,
            maxMemoryUsedMb: Math.ceil(env.rssBytes() / 1048576),
            status: 'error',
            errorType: init.error.errorType,
          }),
        );
        env.kill();
        outcome = this.failure(spec, requestId, init.error, 0);
      } else {
        log.add(lines.start(requestId, spec.version));
        const started = performance.now();
        const result = await env.invoke(
          {
            id: requestId,
            payload: payload.length === 0 ? '{}' : payload.toString('utf8'),
            deadline: Date.now() + spec.timeout * 1000,
            arn: options.invokedArn,
            ...(options.clientContext !== undefined ? { clientContext: options.clientContext } : {}),
            traceId: traceHeader(spec.functionArn, options.hops ?? 0),
          },
          spec.timeout * 1000,
        );
        const durationMs = performance.now() - started;
        outcome = this.outcomeOf(spec, requestId, result, durationMs, lines, log);
        const rss = 'rss' in result ? result.rss : env.rssBytes();
        log.add(lines.end(requestId));
        log.add(
          lines.report({
            requestId,
            durationMs,
            memorySizeMb: memory,
            maxMemoryUsedMb: Math.max(1, Math.ceil(rss / 1048576)),
            ...(cold ? { initDurationMs: env.initDurationMs } : {}),
            ...(result.kind === 'timeout' ? { status: 'timeout' as const } : {}),
            ...(result.kind === 'exit' ? { status: 'error' as const, errorType: outcome.errorType } : {}),
          }),
        );
      }
    } finally {
      env.setLogListener(undefined);
      streamForLog = env.logStreamName;
      this.pool.release(env);
    }
    this.ship(spec.logGroupName, streamForLog, log);
    if (options.logTail) outcome.logResult = log.tail();
    return outcome;
  }

  /** Retires environments of a function (all, or the ones a predicate selects) after a change or delete. */
  retire(functionName: string, predicate: (version: string, revision: string) => boolean = () => true): void {
    for (const [key, spec] of this.specs) {
      if (spec.functionName === functionName && predicate(spec.version, key)) this.specs.delete(key);
    }
    this.pool.retire(functionName, (env) => predicate(env.spec.version, env.spec.key));
  }

  stats(): ReturnType<EnvironmentPool['stats']> & {
    rssBytes: Record<string, number>;
    spares: { booted: number; booting: number };
  } {
    const rssBytes: Record<string, number> = {};
    for (const env of this.pool.all()) rssBytes[`${env.spec.functionName}/${env.id}`] = env.rssBytes();
    const booted = this.spares.filter(
      (child) => (child as ChildProcess & { booted?: boolean }).booted,
    ).length;
    return { ...this.pool.stats(), rssBytes, spares: { booted, booting: this.spares.length - booted } };
  }

  environments(): ExecutionEnvironment[] {
    return this.pool.all();
  }

  stop(): void {
    this.stopped = true;
    if (this.spareTimer) clearImmediate(this.spareTimer);
    for (const child of this.spares.splice(0)) child.kill('SIGKILL');
    for (const timer of this.reapers.values()) timer.cancel();
    this.reapers.clear();
    this.pool.killAll();
    this.code.close();
  }

  private environmentSpec(spec: RunSpec): EnvironmentSpec {
    const key = `${spec.functionName}:${spec.version}:${spec.revision}`;
    const known = this.specs.get(key);
    if (known) return known;
    const taskRoot = this.code.taskRoot(spec.codeKey, () => this.loadCode(spec.codeKey));
    const region = this.cloud.config.region;
    const user = spec.environment;
    const nodePath = this.nodePath();
    const env: Record<string, string> = {
      PATH: `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
      ...(nodePath ? { NODE_PATH: nodePath } : {}),
      AWS_ENDPOINT_URL: this.cloud.endpoint,
      ...user,
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_EXECUTION_ENV: `AWS_Lambda_${spec.runtime}`,
      AWS_LAMBDA_FUNCTION_NAME: spec.functionName,
      AWS_LAMBDA_FUNCTION_VERSION: spec.version,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memorySize),
      AWS_LAMBDA_LOG_GROUP_NAME: spec.logGroupName,
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      LAMBDA_TASK_ROOT: taskRoot,
      LAMBDA_RUNTIME_DIR: dirname(bootstrapPath()),
      _HANDLER: spec.handler,
      ...functionCredentials(spec.role, spec.functionName),
    };
    if (spec.logFormat === 'JSON') {
      env.AWS_LAMBDA_LOG_FORMAT = 'JSON';
      if (spec.applicationLogLevel) env.AWS_LAMBDA_LOG_LEVEL = spec.applicationLogLevel;
    }
    const environmentSpec: EnvironmentSpec = {
      key,
      functionName: spec.functionName,
      version: spec.version,
      memorySize: spec.memorySize,
      taskRoot,
      env,
    };
    this.specs.set(key, environmentSpec);
    return environmentSpec;
  }

  private spawn(spec: EnvironmentSpec): ExecutionEnvironment {
    const id = hex(16);
    const stream = streamName(spec.version, id);
    const tmp = this.code.environmentDir(id);
    // A user NODE_OPTIONS must be in place when Node boots: such functions always fork.
    const spare = spec.env.NODE_OPTIONS ? undefined : this.takeSpare();
    const env = new ExecutionEnvironment(
      { ...spec, env: { ...spec.env, AWS_LAMBDA_LOG_STREAM_NAME: stream, TMPDIR: tmp, HOME: tmp } },
      id,
      stream,
      spare,
    );
    env.onExitOnce(() => {
      this.reapers.get(env)?.cancel();
      this.reapers.delete(env);
      this.code.removeEnvironmentDir(tmp);
    });
    return env;
  }

  /** The oldest live spare, if any; a replacement boots in the background. */
  private takeSpare(): ChildProcess | undefined {
    let spare: ChildProcess | undefined;
    // A booted spare first (the point of a spare); else the oldest one still booting (it has a head start).
    const booted = this.spares.findIndex((child) => (child as ChildProcess & { booted?: boolean }).booted);
    if (booted > 0) this.spares.unshift(...this.spares.splice(booted, 1));
    while (!spare && this.spares.length > 0) {
      const candidate = this.spares.shift() as ChildProcess;
      if (candidate.exitCode === null && candidate.signalCode === null && candidate.connected)
        spare = candidate;
      else candidate.kill('SIGKILL');
    }
    this.refillSpares();
    return spare;
  }

  /** Keeps `options.spares` processes booted, off the request path. */
  refillSpares(): void {
    if (this.stopped || this.spareTimer || this.spares.length >= this.options.spares) return;
    this.spareTimer = setImmediate(() => {
      this.spareTimer = undefined;
      while (!this.stopped && this.spares.length < this.options.spares) {
        const child = forkSpare();
        child.once('exit', () => {
          const index = this.spares.indexOf(child);
          if (index >= 0) this.spares.splice(index, 1);
        });
        this.spares.push(child);
      }
    });
  }

  private scheduleReap(env: ExecutionEnvironment): void {
    if (this.stopped) return;
    this.reapers.get(env)?.cancel();
    this.reapers.set(
      env,
      // The clock scales what it is given; undo that, so idleness is measured in wall time.
      this.cloud.clock.schedule((this.options.idleSeconds * 1000) / this.cloud.clock.scale, () => {
        this.reapers.delete(env);
        this.pool.reap(env);
      }),
    );
  }

  private outcomeOf(
    spec: RunSpec,
    requestId: string,
    result: RawResult,
    durationMs: number,
    lines: PlatformLines,
    log: InvocationLog,
  ): InvokeOutcome {
    switch (result.kind) {
      case 'ok': {
        const payload = Buffer.from(result.payload, 'utf8');
        if (payload.length > MAX_RESPONSE_BYTES) {
          return this.failure(
            spec,
            requestId,
            {
              errorType: 'Function.ResponseSizeTooLarge',
              errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
            },
            durationMs,
          );
        }
        return { requestId, executedVersion: spec.version, payload, durationMs };
      }
      case 'error':
        return this.failure(spec, requestId, result.error, durationMs);
      case 'timeout': {
        // reference/aws-async-semantics.md §1 "Recorded error payloads": Timeout.
        log.add(lines.timedOut(requestId, spec.timeout));
        return this.failure(
          spec,
          requestId,
          {
            errorType: 'Sandbox.Timedout',
            errorMessage: `RequestId: ${requestId} Error: Task timed out after ${spec.timeout.toFixed(2)} seconds`,
          },
          durationMs,
        );
      }
      case 'exit': {
        const error = exitError(result.code, result.signal, result.outOfMemory, requestId);
        log.add(lines.runtimeError(requestId, error.errorMessage, error.errorType));
        return this.failure(spec, requestId, error, durationMs);
      }
    }
  }

  private failure(
    spec: RunSpec,
    requestId: string,
    error: RuntimeErrorShape,
    durationMs: number,
  ): InvokeOutcome {
    return {
      requestId,
      executedVersion: spec.version,
      payload: Buffer.from(JSON.stringify(error), 'utf8'),
      functionError: 'Unhandled',
      errorType: error.errorType,
      errorMessage: error.errorMessage,
      durationMs,
    };
  }

  /** An injected fault (faults.ts): the platform lines AWS would log, without running the code. */
  private injected(
    spec: RunSpec,
    options: RunOptions,
    lines: PlatformLines,
    log: InvocationLog,
  ): InvokeOutcome {
    const requestId = options.requestId;
    const stream = streamName(spec.version, hex(16));
    let outcome: InvokeOutcome;
    if (options.fault === 'timeout') {
      log.add(lines.start(requestId, spec.version));
      log.add(lines.timedOut(requestId, spec.timeout));
      log.add(lines.end(requestId));
      log.add(
        lines.report({
          requestId,
          durationMs: spec.timeout * 1000,
          memorySizeMb: spec.memorySize,
          maxMemoryUsedMb: 1,
          status: 'timeout',
        }),
      );
      outcome = this.failure(
        spec,
        requestId,
        {
          errorType: 'Sandbox.Timedout',
          errorMessage: `RequestId: ${requestId} Error: Task timed out after ${spec.timeout.toFixed(2)} seconds`,
        },
        spec.timeout * 1000,
      );
    } else {
      const error = exitError(1, null, false, requestId);
      log.add(lines.initStart(spec.runtime, runtimeVersionArn(this.cloud.config.region, spec.runtime)));
      log.add(lines.runtimeError(requestId, error.errorMessage, error.errorType));
      log.add(lines.initReport(0, error.errorType));
      log.add(lines.start(requestId, spec.version));
      log.add(lines.end(requestId));
      log.add(
        lines.report({
          requestId,
          durationMs: 0,
          memorySizeMb: spec.memorySize,
          maxMemoryUsedMb: 1,
          status: 'error',
          errorType: error.errorType,
        }),
      );
      outcome = this.failure(spec, requestId, error, 0);
    }
    this.ship(spec.logGroupName, stream, log);
    if (options.logTail) outcome.logResult = log.tail();
    return outcome;
  }

  /** Sends an invocation's log events to CloudWatch Logs (the `logs` port), when installed. */
  private ship(group: string, stream: string, log: InvocationLog): void {
    if (!this.cloud.ports.has('logs') || log.events.length === 0) return;
    try {
      this.cloud.ports.get('logs').append(group, stream, log.events);
    } catch (error) {
      process.stderr.write(
        `local-cloud: lambda logs for ${group} were not stored: ${(error as Error).message}\n`,
      );
    }
  }
}
