/**
 * The retry and event-age policy of Lambda's asynchronous invocation, as pure functions (no clock, no I/O).
 * Every number here is AWS's: reference/aws-async-semantics.md §2.
 */

/** `MaximumRetryAttempts` default and range (BC). */
export const DEFAULT_MAX_RETRY_ATTEMPTS = 2;
/** `MaximumEventAgeInSeconds` default (6 h) and range 60-21600 (BC). */
export const DEFAULT_MAX_EVENT_AGE_SECONDS = 21_600;
/** Function errors: the n-th retry waits n minutes (60 s, then 120 s) — DG-err, recorded `test_retries`. */
export const FUNCTION_ERROR_RETRY_BASE_MS = 60_000;
/** Throttles (429) and system errors (5xx): 1 s doubling up to 5 min — DG-err. */
export const BACKOFF_FIRST_MS = 1_000;
export const BACKOFF_MAX_MS = 300_000;

export type Condition = 'Success' | 'RetriesExhausted' | 'EventAgeExceeded' | 'ZeroReservedConcurrency';

export interface RetrySettings {
  maximumRetryAttempts: number;
  maximumEventAgeSeconds: number;
}

export type Decision = { kind: 'retry'; delayMs: number } | { kind: 'fail'; condition: Condition };

/**
 * After the n-th invocation of the function returned a function error (n ≥ 1, counting only invocations that
 * ran the function), decide between a retry after n×60 s and a terminal condition.
 *
 * The age check looks ahead (recorded `test_maxeventage`: max age 60 allows one attempt, 90 allows two):
 * if `ceil(age) + n×60 > maxAge` the event fails now with `EventAgeExceeded`. This is LocalStack's
 * `has_enough_time_for_retry`, the model that fits both AWS recordings.
 */
export function afterFunctionError(attempts: number, ageMs: number, settings: RetrySettings): Decision {
  const retriesDone = attempts - 1;
  if (retriesDone >= settings.maximumRetryAttempts) return { kind: 'fail', condition: 'RetriesExhausted' };
  const delayMs = attempts * FUNCTION_ERROR_RETRY_BASE_MS;
  // An event that has run is strictly older than 0 s, so its ceiling is at least 1 (a millisecond clock can
  // read 0 for a fast invocation).
  const ageSeconds = Math.max(1, Math.ceil(ageMs / 1000));
  if (ageSeconds + delayMs / 1000 > settings.maximumEventAgeSeconds) {
    return { kind: 'fail', condition: 'EventAgeExceeded' };
  }
  return { kind: 'retry', delayMs };
}

/**
 * After the k-th throttle or system error in a row (k ≥ 1) — which does NOT count as a retry attempt —
 * wait 1 s, 2 s, 4 s ... capped at 5 min, for as long as the event is younger than its maximum age.
 * The same look-ahead applies: a wait that would overshoot the maximum age fails the event now.
 */
export function afterThrottle(throttles: number, ageMs: number, settings: RetrySettings): Decision {
  const delayMs = backoffDelayMs(throttles);
  if (ageMs + delayMs > settings.maximumEventAgeSeconds * 1000) {
    return { kind: 'fail', condition: 'EventAgeExceeded' };
  }
  return { kind: 'retry', delayMs };
}

export function backoffDelayMs(throttles: number): number {
  const exponent = Math.max(0, Math.min(throttles - 1, 20));
  return Math.min(BACKOFF_FIRST_MS * 2 ** exponent, BACKOFF_MAX_MS);
}

/** An event already older than its maximum age is discarded before it is sent to the function (DG-async). */
export function isExpired(ageMs: number, settings: RetrySettings): boolean {
  return ageMs >= settings.maximumEventAgeSeconds * 1000;
}
