"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TraceLog = void 0;
class TraceLog {
    scale;
    capacity;
    traces = new Map();
    constructor(scale, capacity = 50_000) {
        this.scale = scale;
        this.capacity = capacity;
    }
    record(requestId, kind, detail = {}) {
        const now = Date.now();
        let trace = this.traces.get(requestId);
        if (!trace) {
            if (this.traces.size >= this.capacity) {
                const oldest = this.traces.keys().next().value;
                if (oldest !== undefined)
                    this.traces.delete(oldest);
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
    get(requestId) {
        return this.traces.get(requestId)?.entries;
    }
    list(limit = 100) {
        const out = [];
        for (const [requestId, trace] of this.traces) {
            out.push({ requestId, entries: trace.entries.length, last: trace.entries.at(-1)?.kind });
        }
        return out.slice(-limit);
    }
    clear() {
        this.traces.clear();
    }
}
exports.TraceLog = TraceLog;
