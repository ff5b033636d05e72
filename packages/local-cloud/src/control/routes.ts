import type { Cloud } from '../core/cloud';
import { toAwsError } from '../core/errors';

const startedAt = Date.now();

// Reading the RSS is a /proc read (tens of µs): health pollers get a value at most a second old.
let rssCache = { at: 0, bytes: 0 };
function rss(): number {
  const now = Date.now();
  if (now - rssCache.at > 1000) rssCache = { at: now, bytes: process.memoryUsage.rss() };
  return rssCache.bytes;
}

// The installed services never change after start-up: list them once per cloud.
const namesByCloud = new WeakMap<Cloud, string[]>();
function serviceNames(cloud: Cloud): string[] {
  let names = namesByCloud.get(cloud);
  if (!names || names.length === 0) {
    names = [...new Set(cloud.services.map((s) => s.signingName))].sort();
    namesByCloud.set(cloud, names);
  }
  return names;
}

/**
 * `/_local-cloud/*`: health, settle, traces, and routes services contribute (faults, ...).
 * Documented in the package README.
 */
export async function handleControl(
  cloud: Cloud,
  method: string,
  url: URL,
  rawBody: Buffer,
): Promise<{ status: number; body: unknown }> {
  const path = url.pathname.slice('/_local-cloud/'.length).replace(/\/$/, '');
  try {
    if (path === 'health') {
      return {
        status: 200,
        body: {
          status: 'ok',
          endpoint: cloud.endpoint,
          uptimeMs: Date.now() - startedAt,
          timeScale: cloud.clock.scale,
          durable: cloud.store.durable,
          dataDir: cloud.config.dataDir ?? null,
          accountId: cloud.config.accountId,
          region: cloud.config.region,
          services: serviceNames(cloud),
          pid: process.pid,
          memory: { rssBytes: rss() },
        },
      };
    }
    if (path === 'settle') {
      const timeoutMs = Number(url.searchParams.get('timeoutMs') ?? 30_000);
      const settled = await cloud.clock.settle(timeoutMs);
      return { status: settled ? 200 : 408, body: { settled, ...cloud.clock.stats() } };
    }
    if (path === 'traces')
      return {
        status: 200,
        body: { traces: cloud.trace.list(Number(url.searchParams.get('limit') ?? 100)) },
      };
    if (path.startsWith('trace/')) {
      let requestId: string;
      try {
        requestId = decodeURIComponent(path.slice('trace/'.length));
      } catch {
        return { status: 400, body: { message: 'malformed percent-encoding in the request id' } };
      }
      const entries = cloud.trace.get(requestId);
      return entries
        ? { status: 200, body: { requestId, entries } }
        : { status: 404, body: { message: `no trace for request id ${requestId}` } };
    }
    const [name, ...rest] = path.split('/');
    const route = name ? cloud.controlRoutes.get(name) : undefined;
    if (route) {
      let body: unknown;
      if (rawBody.length > 0) {
        try {
          body = JSON.parse(rawBody.toString('utf8'));
        } catch {
          return { status: 400, body: { message: 'control request body must be JSON' } };
        }
      }
      const query = new URLSearchParams(url.searchParams);
      if (rest.length > 0) query.set('_path', rest.join('/'));
      return { status: 200, body: (await route(body, query, method)) ?? {} };
    }
    return { status: 404, body: { message: `unknown control route /_local-cloud/${path}` } };
  } catch (error) {
    const err = toAwsError(error);
    return { status: err.status, body: { code: err.code, message: err.message } };
  }
}
