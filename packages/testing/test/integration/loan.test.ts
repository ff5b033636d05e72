/**
 * Flow 1 — the loan processor: destinations as a state machine (seeds/000). The head (identity check proxy)
 * is invoked asynchronously; its response goes, response only, to the credit reference proxy, whose record
 * lands on the output queue; every failure lands on the failure queue with the full invocation record.
 */
import {
  CompletedLoanStateSchema,
  IdentityCheckedLoanStateSchema,
  LoanFailureRecordSchema,
  LoanOutputRecordSchema,
  type LoanProcessorInput,
} from '@lambda-chain/contracts/loan';
import { parseWith } from '@lambda-chain/contracts/validation';
import { invokeAsync, invokeSync } from '../../src/invoke';
import {
  EXPECTED,
  IDENTITY_REASONS,
  type LoanScenario,
  loanApplication,
  loanCorrelationIdOf,
} from '../../src/loan';
import { QueueCollector } from '../../src/queue-collector';
import { integrationContext, localOnlyIt } from './support/context';
import { findResponseOnlyRoute } from './support/loan';

const ctx = integrationContext();
const { lambda } = ctx.clients;
const headName = ctx.outputs.get('loanInputFunctionName');
const headArn = ctx.outputs.get('loanInputFunctionArn');
const output = new QueueCollector(ctx.clients.sqs, ctx.outputs.get('loanOutputQueueUrl'), {
  keyOf: loanCorrelationIdOf,
});
const failure = new QueueCollector(ctx.clients.sqs, ctx.outputs.get('loanFailureQueueUrl'), {
  keyOf: loanCorrelationIdOf,
});
const localIt = localOnlyIt(ctx, "the local cloud's fault injection, settle and traces");

const cid = (name: string) => `it-${ctx.runId}-${name}`;
/** One attempt and no retry: the functions' own time only. */
const QUICK = ctx.deadlineFor(0);
/** 60 s + 120 s of retries (AWS time). */
const RETRIES = ctx.deadlineFor(180_000);

// The credit reference proxy's ARN, found by following the head's responseOnly route.
const route = findResponseOnlyRoute(ctx.clients, headArn);
route.catch(() => undefined);

const LATEST = '$LATEST';
const ISO = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const NANOID = expect.stringMatching(/^[A-Za-z0-9_-]{21}$/);

async function send(input: LoanProcessorInput | Record<string, unknown>) {
  const invoke = await invokeAsync(lambda, headName, input);
  expect({
    statusCode: invoke.statusCode,
    payloadBytes: invoke.payloadBytes,
    functionError: invoke.functionError,
  }).toEqual({
    statusCode: 202,
    payloadBytes: 0,
    functionError: undefined,
  });
  expect(invoke.requestId).not.toBe('');
  return invoke;
}

/** Runs an application that must end on the output queue and checks the record in full. */
async function expectCompleted(scenario: LoanScenario, name: string) {
  const input = loanApplication(scenario, cid(name), 3);
  const invoke = await send(input);
  const message = await output.waitFor(input.correlationId, scenario === 'flaky-credit' ? RETRIES : QUICK);
  const record = parseWith(LoanOutputRecordSchema, message.value, `output record of ${input.correlationId}`);
  const expected = EXPECTED[scenario];
  const identityCheck =
    expected.identity === true
      ? { requestId: NANOID, identityVerified: true }
      : { requestId: NANOID, identityVerified: false, reason: expected.identityReason };
  const creditReference =
    expected.rating === undefined
      ? { outcome: 'Declined', reason: 'IdentityNotVerified' }
      : { outcome: 'Rated', requestId: NANOID, creditReferenceRating: expected.rating };
  const { targetArn } = await route;
  expect(record).toEqual({
    version: '1.0',
    timestamp: ISO,
    requestContext: {
      requestId: expect.any(String),
      functionArn: `${targetArn}:${LATEST}`,
      condition: 'Success',
      approximateInvokeCount: expected.attempts,
    },
    requestPayload: { input, identityCheck },
    responseContext: { statusCode: 200, executedVersion: LATEST },
    responsePayload: { input, identityCheck, creditReference },
  });
  // The state is passed along: the credit proxy's response carries the identity check it received.
  expect(record.responsePayload.identityCheck).toEqual(record.requestPayload.identityCheck);
  // A new invocation (the credit proxy's), not the head's.
  expect(record.requestContext.requestId).not.toBe(invoke.requestId);
  expect(Date.parse(record.timestamp)).toBeGreaterThanOrEqual(invoke.acceptedAt - 5_000);
  expect(output.seen(input.correlationId)).toHaveLength(1);
  return { input, invoke, record };
}

