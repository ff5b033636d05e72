import type { EnvironmentSpec, ExecutionEnvironment } from '../src/services/lambda/runtime/environment';
import { EnvironmentPool } from '../src/services/lambda/runtime/pool';

/** Model-level tests of the environment pool (no processes): LIFO reuse, caps, queueing, retirement. */

interface Fake {
  spec: EnvironmentSpec;
  id: number;
  dead: boolean;
  retired: boolean;
  lastUsedWall: number;
  listeners: Array<() => void>;
  kill(): void;
  onExitOnce(listener: () => void): void;
}

function setup(maxPerFunction = 2, maxTotal = 10) {
  const spawned: Fake[] = [];
  const idled: Fake[] = [];
  const pool = new EnvironmentPool({
    maxPerFunction,
    maxTotal,
    spawn: (spec) => {
      const fake: Fake = {
        spec,
        id: spawned.length + 1,
        dead: false,
        retired: false,
        lastUsedWall: 0,
        listeners: [],
        kill() {
          if (this.dead) return;
          this.dead = true;
          for (const listener of this.listeners.splice(0)) listener();
        },
        onExitOnce(listener) {
          if (this.dead) listener();
          else this.listeners.push(listener);
        },
      };
      spawned.push(fake);
      return fake as unknown as ExecutionEnvironment;
    },
    onIdle: (env) => idled.push(env as unknown as Fake),
  });
  return { pool, spawned, idled };
}

const spec = (functionName: string, key = `${functionName}:$LATEST:r1`): EnvironmentSpec => ({
  key,
  functionName,
  version: '$LATEST',
  memorySize: 128,
  taskRoot: '/tmp',
  env: {},
});

const id = (lease: { env: ExecutionEnvironment }): number => (lease.env as unknown as Fake).id;
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('EnvironmentPool', () => {
  it('cold-starts, then reuses the most recently used warm environment (LIFO)', async () => {
    const { pool } = setup(4);
    const a = await pool.acquire(spec('f'));
    const b = await pool.acquire(spec('f'));
    expect([a.cold, b.cold]).toEqual([true, true]);
    pool.release(a.env);
    pool.release(b.env);
    const c = await pool.acquire(spec('f'));
    expect(c.cold).toBe(false);
    expect(id(c)).toBe(id(b));
  });

  it('never runs more processes per function than the cap: the excess waits, it is not refused', async () => {
    const { pool, spawned } = setup(2);
    const a = await pool.acquire(spec('f'));
    await pool.acquire(spec('f'));
    let third: { env: ExecutionEnvironment; cold: boolean } | undefined;
    void pool.acquire(spec('f')).then((lease) => {
      third = lease;
    });
    await flush();
    expect(third).toBeUndefined();
    expect(spawned.length).toBe(2);
    pool.release(a.env);
    await flush();
    expect(third && id(third)).toBe(id(a));
    expect(third?.cold).toBe(false);
  });

  it('does not reuse an environment of another revision, and replaces it at the cap', async () => {
    const { pool, spawned } = setup(1);
    const old = await pool.acquire(spec('f', 'f:$LATEST:r1'));
    pool.release(old.env);
    const fresh = await pool.acquire(spec('f', 'f:$LATEST:r2'));
    expect(fresh.cold).toBe(true);
    expect(spawned[0]?.dead).toBe(true);
  });

  it('retires idle environments at once and busy ones when they are released', async () => {
    const { pool } = setup(3);
    const busy = await pool.acquire(spec('f'));
    const idle = await pool.acquire(spec('f'));
    pool.release(idle.env);
    pool.retire('f', () => true);
    expect((idle.env as unknown as Fake).dead).toBe(true);
    expect((busy.env as unknown as Fake).dead).toBe(false);
    pool.release(busy.env);
    expect((busy.env as unknown as Fake).dead).toBe(true);
    expect((await pool.acquire(spec('f'))).cold).toBe(true);
  });

  it('drops a crashed environment and serves a waiter with a new one', async () => {
    const { pool } = setup(1);
    const a = await pool.acquire(spec('f'));
    let next: { env: ExecutionEnvironment; cold: boolean } | undefined;
    void pool.acquire(spec('f')).then((lease) => {
      next = lease;
    });
    (a.env as unknown as Fake).kill();
    pool.release(a.env);
    await flush();
    expect(next?.cold).toBe(true);
    expect(pool.stats().live).toBe(1);
  });

  it('evicts the oldest idle environment of another function above the total cap', async () => {
    const { pool } = setup(2, 2);
    const f = await pool.acquire(spec('f'));
    pool.release(f.env);
    const g = await pool.acquire(spec('g'));
    pool.release(g.env);
    await pool.acquire(spec('h'));
    expect((f.env as unknown as Fake).dead).toBe(true);
    expect((g.env as unknown as Fake).dead).toBe(false);
  });
});
