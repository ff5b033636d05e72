import type { EnvironmentSpec, ExecutionEnvironment } from './environment';

export interface PoolOptions {
  /** Real processes per function at once; invocations beyond it wait (they are not throttled). */
  maxPerFunction: number;
  /** Soft cap on live processes in total: idle environments of other functions are evicted first. */
  maxTotal: number;
  /** Creates (spawns) an environment for a spec. */
  spawn(spec: EnvironmentSpec): ExecutionEnvironment;
  /** Called when an environment becomes idle, so the owner can schedule its reaping. */
  onIdle(env: ExecutionEnvironment): void;
}

interface Waiter {
  spec: EnvironmentSpec;
  resolve: (lease: Lease) => void;
}

export interface Lease {
  env: ExecutionEnvironment;
  /** A new environment (cold start). */
  cold: boolean;
}

interface FunctionPool {
  /** Idle environments, most recently used last (LIFO reuse). */
  idle: ExecutionEnvironment[];
  /** Live processes of this function (idle + busy + starting). */
  live: Set<ExecutionEnvironment>;
  waiters: Waiter[];
}

/**
 * Execution environments per function: a warm one is reused (most recently used first), a new one is
 * spawned on a cold start, never more processes at once than `maxPerFunction` (excess invocations queue).
 */
export class EnvironmentPool {
  private readonly pools = new Map<string, FunctionPool>();
  private liveTotal = 0;

  constructor(private readonly options: PoolOptions) {}

  acquire(spec: EnvironmentSpec): Promise<Lease> {
    const lease = this.tryAcquire(spec);
    if (lease) return Promise.resolve(lease);
    return new Promise<Lease>((resolve) => this.poolFor(spec.functionName).waiters.push({ spec, resolve }));
  }

  /** Returns an environment after an invocation; a dead or retired one is dropped. */
  release(env: ExecutionEnvironment): void {
    const pool = this.poolFor(env.spec.functionName);
    if (env.dead || env.retired) {
      env.kill();
    } else {
      env.lastUsedWall = Date.now();
      pool.idle.push(env);
      this.options.onIdle(env);
    }
    this.pump(env.spec.functionName);
  }

  /** Kills idle environments matching the predicate and marks busy ones to be killed on release. */
  retire(functionName: string, predicate: (env: ExecutionEnvironment) => boolean): void {
    const pool = this.pools.get(functionName);
    if (!pool) return;
    for (const env of [...pool.live]) {
      if (!predicate(env)) continue;
      env.retired = true;
      const index = pool.idle.indexOf(env);
      if (index >= 0) {
        pool.idle.splice(index, 1);
        env.kill();
      }
    }
    this.pump(functionName);
  }

  /** Reaps an idle environment (idle timeout). */
  reap(env: ExecutionEnvironment): void {
    const pool = this.pools.get(env.spec.functionName);
    if (!pool) return;
    const index = pool.idle.indexOf(env);
    if (index < 0) return;
    pool.idle.splice(index, 1);
    env.kill();
  }

  all(): ExecutionEnvironment[] {
    const out: ExecutionEnvironment[] = [];
    for (const pool of this.pools.values()) out.push(...pool.live);
    return out;
  }

  stats(): {
    live: number;
    idle: number;
    waiting: number;
    perFunction: Record<string, { live: number; idle: number }>;
  } {
    let idle = 0;
    let waiting = 0;
    const perFunction: Record<string, { live: number; idle: number }> = {};
    for (const [name, pool] of this.pools) {
      idle += pool.idle.length;
      waiting += pool.waiters.length;
      if (pool.live.size > 0) perFunction[name] = { live: pool.live.size, idle: pool.idle.length };
    }
    return { live: this.liveTotal, idle, waiting, perFunction };
  }

  killAll(): void {
    for (const pool of this.pools.values()) {
      for (const env of [...pool.live]) env.kill();
      pool.idle.length = 0;
    }
  }

  private poolFor(functionName: string): FunctionPool {
    let pool = this.pools.get(functionName);
    if (!pool) {
      pool = { idle: [], live: new Set(), waiters: [] };
      this.pools.set(functionName, pool);
    }
    return pool;
  }

  private tryAcquire(spec: EnvironmentSpec): Lease | undefined {
    const pool = this.poolFor(spec.functionName);
    for (let i = pool.idle.length - 1; i >= 0; i--) {
      const env = pool.idle[i] as ExecutionEnvironment;
      if (env.spec.key === spec.key && !env.dead) {
        pool.idle.splice(i, 1);
        return { env, cold: false };
      }
    }
    if (pool.live.size >= this.options.maxPerFunction) {
      // At the cap: an idle environment of another version/revision of this function makes room.
      const stale = pool.idle.shift();
      if (!stale) return undefined;
      stale.kill();
    }
    if (this.liveTotal >= this.options.maxTotal) this.evictOldestIdle();
    const env = this.options.spawn(spec);
    pool.live.add(env);
    this.liveTotal++;
    env.onExitOnce(() => {
      if (pool.live.delete(env)) this.liveTotal--;
      const index = pool.idle.indexOf(env);
      if (index >= 0) pool.idle.splice(index, 1);
      // Deferred: an exit can happen inside tryAcquire (a stale environment killed to make room).
      queueMicrotask(() => this.pump(spec.functionName));
    });
    return { env, cold: true };
  }

  private evictOldestIdle(): void {
    let oldest: ExecutionEnvironment | undefined;
    for (const pool of this.pools.values()) {
      for (const env of pool.idle) if (!oldest || env.lastUsedWall < oldest.lastUsedWall) oldest = env;
    }
    if (oldest) this.reap(oldest);
  }

  private pump(functionName: string): void {
    const pool = this.pools.get(functionName);
    if (!pool) return;
    while (pool.waiters.length > 0) {
      const waiter = pool.waiters[0] as Waiter;
      const lease = this.tryAcquire(waiter.spec);
      if (!lease) return;
      pool.waiters.shift();
      waiter.resolve(lease);
    }
  }
}
