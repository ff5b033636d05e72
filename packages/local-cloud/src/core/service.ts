import type { IncomingHttpHeaders } from 'node:http';

/** What every operation knows about the call, whatever the protocol. */
export interface CallContext {
  requestId: string;
  region: string;
  accountId: string;
  accessKeyId: string | undefined;
  /** The service name from the SigV4 credential scope (or the routing decision). */
  service: string;
  operation: string;
  /**
   * The caller's `X-Amzn-Trace-Id` header, if any. The AWS SDK forwards a Lambda handler's
   * `_X_AMZN_TRACE_ID` there; its `Lineage=<hash>:<hops>` carries the recursive-loop hop count.
   */
  traceHeader?: string;
}

export type Input = Record<string, unknown>;

export type Operation = (input: Input, ctx: CallContext) => unknown;

/** awsJson1_0 / awsJson1_1: `POST /` with `X-Amz-Target: <prefix>.<Operation>`. */
export interface JsonService {
  protocol: 'json';
  signingName: string;
  targetPrefix: string;
  jsonVersion: '1.0' | '1.1';
  /** Prefix of `__type` in errors, e.g. `com.amazonaws.sqs#` (SQS) or '' (EventBridge, Logs). */
  errorTypePrefix: string;
  /** SQS is "query compatible": errors also carry `x-amzn-query-error: <code>;<Sender|Receiver>`. */
  queryCompatible?: boolean;
  operations: Record<string, Operation>;
}

/** awsQuery: form-encoded `Action=<Operation>`, XML responses. */
export interface QueryService {
  protocol: 'query';
  signingName: string;
  xmlns: string;
  operations: Record<string, Operation>;
}

export interface RestRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface RestResponse {
  status: number;
  headers?: Record<string, string>;
  /** A Buffer or string is sent as is; anything else is JSON-encoded; undefined sends no body. */
  body?: unknown;
}

export interface RestRoute {
  method: string;
  /** Path with `{Param}` segments (`{Param+}` matches the rest of the path), e.g. `/2015-03-31/functions/{FunctionName}`. */
  path: string;
  operation: string;
  handler: (request: RestRequest, ctx: CallContext) => RestResponse | Promise<RestResponse>;
}

/** restJson1 (Lambda, API Gateway): method + path. */
export interface RestService {
  protocol: 'rest-json';
  signingName: string;
  routes: RestRoute[];
}

export type ServiceDefinition = JsonService | QueryService | RestService;
