import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import type { Construct } from '../lib/cdktf';
import { allowServiceFromSource, policyDocument } from '../lib/iam';

export interface StandardQueueProps {
  /** Physical name, already prefixed. */
  readonly name: string;
  /** Long polling: seconds a ReceiveMessage waits for messages (0–20). Omitted: 0 (short polling). */
  readonly receiveWaitTimeSeconds?: number;
  /** Omitted: 30 s. Must be at least the timeout of any function consuming the queue. */
  readonly visibilityTimeoutSeconds?: number;
  /**
   * true pins SSE-SQS (SQS-managed keys). false leaves the attribute unset: the account default applies
   * (new queues get SSE-SQS today), and the local cloud sees the same requests as before encryption was a
   * setting.
   */
  readonly sqsManagedSse: boolean;
}

/** A standard (non-FIFO) queue: the only kind Lambda destinations and DLQs deliver to. */
export function standardQueue(scope: Construct, id: string, props: StandardQueueProps): SqsQueue {
  return new SqsQueue(scope, id, {
    name: props.name,
    receiveWaitTimeSeconds: props.receiveWaitTimeSeconds,
    visibilityTimeoutSeconds: props.visibilityTimeoutSeconds,
    ...(props.sqsManagedSse ? { sqsManagedSseEnabled: true } : {}),
  });
}

/**
 * The queue policy letting an AWS service (`sns.amazonaws.com`, `events.amazonaws.com`) send to the queue
 * on behalf of one source ARN only (a topic, a rule). A queue has one policy: one call per queue.
 */
export function allowServiceToSendToQueue(
  scope: Construct,
  id: string,
  queue: SqsQueue,
  service: string,
  sourceArn: string,
): SqsQueuePolicy {
  return new SqsQueuePolicy(scope, id, {
    queueUrl: queue.url,
    policy: JSON.stringify(
      policyDocument([allowServiceFromSource(service, ['sqs:SendMessage'], queue.arn, sourceArn)]),
    ),
  });
}
