import {
  CustomerNotificationSchema,
  FailedPaymentReportSchema,
  PaymentRequestSchema,
  ProcessedPaymentSchema,
} from '../src/payments';
import { parseWith } from '../src/validation';
import { expectFieldError, fixture } from './helpers';

const payment = fixture('payloads/payment-request.json');

describe('PaymentRequest', () => {
  it('accepts the fixture, with or without a description', () => {
    expect(PaymentRequestSchema.parse(payment)).toEqual(payment);
    const { description: _ignored, ...minimal } = payment;
    expect(PaymentRequestSchema.parse(minimal)).toEqual(minimal);
  });

  it.each([
    ['amount', { ...payment, amount: 0 }],
    ['amount', { ...payment, amount: '12' }],
    ['currency', { ...payment, currency: 'gbp' }],
    ['paymentId', { ...payment, paymentId: 'has space' }],
    ['customerId', { ...payment, customerId: undefined }],
    ['ammount', { ...payment, ammount: 1 }],
  ])('rejects a bad %s, naming it', (field, value) => {
    expectFieldError(() => parseWith(PaymentRequestSchema, value, 'Invalid payment request'), field);
  });
});

describe('ProcessedPayment and CustomerNotification', () => {
  it('accept the fixtures', () => {
    const processed = fixture('payloads/processed-payment.json');
    expect(ProcessedPaymentSchema.parse(processed)).toEqual(processed);
    const notification = fixture('payloads/customer-notification.json');
    expect(CustomerNotificationSchema.parse(notification)).toEqual(notification);
  });

  it('name the failing field', () => {
    const processed = fixture('payloads/processed-payment.json');
    expectFieldError(
      () => parseWith(ProcessedPaymentSchema, { ...processed, status: 'Pending' }, 'Invalid'),
      'status',
    );
    expectFieldError(
      () => parseWith(ProcessedPaymentSchema, { ...processed, processedAt: 'today' }, 'Invalid'),
      'processedAt',
    );
    const notification = fixture('payloads/customer-notification.json');
    expectFieldError(
      () => parseWith(CustomerNotificationSchema, { ...notification, channel: 'sms' }, 'Invalid'),
      'channel',
    );
  });
});

describe('FailedPaymentReport', () => {
  const report = {
    paymentId: 'pay-1',
    customerId: 'blocked-7',
    amount: 10,
    currency: 'GBP',
    condition: 'RetriesExhausted',
    requestId: 'r-1',
    approximateInvokeCount: 3,
    errorType: 'PaymentDeclinedError',
    errorMessage: 'declined',
  };

  it('accepts a report, with nulls when the payment could not be recovered', () => {
    expect(FailedPaymentReportSchema.parse(report)).toEqual(report);
    const unknown = { ...report, paymentId: null, customerId: null, amount: null, currency: null };
    expect(FailedPaymentReportSchema.parse(unknown)).toEqual(unknown);
  });

  it('rejects an unknown condition', () => {
    expectFieldError(
      () => parseWith(FailedPaymentReportSchema, { ...report, condition: 'Oops' }, 'Invalid'),
      'condition',
    );
  });
});
