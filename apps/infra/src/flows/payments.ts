import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { AsyncFunction } from '../constructs/async-function';
import { BundledFunction } from '../constructs/bundled-function';
import { SqsDestination } from '../constructs/destinations';
import { PaymentsApi } from '../constructs/payments-api';
import { addSqsEventSource, subscribeFunctionToTopic } from '../constructs/triggers';
import { Construct } from '../lib/cdktf';
import { prefixedName } from '../lib/naming';
import { type FlowProps, flowQueue, functionProps } from './common';

/**
 * Payments routed by destinations (seeds/001), no glue code in the functions:
 *
 *   SNS `payments` --> process-payment --success--> notify-customer queue --> notify-customer
 *                                      \--failure--> failed-payments queue --> failed-payments
 *
 * The public entry is `POST /payment` on an API Gateway REST API whose AWS service integration publishes
 * the request body straight to the topic (`PaymentsApi`): routing is configuration, not code.
 */
export class Payments extends Construct {
  readonly topic: SnsTopic;
  readonly api: PaymentsApi;
  readonly processPayment: AsyncFunction;
  readonly notifyCustomerQueue: SqsQueue;
  readonly failedPaymentsQueue: SqsQueue;
  readonly notifyCustomer: BundledFunction;
  readonly failedPayments: BundledFunction;

  constructor(scope: Construct, id: string, props: FlowProps) {
    super(scope, id);
    const { config } = props;

    this.topic = new SnsTopic(this, 'Topic', { name: prefixedName(config.namePrefix, 'payments') });
    this.api = new PaymentsApi(this, 'Api', { topic: this.topic, config });
    this.notifyCustomerQueue = flowQueue(this, 'NotifyCustomerQueue', config, 'notify-customer');
    this.failedPaymentsQueue = flowQueue(this, 'FailedPaymentsQueue', config, 'failed-payments');

    this.processPayment = new AsyncFunction(this, 'ProcessPayment', {
      ...functionProps(props, 'process-payment'),
      ...config.async,
      onSuccess: new SqsDestination(this.notifyCustomerQueue),
      onFailure: new SqsDestination(this.failedPaymentsQueue),
    });
    subscribeFunctionToTopic(this.processPayment, this.topic);

    this.notifyCustomer = new BundledFunction(
      this,
      'NotifyCustomer',
      functionProps(props, 'notify-customer'),
    );
    addSqsEventSource(this.notifyCustomer, this.notifyCustomerQueue);

    this.failedPayments = new BundledFunction(
      this,
      'FailedPayments',
      functionProps(props, 'failed-payments'),
    );
    addSqsEventSource(this.failedPayments, this.failedPaymentsQueue);
  }
}
