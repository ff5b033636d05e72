/**
 * Process payment: a deterministic decision on a payment request. A declined payment THROWS, so Lambda
 * routes the invocation record to the on-failure destination (the failed-payments queue); routing is
 * configuration, there is no glue code here. The rules are data: {@link PAYMENT_RULES}.
 */
import type { PaymentRequest, ProcessedPayment } from '@lambda-chain/contracts/payments';

export const PAYMENT_RULES = {
  /** Amounts strictly above this are declined. */
  maxAmount: 10_000,
  /** Customer ids starting with this (case-insensitive) are declined. */
  blockedCustomerPrefix: 'blocked',
} as const;

export class PaymentDeclinedError extends Error {
  override name = 'PaymentDeclinedError';
}

/** Why the payment would be declined, or undefined when it is accepted. */
export function declineReason(request: PaymentRequest): string | undefined {
  if (request.amount > PAYMENT_RULES.maxAmount) {
    return `amount ${request.amount} exceeds the limit of ${PAYMENT_RULES.maxAmount}`;
  }
  if (request.customerId.toLowerCase().startsWith(PAYMENT_RULES.blockedCustomerPrefix)) {
    return `customer ${request.customerId} is blocked`;
  }
  return undefined;
}

export function processPayment(request: PaymentRequest, now: Date): ProcessedPayment {
  const reason = declineReason(request);
  if (reason !== undefined) {
    throw new PaymentDeclinedError(`Payment ${request.paymentId} declined: ${reason}`);
  }
  return {
    paymentId: request.paymentId,
    customerId: request.customerId,
    amount: request.amount,
    currency: request.currency,
    ...(request.description === undefined ? {} : { description: request.description }),
    status: 'Processed',
    transactionId: `txn_${request.paymentId}`,
    processedAt: now.toISOString(),
  };
}
