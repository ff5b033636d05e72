"use strict";
/**
 * The retry and event-age policy of Lambda's asynchronous invocation, as pure functions (no clock, no I/O).
 * Every number here is AWS's: reference/aws-async-semantics.md §2.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.BACKOFF_MAX_MS = exports.BACKOFF_FIRST_MS = exports.FUNCTION_ERROR_RETRY_BASE_MS = exports.DEFAULT_MAX_EVENT_AGE_SECONDS = exports.DEFAULT_MAX_RETRY_ATTEMPTS = void 0;
exports.afterFunctionError = afterFunctionError;
exports.afterThrottle = afterThrottle;
exports.backoffDelayMs = backoffDelayMs;
exports.isExpired = isExpired;
/** `MaximumRetryAttempts` default and range (BC). */
exports.DEFAULT_MAX_RETRY_ATTEMPTS = 2;
/** `MaximumEventAgeInSeconds` default (6 h) and range 60-21600 (BC). */
exports.DEFAULT_MAX_EVENT_AGE_SECONDS = 21_600;
/** Function errors: the n-th retry waits n minutes (60 s, then 120 s) — DG-err, recorded `test_retries`. */
exports.FUNCTION_ERROR_RETRY_BASE_MS = 60_000;
/** Throttles (429) and system errors (5xx): 1 s doubling up to 5 min — DG-err. */
exports.BACKOFF_FIRST_MS = 1_000;
exports.BACKOFF_MAX_MS = 300_000;
/**
 * After the n-th invocation of the function returned a function error (n ≥ 1, counting only invocations that
 * ran the function), decide between a retry after n×60 s and a terminal condition.
 *
 * The age check looks ahead (recorded `test_maxeventage`: max age 60 allows one attempt, 90 allows two):
 * if `ceil(age) + n×60 > maxAge` the event fails now with `EventAgeExceeded`. This is LocalStack's
 * `has_enough_time_for_retry`, the model that fits both AWS recordings.
 */
function afterFunctionError(attempts, ageMs, settings) {
    const retriesDone = attempts - 1;
    if (retriesDone >= settings.maximumRetryAttempts)
        return { kind: 'fail', condition: 'RetriesExhausted' };
    const delayMs = attempts * exports.FUNCTION_ERROR_RETRY_BASE_MS;
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
function afterThrottle(throttles, ageMs, settings) {
    const delayMs = backoffDelayMs(throttles);
    if (ageMs + delayMs > settings.maximumEventAgeSeconds * 1000) {
        return { kind: 'fail', condition: 'EventAgeExceeded' };
    }
    return { kind: 'retry', delayMs };
}
function backoffDelayMs(throttles) {
    const exponent = Math.max(0, Math.min(throttles - 1, 20));
    return Math.min(exports.BACKOFF_FIRST_MS * 2 ** exponent, exports.BACKOFF_MAX_MS);
}
/** An event already older than its maximum age is discarded before it is sent to the function (DG-async). */
function isExpired(ageMs, settings) {
    return ageMs >= settings.maximumEventAgeSeconds * 1000;
}
