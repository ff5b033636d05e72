/**
 * One unwrapper per transport an invocation record (or any payload) travels in, each returning a
 * validated, typed value (reference §3):
 * - SQS destination: the record JSON is the message body → {@link unwrapSqsBody};
 * - SNS destination: the record JSON is the `Message` → {@link unwrapSnsMessage};
 * - EventBridge destination: the record is `detail` → {@link unwrapEventBridgeDetail};
 * - Lambda destination: the record is the payload → {@link unwrapLambdaPayload}.
 * Without a schema they validate against {@link AnyInvocationRecordSchema}. On invalid input they throw a
 * ContractValidationError whose message names the transport and every failing field path.
 */
import type * as z from 'zod/mini';
import { SnsEnvelopeSchema, SnsEventRecordSchema, SqsRecordSchema } from './aws-events.js';
import { LAMBDA_DESTINATION_DETAIL_TYPES, LambdaDestinationEnvelopeSchema } from './eventbridge.js';
import { AnyInvocationRecordSchema, type SomeSchema } from './invocation-record.js';
import { ContractValidationError, parseJson, parseWith } from './validation.js';

type DefaultSchema = typeof AnyInvocationRecordSchema;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** SQS message body (a string) → validated value. */
export function unwrapSqsBody<S extends SomeSchema = DefaultSchema>(body: string, schema?: S): z.output<S> {
  const json = parseJson(body, 'Invalid SQS message body');
  return parseWith(
    schema ?? AnyInvocationRecordSchema,
    json,
    'Invalid payload in SQS message body',
  ) as z.output<S>;
}

/** One SQS event source record (`event.Records[i]`) → validated value of its body. */
export function unwrapSqsRecord<S extends SomeSchema = DefaultSchema>(
  record: unknown,
  schema?: S,
): z.output<S> {
  const parsed = parseWith(SqsRecordSchema, record, 'Invalid SQS event record');
  return unwrapSqsBody(parsed.body, schema);
}

/** Picks the `Message` out of whatever SNS shape was given. */
function snsMessageOf(input: unknown): string {
  let value = input;
  if (typeof value === 'string') value = parseJson(value, 'Invalid SNS envelope');
  if (isObject(value) && Array.isArray(value.Records)) {
    if (value.Records.length !== 1) {
      throw new ContractValidationError('Invalid SNS Lambda event', [
        {
          path: 'Records',
          message: `expected exactly 1 record (SNS delivers one), received ${value.Records.length}`,
        },
      ]);
    }
    value = value.Records[0];
  }
  if (isObject(value) && 'Sns' in value) {
    return parseWith(SnsEventRecordSchema, value, 'Invalid SNS Lambda event record').Sns.Message;
  }
  return parseWith(SnsEnvelopeSchema, value, 'Invalid SNS envelope').Message;
}

/**
 * SNS `Message` → validated value. Accepts an SNS envelope (object, or its JSON text as found in an SQS
 * body when raw delivery is off), an SNS Lambda event record, or an SNS Lambda event with one record.
 */
export function unwrapSnsMessage<S extends SomeSchema = DefaultSchema>(
  input: unknown,
  schema?: S,
): z.output<S> {
  const json = parseJson(snsMessageOf(input), 'Invalid SNS Message');
  return parseWith(
    schema ?? AnyInvocationRecordSchema,
    json,
    'Invalid payload in SNS Message',
  ) as z.output<S>;
}

/**
 * EventBridge Lambda destination event → validated `detail`. Checks `source: "lambda"`, the detail-type,
 * and that the detail-type agrees with the record's condition (Success ↔ "… - Success").
 */
export function unwrapEventBridgeDetail<S extends SomeSchema = DefaultSchema>(
  event: unknown,
  schema?: S,
): z.output<S> {
  const envelope = parseWith(
    LambdaDestinationEnvelopeSchema,
    event,
    'Invalid EventBridge Lambda destination event',
  );
  const detail = parseWith(
    schema ?? AnyInvocationRecordSchema,
    envelope.detail,
    'Invalid EventBridge detail',
  );
  const condition =
    isObject(detail) && isObject(detail.requestContext) ? detail.requestContext.condition : undefined;
  if (typeof condition === 'string') {
    const expected =
      condition === 'Success'
        ? LAMBDA_DESTINATION_DETAIL_TYPES.Success
        : LAMBDA_DESTINATION_DETAIL_TYPES.Failure;
    if (envelope['detail-type'] !== expected) {
      throw new ContractValidationError('Invalid EventBridge Lambda destination event', [
        {
          path: 'detail-type',
          message: `"${envelope['detail-type']}" does not match detail.requestContext.condition "${condition}" (expected "${expected}")`,
        },
      ]);
    }
  }
  return detail as z.output<S>;
}

/** Direct Lambda payload (a Lambda destination invokes the target with the record as its event) → validated value. */
export function unwrapLambdaPayload<S extends SomeSchema = DefaultSchema>(
  payload: unknown,
  schema?: S,
): z.output<S> {
  const value = typeof payload === 'string' ? parseJson(payload, 'Invalid Lambda payload') : payload;
  return parseWith(schema ?? AnyInvocationRecordSchema, value, 'Invalid Lambda payload') as z.output<S>;
}
