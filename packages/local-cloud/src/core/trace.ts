/**
 * A causal trace per request id: each attempt, each scheduled wait, the final condition and every
 * delivery. Kept in memory (bounded), served by `/_local-cloud/trace/<requestId>` and `local-cloud trace`.
 * `awsOffsetMs` is AWS time since the first entry of that trace, so a scaled run reports AWS's timeline.
 */
export interface TraceEntry {
  at: string;
  awsOffsetMs: number;
  kind: string;
  [key: string]: unknown;
}

interface Trace {
  startedWall: number;
  entries: TraceEntry[];
}

export class TraceLog {
  private readonly traces = new Map<string, Trace>();

  constructor(
    private readonly scale: () => number,
    private readonly capacity = 50_000,
  ) {}

  record(requestId: string, kind: string, detail: Record<string, unknown> = {}): void {
    const now = Date.now();
    let trace = this.traces.get(requestId);
    if (!trace) {
      if (this.traces.size >= this.capacity) {
        const oldest = this.traces.keys().next().value;
        if (oldest !== undefined) this.traces.delete(oldest);
      }
      trace = { startedWall: now, entries: [] };
      this.traces.set(requestId, trace);
    }
    trace.entries.push({
      at: new Date(now).toISOString(),
      awsOffsetMs: Math.round((now - trace.startedWall) / this.scale()),
      kind,
      ...detail,
    });
  }

  /** Adds AWS time that passed without wall time (a scheduled wait), so offsets follow AWS's timeline. */
  get(requestId: string): TraceEntry[] | undefined {
    return this.traces.get(requestId)?.entries;
  }

  list(limit = 100): Array<{ requestId: string; entries: number; last: string | undefined }> {
    const out: Array<{ requestId: string; entries: number; last: string | undefined }> = [];
    for (const [requestId, trace] of this.traces) {
      out.push({ requestId, entries: trace.entries.length, last: trace.entries.at(-1)?.kind });
    }
    return out.slice(-limit);
  }

  clear(): void {
    this.traces.clear();
  }
}
