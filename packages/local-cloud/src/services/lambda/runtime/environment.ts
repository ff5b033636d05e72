import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { bootstrapPath } from './bootstrap-path';
import type { ChildMessage, InitMessage, InvokeMessage, RuntimeErrorShape } from './protocol';

/** node:child_process, loaded on the first cold start rather than at start-up. */
const childProcess = (): typeof import('node:child_process') =>
  require('node:child_process') as typeof import('node:child_process');

/** What an execution environment is started with (fixed for its lifetime). */
export interface EnvironmentSpec {
  /** Pool key: environments are reused only for the same function version and configuration revision. */
  key: string;
  functionName: string;
  version: string;
  memorySize: number;
  taskRoot: string;
  /** The complete process environment (function variables + AWS runtime variables). */
  env: Record<string, string>;
}

export type InitResult = { ok: true } | { ok: false; error: RuntimeErrorShape };

export type RawResult =
  | { kind: 'ok'; payload: string; rss: number }
  | { kind: 'error'; error: RuntimeErrorShape; rss: number; fatal: boolean }
  | { kind: 'timeout' }
  | { kind: 'exit'; code: number | null; signal: NodeJS.Signals | null; outOfMemory: boolean };

/** Receives every log line the environment produces (console lines and raw stdout/stderr). */
export type LogListener = (line: string) => void;

const INIT_LIMIT_MS = 10_000;
const WATCHDOG_MS = 50;

/**
 * One execution environment: a forked bootstrap process that loads the handler once (init) and then runs
 * one invocation at a time. Timeouts and memory overruns kill the process; a crash or exit ends it. The
 * server never shares a process with user code.
 */
export class ExecutionEnvironment {
  readonly id: string;
  readonly logStreamName: string;
  readonly spawnedAt = performance.now();
  /** Wall-clock ms the init phase took (spawn → handler loaded). */
  initDurationMs = 0;
  /** True until the first invocation reported the Init Duration. */
  coldPending = true;
  lastUsedWall = Date.now();
  dead = false;
  /** Set when the function changed: the environment is killed instead of being returned to the pool. */
  retired = false;
  readonly ready: Promise<InitResult>;

  private readonly child: ChildProcess;
  private logListener: LogListener | undefined;
  private readonly earlyLines: string[] = [];
  private pending:
    | { id: string; resolve: (result: RawResult) => void; timer: NodeJS.Timeout; watchdog?: NodeJS.Timeout }
    | undefined;
  private stderrTail = '';
  private outOfMemory = false;
  private readonly exitListeners: Array<() => void> = [];

