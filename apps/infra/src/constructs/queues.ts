import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { AwsContext } from '../lib/aws-context';
import { type Construct, Token } from '../lib/cdktf';
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
  /**
   * Lets an AWS service (`sns.amazonaws.com`, `events.amazonaws.com`) send to the queue on behalf of one
   * source ARN only (a topic, a rule). Set inline on the queue rather than as a separate
   * `aws_sqs_queue_policy`: the provider waits ~25 s for queue attributes to propagate after each of
   * them (reference/terraform-provider-calls.md), so a separate policy doubles the queue's deploy time.
   */
  readonly allowSendFrom?: { readonly service: string; readonly sourceArn: string };
}

/** A standard (non-FIFO) queue: the only kind Lambda destinations and DLQs deliver to. */
export function standardQueue(scope: Construct, id: string, props: StandardQueueProps): SqsQueue {
  return new SqsQueue(scope, id, {
    name: props.name,
    receiveWaitTimeSeconds: props.receiveWaitTimeSeconds,
    visibilityTimeoutSeconds: props.visibilityTimeoutSeconds,
    ...(props.sqsManagedSse ? { sqsManagedSseEnabled: true } : {}),
    ...(props.allowSendFrom
      ? {
          policy: JSON.stringify(
            policyDocument([
              allowServiceFromSource(
                props.allowSendFrom.service,
                ['sqs:SendMessage'],
                // The queue's own ARN, built rather than referenced (a queue cannot reference itself).
                AwsContext.of(scope).arn('sqs', props.name),
                props.allowSendFrom.sourceArn,
              ),
            ]),
          ),
        }
      : {}),
  });
}

/**
 * A queue's ARN built from its name, the way AWS derives it, for what only NAMES the queue: IAM statements
 * and a function's dead-letter target. Referencing `queue.arn` there would make the role policy, and so the
 * function, wait for the queue's creation — which the AWS provider ends with a fixed ~25 s attribute wait —
 * before the function's own fixed 5 s wait could start; named by ARN, the two waits overlap. What must
 * follow the queue (event invoke config destinations, event source mappings) keeps `queue.arn`.
 */
export function queueArnByName(queue: SqsQueue): string {
  const name = queue.nameInput;
  if (name === undefined || Token.isUnresolved(name))
    throw new Error(`${queue.node.path}: queueArnByName needs a queue with a literal name`);
  return AwsContext.of(queue).arn('sqs', name);
}
