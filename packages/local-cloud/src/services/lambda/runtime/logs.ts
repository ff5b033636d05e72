import type { LogEventInput } from '../../../core/ports';

/**
 * Lambda's platform log lines (reference/aws-wire-and-event-shapes.md §7): START / END / REPORT (+ Init
 * Duration on cold starts), one event each, ending in `\n`; JSON records when LogFormat is JSON.
 */

const TAIL_BYTES = 4096;

export class InvocationLog {
  readonly events: LogEventInput[] = [];

  add(message: string): void {
    this.events.push({ timestamp: Date.now(), message: message.endsWith('\n') ? message : `${message}\n` });
  }

  /** `X-Amz-Log-Result`: base64 of the last 4 KB of this invocation's log. */
  tail(): string {
    const text = Buffer.from(this.events.map((event) => event.message).join(''), 'utf8');
    return text.subarray(Math.max(0, text.length - TAIL_BYTES)).toString('base64');
  }
}

export interface ReportFields {
  requestId: string;
  durationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  initDurationMs?: number;
  status?: 'timeout' | 'error';
  errorType?: string;
}

export class PlatformLines {
  constructor(private readonly json: boolean) {}

  private record(type: string, record: Record<string, unknown>): string {
    return JSON.stringify({ time: new Date().toISOString(), type, record });
  }

  initStart(runtime: string, runtimeVersionArn: string): string {
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

  initReport(initDurationMs: number, errorType: string): string {
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

  start(requestId: string, version: string): string {
    if (this.json) return this.record('platform.start', { requestId, version });
    return `START RequestId: ${requestId} Version: ${version}`;
  }

  end(requestId: string): string {
    if (this.json) return this.record('platform.runtimeDone', { requestId, status: 'success' });
    return `END RequestId: ${requestId}`;
  }

  timedOut(requestId: string, timeoutSeconds: number): string {
    const message = `Task timed out after ${timeoutSeconds.toFixed(2)} seconds`;
    if (this.json)
      return JSON.stringify({ timestamp: new Date().toISOString(), level: 'ERROR', requestId, message });
    return `${new Date().toISOString()} ${requestId} ${message}`;
  }

  runtimeError(requestId: string, errorMessage: string, errorType: string): string {
    if (this.json) {
      return JSON.stringify({
        timestamp: new Date().toISOString(),
        level: 'ERROR',
        requestId,
        errorType,
        errorMessage,
      });
    }
    // e.g. `RequestId: <id> Error: Runtime exited with error: exit status 1\nRuntime.ExitError`
    return `${errorMessage}\n${errorType}`;
  }

  report(fields: ReportFields): string {
    const billed =
      Math.ceil(fields.durationMs) + (fields.initDurationMs ? Math.ceil(fields.initDurationMs) : 0);
    if (this.json) {
      const metrics: Record<string, number> = {
        durationMs: round2(fields.durationMs),
        billedDurationMs: billed,
        memorySizeMB: fields.memorySizeMb,
        maxMemoryUsedMB: fields.maxMemoryUsedMb,
      };
      if (fields.initDurationMs !== undefined) metrics.initDurationMs = round2(fields.initDurationMs);
      return this.record('platform.report', {
        requestId: fields.requestId,
        metrics,
        status: fields.status ?? 'success',
        ...(fields.errorType ? { errorType: fields.errorType } : {}),
      });
    }
    let line =
      `REPORT RequestId: ${fields.requestId}\tDuration: ${fields.durationMs.toFixed(2)} ms\t` +
      `Billed Duration: ${billed} ms\tMemory Size: ${fields.memorySizeMb} MB\tMax Memory Used: ${fields.maxMemoryUsedMb} MB\t`;
    if (fields.initDurationMs !== undefined)
      line += `Init Duration: ${fields.initDurationMs.toFixed(2)} ms\t`;
    if (fields.status) line += `Status: ${fields.status}\t`;
    if (fields.errorType) line += `Error Type: ${fields.errorType}\t`;
    return line;
  }
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** `nodejs:20.v<n>` style label; the local Node major stands in for every nodejs runtime. */
export function runtimeVersionLabel(runtime: string): string {
  const family = runtime.replace(/[\d.]+x?$/, '').replace(/\.$/, '') || runtime;
  const major = /(\d+)/.exec(runtime)?.[1] ?? '';
  return `${family}:${major}.local-node-${process.versions.node}`;
}
