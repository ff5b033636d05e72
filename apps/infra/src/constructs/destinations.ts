// Lambda Destinations in the shape of aws-cdk's `aws-lambda-destinations`: each destination's `bind()`
// grants the source function exactly the action Lambda needs on exactly that resource, and returns the ARN
// for `aws_lambda_function_event_invoke_config.destination_config`.
import type { CloudwatchEventBus } from '@cdktf/provider-aws/lib/cloudwatch-event-bus';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import type { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { AwsContext } from '../lib/aws-context';
import type { Construct } from '../lib/cdktf';
import { allow } from '../lib/iam';
import type { BundledFunction } from './bundled-function';
import { queueArnByName } from './queues';

/** Which result a destination receives (aws-cdk's `DestinationType`). */
export type DestinationType = 'Success' | 'Failure';

export interface DestinationOptions {
  readonly type: DestinationType;
}

export interface DestinationConfig {
  /** The ARN Lambda delivers the invocation record to. */
  readonly destination: string;
}

export interface IDestination {
  /** Grants `fn` what delivery needs and returns the destination ARN. `scope` owns any resource created. */
  bind(scope: Construct, fn: BundledFunction, options: DestinationOptions): DestinationConfig;
}

/** The EventBridge detail-type Lambda uses for a result (ASCII hyphen, as recorded on AWS). */
export function invocationResultDetailType(type: DestinationType): string {
  return `Lambda Function Invocation Result - ${type}`;
}

/** The invocation record is the message body. Standard queues only. */
export class SqsDestination implements IDestination {
  constructor(readonly queue: SqsQueue) {}

  bind(_scope: Construct, fn: BundledFunction): DestinationConfig {
    fn.addToRolePolicy(allow(['sqs:SendMessage'], [queueArnByName(this.queue)]));
    return { destination: this.queue.arn };
  }
}

/** The invocation record is the SNS `Message`. */
export class SnsDestination implements IDestination {
  constructor(readonly topic: SnsTopic) {}

  bind(_scope: Construct, fn: BundledFunction): DestinationConfig {
    fn.addToRolePolicy(allow(['sns:Publish'], [this.topic.arn]));
    return { destination: this.topic.arn };
  }
}

/**
 * The invocation record is the event `detail` (source `lambda`, detail-type
 * `Lambda Function Invocation Result - Success|Failure`). Without a bus: the account's default bus.
 */
export class EventBridgeDestination implements IDestination {
  constructor(readonly eventBus?: CloudwatchEventBus) {}

  bind(scope: Construct, fn: BundledFunction): DestinationConfig {
    const busArn = this.eventBus?.arn ?? AwsContext.of(scope).defaultEventBusArn;
    fn.addToRolePolicy(allow(['events:PutEvents'], [busArn]));
    return { destination: busArn };
  }
}

export interface LambdaDestinationOptions {
  /**
   * Deliver only the source's response payload (not the invocation record) to the destination function.
   * Built as aws-cdk does: the source's destination is the default event bus, and a rule there matching
   * the source's `$LATEST` results invokes the destination with `input_path = "$.detail.responsePayload"`.
   * Only `$LATEST` invocations match: an alias or version invoke has another function ARN in `resources`.
   */
  readonly responseOnly?: boolean;
}

/** Lambda invokes the destination function asynchronously with the record (or only the response). */
export class LambdaDestination implements IDestination {
  constructor(
    readonly target: BundledFunction,
    private readonly options: LambdaDestinationOptions = {},
  ) {}

  bind(scope: Construct, fn: BundledFunction, options: DestinationOptions): DestinationConfig {
    if (fn === this.target) {
      // The same rule AWS applies in PutFunctionEventInvokeConfig.
      throw new Error(`${fn.functionName}: a function cannot be its own destination`);
    }
    if (!this.options.responseOnly) {
      fn.addToRolePolicy(allow(['lambda:InvokeFunction'], [this.target.functionArn]));
      return { destination: this.target.functionArn };
    }

    const suffix = options.type.toLowerCase();
    const rule = new CloudwatchEventRule(scope, `ResponseOnly${options.type}Rule`, {
      name: `${fn.functionName}-${suffix}`,
      description: `${options.type} responses of ${fn.functionName} to ${this.target.functionName}`,
      // No event_bus_name: the default bus, where EventBridgeDestination() below sends the records.
      eventPattern: JSON.stringify({
        source: ['lambda'],
        'detail-type': [invocationResultDetailType(options.type)],
        resources: [`${fn.functionArn}:$LATEST`],
      }),
    });
    new CloudwatchEventTarget(scope, `ResponseOnly${options.type}Target`, {
      rule: rule.name,
      targetId: this.target.functionName,
      arn: this.target.functionArn,
      inputPath: '$.detail.responsePayload',
    });
    new LambdaPermission(scope, `ResponseOnly${options.type}Permission`, {
      statementId: `events-${fn.functionName}-${suffix}`,
      action: 'lambda:InvokeFunction',
      functionName: this.target.function.functionName,
      principal: 'events.amazonaws.com',
      sourceArn: rule.arn,
    });
    return new EventBridgeDestination().bind(scope, fn);
  }
}
