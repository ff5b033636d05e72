/**
 * The record Lambda sends to a destination after an asynchronous invocation (AWS defines it; we model it
 * once). Field facts from the recorded AWS responses (reference: aws-async-semantics.md §3, §7):
 * - `version` "1.0"; `timestamp` UTC ISO-8601 with ms;
 * - `requestContext.functionArn` is QUALIFIED (`…:function:f:$LATEST`);
 * - `responseContext.statusCode` is 200 even on failure, with `functionError: "Unhandled"`;
 * - `ZeroReservedConcurrency` records have count 0 and NO `responseContext` / `responsePayload`.
 *
 * How it arrives: SQS body = record JSON; SNS `Message` = record JSON; Lambda payload = record;
 * EventBridge `detail` = record (see ./eventbridge and ./unwrap).
 */
import * as z from 'zod/mini';
import { discriminator } from './validation.js';

/** Any zod 4 schema (zod/mini, as here, or classic zod). */
export type SomeSchema = z.core.$ZodType;

export const INVOCATION_CONDITIONS = [
  'Success',
  'RetriesExhausted',
  'EventAgeExceeded',
  'ZeroReservedConcurrency',
] as const;
export const InvocationConditionSchema = z.enum(INVOCATION_CONDITIONS);
export type InvocationCondition = z.infer<typeof InvocationConditionSchema>;

/** Failure conditions that come with a function response (the error object). */
export const FUNCTION_ERROR_CONDITIONS = ['RetriesExhausted', 'EventAgeExceeded'] as const;
export type FunctionErrorCondition = (typeof FUNCTION_ERROR_CONDITIONS)[number];

/** Every condition an on-failure destination (or failure record) can carry. */
export const FAILURE_CONDITIONS = [...FUNCTION_ERROR_CONDITIONS, 'ZeroReservedConcurrency'] as const;
export type FailureCondition = (typeof FAILURE_CONDITIONS)[number];

/** A Lambda function ARN, qualified (`:$LATEST`, a version or an alias) or not. */
export const FunctionArnSchema = z.string().check(
  z.regex(
    /^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,140}(:[A-Za-z0-9$_-]{1,129})?$/,
    {
      error:
        'must be a Lambda function ARN (arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>])',
    },
  ),
);

/** The Node.js runtime's error payload: `{ errorType, errorMessage, trace }` (key `trace`). */
export const NodeErrorPayloadSchema = z.object({
  errorType: z.string(),
  errorMessage: z.string(),
  trace: z.array(z.string()),
});
export type NodeErrorPayload = z.infer<typeof NodeErrorPayloadSchema>;

/**
 * Any runtime's error payload: Node (`trace`), Python (`stackTrace` + `requestId`), or a platform error
 * such as `Sandbox.Timedout` (no trace at all).
 */
export const FunctionErrorPayloadSchema = z.object({
  errorType: z.string(),
  errorMessage: z.string(),
  trace: z.optional(z.array(z.string())),
  stackTrace: z.optional(z.array(z.string())),
  requestId: z.optional(z.string()),
});
export type FunctionErrorPayload = z.infer<typeof FunctionErrorPayloadSchema>;

const requestContextFor = <C extends z.ZodMiniType<InvocationCondition>>(condition: C) =>
  z.object({
    /** Equals the Invoke RequestId (`x-amzn-RequestId`) and the function's `awsRequestId`, same on every retry. */
    requestId: z.string().check(z.minLength(1)),
    functionArn: FunctionArnSchema,
    condition,
    /** 1 + retries; 0 for ZeroReservedConcurrency. */
    approximateInvokeCount: z.int().check(z.nonnegative()),
  });

export const RequestContextSchema = requestContextFor(InvocationConditionSchema);
export type RequestContext = z.infer<typeof RequestContextSchema>;

export const SuccessResponseContextSchema = z.object({
  /** 200, even when the function failed. */
  statusCode: z.int(),
  executedVersion: z.string().check(z.minLength(1)),
});
export type SuccessResponseContext = z.infer<typeof SuccessResponseContextSchema>;

