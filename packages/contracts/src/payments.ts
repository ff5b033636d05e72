/**
 * Payments flow (seeds/001): `POST /payment` publishes the request body to SNS; process-payment handles it
 * and its result is routed by destinations (success → notify-customer queue, failure → failed-payments queue).
 */
import * as z from 'zod/mini';
import { failureRecordSchema, InvocationConditionSchema, successRecordSchema } from './invocation-record.js';

const identifier = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(64),
    z.regex(/^[A-Za-z0-9_-]+$/, { error: 'must contain only letters, digits, "_" and "-"' }),
  );
const currency = z
  .string()
  .check(z.regex(/^[A-Z]{3}$/, { error: 'must be a 3-letter upper-case ISO 4217 code' }));
const positiveAmount = z.number().check(z.positive());
const nonEmpty = z.string().check(z.minLength(1));

/**
 * What `POST /payment` receives (and publishes as the SNS `Message`). Strict: an unknown property (a typo
 * such as `ammount`) is rejected, at the API by the model built from `schemas/payment-request.json`.
 */
export const PaymentRequestSchema = z.strictObject({
  paymentId: identifier,
  customerId: identifier,
  /** In major units (e.g. 12.5 = £12.50). */
  amount: z.number().check(z.positive(), z.lte(1_000_000)),
  /** ISO 4217 code, upper case. */
  currency,
  description: z.optional(z.string().check(z.maxLength(256))),
});
export type PaymentRequest = z.infer<typeof PaymentRequestSchema>;

/** What process-payment returns (the `responsePayload` of the Success record on the notify queue). */
export const ProcessedPaymentSchema = z.object({
  paymentId: identifier,
  customerId: identifier,
  amount: positiveAmount,
  currency,
  description: z.optional(z.string()),
  status: z.literal('Processed'),
  transactionId: nonEmpty,
  processedAt: z.iso.datetime(),
});
export type ProcessedPayment = z.infer<typeof ProcessedPaymentSchema>;

/** What notify-customer sends (logged as one JSON line with `event: 'CustomerNotified'`). */
export const CustomerNotificationSchema = z.object({
  notificationId: nonEmpty,
  paymentId: identifier,
  customerId: identifier,
  channel: z.literal('email'),
  subject: nonEmpty,
  message: nonEmpty,
  amount: positiveAmount,
  currency,
  transactionId: nonEmpty,
});
export type CustomerNotification = z.infer<typeof CustomerNotificationSchema>;

/**
 * What failed-payments reports per failure record (logged as one JSON line with `event: 'PaymentFailed'`).
 * Payment fields are null when the original request could not be recovered from the record.
 */
export const FailedPaymentReportSchema = z.object({
  paymentId: z.nullable(z.string()),
  customerId: z.nullable(z.string()),
  amount: z.nullable(z.number()),
  currency: z.nullable(z.string()),
  condition: InvocationConditionSchema,
  requestId: nonEmpty,
  approximateInvokeCount: z.int().check(z.nonnegative()),
  errorType: z.nullable(z.string()),
  errorMessage: z.nullable(z.string()),
});
export type FailedPaymentReport = z.infer<typeof FailedPaymentReportSchema>;

/**
 * What the notify-customer queue receives: process-payment's Success record. `requestPayload` is the SNS
 * Lambda event process-payment was invoked with (left unchecked here).
 */
export const PaymentProcessedRecordSchema = successRecordSchema(z.unknown(), ProcessedPaymentSchema);
export type PaymentProcessedRecord = z.infer<typeof PaymentProcessedRecordSchema>;

/** What the failed-payments queue receives: process-payment's failure record (request unchecked: it failed). */
export const PaymentFailedRecordSchema = failureRecordSchema(z.unknown());
export type PaymentFailedRecord = z.infer<typeof PaymentFailedRecordSchema>;
