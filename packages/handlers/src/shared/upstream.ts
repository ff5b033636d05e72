/**
 * Talking to an external HTTP service, without any HTTP library: the cores receive an {@link HttpClient}
 * (the axios adapter in ./axios-client in production, a fake in unit tests).
 *
 * The rule for asynchronous invocation: throw when a retry may help (Lambda retries the event, then sends
 * the record to the failure destination); do not throw on a definitive answer.
 */

export interface HttpResponse {
  status: number;
  data: unknown;
}

export interface HttpClient {
  /** POSTs `body` as JSON; resolves with ANY HTTP status; rejects with an UpstreamError on timeout or network error. */
  postJson(url: string, body: unknown): Promise<HttpResponse>;
}

/** The upstream did not give a usable answer (5xx, unexpected status, timeout, network error, bad body). */
export class UpstreamError extends Error {
  override name = 'UpstreamError';
  readonly status: number | undefined;

  constructor(message: string, status?: number) {
    super(message);
    this.status = status;
  }
}

export class UpstreamTimeoutError extends UpstreamError {
  override name = 'UpstreamTimeoutError';
}

export type UpstreamOutcome =
  | { kind: 'answer'; status: number; data: unknown }
  | { kind: 'definitive'; status: number; data: unknown };

/**
 * 2xx → `answer`; a status listed in `definitiveStatuses` → `definitive` (a final "no"); anything else
 * (5xx, 429, other 4xx such as 400/401/403 which mean WE are wrong or misconfigured) → throws UpstreamError.
 */
export function classifyResponse(
  service: string,
  response: HttpResponse,
  definitiveStatuses: readonly number[] = [],
): UpstreamOutcome {
  const { status, data } = response;
  if (status >= 200 && status < 300) return { kind: 'answer', status, data };
  if (definitiveStatuses.includes(status)) return { kind: 'definitive', status, data };
  const detail = typeof data === 'string' ? data : JSON.stringify(data);
  throw new UpstreamError(`${service} answered HTTP ${status}: ${(detail ?? '').slice(0, 200)}`, status);
}
