import type { MessageAttributeValue } from './delivery';

/**
 * Narrow read/write interfaces one service's model offers to others inside the process (the "ports").
 * Cross-service *deliveries* go through `Delivery`; ports are for what a service needs to run:
 * Lambda's event source mappings poll queues, Lambda writes logs, services look up roles.
 */

export interface ReceivedMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  md5OfBody: string;
  /** System attributes as SQS returns them (ApproximateReceiveCount, SentTimestamp, SenderId, ...). */
  attributes: Record<string, string>;
  messageAttributes: Record<string, MessageAttributeValue>;
  md5OfMessageAttributes?: string;
  /** Lambda/SQS/SNS hops the message has travelled (from `DeliveryPayload.hops`), for the recursive-loop guard. */
  hops?: number;
}

export interface QueueInfo {
  arn: string;
  url: string;
  name: string;
  fifo: boolean;
  visibilityTimeoutSeconds: number;
}

export interface QueuePort {
  get(queueArn: string): QueueInfo | undefined;
  /** Receives up to `max` messages, waiting up to `waitSeconds` (AWS time) for the first one. */
  receive(
    queueArn: string,
    options: { max: number; waitSeconds: number; visibilityTimeoutSeconds?: number },
  ): Promise<ReceivedMessage[]>;
  delete(queueArn: string, receiptHandle: string): void;
  changeVisibility(queueArn: string, receiptHandle: string, visibilityTimeoutSeconds: number): void;
  /** True when the queue has messages a receive would return now. */
  hasVisible(queueArn: string): boolean;
}

export interface LogEventInput {
  timestamp: number;
  message: string;
}

export interface LogSink {
  /** Appends events to a stream, creating the group's stream if needed (the group must exist or is created, as Lambda does). */
  append(logGroupName: string, logStreamName: string, events: LogEventInput[]): void;
}

export interface RoleInfo {
  arn: string;
  name: string;
  roleId: string;
}

export interface RolePort {
  get(roleArn: string): RoleInfo | undefined;
  /** Whether the role's trust policy lets this service principal (e.g. lambda.amazonaws.com) assume it. */
  trusts(roleArn: string, servicePrincipal: string): boolean;
}

/** What a synchronous (RequestResponse) invoke returns to an in-process caller such as API Gateway. */
export interface LambdaInvokeResult {
  /** The function's response bytes, or the error JSON when `functionError` is set. */
  payload: Buffer;
  functionError?: string;
  errorType?: string;
  errorMessage?: string;
  executedVersion?: string;
}

/**
 * Synchronous invoke for services that call functions and wait (API Gateway's Lambda integrations); the
 * delivery door only does asynchronous delivery. Lambda provides it. Permission is checked by the caller
 * (`delivery.check`) before invoking. Throws AwsError for a missing function, throttling and system errors; a
 * function error is a result with `functionError`, not a throw.
 */
export interface LambdaInvokePort {
  invoke(
    functionArn: string,
    payload: Buffer,
    options: { requestId: string; traceId?: string },
  ): Promise<LambdaInvokeResult>;
}

/** What reading an object through the `objects` port gives: the bytes, or S3's error code and message. */
export type ObjectReadResult =
  | { body: Uint8Array; versionId: string }
  | { errorCode: string; errorMessage: string };

/**
 * Read access to S3 objects for services that take code or data from a bucket (Lambda's
 * `Code.S3Bucket/S3Key/S3ObjectVersion`). S3 provides it. `region` is the caller's: a bucket elsewhere
 * answers PermanentRedirect, as S3 does.
 */
export interface ObjectPort {
  get(bucket: string, key: string, versionId: string | undefined, region: string): ObjectReadResult;
}

export interface Ports {
  queues: QueuePort;
  logs: LogSink;
  roles: RolePort;
  lambdaInvoke: LambdaInvokePort;
  objects: ObjectPort;
}

export class PortRegistry {
  private readonly ports: Partial<Ports> = {};

  provide<K extends keyof Ports>(name: K, port: Ports[K]): void {
    this.ports[name] = port;
  }

  get<K extends keyof Ports>(name: K): Ports[K] {
    const port = this.ports[name];
    if (!port) throw new Error(`local-cloud: the ${name} port is not installed`);
    return port;
  }

  has(name: keyof Ports): boolean {
    return this.ports[name] !== undefined;
  }
}