  /**
   * Starts an environment: adopts a spare process (already booted, see `forkSpare`) when one is given,
   * otherwise forks a new one.
   */
  constructor(
    readonly spec: EnvironmentSpec,
    id: string,
    logStreamName: string,
    spare?: ChildProcess,
  ) {
    this.id = id;
    this.logStreamName = logStreamName;
    if (spare) {
      this.child = spare;
      this.child.send({ t: 'init', env: spec.env, cwd: spec.taskRoot } satisfies InitMessage);
    } else {
      // Per-environment V8 heap cap ≈ MemorySize; RSS above MemorySize is killed by the watchdog below.
      this.child = childProcess().fork(bootstrapPath(), [], {
        cwd: spec.taskRoot,
        env: spec.env,
        execArgv: [`--max-old-space-size=${Math.max(32, spec.memorySize)}`],
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        serialization: 'json',
      });
    }
    this.child.stdout?.setEncoding('utf8');
    this.child.stderr?.setEncoding('utf8');
    this.child.stdout?.on('data', (chunk: string) => this.raw(chunk));
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-2048);
      this.raw(chunk);
    });
    this.ready = new Promise<InitResult>((resolve) => {
      const initTimer = setTimeout(() => {
        resolve({
          ok: false,
          error: {
            errorType: 'Runtime.Unknown',
            errorMessage: `local-cloud: the init phase did not finish within ${INIT_LIMIT_MS / 1000} seconds`,
          },
        });
        this.kill();
      }, INIT_LIMIT_MS);
      const onInit = (message: ChildMessage): void => {
        if (message.t === 'ready') {
          this.initDurationMs = performance.now() - this.spawnedAt;
          clearTimeout(initTimer);
          this.child.off('message', onInit);
          resolve({ ok: true });
        } else if (message.t === 'initError') {
          this.initDurationMs = performance.now() - this.spawnedAt;
          clearTimeout(initTimer);
          this.child.off('message', onInit);
          resolve({ ok: false, error: message.error });
        }
      };
      this.child.on('message', onInit);
      this.child.once('exit', (code, signal) => {
        clearTimeout(initTimer);
        this.initDurationMs ||= performance.now() - this.spawnedAt;
        resolve({ ok: false, error: exitError(code, signal, this.outOfMemory || this.heapExhausted()) });
      });
    });
    this.child.on('message', (message: ChildMessage) => this.onMessage(message));
    this.child.once('exit', (code, signal) => this.onExit(code, signal));
    this.child.on('error', () => this.kill());
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Routes log lines to the current invocation; lines produced before that (init) are kept for it. */
  setLogListener(listener: LogListener | undefined): void {
    this.logListener = listener;
    if (listener && this.earlyLines.length > 0) {
      for (const line of this.earlyLines.splice(0)) listener(line);
    }
  }

  /** Runs one invocation. Resolves with the result; never rejects. */
  invoke(message: Omit<InvokeMessage, 't'>, timeoutMs: number): Promise<RawResult> {
    return new Promise<RawResult>((resolve) => {
      if (this.dead) {
        resolve({ kind: 'exit', code: null, signal: null, outOfMemory: false });
        return;
      }
      const timer = setTimeout(() => {
        this.settle({ kind: 'timeout' });
        this.kill();
      }, timeoutMs);
      this.pending = { id: message.id, resolve, timer };
      if (process.platform === 'linux') {
        const limitBytes = this.spec.memorySize * 1024 * 1024;
        this.pending.watchdog = setInterval(() => {
          if (this.rssBytes() > limitBytes) {
            this.outOfMemory = true;
            this.kill();
          }
        }, WATCHDOG_MS);
      }
      this.child.send({ t: 'invoke', ...message } satisfies InvokeMessage);
    });
  }

  onExitOnce(listener: () => void): void {
    if (this.dead) listener();
    else this.exitListeners.push(listener);
  }

  kill(): void {
    if (this.dead) return;
    this.dead = true;
    this.child.kill('SIGKILL');
    for (const listener of this.exitListeners.splice(0)) listener();
  }

  /** Current resident set size of the process, bytes (Linux /proc; 0 elsewhere). */
  rssBytes(): number {
    const pid = this.child.pid;
    if (!pid) return 0;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const match = /VmRSS:\s+(\d+) kB/.exec(status);
      return match ? Number(match[1]) * 1024 : 0;
    } catch {
      return 0;
    }
  }

  private raw(chunk: string): void {
    for (const line of chunk.split('\n')) {
      if (line !== '') this.line(`${line}\n`);
    }
  }

  private line(line: string): void {
    if (this.logListener) this.logListener(line);
    else if (this.earlyLines.length < 1000) this.earlyLines.push(line);
  }

  private onMessage(message: ChildMessage): void {
    if (message.t === 'log') this.line(message.line);
    else if (message.t === 'done') {
      if (!this.pending || this.pending.id !== message.id) return;
      if (message.error) {
        this.settle({ kind: 'error', error: message.error, rss: message.rss, fatal: message.fatal === true });
      } else {
        this.settle({ kind: 'ok', payload: message.payload ?? 'null', rss: message.rss });
      }
      if (message.fatal) this.kill();
    }
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    const wasDead = this.dead;
    this.dead = true;
    this.settle({ kind: 'exit', code, signal, outOfMemory: this.outOfMemory || this.heapExhausted() });
    if (!wasDead) for (const listener of this.exitListeners.splice(0)) listener();
  }

  private heapExhausted(): boolean {
    return /heap out of memory|Allocation failed/i.test(this.stderrTail);
  }

  private settle(result: RawResult): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    if (pending.watchdog) clearInterval(pending.watchdog);
    pending.resolve(result);
  }
}

/**
 * A spare: a bootstrap process booted with an empty environment, waiting for `init`. Taking one turns a cold
 * start into "load the handler" (Node's own boot, the bulk of a cold start, is already done).
 */
export function forkSpare(): ChildProcess {
  const child = childProcess().fork(bootstrapPath(), [], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LOCAL_CLOUD_SPARE: '1' },
    execArgv: [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'json',
  });
  child.on('error', () => child.kill('SIGKILL'));
  child.once('message', (message: ChildMessage) => {
    if (message?.t === 'booted') (child as ChildProcess & { booted?: boolean }).booted = true;
  });
  return child;
}

/** The runtime's error when the process ended (reference/aws-async-semantics.md §1 "Exit"). */
export function exitError(
  code: number | null,
  signal: NodeJS.Signals | null,
  outOfMemory: boolean,
  requestId?: string,
): RuntimeErrorShape {
  const prefix = requestId ? `RequestId: ${requestId} Error: ` : 'Error: ';
  if (outOfMemory) {
    return {
      errorType: 'Runtime.OutOfMemory',
      errorMessage: `${prefix}Runtime exited with error: signal: killed`,
    };
  }
  if (signal) {
    return {
      errorType: 'Runtime.ExitError',
      errorMessage: `${prefix}Runtime exited with error: ${signalText(signal)}`,
    };
  }
  if (code !== null && code !== 0) {
    return {
      errorType: 'Runtime.ExitError',
      errorMessage: `${prefix}Runtime exited with error: exit status ${code}`,
    };
  }
  return {
    errorType: 'Runtime.ExitError',
    errorMessage: `${prefix}Runtime exited without providing a reason`,
  };
}

function signalText(signal: NodeJS.Signals): string {
  switch (signal) {
    case 'SIGKILL':
      return 'signal: killed';
    case 'SIGABRT':
      return 'signal: aborted (core dumped)';
    case 'SIGTERM':
      return 'signal: terminated';
    case 'SIGSEGV':
      return 'signal: segmentation fault (core dumped)';
    default:
      return `signal: ${signal}`;
  }
}
