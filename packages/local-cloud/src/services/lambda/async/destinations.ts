import { parseArn } from '../../../core/arn';
import type { Cloud } from '../../../core/cloud';
import type { DeliveryPayload } from '../../../core/delivery';
import type { FailureLog } from './failures';
import type { Condition } from './policy';
import { dlqAttributes, eventBridgeDetailType, recordForSns } from './record';

/**
 * Sends the invocation record to a destination and the original event to the dead-letter queue, through
 * the delivery door with the function's execution role as principal (permissions are checked there).
 * Wrapping per destination: reference/aws-async-semantics.md §3; DLQ: §4.
 * A failed delivery is never silent: trace + failure log (+ stderr).
 */
export interface DeliveryContext {
  requestId: string;
  functionName: string;
  qualifiedFunctionArn: string;
  role: string;
  /** Hops the delivered payload has travelled (the invocation's hops + 1). */
  hops: number;
}

export class Destinations {
  constructor(
    private readonly cloud: Cloud,
    private readonly failures: FailureLog,
  ) {}

  async sendRecord(
    ctx: DeliveryContext,
    destination: string,
    kind: 'OnSuccess' | 'OnFailure',
    condition: Condition,
    record: Record<string, unknown>,
  ): Promise<boolean> {
    const arn = parseArn(destination);
    const service = arn?.service ?? '';
    const payload: DeliveryPayload = { body: '', hops: ctx.hops, traceId: ctx.requestId };
    const detail: Record<string, unknown> = {};
    // DG-rec: "an unsupported destination type, such as an Amazon SQS FIFO queue or an Amazon SNS FIFO topic"
    // makes the delivery fail.
    if ((service === 'sqs' || service === 'sns') && arn?.resource.endsWith('.fifo')) {
      return this.failed(
        ctx,
        'destination',
        destination,
        condition,
        kind,
        'FIFO queues and topics are not supported as destinations',
      );
    }
    switch (service) {
      case 'sqs':
      case 'lambda':
        // SQS: the record JSON is the message body. Lambda: the record is the payload, invoked asynchronously.
        payload.body = JSON.stringify(record);
        break;
      case 'sns': {
        // SNS: the record JSON is the Message, payloads dropped over 256 KB.
        const sns = recordForSns(record);
        payload.body = sns.body;
        if (sns.dropped) detail.payloadDropped = true;
        break;
      }
      case 'events':
        // PutEvents with Source "lambda", DetailType "… - Success|Failure", Resources [bus, qualified fn],
        // the record as detail.
        payload.body = JSON.stringify(record);
        payload.event = {
          source: 'lambda',
          detailType: eventBridgeDetailType(condition),
          resources: [destination, ctx.qualifiedFunctionArn],
        };
        break;
      default:
        return this.failed(
          ctx,
          'destination',
          destination,
          condition,
          kind,
          `unsupported destination service ${service || destination}`,
        );
    }
    try {
      const result = await this.cloud.delivery.deliver(destination, payload, { type: 'role', arn: ctx.role });
      this.cloud.trace.record(ctx.requestId, 'delivery', {
        target: destination,
        destination: kind,
        condition,
        ok: true,
        id: result.id,
        ...detail,
      });
      return true;
    } catch (error) {
      return this.failed(ctx, 'destination', destination, condition, kind, reasonOf(error));
    }
  }

  /** The original event, byte for byte, with RequestID / ErrorCode / ErrorMessage attributes. */
  async sendToDlq(
    ctx: DeliveryContext,
    target: string,
    condition: Condition,
    originalPayload: string,
    errorCode: number,
    errorMessage: string,
  ): Promise<boolean> {
    const payload: DeliveryPayload = {
      body: originalPayload,
      messageAttributes: dlqAttributes(ctx.requestId, errorCode, errorMessage),
      hops: ctx.hops,
      traceId: ctx.requestId,
    };
    try {
      const result = await this.cloud.delivery.deliver(target, payload, { type: 'role', arn: ctx.role });
      this.cloud.trace.record(ctx.requestId, 'delivery', {
        target,
        destination: 'DeadLetterQueue',
        condition,
        ok: true,
        id: result.id,
      });
      return true;
    } catch (error) {
      // AWS: "deletes the event and emits the DeadLetterErrors metric"; here it is also recorded.
      return this.failed(ctx, 'dlq', target, condition, 'DeadLetterQueue', reasonOf(error));
    }
  }

  private failed(
    ctx: DeliveryContext,
    kind: 'destination' | 'dlq',
    target: string,
    condition: Condition,
    destination: string,
    reason: string,
  ): false {
    this.cloud.trace.record(ctx.requestId, 'delivery', { target, destination, condition, ok: false, reason });
    this.failures.add({
      requestId: ctx.requestId,
      functionName: ctx.functionName,
      kind,
      target,
      condition,
      reason,
    });
    return false;
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
