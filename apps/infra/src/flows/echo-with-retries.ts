import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { AsyncFunction } from '../constructs/async-function';
import { Construct } from '../lib/cdktf';
import { type FlowProps, flowQueue, functionProps } from './common';

/**
 * Echo with retries and a DLQ (seeds/004): maximum event age 6 h, 2 retries, SQS dead-letter queue. The
 * seed attached AmazonSQSFullAccess; this role allows exactly sqs:SendMessage on that queue (plus its logs).
 */
export class EchoWithRetries extends Construct {
  readonly function: AsyncFunction;
  readonly deadLetterQueue: SqsQueue;

  constructor(scope: Construct, id: string, props: FlowProps) {
    super(scope, id);
    this.deadLetterQueue = flowQueue(this, 'DeadLetterQueue', props.config, 'echo-dlq');
    this.function = new AsyncFunction(this, 'Echo', {
      ...functionProps(props, 'echo'),
      maxEventAgeSeconds: 21600,
      retryAttempts: 2,
      deadLetterQueue: this.deadLetterQueue,
    });
  }
}
