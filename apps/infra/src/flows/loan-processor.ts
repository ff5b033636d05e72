import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { AsyncFunction } from '../constructs/async-function';
import { BundledFunction } from '../constructs/bundled-function';
import { LambdaDestination, SqsDestination } from '../constructs/destinations';
import { addFunctionUrl } from '../constructs/triggers';
import { Construct } from '../lib/cdktf';
import { type FlowProps, flowQueue, functionProps } from './common';

/** The external services' base URLs (production: configuration). */
export interface ExternalServiceUrls {
  readonly identityServiceUrl: string;
  readonly creditReferenceServiceUrl: string;
}

export interface LoanProcessorProps extends FlowProps {
  /** Omitted: the construct deploys the mock services behind function URLs and uses theirs. */
  readonly externalServices?: ExternalServiceUrls;
}

/**
 * Destinations as a state machine (seeds/000). The state goes from function to function, each adding
 * its result:
 *
 *   identity-check-proxy --success, responseOnly--> credit-reference-proxy --success--> output queue
 *            \--failure--> failure queue <--failure--/
 *
 * The head must be invoked asynchronously (`InvocationType: 'Event'`): a synchronous invoke triggers no
 * destination.
 */
export class LoanProcessor extends Construct {
  readonly inputFunction: AsyncFunction;
  readonly creditReferenceFunction: AsyncFunction;
  readonly outputQueue: SqsQueue;
  readonly failureQueue: SqsQueue;
  /** The URLs the proxies call: the mocks' function URLs, or the configured ones. */
  readonly serviceUrls: ExternalServiceUrls;
  /** Deployed only when no external services are configured. */
  readonly mockIdentityService?: BundledFunction;
  readonly mockCreditReferenceService?: BundledFunction;

  constructor(scope: Construct, id: string, props: LoanProcessorProps) {
    super(scope, id);
    const { config } = props;

    // Long polling: consumers (tests included) wait up to 20 s per receive instead of spinning.
    this.outputQueue = flowQueue(this, 'OutputQueue', config, 'loan-output', { receiveWaitTimeSeconds: 20 });
    this.failureQueue = flowQueue(this, 'FailureQueue', config, 'loan-failure', {
      receiveWaitTimeSeconds: 20,
    });

    if (props.externalServices) {
      this.serviceUrls = props.externalServices;
    } else {
      this.mockIdentityService = new BundledFunction(
        this,
        'MockIdentityService',
        functionProps(props, 'mock-identity-service'),
      );
      this.mockCreditReferenceService = new BundledFunction(
        this,
        'MockCreditReferenceService',
        functionProps(props, 'mock-credit-reference-service'),
      );
      this.serviceUrls = {
        identityServiceUrl: addFunctionUrl(this.mockIdentityService).functionUrl,
        creditReferenceServiceUrl: addFunctionUrl(this.mockCreditReferenceService).functionUrl,
      };
    }

    // The proxies outlive their HTTP call by a margin, so a slow service times out in the code (a
    // function error with a message) rather than as a Lambda timeout.
    const proxyTimeoutSeconds = Math.ceil(config.httpTimeoutMs / 1000) + 5;
    const httpTimeout = { HTTP_TIMEOUT_MS: String(config.httpTimeoutMs) };

    // Built in reverse order: the last function of the chain first.
    this.creditReferenceFunction = new AsyncFunction(this, 'CreditReferenceProxy', {
      ...functionProps(props, 'credit-reference-proxy', {
        timeoutSeconds: proxyTimeoutSeconds,
        environment: {
          CREDIT_REFERENCE_SERVICE_URL: this.serviceUrls.creditReferenceServiceUrl,
          ...httpTimeout,
        },
      }),
      ...config.async,
      onSuccess: new SqsDestination(this.outputQueue),
      onFailure: new SqsDestination(this.failureQueue),
    });

    this.inputFunction = new AsyncFunction(this, 'IdentityCheckProxy', {
      ...functionProps(props, 'identity-check-proxy', {
        timeoutSeconds: proxyTimeoutSeconds,
        environment: { IDENTITY_SERVICE_URL: this.serviceUrls.identityServiceUrl, ...httpTimeout },
      }),
      ...config.async,
      // The next function receives the state (the response), not the invocation record.
      onSuccess: new LambdaDestination(this.creditReferenceFunction, { responseOnly: true }),
      onFailure: new SqsDestination(this.failureQueue),
    });
  }
}
