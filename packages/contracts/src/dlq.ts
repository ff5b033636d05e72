/**
 * A function's dead-letter queue (reference §4): the body is the original event, byte for byte; three
 * message attributes say why:
 * - `RequestID` (String): the invocation's request id;
 * - `ErrorCode` (Number): the HTTP status code — "200" for a function error;
 * - `ErrorMessage` (String): the first 1 KB of the error message.
 */
import * as z from 'zod/mini';
import { parseJson, parseWith } from './validation.js';

export const DLQ_ATTRIBUTE_NAMES = {
  requestId: 'RequestID',
  errorCode: 'ErrorCode',
  errorMessage: 'ErrorMessage',
} as const;

/** Lambda keeps the first 1 KB (1024 bytes of UTF-8) of the error message. */
export const DLQ_ERROR_MESSAGE_MAX_BYTES = 1024;

/** UTF-8 byte length, without depending on Node's Buffer or the DOM's TextEncoder. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** The first `maxBytes` bytes of `text` as UTF-8, never cutting a character in two. */
export function truncateUtf8(text: string, maxBytes = DLQ_ERROR_MESSAGE_MAX_BYTES): string {
  let bytes = 0;
  let out = '';
  for (const char of text) {
    const size = utf8ByteLength(char);
    if (bytes + size > maxBytes) break;
    bytes += size;
    out += char;
  }
  return out;
}

/** The attributes as the SQS API returns them (ReceiveMessage with `MessageAttributeNames: ['All']`). */
export const DlqMessageAttributesSchema = z.object({
  RequestID: z.object({ DataType: z.literal('String'), StringValue: z.string().check(z.minLength(1)) }),
  ErrorCode: z.object({
    DataType: z.literal('Number'),
    StringValue: z.string().check(z.regex(/^\d{3}$/, { error: 'must be an HTTP status code' })),
  }),
  ErrorMessage: z.object({
    DataType: z.literal('String'),
    StringValue: z.string().check(
      z.refine((value) => utf8ByteLength(value) <= DLQ_ERROR_MESSAGE_MAX_BYTES, {
        error: `must be at most ${DLQ_ERROR_MESSAGE_MAX_BYTES} bytes (Lambda keeps the first 1 KB)`,
      }),
    ),
  }),
});
export type DlqMessageAttributes = z.infer<typeof DlqMessageAttributesSchema>;

/** A DLQ message as received through the SQS API (`Body` is the original event's exact bytes). */
export const DlqMessageSchema = z.looseObject({
  MessageId: z.optional(z.string()),
  ReceiptHandle: z.optional(z.string()),
  Body: z.string(),
  MD5OfBody: z.optional(z.string()),
  MessageAttributes: DlqMessageAttributesSchema,
});
export type DlqMessage = z.infer<typeof DlqMessageSchema>;

/** A DLQ message, decoded. */
export interface DeadLetter<P = unknown> {
  /** The original event, exactly as sent. */
  body: string;
  /** The original event, parsed. */
  payload: P;
  requestId: string;
  errorCode: number;
  errorMessage: string;
}

/** Validates a DLQ message and decodes its attributes; `payloadSchema` checks the original event. */
export function parseDlqMessage<P extends z.core.$ZodType = z.ZodMiniUnknown>(
  message: unknown,
  payloadSchema?: P,
): DeadLetter<z.output<P>> {
  const parsed = parseWith(DlqMessageSchema, message, 'Invalid DLQ message');
  const json = parseJson(parsed.Body, 'Invalid DLQ message body');
  const payload = parseWith(payloadSchema ?? z.unknown(), json, 'Invalid DLQ message body') as z.output<P>;
  return {
    body: parsed.Body,
    payload,
    requestId: parsed.MessageAttributes.RequestID.StringValue,
    errorCode: Number(parsed.MessageAttributes.ErrorCode.StringValue),
    errorMessage: parsed.MessageAttributes.ErrorMessage.StringValue,
  };
}

/** Builds the three attributes (SQS SendMessage shape) the way Lambda does, truncating the message to 1 KB. */
export function buildDlqMessageAttributes(input: {
  requestId: string;
  errorCode: number;
  errorMessage: string;
}) {
  return {
    [DLQ_ATTRIBUTE_NAMES.requestId]: { DataType: 'String', StringValue: input.requestId },
    [DLQ_ATTRIBUTE_NAMES.errorCode]: { DataType: 'Number', StringValue: String(input.errorCode) },
    [DLQ_ATTRIBUTE_NAMES.errorMessage]: { DataType: 'String', StringValue: truncateUtf8(input.errorMessage) },
  } satisfies DlqMessageAttributes;
}
