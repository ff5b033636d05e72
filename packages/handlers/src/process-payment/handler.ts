/**
 * Adapter: subscribed to the payments topic (SNS Lambda event, one record); the payment request is the
 * SNS `Message`. Success → record to the notify-customer queue; throw → record to the failed-payments queue.
 */
import { PaymentRequestSchema, type ProcessedPayment } from '@lambda-chain/contracts/payments';
import { unwrapSnsMessage } from '@lambda-chain/contracts/unwrap';
import { logJson } from '../shared/log';
import { processPayment } from './core';

export const handler = async (event: unknown): Promise<ProcessedPayment> => {
  const request = unwrapSnsMessage(event, PaymentRequestSchema);
  const processed = processPayment(request, new Date());
  logJson('INFO', 'PaymentProcessed', {
    paymentId: processed.paymentId,
    customerId: processed.customerId,
    transactionId: processed.transactionId,
  });
  return processed;
};
