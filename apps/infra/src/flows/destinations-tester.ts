import { CloudwatchEventBus } from '@cdktf/provider-aws/lib/cloudwatch-event-bus';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { AsyncFunction } from '../constructs/async-function';
import { EventBridgeDestination, LambdaDestination, SnsDestination } from '../constructs/destinations';
import { Construct } from '../lib/cdktf';
import { prefixedName } from '../lib/naming';
import { type FlowProps, flowQueue, functionProps } from './common';

/** The tester's asynchronous settings in the AWS announcement (seeds/003). */
const TESTER_ASYNC = { maxEventAgeSeconds: 600, retryAttempts: 0 } as const;

/**
 * The Lambda Destinations announcement's tester (seeds/003): succeeds on `{"Success": true}`, throws
 * otherwise.
 * - SNS/Lambda variant: success → SNS topic (observed through an SQS tap queue subscribed to it, raw
 *   delivery off: the record is the SNS envelope's `Message`); failure → `failure-logger`, invoked with the
 *   invocation record.
 * - EventBridge variant: the same bundle as `<prefix>-destinations-tester-eventbridge`; success and failure
 *   → a custom bus; a rule on it matching source `lambda` → an SQS tap queue.
 */
export class DestinationsTester extends Construct {
  readonly function: AsyncFunction;
  readonly successTopic: SnsTopic;
  readonly successTapQueue: SqsQueue;
  readonly failureLogger: AsyncFunction;
  readonly eventBridgeFunction: AsyncFunction;
  readonly eventBus: CloudwatchEventBus;
  readonly eventTapQueue: SqsQueue;

  constructor(scope: Construct, id: string, props: FlowProps) {
    super(scope, id);
    const { config } = props;
    const name = (n: string) => prefixedName(config.namePrefix, n);

    // SNS / Lambda variant.
    this.successTopic = new SnsTopic(this, 'SuccessTopic', { name: name('destinations-success') });
    this.successTapQueue = flowQueue(this, 'SuccessTapQueue', config, 'destinations-success-tap', {
      receiveWaitTimeSeconds: 20,
      allowSendFrom: { service: 'sns.amazonaws.com', sourceArn: this.successTopic.arn },
    });
    new SnsTopicSubscription(this, 'SuccessTapSubscription', {
      topicArn: this.successTopic.arn,
      protocol: 'sqs',
      endpoint: this.successTapQueue.arn,
      rawMessageDelivery: false,
    });

    this.failureLogger = new AsyncFunction(this, 'FailureLogger', {
      ...functionProps(props, 'failure-logger'),
      ...config.async,
    });
    this.function = new AsyncFunction(this, 'DestinationsTester', {
      ...functionProps(props, 'destinations-tester'),
      ...TESTER_ASYNC,
      onSuccess: new SnsDestination(this.successTopic),
      onFailure: new LambdaDestination(this.failureLogger),
    });

    // EventBridge variant.
    this.eventBus = new CloudwatchEventBus(this, 'EventBus', { name: name('destinations') });
    const busDestination = new EventBridgeDestination(this.eventBus);
    this.eventBridgeFunction = new AsyncFunction(this, 'DestinationsTesterEventBridge', {
      ...functionProps(props, 'destinations-tester', { name: 'destinations-tester-eventbridge' }),
      ...TESTER_ASYNC,
      onSuccess: busDestination,
      onFailure: busDestination,
    });
    const tapRule = new CloudwatchEventRule(this, 'EventTapRule', {
      name: name('destinations-event-tap'),
      eventBusName: this.eventBus.name,
      eventPattern: JSON.stringify({ source: ['lambda'] }),
    });
    this.eventTapQueue = flowQueue(this, 'EventTapQueue', config, 'destinations-event-tap', {
      receiveWaitTimeSeconds: 20,
      allowSendFrom: { service: 'events.amazonaws.com', sourceArn: tapRule.arn },
    });
    new CloudwatchEventTarget(this, 'EventTapTarget', {
      rule: tapRule.name,
      eventBusName: this.eventBus.name,
      targetId: 'tap-queue',
      arn: this.eventTapQueue.arn,
    });
  }
}