export const ErrorResponseContextSchema = z.extend(SuccessResponseContextSchema, {
  /** Every runtime reports "Unhandled" today (the "Handled" of 2019 docs is no longer produced). */
  functionError: z.optional(z.literal('Unhandled')),
});
export type ErrorResponseContext = z.infer<typeof ErrorResponseContextSchema>;

const recordHeader = {
  version: z.literal('1.0'),
  timestamp: z.iso.datetime(),
};

/**
 * Each record variant is `pipe(guard, variant)`: the guard checks only `requestContext.condition`, so a
 * union of variants reports the issues of the variant whose condition matched (see ./validation).
 */
const whenCondition = <const C extends readonly [InvocationCondition, ...InvocationCondition[]]>(
  conditions: C,
) => z.looseObject({ requestContext: z.looseObject({ condition: discriminator(conditions) }) });

/** `condition: "Success"`: `responsePayload` is the function's return value (`null` if it returned nothing). */
export function successRecordSchema<Req extends SomeSchema, Res extends SomeSchema>(
  request: Req,
  response: Res,
) {
  return z.pipe(
    whenCondition(['Success']),
    z.object({
      ...recordHeader,
      requestContext: requestContextFor(z.literal('Success')),
      requestPayload: request,
      responseContext: SuccessResponseContextSchema,
      responsePayload: response,
    }),
  );
}

/** `RetriesExhausted` / `EventAgeExceeded`: `responsePayload` is the error object. */
export function functionErrorRecordSchema<
  Req extends SomeSchema,
  Err extends SomeSchema = typeof FunctionErrorPayloadSchema,
>(request: Req, error?: Err) {
  return z.pipe(
    whenCondition(FUNCTION_ERROR_CONDITIONS),
    z.object({
      ...recordHeader,
      requestContext: requestContextFor(z.enum(FUNCTION_ERROR_CONDITIONS)),
      requestPayload: request,
      responseContext: ErrorResponseContextSchema,
      responsePayload: (error ?? FunctionErrorPayloadSchema) as Err,
    }),
  );
}

/** `ZeroReservedConcurrency`: the function never ran; no `responseContext`, no `responsePayload`. */
export function zeroReservedConcurrencyRecordSchema<Req extends SomeSchema>(request: Req) {
  return z.pipe(
    whenCondition(['ZeroReservedConcurrency']),
    z.object({
      ...recordHeader,
      requestContext: requestContextFor(z.literal('ZeroReservedConcurrency')),
      requestPayload: request,
      responseContext: z.optional(z.never()),
      responsePayload: z.optional(z.never()),
    }),
  );
}

/**
 * `EventAgeExceeded` for an event that never ran: every attempt was throttled (429) or met a system error
 * until the maximum event age passed, so there is no response — count 0 and, as for ZeroReservedConcurrency,
 * no `responseContext` / `responsePayload`. No AWS recording of this case exists (reference/aws-async-
 * semantics.md §2 marks throttle counting UNCONFIRMED); this follows the documented rule that the record
 * describes the function's response, and it is what the local cloud sends.
 */
export function expiredBeforeRunRecordSchema<Req extends SomeSchema>(request: Req) {
  return z.pipe(
    whenCondition(['EventAgeExceeded']),
    z.object({
      ...recordHeader,
      requestContext: requestContextFor(z.literal('EventAgeExceeded')),
      requestPayload: request,
      responseContext: z.optional(z.never()),
      responsePayload: z.optional(z.never()),
    }),
  );
}

/** What an on-failure destination receives: a function error, or a record of an event that never ran. */
export function failureRecordSchema<
  Req extends SomeSchema,
  Err extends SomeSchema = typeof FunctionErrorPayloadSchema,
>(request: Req, error?: Err) {
  return z.union([
    functionErrorRecordSchema(request, error),
    zeroReservedConcurrencyRecordSchema(request),
    expiredBeforeRunRecordSchema(request),
  ]);
}

/**
 * The generic invocation record: `invocationRecordSchema(RequestSchema, ResponseSchema)` validates any of
 * the four conditions and infers `InvocationRecord<Request, Response>`.
 * Tip: a failure record's `requestPayload` is the event that FAILED, which may well be invalid: pass
 * `z.unknown()` as the request schema when consuming failures.
 */
