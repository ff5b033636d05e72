import { z } from 'zod';
import {
  type AnyFailureRecordSchema,
  AnyInvocationRecordSchema,
  type FailureInvocationRecord,
  type FunctionErrorInvocationRecord,
  FunctionErrorPayloadSchema,
  failureRecordSchema,
  INVOCATION_CONDITIONS,
  type InvocationRecord,
  invocationRecordSchema,
  isFailureRecord,
  isFunctionErrorRecord,
  isSuccessRecord,
  isZeroReservedConcurrencyRecord,
  NodeErrorPayloadSchema,
  type SuccessInvocationRecord,
  type successRecordSchema,
  type ZeroReservedConcurrencyInvocationRecord,
} from '../src/invocation-record';
import {
  type PaymentRequest,
  PaymentRequestSchema,
  type ProcessedPayment,
  ProcessedPaymentSchema,
} from '../src/payments';
import { parseWith } from '../src/validation';
import { expectFieldError, fixture, fixtureText } from './helpers';

/** Compile-time: A and B are mutually assignable. */
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const assertType = <T extends true>(): T | undefined => undefined;

const success = () => JSON.parse(fixtureText('sqs/success-record.body.txt'));
const retries = () => fixture('records/retries-exhausted.json');
const ageExceeded = () => fixture('records/event-age-exceeded.json');
const zero = () => fixture('records/zero-reserved-concurrency.json');
const nodeFailure = () => fixture('records/retries-exhausted-node.json');
const parseAny = (value: unknown) => parseWith(AnyInvocationRecordSchema, value, 'Invalid record');

describe('the recorded AWS records', () => {
  it.each([
    ['Success', success],
    ['RetriesExhausted', retries],
    ['EventAgeExceeded', ageExceeded],
    ['ZeroReservedConcurrency', zero],
    ['RetriesExhausted (Node trace)', nodeFailure],
  ])('%s parses unchanged', (_name, load) => {
    const record = load();
    expect(parseAny(record)).toEqual(record);
  });

  it('knows exactly the four conditions', () => {
    expect(INVOCATION_CONDITIONS).toEqual([
      'Success',
      'RetriesExhausted',
      'EventAgeExceeded',
      'ZeroReservedConcurrency',
    ]);
  });

  it('parses the Node error payload with its trace', () => {
    expect(NodeErrorPayloadSchema.parse(nodeFailure().responsePayload)).toMatchObject({
      errorType: 'Error',
      trace: expect.arrayContaining([expect.stringContaining('Error: Failure from event')]),
    });
    expect(FunctionErrorPayloadSchema.parse(retries().responsePayload)).toHaveProperty('stackTrace');
  });
});

describe('guards narrow the union', () => {
  it('tells the variants apart', () => {
    const records = [success(), retries(), ageExceeded(), zero()].map(parseAny);
    expect(records.map(isSuccessRecord)).toEqual([true, false, false, false]);
    expect(records.map(isFunctionErrorRecord)).toEqual([false, true, true, false]);
    expect(records.map(isZeroReservedConcurrencyRecord)).toEqual([false, false, false, true]);
    expect(records.map(isFailureRecord)).toEqual([false, true, true, true]);
    // an event that expired before any attempt ran (throttled until its maximum age) has no response
    const expired = parseAny({
      ...zero(),
      requestContext: { ...zero().requestContext, condition: 'EventAgeExceeded', approximateInvokeCount: 0 },
    });
    expect(isFunctionErrorRecord(expired)).toBe(false);
    expect(isFailureRecord(expired)).toBe(true);
    const [, failed] = records;
    if (failed && isFunctionErrorRecord(failed)) {
      // typed: responsePayload is the error object
      expect(failed.responsePayload.errorMessage).toBe('intentional failure');
      expect(failed.responseContext.functionError).toBe('Unhandled');
    }
  });
});

