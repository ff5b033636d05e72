/**
 * The event Lambda puts on an EventBridge bus when a destination is a bus (reference §3, §5 and §7):
 * `source: "lambda"`, `detail-type` "Lambda Function Invocation Result - Success|Failure" with an ASCII
 * hyphen (U+002D; the AWS docs render an en dash, the recorded bytes are a hyphen), `resources` =
 * [bus ARN, qualified function ARN], `detail` = the invocation record as a JSON object.
 */
import * as z from 'zod/mini';
import { eventBridgeEventSchema } from './aws-events.js';
import {
  type FunctionErrorPayloadSchema,
  failureRecordSchema,
  type SomeSchema,
  successRecordSchema,
} from './invocation-record.js';

export const LAMBDA_DESTINATION_SOURCE = 'lambda';

export const LAMBDA_DESTINATION_DETAIL_TYPES = {
  Success: 'Lambda Function Invocation Result - Success',
  Failure: 'Lambda Function Invocation Result - Failure',
} as const;
export type LambdaDestinationOutcome = keyof typeof LAMBDA_DESTINATION_DETAIL_TYPES;
export type LambdaDestinationDetailType = (typeof LAMBDA_DESTINATION_DETAIL_TYPES)[LambdaDestinationOutcome];

export const LambdaDestinationDetailTypeSchema = z.enum([
  LAMBDA_DESTINATION_DETAIL_TYPES.Success,
  LAMBDA_DESTINATION_DETAIL_TYPES.Failure,
]);

const destinationEnvelope = <D extends SomeSchema, T extends LambdaDestinationDetailType>(
  detailType: T,
  detail: D,
) =>
  z.extend(eventBridgeEventSchema(detail), {
    'detail-type': z.literal(detailType),
    source: z.literal(LAMBDA_DESTINATION_SOURCE),
  });

/**
 * The destination event, discriminated by `detail-type`: Success carries a Success record, Failure a
 * failure record (RetriesExhausted, EventAgeExceeded or ZeroReservedConcurrency).
 */
export function lambdaDestinationEventSchema<
  Req extends SomeSchema,
  Res extends SomeSchema,
  Err extends SomeSchema = typeof FunctionErrorPayloadSchema,
>(request: Req, response: Res, error?: Err) {
  return z.discriminatedUnion('detail-type', [
    destinationEnvelope(LAMBDA_DESTINATION_DETAIL_TYPES.Success, successRecordSchema(request, response)),
    destinationEnvelope(LAMBDA_DESTINATION_DETAIL_TYPES.Failure, failureRecordSchema(request, error)),
  ]);
}

export const AnyLambdaDestinationEventSchema = lambdaDestinationEventSchema(z.unknown(), z.unknown());
export type AnyLambdaDestinationEvent = z.infer<typeof AnyLambdaDestinationEventSchema>;

/** The envelope alone (any `detail`): what the EventBridge unwrapper checks before parsing `detail`. */
export const LambdaDestinationEnvelopeSchema = z.extend(eventBridgeEventSchema(z.unknown()), {
  'detail-type': LambdaDestinationDetailTypeSchema,
  source: z.literal(LAMBDA_DESTINATION_SOURCE),
});

/**
 * The event pattern CDK's `LambdaDestination(fn, { responseOnly: true })` creates on the default bus
 * (reference §5): matches only the `$LATEST` qualified ARN; its target uses InputPath `$.detail.responsePayload`.
 */
export function responseOnlyEventPattern(functionArn: string, outcome: LambdaDestinationOutcome = 'Success') {
  return {
    source: [LAMBDA_DESTINATION_SOURCE],
    'detail-type': [LAMBDA_DESTINATION_DETAIL_TYPES[outcome]],
    resources: [`${functionArn}:$LATEST`],
  };
}

/** The InputPath of the responseOnly rule target. */
export const RESPONSE_ONLY_INPUT_PATH = '$.detail.responsePayload';
