import type { IdentityCheckRequest } from '@lambda-chain/contracts/loan';
import {
  answerCreditReference,
  CREDIT_REFERENCE_TRIGGERS,
  SeenCorrelationIds,
} from '../src/mock-credit-reference-service/core';
import { handler as creditHandler } from '../src/mock-credit-reference-service/handler';
import {
  answerIdentityCheck,
  DEFAULT_SLOW_DELAY_MS,
  IDENTITY_TRIGGERS,
} from '../src/mock-identity-service/core';
import { handler as identityHandler } from '../src/mock-identity-service/handler';
import { MOCK_TRIGGERS } from '../src/triggers';
import { captureLogs, fixture, functionUrlEvent } from './helpers';

const request = (overrides: Partial<IdentityCheckRequest> = {}): IdentityCheckRequest => ({
  requestId: 'V1StGXR8_Z5jdHi6B-myT',
  correlationId: 'c-1',
  firstName: 'Ada',
  lastName: 'Lovelace',
  postcode: 'SW1A 1AA',
  ...overrides,
});

describe('MOCK_TRIGGERS', () => {
  it('gathers both tables', () => {
    expect(MOCK_TRIGGERS.identity).toBe(IDENTITY_TRIGGERS);
    expect(MOCK_TRIGGERS.creditReference).toBe(CREDIT_REFERENCE_TRIGGERS);
    expect(MOCK_TRIGGERS.identity.field).toBe('lastName');
    expect(MOCK_TRIGGERS.creditReference.field).toBe('postcode');
  });
});

describe('mock identity service (core)', () => {
  it.each(IDENTITY_TRIGGERS.rules.map((rule) => [rule.prefix, rule] as const))(
    'lastName "%s…" answers as the table says',
    (prefix, rule) => {
      const answer = answerIdentityCheck(request({ lastName: `${prefix}son` }), { slowDelayMs: 1234 });
      expect(answer.statusCode).toBe(rule.status);
      expect(answer.delayMs).toBe(rule.effect === 'slow' ? 1234 : 0);
      const verified = (answer.body as { identityVerified?: boolean }).identityVerified;
      expect(verified).toBe(
        { 'not-verified': false, 'not-found': false, error: undefined, slow: true }[rule.effect],
      );
    },
  );

  it('verifies anyone else, and matches prefixes case-insensitively', () => {
    expect(answerIdentityCheck(request())).toEqual({
      statusCode: 200,
      body: { requestId: 'V1StGXR8_Z5jdHi6B-myT', correlationId: 'c-1', identityVerified: true },
      delayMs: 0,
    });
    expect(answerIdentityCheck(request({ lastName: 'unverified' })).body).toMatchObject({
      identityVerified: false,
    });
    expect(answerIdentityCheck(request({ lastName: 'Slow' })).delayMs).toBe(DEFAULT_SLOW_DELAY_MS);
  });
});

describe('mock credit reference service (core)', () => {
  it.each(CREDIT_REFERENCE_TRIGGERS.rules.map((rule) => [rule.prefix, rule] as const))(
    'postcode "%s…" answers as the table says (first call)',
    (prefix, rule) => {
      expect(
        answerCreditReference(request({ postcode: `${prefix} 1AA` }), new SeenCorrelationIds()).statusCode,
      ).toBe(rule.status);
    },
  );

  it('rates Bad for BAD…, Good otherwise', () => {
    const seen = new SeenCorrelationIds();
    expect(answerCreditReference(request({ postcode: 'bad1' }), seen).body).toMatchObject({
      creditReferenceRating: 'Bad',
    });
    expect(answerCreditReference(request(), seen).body).toMatchObject({ creditReferenceRating: 'Good' });
  });

  it('FLAKY: 503 on the first call per correlationId, then Good', () => {
    const seen = new SeenCorrelationIds();
    const flaky = request({ postcode: 'FLAKY 1', correlationId: 'c-flaky' });
    expect(answerCreditReference(flaky, seen).statusCode).toBe(503);
    expect(answerCreditReference(flaky, seen)).toMatchObject({
      statusCode: 200,
      body: { creditReferenceRating: 'Good' },
    });
    expect(answerCreditReference({ ...flaky, correlationId: 'c-other' }, seen).statusCode).toBe(503);
  });

  it('remembers a bounded number of correlation ids', () => {
    const seen = new SeenCorrelationIds(2);
    expect(['a', 'b', 'c'].map((id) => seen.firstTime(id))).toEqual([true, true, true]);
    expect(seen.firstTime('c')).toBe(false);
    expect(seen.firstTime('a')).toBe(true); // forgotten: the oldest went first
  });
});

describe('mock service adapters (function URL payload 2.0)', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it('answers the recorded identity request event', async () => {
    const result = await identityHandler(fixture('function-url/identity-request-event.json'));
    expect(result.statusCode).toBe(200);
    expect(result.headers).toEqual({ 'content-type': 'application/json' });
    expect(JSON.parse(result.body)).toEqual({
      requestId: 'V1StGXR8_Z5jdHi6B-myT',
      correlationId: 'it-7f3a9c',
      identityVerified: true,
    });
    expect(logs.lines()).toEqual([
      expect.objectContaining({ event: 'MockIdentityAnswered', statusCode: 200 }),
    ]);
  });

  it('decodes a base64 body', async () => {
    const result = await creditHandler(fixture('function-url/credit-request-base64-event.json'));
    expect(JSON.parse(result.body)).toMatchObject({ creditReferenceRating: 'Bad' });
  });

  it('answers 400 naming the field of an invalid request, and 405 to a GET', async () => {
    const bad = await identityHandler(
      functionUrlEvent('POST', '/', JSON.stringify({ ...request(), lastName: '' })),
    );
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).message).toMatch(/^Invalid identity check request: lastName: /);
    const notJson = await creditHandler(functionUrlEvent('POST', '/', 'nope'));
    expect(notJson.statusCode).toBe(400);
    expect((await identityHandler(functionUrlEvent('GET', '/', ''))).statusCode).toBe(405);
  });

  it('waits MOCK_SLOW_DELAY_MS for Slow… names', async () => {
    process.env.MOCK_SLOW_DELAY_MS = '50';
    try {
      const started = Date.now();
      const result = await identityHandler(
        functionUrlEvent('POST', '/', JSON.stringify(request({ lastName: 'Slowcoach' }))),
      );
      expect(result.statusCode).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    } finally {
      delete process.env.MOCK_SLOW_DELAY_MS;
    }
  });
});