describe('typed factory', () => {
  const paymentRecords = invocationRecordSchema(PaymentRequestSchema, ProcessedPaymentSchema);
  const payment = fixture('payloads/payment-request.json');
  const processed = fixture('payloads/processed-payment.json');

  it('validates request and response payloads', () => {
    const record = { ...success(), requestPayload: payment, responsePayload: processed };
    const parsed = paymentRecords.parse(record);
    expect(parsed).toEqual(record);
    if (isSuccessRecord(parsed)) expect(parsed.responsePayload.transactionId).toBe('txn_pay-0001');
  });

  it('names the failing field of the variant whose condition matched', () => {
    const record = {
      ...success(),
      requestPayload: payment,
      responsePayload: { ...processed, status: 'Nope' },
    };
    const error = expectFieldError(
      () => parseWith(paymentRecords, record, 'Invalid record'),
      'responsePayload.status',
    );
    expect(error.issues).toHaveLength(1);
    expectFieldError(
      () =>
        parseWith(
          paymentRecords,
          { ...record, requestPayload: { ...payment, amount: -1 } },
          'Invalid record',
        ),
      'requestPayload.amount',
    );
  });

  it('types match the hand-written interfaces', () => {
    assertType<Mutual<z.infer<typeof paymentRecords>, InvocationRecord<PaymentRequest, ProcessedPayment>>>();
    assertType<
      Mutual<
        z.infer<
          ReturnType<typeof successRecordSchema<typeof PaymentRequestSchema, typeof ProcessedPaymentSchema>>
        >,
        SuccessInvocationRecord<PaymentRequest, ProcessedPayment>
      >
    >();
    assertType<Mutual<z.infer<typeof AnyFailureRecordSchema>, FailureInvocationRecord<unknown>>>();
    assertType<Mutual<z.infer<typeof AnyInvocationRecordSchema>, InvocationRecord>>();
    // ZeroReservedConcurrency: the type says there is no response.
    assertType<Mutual<ZeroReservedConcurrencyInvocationRecord['responsePayload'], undefined>>();
    assertType<
      Mutual<FunctionErrorInvocationRecord['responseContext']['functionError'], 'Unhandled' | undefined>
    >();
    expect(true).toBe(true);
  });

  it('failureRecordSchema rejects a Success record', () => {
    expectFieldError(
      () => parseWith(failureRecordSchema(z.unknown()), success(), 'Invalid failure record'),
      'requestContext.condition',
      /expected one of "RetriesExhausted" \| "EventAgeExceeded" \| "ZeroReservedConcurrency", received "Success"/,
    );
  });
});

describe('invalid records name the field', () => {
  it('an unknown condition', () => {
    const record = success();
    record.requestContext.condition = 'Throttled';
    expectFieldError(
      () => parseAny(record),
      'requestContext.condition',
      /expected one of .*received "Throttled"/,
    );
  });

  it('a Success record without responsePayload context', () => {
    const record = success();
    delete record.responseContext;
    expectFieldError(() => parseAny(record), 'responseContext', /required/);
  });

  it('a ZeroReservedConcurrency record that has a response', () => {
    const record = { ...zero(), responseContext: { statusCode: 200, executedVersion: '$LATEST' } };
    expectFieldError(() => parseAny(record), 'responseContext');
  });

  it('a failure record whose error payload lacks errorMessage', () => {
    const record = retries();
    delete record.responsePayload.errorMessage;
    expectFieldError(() => parseAny(record), 'responsePayload.errorMessage', /required/);
  });

  it('the 2019 "Handled" functionError, which AWS no longer sends', () => {
    const record = retries();
    record.responseContext.functionError = 'Handled';
    expectFieldError(() => parseAny(record), 'responseContext.functionError');
  });

  it.each([
    ['version', (r: Record<string, unknown>) => Object.assign(r, { version: '2.0' })],
    ['timestamp', (r: Record<string, unknown>) => Object.assign(r, { timestamp: 'date' })],
    [
      'requestContext.functionArn',
      (r: { requestContext: Record<string, unknown> }) =>
        Object.assign(r.requestContext, { functionArn: 'fn' }),
    ],
    [
      'requestContext.approximateInvokeCount',
      (r: { requestContext: Record<string, unknown> }) =>
        Object.assign(r.requestContext, { approximateInvokeCount: -1 }),
    ],
  ])('%s', (path, mutate) => {
    const record = retries();
    mutate(record);
    expectFieldError(() => parseAny(record), path);
  });

  it('not an object at all', () => {
    expectFieldError(() => parseAny('hello'), '(root)');
    expectFieldError(() => parseAny({ version: '1.0' }), 'requestContext', /required/);
  });
});