describe('loan processor (destinations as a state machine)', () => {
  it("routes the head's success, response only, to the credit reference proxy (default bus rule, InputPath $.detail.responsePayload)", async () => {
    const found = await route;
    expect(found.eventPattern).toEqual({
      source: ['lambda'],
      'detail-type': ['Lambda Function Invocation Result - Success'],
      resources: [`${headArn}:${LATEST}`],
    });
    expect(found.inputPath).toBe('$.detail.responsePayload');
    expect(found.targetArn).toMatch(/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+$/);
    expect(found.targetArn).not.toBe(headArn);
  });

  it('approves an application: the output queue gets the accumulated state (identity verified, rating Good)', async () => {
    await expectCompleted('approved', 'approved');
  });

  it('declines an unverified identity without calling the credit reference service', async () => {
    const { record } = await expectCompleted('declined-unverified', 'unverified');
    expect(record.responsePayload.identityCheck.reason).toBe(IDENTITY_REASONS.unverified);
  });

  it('declines an identity the service does not know (404 is a definitive "not verified", not an error)', async () => {
    await expectCompleted('declined-unknown', 'unknown');
  });

  it('declines a Bad credit rating (BAD postcode)', async () => {
    await expectCompleted('declined-bad-credit', 'bad-credit');
  });

  it(
    'sends an identity service failure (HTTP 500) to the failure queue as RetriesExhausted after 3 attempts',
    async () => {
      const input = loanApplication('identity-failure', cid('identity-failure'), 1);
      const invoke = await send(input);
      const message = await failure.waitFor(input.correlationId, RETRIES);
      const record = parseWith(
        LoanFailureRecordSchema,
        message.value,
        `failure record of ${input.correlationId}`,
      );
      expect(record).toEqual({
        version: '1.0',
        timestamp: ISO,
        requestContext: {
          requestId: invoke.requestId,
          functionArn: `${headArn}:${LATEST}`,
          condition: 'RetriesExhausted',
          approximateInvokeCount: 3,
        },
        requestPayload: input,
        responseContext: { statusCode: 200, executedVersion: LATEST, functionError: 'Unhandled' },
        responsePayload: {
          errorType: 'UpstreamError',
          errorMessage:
            'Identity service answered HTTP 500: {"message":"Simulated identity service failure"}',
          trace: expect.arrayContaining([expect.stringContaining('UpstreamError')]),
        },
      });
      expect(output.seen(input.correlationId)).toHaveLength(0);
      if (ctx.local) {
        // The trace shows AWS's timeline: 3 attempts, 60 s then 120 s apart, then the failure destination.
        const trace = (await ctx.local.trace(invoke.requestId)) ?? [];
        expect(trace.filter((e) => e.kind === 'attempt').map((e) => e.attempt)).toEqual([1, 2, 3]);
        expect(trace.filter((e) => e.kind === 'wait').map((e) => e.awsMs)).toEqual([60_000, 120_000]);
        expect(trace.filter((e) => e.kind === 'condition')).toEqual([
          expect.objectContaining({ condition: 'RetriesExhausted', approximateInvokeCount: 3 }),
        ]);
      }
    },
    RETRIES + 30_000,
  );

  it(
    'retries a credit reference call that fails once (FLAKY postcode): the record says 2 attempts',
    async () => {
      const { record } = await expectCompleted('flaky-credit', 'flaky');
      expect(record.requestContext.approximateInvokeCount).toBe(2);
      if (ctx.local) {
        const trace = (await ctx.local.trace(record.requestContext.requestId)) ?? [];
        expect(trace.filter((e) => e.kind === 'attempt-result').map((e) => e.outcome)).toEqual([
          'FunctionError',
          'Success',
        ]);
        expect(trace.filter((e) => e.kind === 'wait').map((e) => e.awsMs)).toEqual([60_000]);
      }
    },
    RETRIES + 30_000,
  );

  it(
    'sends a bad input (no postcode) to the failure queue with the validation message naming the field',
    async () => {
      const correlationId = cid('bad-input');
      const input = { correlationId, firstName: 'Ada', lastName: 'Lovelace' };
      const invoke = await send(input);
      const message = await failure.waitFor(correlationId, RETRIES);
      const record = parseWith(LoanFailureRecordSchema, message.value, `failure record of ${correlationId}`);
      expect(record).toEqual({
        version: '1.0',
        timestamp: ISO,
        requestContext: {
          requestId: invoke.requestId,
          functionArn: `${headArn}:${LATEST}`,
          condition: 'RetriesExhausted',
          approximateInvokeCount: 3,
        },
        requestPayload: input,
        responseContext: { statusCode: 200, executedVersion: LATEST, functionError: 'Unhandled' },
        responsePayload: {
          errorType: 'ContractValidationError',
          errorMessage: 'Invalid identity-check-proxy event: postcode: required (expected string)',
          trace: expect.any(Array),
        },
      });
    },
    RETRIES + 30_000,
  );

  it('a synchronous invoke of the head returns 200 with the state and triggers no destination', async () => {
    const input = loanApplication('approved', cid('sync'), 5);
    const result = await invokeSync(lambda, headName, input);
    expect({
      statusCode: result.statusCode,
      functionError: result.functionError,
      executedVersion: result.executedVersion,
    }).toEqual({
      statusCode: 200,
      functionError: undefined,
      executedVersion: LATEST,
    });
    const state = parseWith(IdentityCheckedLoanStateSchema, result.payload, 'sync response');
    expect(state).toEqual({ input, identityCheck: { requestId: NANOID, identityVerified: true } });
    expect(() => parseWith(CompletedLoanStateSchema, result.payload, 'sync response')).toThrow(
      /creditReference/,
    );
    if (ctx.local) {
      // Nothing in flight or due anywhere in the cloud, then: no record on either queue, and the trace of
      // the request shows no enqueue, no condition, no delivery.
      await ctx.settle();
      await Promise.all([
        output.expectNone(input.correlationId, 500),
        failure.expectNone(input.correlationId, 500),
      ]);
      const trace = (await ctx.local.trace(result.requestId)) ?? [];
      expect(trace.filter((e) => ['enqueued', 'attempt', 'condition', 'delivery'].includes(e.kind))).toEqual(
        [],
      );
    } else {
      // No settle on AWS: the asynchronous path would have finished well within this window.
      await Promise.all([
        output.expectNone(input.correlationId, 30_000),
        failure.expectNone(input.correlationId, 30_000),
      ]);
    }
  });

  localIt(
    'an event throttled past its maximum age (300 s) ends as EventAgeExceeded on the failure queue',
    async () => {
      const local = ctx.local as NonNullable<typeof ctx.local>;
      const input = loanApplication('approved', cid('event-age'), 7);
      // More throttles than the backoff (1 s, 2 s, 4 s … ) can fit in 300 s: the event expires first.
      await local.clearFaults(headName);
      await local.injectFault(headName, 'throttle', 50);
      try {
        const invoke = await send(input);
        const message = await failure.waitFor(input.correlationId, ctx.deadlineFor(300_000));
        expect(message.value).toEqual({
          version: '1.0',
          timestamp: ISO,
          requestContext: {
            requestId: invoke.requestId,
            functionArn: `${headArn}:${LATEST}`,
            condition: 'EventAgeExceeded',
            // The function never ran (every attempt was throttled). Whether AWS counts throttled attempts
            // is UNCONFIRMED (reference §2); the local cloud counts invocations that ran.
            approximateInvokeCount: 0,
          },
          requestPayload: input,
        });
        parseWith(LoanFailureRecordSchema, message.value, `failure record of ${input.correlationId}`);
        const trace = (await local.trace(invoke.requestId)) ?? [];
        const waits = trace.filter((e) => e.kind === 'wait').map((e) => e.awsMs);
        expect(waits.slice(0, 4)).toEqual([1000, 2000, 4000, 8000]);
        expect(trace.filter((e) => e.kind === 'attempt-result').every((e) => e.outcome === 'Throttled')).toBe(
          true,
        );
        const condition = trace.find((e) => e.kind === 'condition');
        expect(condition).toEqual(expect.objectContaining({ condition: 'EventAgeExceeded' }));
        // The backoff really ran up to the maximum age: 1 + 2 + … + 128 s = 255 s of AWS time at least.
        expect((condition as { awsOffsetMs: number }).awsOffsetMs).toBeGreaterThanOrEqual(255_000);
        expect(output.seen(input.correlationId)).toHaveLength(0);
      } finally {
        await local.clearFaults(headName);
      }
    },
    ctx.deadlineFor(300_000) + 30_000,
  );
});
