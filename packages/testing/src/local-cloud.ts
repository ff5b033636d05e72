import { createServer } from 'node:net';

/**
 * The local cloud's control API (`/_local-cloud/*`): health, settle, traces and fault injection. Local
 * target only — AWS has no equivalent, so scenarios that need it are local-only.
 */
export interface LocalCloudHealth {
  status: string;
  endpoint: string;
  timeScale: number;
  dataDir: string | null;
  accountId: string;
  region: string;
  services: string[];
  pid: number;
}

export interface TraceEntry {
  at: string;
  awsOffsetMs: number;
  kind: string;
  [key: string]: unknown;
}

export type FaultKind = 'throttle' | 'system' | 'system-error' | 'timeout' | 'init-crash';

export class LocalCloudControl {
  constructor(readonly endpoint: string) {}

  private async call(path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.endpoint}/_local-cloud/${path}`, {
      ...init,
      signal: init.signal ?? AbortSignal.timeout(600_000),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      // keep the text
    }
    return { status: response.status, body };
  }

  async health(timeoutMs = 2000): Promise<LocalCloudHealth> {
    const { status, body } = await this.call('health', { signal: AbortSignal.timeout(timeoutMs) });
    if (status !== 200)
      throw new Error(`local cloud health at ${this.endpoint}: HTTP ${status} ${JSON.stringify(body)}`);
    return body as LocalCloudHealth;
  }

  async isUp(): Promise<boolean> {
    try {
      await this.health();
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Resolves when no work is in flight or due in the cloud (retries, deliveries, event sources); throws
   * when it is still busy at the wall-clock timeout.
   */
  async settle(timeoutMs = 60_000): Promise<void> {
    const { status, body } = await this.call(`settle?timeoutMs=${timeoutMs}`, { method: 'POST' });
    if (status !== 200)
      throw new Error(`local cloud did not settle within ${timeoutMs} ms: ${JSON.stringify(body)}`);
  }

  /** The causal trace of one request id, or undefined when the cloud recorded nothing for it. */
  async trace(requestId: string): Promise<TraceEntry[] | undefined> {
    const { status, body } = await this.call(`trace/${encodeURIComponent(requestId)}`);
    if (status === 404) return undefined;
    if (status !== 200) throw new Error(`trace ${requestId}: HTTP ${status} ${JSON.stringify(body)}`);
    return (body as { entries: TraceEntry[] }).entries;
  }

  async traces(
    limit = 100,
  ): Promise<Array<{ requestId: string; entries: number; last: string | undefined }>> {
    const { body } = await this.call(`traces?limit=${limit}`);
    return (body as { traces: Array<{ requestId: string; entries: number; last: string | undefined }> })
      .traces;
  }

  /** Makes the next `count` invocations of the function fail with `kind`, whoever invokes it. */
  async injectFault(functionName: string, kind: FaultKind, count: number): Promise<void> {
    const { status, body } = await this.call('faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ functionName, kind, count }),
    });
    if (status !== 200)
      throw new Error(
        `inject fault ${kind}×${count} on ${functionName}: HTTP ${status} ${JSON.stringify(body)}`,
      );
  }

  async clearFaults(functionName?: string): Promise<void> {
    const query = functionName === undefined ? '' : `?functionName=${encodeURIComponent(functionName)}`;
    const { status, body } = await this.call(`faults${query}`, { method: 'DELETE' });
    if (status !== 200) throw new Error(`clear faults: HTTP ${status} ${JSON.stringify(body)}`);
  }

  /** SIGTERM to the cloud's process (pid from /health), then waits for it to exit (SIGKILL after the grace). */
  async stop(graceMs = 20_000): Promise<{ pid: number; forced: boolean } | undefined> {
    let pid: number;
    try {
      pid = (await this.health()).pid;
    } catch {
      return undefined;
    }
    return stopProcess(pid, graceMs);
  }
}

export async function stopProcess(pid: number, graceMs = 20_000): Promise<{ pid: number; forced: boolean }> {
  if (!isAlive(pid)) return { pid, forced: false };
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return { pid, forced: false };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  return { pid, forced: true };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A free TCP port on 127.0.0.1 (asked from the OS, then released for the cloud to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
