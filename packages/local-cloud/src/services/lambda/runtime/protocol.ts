/**
 * Messages between the server (parent) and an execution environment (a forked `bootstrap` process),
 * carried over the Node IPC channel. Types only: the bootstrap imports them with `import type`, so it
 * stays a self-contained file that only needs Node built-ins.
 */

/** The Node.js runtime's error response shape (RIC `toRuntimeResponse`: key `trace`). */
export interface RuntimeErrorShape {
  errorType: string;
  errorMessage: string;
  trace?: string[];
  [key: string]: unknown;
}

/** Parent → child: run one invocation (one at a time per environment). */
export interface InvokeMessage {
  t: 'invoke';
  /** awsRequestId. */
  id: string;
  /** The event, as JSON text. */
  payload: string;
  /** Epoch ms after which the parent kills the environment (context.getRemainingTimeInMillis). */
  deadline: number;
  /** The ARN the caller invoked (qualified when a version or alias was used). */
  arn: string;
  /** Client context JSON text (synchronous invocations only). */
  clientContext?: string;
  /** X-Ray style trace header exported to the handler as `_X_AMZN_TRACE_ID` (carries the recursion lineage). */
  traceId?: string;
}

/** Parent → spare child: become this function's environment (then load the handler). */
export interface InitMessage {
  t: 'init';
  env: Record<string, string>;
  cwd: string;
}

export type ParentMessage = InvokeMessage | InitMessage;

export type ChildMessage =
  /** A spare finished booting and waits for `init`. */
  | { t: 'booted' }
  /** The handler module loaded; the environment accepts invocations. */
  | { t: 'ready' }
  /** Loading the handler failed (Runtime.ImportModuleError, HandlerNotFound, ...); the parent kills the process. */
  | { t: 'initError'; error: RuntimeErrorShape }
  /** One log event (already formatted by the runtime's console patch). */
  | { t: 'log'; line: string }
  /** The invocation finished: `payload` is the JSON response, or `error` the function error. */
  | {
      t: 'done';
      id: string;
      payload?: string;
      error?: RuntimeErrorShape;
      /** Resident set size after the invocation, bytes. */
      rss: number;
      /** The process exits right after (uncaught exception / unhandled rejection). */
      fatal?: boolean;
    };
