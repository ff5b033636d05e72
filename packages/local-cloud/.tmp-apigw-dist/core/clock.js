"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Clock = void 0;
class Clock {
    scale;
    inFlight = 0;
    pendingWork = 0;
    probes = new Set();
    idleWaiters = new Set();
    constructor(scale = 1) {
        this.scale = scale;
        if (!(scale > 0) || !Number.isFinite(scale))
            throw new Error(`time scale must be a positive number, got ${scale}`);
    }
    /** Wall-clock epoch milliseconds. */
    now() {
        return Date.now();
    }
    /** Wall milliseconds a given AWS delay takes at this scale. */
    toWall(awsMs) {
        return awsMs * this.scale;
    }
    /** AWS milliseconds elapsed since a wall-clock instant. */
    awsElapsedSince(wallMs) {
        return (this.now() - wallMs) / this.scale;
    }
    schedule(awsMs, fn, options = {}) {
        const work = options.work === true;
        if (work)
            this.pendingWork++;
        let done = false;
        const finish = () => {
            if (done)
                return;
            done = true;
            if (work) {
                this.pendingWork--;
                this.checkIdle();
            }
        };
        const handle = setTimeout(() => {
            if (done)
                return;
            // Count the callback as in-flight before releasing the timer so settle never sees a gap.
            this.inFlight++;
            finish();
            try {
                fn();
            }
            finally {
                this.inFlight--;
                this.checkIdle();
            }
        }, Math.max(0, this.toWall(awsMs)));
        return {
            cancel: () => {
                clearTimeout(handle);
                finish();
            },
        };
    }
    /** Resolves after an AWS delay; counts as pending work when asked. */
    sleep(awsMs, options = {}) {
        return new Promise((resolve) => {
            this.schedule(awsMs, resolve, options);
        });
    }
    /** Marks a promise as in-flight work until it settles. */
    track(promise) {
        this.inFlight++;
        return promise.finally(() => {
            this.inFlight--;
            this.checkIdle();
        });
    }
    /** A service reports work that is due but not yet picked up (e.g. visible messages an event source will poll). */
    addBusyProbe(probe) {
        this.probes.add(probe);
        return () => this.probes.delete(probe);
    }
    isIdle() {
        if (this.inFlight > 0 || this.pendingWork > 0)
            return false;
        for (const probe of this.probes)
            if (probe())
                return false;
        return true;
    }
    stats() {
        let busy = 0;
        for (const probe of this.probes)
            if (probe())
                busy++;
        return { inFlight: this.inFlight, pendingWork: this.pendingWork, busyProbes: busy };
    }
    /**
     * Resolves true once nothing is in flight or scheduled as work (checked on two consecutive turns, so
     * work that schedules follow-up work is seen), or false when the wall-clock timeout passes first.
     */
    async settle(timeoutWallMs = 30_000) {
        const deadline = Date.now() + timeoutWallMs;
        let quietTurns = 0;
        while (Date.now() < deadline) {
            if (this.isIdle()) {
                quietTurns++;
                if (quietTurns >= 3)
                    return true;
                await new Promise((resolve) => setTimeout(resolve, 2));
                continue;
            }
            quietTurns = 0;
            await new Promise((resolve) => {
                const timer = setTimeout(done, 10);
                function done() {
                    clearTimeout(timer);
                    resolve();
                }
                this.idleWaiters.add(done);
            });
        }
        return this.isIdle();
    }
    checkIdle() {
        if (this.idleWaiters.size === 0 || this.inFlight > 0 || this.pendingWork > 0)
            return;
        const waiters = [...this.idleWaiters];
        this.idleWaiters.clear();
        for (const waiter of waiters)
            waiter();
    }
}
exports.Clock = Clock;
