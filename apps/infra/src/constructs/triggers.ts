// How functions are triggered other than by a direct invoke: SNS subscriptions, SQS event source
// mappings and function URLs. Each grants exactly what the trigger needs.
import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping';
import { LambdaFunctionUrl } from '@cdktf/provider-aws/lib/lambda-function-url';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import type { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { Token } from '../lib/cdktf';
import { allow } from '../lib/iam';
import type { BundledFunction } from './bundled-function';
import { queueArnByName } from './queues';

/** Subscribes `fn` to `topic` (SNS invokes it asynchronously) and lets that topic, only, invoke it. */
export function subscribeFunctionToTopic(fn: BundledFunction, topic: SnsTopic): SnsTopicSubscription {
  const id = topic.node.id;
  // The topic's name when it is known at synth (statement ids are per function, so unique enough).
  const topicName = topic.nameInput;
  const permission = new LambdaPermission(fn, `InvokeFrom${id}`, {
    statementId: `sns-${topicName && !Token.isUnresolved(topicName) ? topicName : id}`,
    action: 'lambda:InvokeFunction',
    functionName: fn.function.functionName,
    principal: 'sns.amazonaws.com',
    sourceArn: topic.arn,
  });
  return new SnsTopicSubscription(fn, `SubscriptionTo${id}`, {
    topicArn: topic.arn,
    protocol: 'lambda',
    endpoint: fn.functionArn,
    dependsOn: [permission],
  });
}

/** The SQS actions Lambda's poller uses on behalf of the function. */
export const SQS_CONSUMER_ACTIONS = [
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
  'sqs:ChangeMessageVisibility',
] as const;

export interface SqsEventSourceOptions {
  /** Default 10 (AWS's). */
  readonly batchSize?: number;
  readonly maximumBatchingWindowSeconds?: number;
}

/**
 * Lambda polls `queue` and invokes `fn` synchronously with batches. The handler reports partial failures
 * (`batchItemFailures`): only the failed messages return to the queue.
 */
export function addSqsEventSource(
  fn: BundledFunction,
  queue: SqsQueue,
  options: SqsEventSourceOptions = {},
): LambdaEventSourceMapping {
  const visibilityTimeout = queue.visibilityTimeoutSecondsInput ?? 30;
  if (!Token.isUnresolved(visibilityTimeout) && visibilityTimeout < fn.timeoutSeconds) {
    // AWS refuses the mapping at create time; fail at synth instead.
    throw new Error(
      `${fn.functionName}: timeout ${fn.timeoutSeconds}s exceeds the visibility timeout (${visibilityTimeout}s) of its queue`,
    );
  }
  fn.addToRolePolicy(allow(SQS_CONSUMER_ACTIONS, [queueArnByName(queue)]));
  return new LambdaEventSourceMapping(fn, `EventSource${queue.node.id}`, {
    eventSourceArn: queue.arn,
    functionName: fn.function.functionName,
    batchSize: options.batchSize,
    maximumBatchingWindowInSeconds: options.maximumBatchingWindowSeconds,
    functionResponseTypes: ['ReportBatchItemFailures'],
    // AWS checks the role can read the queue when the mapping is created.
    dependsOn: [fn.rolePolicy],
  });
}

/**
 * A public HTTPS endpoint for `fn` (auth NONE: for the mock services of non-production stacks). The
 * provider adds the `lambda:InvokeFunctionUrl` statement for principal `*` itself.
 *
 * KNOWN GAP: since October 2025 AWS also requires `lambda:InvokeFunction` with the condition
 * `lambda:InvokedViaFunctionUrl = true` for NEW function URLs. aws_lambda_permission gained
 * `invoked_via_function_url` in hashicorp/aws 6.29.0; this app is pinned to 5.100.0 (prebuilt bindings stop
 * at 6.25.0), so that statement cannot be expressed here, and an unconditioned public InvokeFunction grant
 * is not an acceptable substitute. On AWS, add it once per mock with
 * `aws lambda add-permission --function-name <fn> --statement-id FunctionURLAllowInvokeAction
 *  --action lambda:InvokeFunction --principal '*' --invoked-via-function-url` until the provider moves.
 */
export function addFunctionUrl(fn: BundledFunction): LambdaFunctionUrl {
  return new LambdaFunctionUrl(fn, 'Url', {
    functionName: fn.function.functionName,
    authorizationType: 'NONE',
  });
}
