/**
 * Failed payments: turns process-payment's failure record into a report. The original payment is
 * recovered from the record's `requestPayload` (the SNS event process-payment received) when possible;
 * when it cannot be (the payload was what made it fail), the payment fields are null.
 */
import type { FailureInvocationRecord } from '@lambda-chain/contracts/invocation-record';
import { type FailedPaymentReport, PaymentRequestSchema } from '@lambda-chain/contracts/payments';
import { unwrapSnsMessage } from '@lambda-chain/contracts/unwrap';

export function recoverPayment(requestPayload: unknown) {
  try {
    return unwrapSnsMessage(requestPayload, PaymentRequestSchema);
  } catch {
    return undefined;
  }
}

export function reportFailedPayment(record: FailureInvocationRecord): FailedPaymentReport {
  const payment = recoverPayment(record.requestPayload);
  return {
    paymentId: payment?.paymentId ?? null,
    customerId: payment?.customerId ?? null,
    amount: payment?.amount ?? null,
    currency: payment?.currency ?? null,
    condition: record.requestContext.condition,
    requestId: record.requestContext.requestId,
    approximateInvokeCount: record.requestContext.approximateInvokeCount,
    errorType: record.responsePayload?.errorType ?? null,
    errorMessage: record.responsePayload?.errorMessage ?? null,
  };
}
