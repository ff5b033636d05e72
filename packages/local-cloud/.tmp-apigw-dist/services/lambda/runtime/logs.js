"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.PlatformLines = exports.InvocationLog = void 0;
exports.runtimeVersionLabel = runtimeVersionLabel;
/**
 * Lambda's platform log lines (reference/aws-wire-and-event-shapes.md §7): START / END / REPORT (+ Init
 * Duration on cold starts), one event each, ending in `\n`; JSON records when LogFormat is JSON.
 */
const TAIL_BYTES = 4096;
class InvocationLog {
    events = [];
    add(message) {
        this.events.push({ timestamp: Date.now(), message: message.endsWith('\n') ? message : `${message}\n` });
    }
    /** `X-Amz-Log-Result`: base64 of the last 4 KB of this invocation's log. */
    tail() {
        const text = Buffer.from(this.events.map((event) => event.message).join(''), 'utf8');
        return text.subarray(Math.max(0, text.length - TAIL_BYTES)).toString('base64');
    }
}
exports.InvocationLog = InvocationLog;
class PlatformLines {
    json;
    constructor(json) {
        this.json = json;
    }
    record(type, record) {
        return JSON.stringify({ time: new Date().toISOString(), type, record });
    }
    initStart(runtime, runtimeVersionArn) {
        if (this.json) {
            return this.record('platform.initStart', {
                initializationType: 'on-demand',
                phase: 'init',
                runtimeVersion: runtimeVersionLabel(runtime),
                runtimeVersionArn,
            });
        }
        return `INIT_START Runtime Version: ${runtimeVersionLabel(runtime)}\tRuntime Version ARN: ${runtimeVersionArn}`;
    }
    initReport(initDurationMs, errorType) {
        if (this.json) {
            return this.record('platform.initReport', {
                initializationType: 'on-demand',
                phase: 'init',
                status: 'error',
                errorType,
                metrics: { durationMs: round2(initDurationMs) },
            });
        }
        return `INIT_REPORT Init Duration: ${initDurationMs.toFixed(2)} ms\tPhase: init\tStatus: error\tError Type: ${errorType}`;
    }
    start(requestId, version) {
        if (this.json)
            return this.record('platform.start', { requestId, version });
        return `START RequestId: ${requestId} Version: ${version}`;
    }
    end(requestId) {
        if (this.json)
            return this.record('platform.runtimeDone', { requestId, status: 'success' });
        return `END RequestId: ${requestId}`;
    }
    timedOut(requestId, timeoutSeconds) {
        const message = `Task timed out after ${timeoutSeconds.toFixed(2)} seconds`;
        if (this.json)
            return JSON.stringify({ timestamp: new Date().toISOString(), level: 'ERROR', requestId, message });
        return `${new Date().toISOString()} ${requestId} ${message}`;
    }
    runtimeError(requestId, errorMessage, errorType) {
        if (this.json) {
            return JSON.stringify({ timestamp: new Date().toISOString(), level: 'ERROR', requestId, errorType, errorMessage });
        }
        // e.g. `RequestId: <id> Error: Runtime exited with error: exit status 1\nRuntime.ExitError`
        return `${errorMessage}\n${errorType}`;
    }
    report(fields) {
        const billed = Math.ceil(fields.durationMs) + (fields.initDurationMs ? Math.ceil(fields.initDurationMs) : 0);
        if (this.json) {
            const metrics = {
                durationMs: round2(fields.durationMs),
                billedDurationMs: billed,
                memorySizeMB: fields.memorySizeMb,
                maxMemoryUsedMB: fields.maxMemoryUsedMb,
            };
            if (fields.initDurationMs !== undefined)
                metrics.initDurationMs = round2(fields.initDurationMs);
            return this.record('platform.report', {
                requestId: fields.requestId,
                metrics,
                status: fields.status ?? 'success',
                ...(fields.errorType ? { errorType: fields.errorType } : {}),
            });
        }
        let line = `REPORT RequestId: ${fields.requestId}\tDuration: ${fields.durationMs.toFixed(2)} ms\t` +
            `Billed Duration: ${billed} ms\tMemory Size: ${fields.memorySizeMb} MB\tMax Memory Used: ${fields.maxMemoryUsedMb} MB\t`;
        if (fields.initDurationMs !== undefined)
            line += `Init Duration: ${fields.initDurationMs.toFixed(2)} ms\t`;
        if (fields.status)
            line += `Status: ${fields.status}\t`;
        if (fields.errorType)
            line += `Error Type: ${fields.errorType}\t`;
        return line;
    }
}
exports.PlatformLines = PlatformLines;
const round2 = (n) => Math.round(n * 100) / 100;
/** `nodejs:20.v<n>` style label; the local Node major stands in for every nodejs runtime. */
function runtimeVersionLabel(runtime) {
    const family = runtime.replace(/[\d.]+x?$/, '').replace(/\.$/, '') || runtime;
    const major = /(\d+)/.exec(runtime)?.[1] ?? '';
    return `${family}:${major}.local-node-${process.versions.node}`;
}
