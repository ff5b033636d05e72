/**
 * One JSON object per line on stdout, so CloudWatch Logs filter patterns (`{ $.event = "PaymentFailed" }`)
 * and the integration tests can find them.
 */
export type LogLevel = 'INFO' | 'WARN' | 'ERROR';

/** Extra fields of a log line; `level` and `event` are reserved. */
export type LogFields = Record<string, unknown> & { level?: never; event?: never };

export function logJson(level: LogLevel, event: string, fields: LogFields = {}): void {
  console.log(JSON.stringify({ level, event, ...fields }));
}

/** `{ errorType, errorMessage }` of anything thrown, for log lines. */
export function describeError(error: unknown): { errorType: string; errorMessage: string } {
  if (error instanceof Error) return { errorType: error.name, errorMessage: error.message };
  return { errorType: typeof error, errorMessage: String(error) };
}