export function invocationRecordSchema<
  Req extends SomeSchema,
  Res extends SomeSchema,
  Err extends SomeSchema = typeof FunctionErrorPayloadSchema,
>(request: Req, response: Res, error?: Err) {
  return z.union([
    successRecordSchema(request, response),
    functionErrorRecordSchema(request, error),
    zeroReservedConcurrencyRecordSchema(request),
    expiredBeforeRunRecordSchema(request),
  ]);
}

/** Any record, payloads unchecked. */
export const AnyInvocationRecordSchema = invocationRecordSchema(z.unknown(), z.unknown());
/** Any failure record, request payload unchecked, error payload checked. */
export const AnyFailureRecordSchema = failureRecordSchema(z.unknown());

export interface InvocationRequestContext<C extends InvocationCondition = InvocationCondition> {
  requestId: string;
  functionArn: string;
  condition: C;
  approximateInvokeCount: number;
}

export interface SuccessInvocationRecord<Req = unknown, Res = unknown> {
  version: '1.0';
  timestamp: string;
  requestContext: InvocationRequestContext<'Success'>;
  requestPayload: Req;
  responseContext: SuccessResponseContext;
  responsePayload: Res;
}

export interface FunctionErrorInvocationRecord<Req = unknown, Err = FunctionErrorPayload> {
  version: '1.0';
  timestamp: string;
  requestContext: InvocationRequestContext<FunctionErrorCondition>;
  requestPayload: Req;
  responseContext: ErrorResponseContext;
  responsePayload: Err;
}

export interface ZeroReservedConcurrencyInvocationRecord<Req = unknown> {
  version: '1.0';
  timestamp: string;
  requestContext: InvocationRequestContext<'ZeroReservedConcurrency'>;
  requestPayload: Req;
  responseContext?: undefined;
  responsePayload?: undefined;
}

/** `EventAgeExceeded` before any attempt ran (see `expiredBeforeRunRecordSchema`). */
export interface ExpiredBeforeRunInvocationRecord<Req = unknown> {
  version: '1.0';
  timestamp: string;
  requestContext: InvocationRequestContext<'EventAgeExceeded'>;
  requestPayload: Req;
  responseContext?: undefined;
  responsePayload?: undefined;
}

export type FailureInvocationRecord<Req = unknown, Err = FunctionErrorPayload> =
  | FunctionErrorInvocationRecord<Req, Err>
  | ZeroReservedConcurrencyInvocationRecord<Req>
  | ExpiredBeforeRunInvocationRecord<Req>;

/** The record as a discriminated union (on `requestContext.condition`; narrow with the guards below). */
export type InvocationRecord<Req = unknown, Res = unknown, Err = FunctionErrorPayload> =
  | SuccessInvocationRecord<Req, Res>
  | FailureInvocationRecord<Req, Err>;

type WithCondition = { requestContext: { condition: InvocationCondition } };

export function isSuccessRecord<R extends WithCondition>(
  record: R,
): record is Extract<R, { requestContext: { condition: 'Success' } }> {
  return record.requestContext.condition === 'Success';
}

/** A failure the function's code produced (RetriesExhausted, or EventAgeExceeded after at least one run). */
export function isFunctionErrorRecord<R extends WithCondition>(
  record: R,
): record is Extract<R, { requestContext: { condition: FunctionErrorCondition }; responseContext: object }> {
  return (
    (FUNCTION_ERROR_CONDITIONS as readonly string[]).includes(record.requestContext.condition) &&
    (record as { responseContext?: unknown }).responseContext !== undefined
  );
}

export function isZeroReservedConcurrencyRecord<R extends WithCondition>(
  record: R,
): record is Extract<R, { requestContext: { condition: 'ZeroReservedConcurrency' } }> {
  return record.requestContext.condition === 'ZeroReservedConcurrency';
}

export function isFailureRecord<R extends WithCondition>(
  record: R,
): record is Exclude<R, { requestContext: { condition: 'Success' } }> {
  return record.requestContext.condition !== 'Success';
}
