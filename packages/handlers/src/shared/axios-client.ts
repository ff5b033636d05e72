/**
 * The production {@link HttpClient}: axios with an explicit timeout, every status resolved (the core decides).
 * It sends through ./node-http-adapter (Node's `http`, keep-alive): axios's own Node adapters cost most of
 * the bundle's size or its load time on a cold start, and scripts/bundle.mjs leaves them out.
 */
import axios from 'axios';
import { nodeHttpAdapter } from './node-http-adapter';
import { type HttpClient, UpstreamError, UpstreamTimeoutError } from './upstream';

export function createAxiosHttpClient(options: { timeoutMs: number }): HttpClient {
  const client = axios.create({
    adapter: nodeHttpAdapter,
    timeout: options.timeoutMs,
    // a timeout is reported as ETIMEDOUT rather than ECONNABORTED
    transitional: { clarifyTimeoutError: true },
    validateStatus: () => true,
    // The adapter never follows redirects: a 3xx is an answer for the core to judge.
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

/** The system error code (ECONNREFUSED, ENOTFOUND…), on the error or in its `cause` chain. */
function networkCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
