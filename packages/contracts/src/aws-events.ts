/**
 * The AWS envelopes our payloads travel in (reference: aws-wire-and-event-shapes.md §3-§6). Only the
 * fields we rely on are required; the others are kept (loose objects) so nothing AWS adds is lost.
 */
import * as z from 'zod/mini';

const nonEmpty = z.string().check(z.minLength(1));

/** One record of an SQS event source mapping event. */
export const SqsRecordSchema = z.looseObject({
  messageId: nonEmpty,
  receiptHandle: z.string(),
  body: z.string(),
  attributes: z.record(z.string(), z.string()),
  messageAttributes: z.record(z.string(), z.unknown()),
  md5OfBody: z.string(),
  eventSource: z.literal('aws:sqs'),
  eventSourceARN: z.string(),
  awsRegion: z.string(),
});
export type SqsRecord = z.infer<typeof SqsRecordSchema>;

export const SqsEventSchema = z.object({ Records: z.array(SqsRecordSchema) });
export type SqsEvent = z.infer<typeof SqsEventSchema>;

/** The partial batch response (needs `function_response_types = ["ReportBatchItemFailures"]`). */
export const SqsBatchResponseSchema = z.object({
  batchItemFailures: z.array(z.object({ itemIdentifier: nonEmpty })),
});
export type SqsBatchResponse = z.infer<typeof SqsBatchResponseSchema>;

const snsMessageAttributes = z.record(z.string(), z.object({ Type: z.string(), Value: z.string() }));

/** The SNS notification as delivered to SQS (raw delivery off) or HTTP: note `SigningCertURL`/`UnsubscribeURL`. */
export const SnsEnvelopeSchema = z.looseObject({
  Type: z.literal('Notification'),
  MessageId: nonEmpty,
  TopicArn: nonEmpty,
  Subject: z.nullish(z.string()),
  Message: z.string(),
  Timestamp: z.string(),
  MessageAttributes: z.optional(snsMessageAttributes),
});
export type SnsEnvelope = z.infer<typeof SnsEnvelopeSchema>;

/** The `Sns` object of an SNS Lambda event record: note `SigningCertUrl`/`UnsubscribeUrl` (…Url, not …URL). */
export const SnsNotificationSchema = z.looseObject({
  Type: z.literal('Notification'),
  MessageId: nonEmpty,
  TopicArn: nonEmpty,
  /** `null` when the publisher set no subject. */
  Subject: z.nullish(z.string()),
  Message: z.string(),
  Timestamp: z.string(),
  MessageAttributes: z.optional(snsMessageAttributes),
});

export const SnsEventRecordSchema = z.looseObject({
  EventSource: z.literal('aws:sns'),
  EventVersion: z.string(),
  EventSubscriptionArn: z.string(),
  Sns: SnsNotificationSchema,
});
export type SnsEventRecord = z.infer<typeof SnsEventRecordSchema>;

/** SNS invokes a subscribed function with exactly one record. */
export const SnsEventSchema = z.object({ Records: z.array(SnsEventRecordSchema).check(z.minLength(1)) });
export type SnsEvent = z.infer<typeof SnsEventSchema>;

/** An EventBridge event as delivered to a target (SQS body, Lambda payload); `detail` is an object. */
export function eventBridgeEventSchema<D extends z.core.$ZodType>(detail: D) {
  return z.looseObject({
    version: z.literal('0'),
    id: nonEmpty,
    'detail-type': nonEmpty,
    source: nonEmpty,
    account: z.string(),
    time: z.string(),
    region: z.string(),
    resources: z.array(z.string()),
    detail,
  });
}
export const EventBridgeEventSchema = eventBridgeEventSchema(z.record(z.string(), z.unknown()));
export type EventBridgeEvent = z.infer<typeof EventBridgeEventSchema>;
