/** The production {@link HttpClient}: axios with an explicit timeout, every status resolved (the core decides). */
import axios from 'axios';
import { type HttpClient, UpstreamError, UpstreamTimeoutError } from './upstream';

export function createAxiosHttpClient(options: { timeoutMs: number }): HttpClient {
  const client = axios.create({
    adapter: 'http',
    timeout: options.timeoutMs,
    // a timeout is reported as ETIMEDOUT rather than ECONNABORTED
    transitional: { clarifyTimeoutError: true },
    validateStatus: () => true,
    maxRedirects: 0,
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
          throw new UpstreamError(`POST ${url} failed: ${error.code ?? 'error'} ${error.message}`);
        }
        throw error;
      }
    },
  };
}
