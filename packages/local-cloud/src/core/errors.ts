/**
 * One error type for every service. Each protocol encodes it in its own shape
 * (`__type` for JSON, `x-amzn-ErrorType` for REST-JSON, `<ErrorResponse>` for query):
 * see reference/aws-wire-and-event-shapes.md §1.
 */
export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fault: 'Sender' | 'Receiver';
  /** SQS query-compatible code sent in `x-amzn-query-error` (e.g. AWS.SimpleQueueService.NonExistentQueue). */
  readonly queryCode: string | undefined;
  /** Extra members some services add to the error body (Lambda's `Type`, `Reason`). */
  readonly extra: Record<string, unknown> | undefined;

  constructor(
    code: string,
    message: string,
    status = 400,
    options: { fault?: 'Sender' | 'Receiver'; queryCode?: string; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status;
    this.fault = options.fault ?? (status >= 500 ? 'Receiver' : 'Sender');
    this.queryCode = options.queryCode;
    this.extra = options.extra;
  }
}

export const validationError = (message: string): AwsError =>
  new AwsError('ValidationException', message, 400);

/** Anything thrown that is not an AwsError becomes a 500 InternalFailure; the server logs it. */
export function toAwsError(error: unknown): AwsError {
  if (error instanceof AwsError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AwsError('InternalFailure', `Internal error: ${message}`, 500, { fault: 'Receiver' });
}
