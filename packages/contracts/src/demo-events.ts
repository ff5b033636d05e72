/**
 * Events of the three demo flows: the simple function with a DLQ (seeds/002), the destinations tester
 * (seeds/003) and the echo function (seeds/004).
 */
import * as z from 'zod/mini';

/** seeds/002: what callers send. `name` may be missing, null or empty: the function then raises. */
export const SimpleFunctionEventSchema = z.object({
  name: z.nullish(z.string()),
  from: z.optional(z.string()),
});
export type SimpleFunctionEvent = z.infer<typeof SimpleFunctionEventSchema>;

/** seeds/002: what the function accepts: `name` present and non-empty (otherwise it raises). */
export const NamedSimpleFunctionEventSchema = z.extend(SimpleFunctionEventSchema, {
  name: z.string().check(z.minLength(1, { error: 'must not be empty' })),
});
export type NamedSimpleFunctionEvent = z.infer<typeof NamedSimpleFunctionEventSchema>;

/** seeds/002: the function's return value (an API-Gateway-like response, as in the seed). */
export const SimpleFunctionResponseSchema = z.object({
  statusCode: z.literal(200),
  /** JSON text of {@link SimpleFunctionBodySchema}. */
  body: z.string(),
});
export type SimpleFunctionResponse = z.infer<typeof SimpleFunctionResponseSchema>;

export const SimpleFunctionBodySchema = z.object({
  message: z.string(),
  name: z.string(),
  from: z.optional(z.string()),
});
export type SimpleFunctionBody = z.infer<typeof SimpleFunctionBodySchema>;

/** seeds/003: `{ "Success": true }` succeeds, `{ "Success": false }` throws {@link DESTINATIONS_TESTER_FAILURE_MESSAGE}. */
export const DestinationsTesterEventSchema = z.object({
  Success: z.boolean(),
});
export type DestinationsTesterEvent = z.infer<typeof DestinationsTesterEventSchema>;

export const DESTINATIONS_TESTER_FAILURE_MESSAGE = 'Failure from event, Success = false, I am failing!';

/** seeds/003: the small JSON blob returned on success (the Success record's `responsePayload`). */
export const DestinationsTesterResponseSchema = z.object({
  status: z.literal('Success'),
  message: z.string(),
  receivedAt: z.iso.datetime(),
});
export type DestinationsTesterResponse = z.infer<typeof DestinationsTesterResponseSchema>;

/** seeds/004: the echo function logs `value1 = <key1>` … `value3 = <key3>` and returns `key1`. */
export const EchoEventSchema = z.object({
  key1: z.string(),
  key2: z.string(),
  key3: z.string(),
});
export type EchoEvent = z.infer<typeof EchoEventSchema>;

/** seeds/004: the return value is `key1` itself (a JSON string). */
export const EchoResponseSchema = z.string();
export type EchoResponse = z.infer<typeof EchoResponseSchema>;
