/** Notify customer: turns a processed payment into the notification we send (logged; no email provider). */
import type { CustomerNotification, ProcessedPayment } from '@lambda-chain/contracts/payments';

export function buildNotification(payment: ProcessedPayment): CustomerNotification {
  return {
    notificationId: `ntf_${payment.paymentId}`,
    paymentId: payment.paymentId,
    customerId: payment.customerId,
    channel: 'email',
    subject: 'Payment received',
    message: `We received your payment of ${payment.amount.toFixed(2)} ${payment.currency} (transaction ${payment.transactionId}).`,
    amount: payment.amount,
    currency: payment.currency,
    transactionId: payment.transactionId,
  };
}
