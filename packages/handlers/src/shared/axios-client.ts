/**
 * The production {@link HttpClient}: axios with an explicit timeout, every status resolved (the core decides).
 * It uses axios's `fetch` adapter on Node's built-in fetch: the bundle then leaves out the http adapter's
 * dependencies (see scripts/bundle.mjs), which halves its size and its load time on a cold start.
 */
import axios from 'axios';
import { type HttpClient, UpstreamError, UpstreamTimeoutError } from './upstream';

export function createAxiosHttpClient(options: { timeoutMs: number }): HttpClient {
  const client = axios.create({
    adapter: 'fetch',
    timeout: options.timeoutMs,
    // a timeout is reported as ETIMEDOUT rather than ECONNABORTED
    transitional: { clarifyTimeoutError: true },
    validateStatus: () => true,
    // A redirect is an answer for the core to judge, not something to follow.
    fetchOptions: { redirect: 'manual' },
    headers: { 'content-type': 'application/json', accept: 'application/json' },
  });
  return {
    async postJson(url, body) {
      try {
        const response = await client.post(url, body);
        return { status: response.status, data: response.data };
      } catch (error) {
        if (axios.isAxiosError(error)) {
          if (error.code === 'ETIMEDOUT' || error.code === 'ECONNABORTED') {
            throw new UpstreamTimeoutError(`POST ${url} timed out after ${options.timeoutMs} ms`);
          }
          throw new UpstreamError(`POST ${url} failed: ${networkCode(error) ?? 'error'} ${error.message}`);
        }
        throw error;
      }
    },
  };
}

/** The system error code (ECONNREFUSED, ENOTFOUND…) that fetch keeps in the error's `cause` chain. */
function networkCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
