/**
 * Flow 2 — payments routed by destinations (seeds/001): `POST /payment` (API Gateway → SNS, no function in
 * between) → process-payment → success: notify-customer queue → notify-customer; failure: failed-payments
 * queue → failed-payments. Observed through the two consumers' JSON log lines in CloudWatch Logs.
 */
import { PublishCommand } from '@aws-sdk/client-sns';
import {
  type CustomerNotification,
  CustomerNotificationSchema,
  type FailedPaymentReport,
  FailedPaymentReportSchema,
  type PaymentRequest,
} from '@lambda-chain/contracts/payments';
import { parseWith } from '@lambda-chain/contracts/validation';
import { PAYMENT_RULES } from '@lambda-chain/handlers/triggers';
import { type AppLogLine, functionLogGroup, parseAppLogLine, waitForLogEvents } from '../../src/logs';
import { integrationContext } from './support/context';

const ctx = integrationContext();
const startTime = Date.now() - 60_000;
const notifyGroup = functionLogGroup(ctx.outputs.get('notifyCustomerFunctionName'));
const failedGroup = functionLogGroup(ctx.outputs.get('failedPaymentsFunctionName'));
/** process-payment fails → 2 retries (60 s + 120 s) before the failure destination. */
const RETRIES = ctx.deadlineFor(180_000);
const QUICK = ctx.deadlineFor(0);

const payment = (suffix: string, overrides: Partial<PaymentRequest> = {}): PaymentRequest => ({
  paymentId: `pay_${ctx.runId}_${suffix}`,
  customerId: `cust_${ctx.runId}`,
  amount: 42.5,
  currency: 'GBP',
  description: 'Integration test payment',
  ...overrides,
});

/** The one JSON log line of `event` for this payment in a consumer's log group. */
async function logLineFor(
  logGroupName: string,
  event: string,
  paymentId: string,
  timeoutMs: number,
): Promise<AppLogLine> {
  const events = await waitForLogEvents(ctx.clients.logs, {
    logGroupName,
    filterPattern: `"${paymentId}"`,
    startTime,
    timeoutMs,
    where: (e) => parseAppLogLine(e.message)?.json.event === event,
    ...(ctx.local ? { beforeQuery: () => ctx.settle() } : {}),
  });
  return parseAppLogLine(events[0]?.message) as AppLogLine;
}

function expectedNotification(request: PaymentRequest): CustomerNotification {
  return {
    notificationId: `ntf_${request.paymentId}`,
    paymentId: request.paymentId,
    customerId: request.customerId,
    channel: 'email',
    subject: 'Payment received',
    message: `We received your payment of ${request.amount.toFixed(2)} ${request.currency} (transaction txn_${request.paymentId}).`,
    amount: request.amount,
    currency: request.currency,
    transactionId: `txn_${request.paymentId}`,
  };
}

function expectedFailure(
  request: PaymentRequest,
  reason: string,
): Omit<FailedPaymentReport, 'requestId'> & { requestId: unknown } {
  return {
    paymentId: request.paymentId,
    customerId: request.customerId,
    amount: request.amount,
    currency: request.currency,
    condition: 'RetriesExhausted',
    requestId: expect.any(String),
    approximateInvokeCount: 3,
    errorType: 'PaymentDeclinedError',
    errorMessage: `Payment ${request.paymentId} declined: ${reason}`,
  };
}

async function expectNotified(request: PaymentRequest): Promise<void> {
  const line = await logLineFor(notifyGroup, 'CustomerNotified', request.paymentId, QUICK);
  expect(line.json).toEqual({
    level: 'INFO',
    event: 'CustomerNotified',
    messageId: expect.any(String),
    invocationRequestId: expect.any(String),
    notification: expectedNotification(request),
  });
  parseWith(CustomerNotificationSchema, line.json.notification, 'notification');
}

async function expectFailed(request: PaymentRequest, reason: string): Promise<void> {
  const line = await logLineFor(failedGroup, 'PaymentFailed', request.paymentId, RETRIES);
  expect(line.json).toEqual({
    level: 'ERROR',
    event: 'PaymentFailed',
    messageId: expect.any(String),
    report: expectedFailure(request, reason),
  });
  parseWith(FailedPaymentReportSchema, line.json.report, 'failed payment report');
}

const publish = (request: PaymentRequest) =>
  ctx.clients.sns.send(
    new PublishCommand({ TopicArn: ctx.outputs.get('paymentsTopicArn'), Message: JSON.stringify(request) }),
  );

/** `POST /payment`: `paymentsApiUrl` is the URL to POST to (the stack must declare it: the scenario fails loudly otherwise). */
async function postPayment(body: unknown): Promise<Response> {
  return fetch(ctx.outputs.get('paymentsApiUrl'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('payments (API → SNS → process-payment, routed by destinations)', () => {
  describe('over HTTP (POST /payment)', () => {
    it(
      'an accepted payment is published and the notify-customer function runs',
      async () => {
        const request = payment('http_ok');
        const response = await postPayment(request);
        expect(response.status).toBe(200);
        await expectNotified(request);
      },
      QUICK + 30_000,
    );

    it(
      'a declined payment (over the limit) reaches the failed-payments function',
      async () => {
        const request = payment('http_declined', { amount: PAYMENT_RULES.maxAmount + 1 });
        const response = await postPayment(request);
        expect(response.status).toBe(200);
        await expectFailed(
          request,
          `amount ${request.amount} exceeds the limit of ${PAYMENT_RULES.maxAmount}`,
        );
      },
      RETRIES + 30_000,
    );

    it('an invalid payment gets 400 and is not published', async () => {
      const response = await postPayment({
        paymentId: `pay_${ctx.runId}_invalid`,
        customerId: 'c1',
        ammount: 10,
        currency: 'GBP',
      });
      expect(response.status).toBe(400);
    });
  });

  describe('straight to the topic (SNS Publish): the same routing without the API', () => {
    it(
      'an accepted payment → process-payment → notify-customer queue → notify-customer',
      async () => {
        const request = payment('sns_ok');
        await publish(request);
        await expectNotified(request);
      },
      QUICK + 30_000,
    );

    it(
      'a payment over the limit → 3 attempts → failed-payments queue → failed-payments',
      async () => {
        const request = payment('sns_over_limit', { amount: PAYMENT_RULES.maxAmount + 0.01 });
        await publish(request);
        await expectFailed(
          request,
          `amount ${request.amount} exceeds the limit of ${PAYMENT_RULES.maxAmount}`,
        );
      },
      RETRIES + 30_000,
    );

    it(
      'a blocked customer → failed-payments',
      async () => {
        const request = payment('sns_blocked', {
          customerId: `${PAYMENT_RULES.blockedCustomerPrefix}_${ctx.runId}`,
        });
        await publish(request);
        await expectFailed(request, `customer ${request.customerId} is blocked`);
      },
      RETRIES + 30_000,
    );
  });
});
