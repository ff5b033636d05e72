import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import type { Construct } from '../lib/cdktf';
import { allow } from '../lib/iam';
import { BundledFunction, type BundledFunctionProps } from './bundled-function';
import type { DestinationConfig, IDestination } from './destinations';
import { queueArnByName } from './queues';

/** Where Lambda sends the original event after the last failed attempt. */
export type DeadLetterQueue = SqsQueue | SnsTopic;

export interface AsyncFunctionProps extends BundledFunctionProps {
  /** Receives the invocation record of each successful asynchronous invocation. */
  readonly onSuccess?: IDestination;
  /** Receives the invocation record when retries are exhausted or the event is too old. */
  readonly onFailure?: IDestination;
  /** 60–21600 s. Omitted: AWS's default, 6 hours. */
  readonly maxEventAgeSeconds?: number;
  /** 0–2. Default 2, AWS's default (the provider always sends this value). */
  readonly retryAttempts?: number;
  /** Receives the original event, byte for byte, after the last failed attempt. */
  readonly deadLetterQueue?: DeadLetterQueue;
}

/**
 * A function meant to be invoked asynchronously, with its `aws_lambda_function_event_invoke_config`
 * (qualifier `$LATEST`): maximum event age, retries and destinations; and optionally a dead-letter queue.
 */
export class AsyncFunction extends BundledFunction {
  readonly eventInvokeConfig: LambdaFunctionEventInvokeConfig;
  readonly deadLetterQueue?: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: AsyncFunctionProps) {
    super(scope, id, props);
    const { maxEventAgeSeconds, retryAttempts = 2 } = props;
    if (maxEventAgeSeconds !== undefined && !(maxEventAgeSeconds >= 60 && maxEventAgeSeconds <= 21600)) {
      throw new Error(
        `${props.functionName}: maxEventAgeSeconds must be 60–21600, got ${maxEventAgeSeconds}`,
      );
    }
    if (!(Number.isInteger(retryAttempts) && retryAttempts >= 0 && retryAttempts <= 2)) {
      throw new Error(`${props.functionName}: retryAttempts must be 0, 1 or 2, got ${retryAttempts}`);
    }

    if (props.deadLetterQueue) {
      const dlq = props.deadLetterQueue;
      this.deadLetterQueue = dlq;
      const dlqArn = dlq instanceof SnsTopic ? dlq.arn : queueArnByName(dlq);
      this.function.putDeadLetterConfig({ targetArn: dlqArn });
      this.addToRolePolicy(
        dlq instanceof SnsTopic ? allow(['sns:Publish'], [dlqArn]) : allow(['sqs:SendMessage'], [dlqArn]),
      );
    }

    const onSuccess = props.onSuccess?.bind(this, this, { type: 'Success' });
    const onFailure = props.onFailure?.bind(this, this, { type: 'Failure' });
    this.eventInvokeConfig = new LambdaFunctionEventInvokeConfig(this, 'EventInvokeConfig', {
      functionName: this.function.functionName,
      qualifier: '$LATEST',
      maximumEventAgeInSeconds: maxEventAgeSeconds,
      maximumRetryAttempts: retryAttempts,
      // Only the blocks that are set: an empty destination_config gives perpetual diffs.
      destinationConfig: destinationConfig(onSuccess, onFailure),
      // AWS checks the role's permission on each destination when the config is put.
      dependsOn: [this.rolePolicy],
    });
  }
}

function destinationConfig(onSuccess?: DestinationConfig, onFailure?: DestinationConfig) {
  if (!onSuccess && !onFailure) return undefined;
  return {
    ...(onSuccess ? { onSuccess: { destination: onSuccess.destination } } : {}),
    ...(onFailure ? { onFailure: { destination: onFailure.destination } } : {}),
  };
}
