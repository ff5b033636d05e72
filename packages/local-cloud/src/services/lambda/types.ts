import type { RestRoute } from '../../core/service';

/**
 * The seam between the two halves of the Lambda service:
 * - the control plane + execution (`api.ts`, `model.ts`, `runtime/`) owns functions, versions, aliases,
 *   permissions, concurrency, function URLs, and runs code (`LambdaEngine`);
 * - the asynchronous engine (`async/`) owns event invoke configs, the durable event queue, retries, event age,
 *   destinations, the DLQ, event source mappings and faults (`AsyncInvoker`).
 */

/** A function version's configuration as the engine needs it (resolved from name/ARN + qualifier). */
export interface FunctionVersion {
  functionName: string;
  /** Unqualified ARN. */
  functionArn: string;
  /** `$LATEST` or a published version number. */
  version: string;
  runtime: string;
  handler: string;
  role: string;
  memorySize: number;
  /** Seconds. */
  timeout: number;
  environment: Record<string, string>;
  /** SQS or SNS ARN from DeadLetterConfig.TargetArn, if set. */
  deadLetterTargetArn: string | undefined;
  /** ReservedConcurrentExecutions, if set (0 means throttle everything). */
  reservedConcurrency: number | undefined;
  codeSha256: string;
  logGroupName: string;
  /** PutFunctionRecursionConfig: `Terminate` (default) stops Lambda/SQS/SNS loops after 16 hops; `Allow` does not. */
  recursiveLoop?: 'Terminate' | 'Allow';
}

export interface InvokeOptions {
  requestId: string;
  invocationType: 'RequestResponse' | 'Event';
  /** Base64 client context (synchronous calls only). */
  clientContext?: string;
  /** Return the last 4 KB of logs (synchronous calls only). */
  logTail?: boolean;
  /** Alias or version the caller used, for `invokedFunctionArn`. */
  qualifier?: string;
  /**
   * Lambda/SQS/SNS hops this event has travelled (recursion guard). The handler sees it in the `Lineage` of
   * `_X_AMZN_TRACE_ID`, which the AWS SDK forwards as `X-Amzn-Trace-Id`, so an Invoke made by the handler
   * arrives with `hops + 1`.
   */
  hops?: number;
}

export interface InvokeOutcome {
  requestId: string;
  executedVersion: string;
  /** The function's response bytes, or the error JSON when `functionError` is set. */
  payload: Buffer;
  functionError?: 'Unhandled';
  /** e.g. `Error`, `Sandbox.Timedout`, `Runtime.ExitError`, `Runtime.ImportModuleError`. */
  errorType?: string;
  errorMessage?: string;
  /** Base64 of the last 4 KB of the log, when asked. */
  logResult?: string;
  durationMs: number;
}

/**
 * Provided by the control plane / runtime half.
 * `invoke` throws `AwsError('TooManyRequestsException', 'Rate Exceeded.', 429, {extra: {Reason}})` when the
 * function's concurrency is exhausted, and 5xx AwsErrors for system errors (including injected faults); a
 * function error is NOT thrown: it is an outcome with `functionError`.
 */
export interface LambdaEngine {
  resolve(functionNameOrArn: string, qualifier?: string): FunctionVersion | undefined;
  invoke(fn: FunctionVersion, payload: Buffer, options: InvokeOptions): Promise<InvokeOutcome>;
  /** The function's resource policy document (AddPermission statements), for delivery checks. */
  resourcePolicy(functionName: string): string | undefined;
  /** Called when a function is deleted, so the async half drops its configs and queued events. */
  onDeleted(listener: (functionName: string) => void): void;
}

/** Provided by the asynchronous half. */
export interface AsyncInvoker {
  /** Accepts an event durably (it survives kill -9 once this returns) and processes it in the background. */
  enqueue(
    fn: FunctionVersion,
    payload: Buffer,
    options: { requestId: string; hops: number; source?: string },
  ): void;
  /** REST routes the async half owns (event invoke config, event source mappings). */
  routes(): RestRoute[];
}
