import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { AsyncFunction } from '../constructs/async-function';
import { Construct } from '../lib/cdktf';
import { type FlowProps, flowQueue, functionProps } from './common';

/**
 * A function that raises when `name` is missing or empty (seeds/002). Asynchronous failures are retried
 * with AWS's defaults (2 retries, 6 h maximum event age) and the original payload lands on the SQS
 * dead-letter queue with the `RequestID`, `ErrorCode` and `ErrorMessage` attributes.
 */
export class SimpleFunctionWithDlq extends Construct {
  readonly function: AsyncFunction;
  readonly deadLetterQueue: SqsQueue;

  constructor(scope: Construct, id: string, props: FlowProps) {
    super(scope, id);
    this.deadLetterQueue = flowQueue(this, 'DeadLetterQueue', props.config, 'simple-function-dlq');
    this.function = new AsyncFunction(this, 'SimpleFunction', {
      ...functionProps(props, 'simple-function'),
      // AWS's default retries (the seed shows the same request id in the logs each attempt).
      retryAttempts: 2,
      deadLetterQueue: this.deadLetterQueue,
    });
  }
}
