/**
 * The one clock every wait asks: retry delays, throttle backoff, event age, visibility timeouts,
 * message delays and long polls. `scale` multiplies every AWS delay (0.001 turns a 60 s retry into
 * 60 ms of wall time), so `--time-scale` and `settle` work everywhere at once.
 *
 * Timestamps stay wall-clock; durations measured in "AWS time" divide wall time by the scale, so the
 * timeline a trace reports is the one AWS would have shown.
 */
export interface ScheduledTimer {
  cancel(): void;
}

export interface ScheduleOptions {
  /** Pending work (a retry, a delayed delivery): `settle` waits for it. Passive timers (visibility, long polls) do not count. */
  work?: boolean;
}

export class Clock {
  private inFlight = 0;
  private pendingWork = 0;
  private readonly probes = new Set<() => boolean>();
  private readonly idleWaiters = new Set<() => void>();

  constructor(readonly scale: number = 1) {
    if (!(scale > 0) || !Number.isFinite(scale))
      throw new Error(`time scale must be a positive number, got ${scale}`);
  }

  /** Wall-clock epoch milliseconds. */
  now(): number {
    return Date.now();
  }

  /** Wall milliseconds a given AWS delay takes at this scale. */
  toWall(awsMs: number): number {
    return awsMs * this.scale;
  }

  /** AWS milliseconds elapsed since a wall-clock instant. */
  awsElapsedSince(wallMs: number): number {
    return (this.now() - wallMs) / this.scale;
  }

  schedule(awsMs: number, fn: () => void, options: ScheduleOptions = {}): ScheduledTimer {
    const work = options.work === true;
    if (work) this.pendingWork++;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      if (work) {
        this.pendingWork--;
        this.checkIdle();
      }
    };
    const handle = setTimeout(
      () => {
        if (done) return;
        // Count the callback as in-flight before releasing the timer so settle never sees a gap.
        this.inFlight++;
        finish();
        try {
          fn();
        } finally {
          this.inFlight--;
          this.checkIdle();
        }
      },
      Math.max(0, this.toWall(awsMs)),
    );
    return {
      cancel: () => {
        clearTimeout(handle);
        finish();
      },
    };
  }

  /** Resolves after an AWS delay; counts as pending work when asked. */
  sleep(awsMs: number, options: ScheduleOptions = {}): Promise<void> {
    return new Promise((resolve) => {
      this.schedule(awsMs, resolve, options);
    });
  }

  /** Marks a promise as in-flight work until it settles. */
  track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight++;
    return promise.finally(() => {
      this.inFlight--;
      this.checkIdle();
    });
  }

  /** A service reports work that is due but not yet picked up (e.g. visible messages an event source will poll). */
  addBusyProbe(probe: () => boolean): () => void {
    this.probes.add(probe);
    return () => this.probes.delete(probe);
  }

  isIdle(): boolean {
    if (this.inFlight > 0 || this.pendingWork > 0) return false;
    for (const probe of this.probes) if (probe()) return false;
    return true;
  }

  stats(): { inFlight: number; pendingWork: number; busyProbes: number } {
    let busy = 0;
    for (const probe of this.probes) if (probe()) busy++;
    return { inFlight: this.inFlight, pendingWork: this.pendingWork, busyProbes: busy };
  }

  /**
   * Resolves true once nothing is in flight or scheduled as work (checked on two consecutive turns, so
   * work that schedules follow-up work is seen), or false when the wall-clock timeout passes first.
   */
  async settle(timeoutWallMs = 30_000): Promise<boolean> {
    const deadline = Date.now() + timeoutWallMs;
    let quietTurns = 0;
    while (Date.now() < deadline) {
      if (this.isIdle()) {
        quietTurns++;
        if (quietTurns >= 3) return true;
        await new Promise((resolve) => setTimeout(resolve, 2));
        continue;
      }
      quietTurns = 0;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, 10);
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
        this.idleWaiters.add(done);
      });
    }
    return this.isIdle();
  }

  private checkIdle(): void {
    if (this.idleWaiters.size === 0 || this.inFlight > 0 || this.pendingWork > 0) return;
    const waiters = [...this.idleWaiters];
    this.idleWaiters.clear();
    for (const waiter of waiters) waiter();
  }
}
