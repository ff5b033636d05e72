import {
  CustomerNotificationSchema,
  FailedPaymentReportSchema,
  type PaymentRequest,
} from '@lambda-chain/contracts/payments';
import { handler as failedPayments } from '../src/failed-payments/handler';
import { buildNotification } from '../src/notify-customer/core';
import { handler as notifyCustomer } from '../src/notify-customer/handler';
import {
  declineReason,
  PAYMENT_RULES,
  PaymentDeclinedError,
  processPayment,
} from '../src/process-payment/core';
import { handler as processPaymentHandler } from '../src/process-payment/handler';
import { captureLogs, fixture } from './helpers';

const NOW = new Date('2025-11-24T10:15:30.568Z');
const request: PaymentRequest = { paymentId: 'pay-1', customerId: 'cust-1', amount: 10, currency: 'GBP' };

describe('processPayment (core)', () => {
  it('processes an ordinary payment', () => {
    expect(processPayment(request, NOW)).toEqual({
      ...request,
      status: 'Processed',
      transactionId: 'txn_pay-1',
      processedAt: '2025-11-24T10:15:30.568Z',
    });
  });

  it(`accepts exactly ${PAYMENT_RULES.maxAmount}, declines above`, () => {
    expect(declineReason({ ...request, amount: PAYMENT_RULES.maxAmount })).toBeUndefined();
    expect(() => processPayment({ ...request, amount: PAYMENT_RULES.maxAmount + 0.01 }, NOW)).toThrow(
      new PaymentDeclinedError('Payment pay-1 declined: amount 10000.01 exceeds the limit of 10000'),
    );
  });

  it(`declines customers whose id starts with "${PAYMENT_RULES.blockedCustomerPrefix}"`, () => {
    expect(() => processPayment({ ...request, customerId: 'Blocked-9' }, NOW)).toThrow(
      'Payment pay-1 declined: customer Blocked-9 is blocked',
    );
  });
});

describe('process-payment adapter (SNS Lambda event)', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it('unwraps Records[0].Sns.Message and returns the processed payment', async () => {
    const processed = await processPaymentHandler(fixture('sns/payment-request-event.json'));
    expect(processed).toMatchObject({
      paymentId: 'pay-0001',
      status: 'Processed',
      transactionId: 'txn_pay-0001',
    });
    expect(logs.lines()).toEqual([
      expect.objectContaining({ event: 'PaymentProcessed', paymentId: 'pay-0001' }),
    ]);
  });

  it('throws PaymentDeclinedError for a blocked customer (→ failure destination)', async () => {
    await expect(processPaymentHandler(fixture('sns/blocked-payment-event.json'))).rejects.toMatchObject({
      name: 'PaymentDeclinedError',
      message: 'Payment pay-0002 declined: customer blocked-7 is blocked',
    });
  });

  it('throws naming the field of an invalid payment or envelope', async () => {
    const event = fixture('sns/payment-request-event.json');
    event.Records[0].Sns.Message = JSON.stringify({ ...request, currency: 'pounds' });
    await expect(processPaymentHandler(event)).rejects.toThrow(/^Invalid payload in SNS Message: currency: /);
    event.Records[0].Sns.Message = 'not json';
    await expect(processPaymentHandler(event)).rejects.toThrow(/not valid JSON/);
    delete event.Records[0].Sns.TopicArn;
    await expect(processPaymentHandler(event)).rejects.toThrow(
      /^Invalid SNS Lambda event record: Sns.TopicArn: required/,
    );
  });
});

describe('notify-customer adapter (SQS, ReportBatchItemFailures)', () => {
  it('builds the notification from the Success record', () => {
    const processed = processPayment({ ...request, amount: 12.5 }, NOW);
    expect(CustomerNotificationSchema.parse(buildNotification(processed))).toMatchObject({
      notificationId: 'ntf_pay-1',
      message: 'We received your payment of 12.50 GBP (transaction txn_pay-1).',
    });
  });

  it('logs one CustomerNotified line per good record and reports the bad ones', async () => {
    const logs = captureLogs();
    try {
      const result = await notifyCustomer(fixture('sqs/notify-customer-event.json'));
      expect(result).toEqual({
        batchItemFailures: [
          { itemIdentifier: '2e1424d4-f796-459a-8184-9c92662be6da' },
          { itemIdentifier: '7b0e0c3f-1a2b-4c3d-9e8f-0a1b2c3d4e5f' },
        ],
      });
      const lines = logs.lines();
      const notified = lines.filter((line) => line.event === 'CustomerNotified');
      expect(notified).toHaveLength(1);
      expect(notified[0]).toMatchObject({
        messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
        invocationRequestId: '5f1c2a8e-3b4d-4e6f-8a9b-0c1d2e3f4a5b',
      });
      expect(CustomerNotificationSchema.parse(notified[0]?.notification)).toMatchObject({
        paymentId: 'pay-0001',
      });
      const failed = lines.filter((line) => line.event === 'RecordFailed');
      expect(failed.map((line) => line.errorMessage)).toEqual([
        expect.stringMatching(
          /requestContext\.condition: expected one of "Success", received "RetriesExhausted"/,
        ),
        expect.stringMatching(/not valid JSON/),
      ]);
    } finally {
      logs.restore();
    }
  });

  it('fails the whole batch when the event is not an SQS event', async () => {
    await expect(notifyCustomer({})).rejects.toThrow(/^Invalid notify-customer event: Records: required/);
  });
});

describe('failed-payments adapter (SQS, ReportBatchItemFailures)', () => {
  it('logs one PaymentFailed report per failure record, recovering the payment when it can', async () => {
    const logs = captureLogs();
    try {
      const result = await failedPayments(fixture('sqs/failed-payments-event.json'));
      // the Success record does not belong on this queue
      expect(result).toEqual({
        batchItemFailures: [{ itemIdentifier: 'a6d5e4f3-6b7c-4d8e-9f0a-9b8c7d6e5f4a' }],
      });
      const reports = logs
        .lines()
        .filter((line) => line.event === 'PaymentFailed')
        .map((line) => FailedPaymentReportSchema.parse(line.report));
      expect(reports).toEqual([
        {
          paymentId: 'pay-0002',
          customerId: 'blocked-7',
          amount: 20,
          currency: 'EUR',
          condition: 'RetriesExhausted',
          requestId: '9b2f7c1a-6d5e-4f3a-b2c1-d0e9f8a7b6c5',
          approximateInvokeCount: 3,
          errorType: 'PaymentDeclinedError',
          errorMessage: 'Payment pay-0002 declined: customer blocked-7 is blocked',
        },
        expect.objectContaining({
          paymentId: 'pay-0001',
          condition: 'ZeroReservedConcurrency',
          approximateInvokeCount: 0,
          errorType: null,
          errorMessage: null,
        }),
        expect.objectContaining({
          paymentId: null,
          customerId: null,
          condition: 'EventAgeExceeded',
          errorType: 'ContractValidationError',
        }),
      ]);
      expect(logs.lines().find((line) => line.event === 'PaymentFailed')?.level).toBe('ERROR');
    } finally {
      logs.restore();
    }
  });
});
