"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.EnvironmentPool = void 0;
/**
 * Execution environments per function: a warm one is reused (most recently used first), a new one is
 * spawned on a cold start, never more processes at once than `maxPerFunction` (excess invocations queue).
 */
class EnvironmentPool {
    options;
    pools = new Map();
    liveTotal = 0;
    constructor(options) {
        this.options = options;
    }
    acquire(spec) {
        const lease = this.tryAcquire(spec);
        if (lease)
            return Promise.resolve(lease);
        return new Promise((resolve) => this.poolFor(spec.functionName).waiters.push({ spec, resolve }));
    }
    /** Returns an environment after an invocation; a dead or retired one is dropped. */
    release(env) {
        const pool = this.poolFor(env.spec.functionName);
        if (env.dead || env.retired) {
            env.kill();
        }
        else {
            env.lastUsedWall = Date.now();
            pool.idle.push(env);
            this.options.onIdle(env);
        }
        this.pump(env.spec.functionName);
    }
    /** Kills idle environments matching the predicate and marks busy ones to be killed on release. */
    retire(functionName, predicate) {
        const pool = this.pools.get(functionName);
        if (!pool)
            return;
        for (const env of [...pool.live]) {
            if (!predicate(env))
                continue;
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
    reap(env) {
        const pool = this.pools.get(env.spec.functionName);
        if (!pool)
            return;
        const index = pool.idle.indexOf(env);
        if (index < 0)
            return;
        pool.idle.splice(index, 1);
        env.kill();
    }
    all() {
        const out = [];
        for (const pool of this.pools.values())
            out.push(...pool.live);
        return out;
    }
    stats() {
        let idle = 0;
        let waiting = 0;
        const perFunction = {};
        for (const [name, pool] of this.pools) {
            idle += pool.idle.length;
            waiting += pool.waiters.length;
            if (pool.live.size > 0)
                perFunction[name] = { live: pool.live.size, idle: pool.idle.length };
        }
        return { live: this.liveTotal, idle, waiting, perFunction };
    }
    killAll() {
        for (const pool of this.pools.values()) {
            for (const env of [...pool.live])
                env.kill();
            pool.idle.length = 0;
        }
    }
    poolFor(functionName) {
        let pool = this.pools.get(functionName);
        if (!pool) {
            pool = { idle: [], live: new Set(), waiters: [] };
            this.pools.set(functionName, pool);
        }
        return pool;
    }
    tryAcquire(spec) {
        const pool = this.poolFor(spec.functionName);
        for (let i = pool.idle.length - 1; i >= 0; i--) {
            const env = pool.idle[i];
            if (env.spec.key === spec.key && !env.dead) {
                pool.idle.splice(i, 1);
                return { env, cold: false };
            }
        }
        if (pool.live.size >= this.options.maxPerFunction) {
            // At the cap: an idle environment of another version/revision of this function makes room.
            const stale = pool.idle.shift();
            if (!stale)
                return undefined;
            stale.kill();
        }
        if (this.liveTotal >= this.options.maxTotal)
            this.evictOldestIdle();
        const env = this.options.spawn(spec);
        pool.live.add(env);
        this.liveTotal++;
        env.onExitOnce(() => {
            if (pool.live.delete(env))
                this.liveTotal--;
            const index = pool.idle.indexOf(env);
            if (index >= 0)
                pool.idle.splice(index, 1);
            // Deferred: an exit can happen inside tryAcquire (a stale environment killed to make room).
            queueMicrotask(() => this.pump(spec.functionName));
        });
        return { env, cold: true };
    }
    evictOldestIdle() {
        let oldest;
        for (const pool of this.pools.values()) {
            for (const env of pool.idle)
                if (!oldest || env.lastUsedWall < oldest.lastUsedWall)
                    oldest = env;
        }
        if (oldest)
            this.reap(oldest);
    }
    pump(functionName) {
        const pool = this.pools.get(functionName);
        if (!pool)
            return;
        while (pool.waiters.length > 0) {
            const waiter = pool.waiters[0];
            const lease = this.tryAcquire(waiter.spec);
            if (!lease)
                return;
            pool.waiters.shift();
            waiter.resolve(lease);
        }
    }
}
exports.EnvironmentPool = EnvironmentPool;
