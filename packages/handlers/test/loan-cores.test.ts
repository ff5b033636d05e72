import { IdentityCheckRequestSchema, type LoanProcessorState } from '@lambda-chain/contracts/loan';
import { checkCreditReference } from '../src/credit-reference-proxy/core';
import { checkIdentity, IDENTITY_NOT_VERIFIED_STATUSES } from '../src/identity-check-proxy/core';
import {
  type HttpClient,
  type HttpResponse,
  UpstreamError,
  UpstreamTimeoutError,
} from '../src/shared/upstream';

const REQUEST_ID = 'V1StGXR8_Z5jdHi6B-myT';
const input = { correlationId: 'c-1', firstName: 'Ada', lastName: 'Lovelace', postcode: 'SW1A 1AA' };
const state: LoanProcessorState = { input };

/** An injected client: answers from `respond`, records every call. No network. */
function fakeHttp(respond: (body: Record<string, unknown>) => HttpResponse | Error) {
  const calls: Array<{ url: string; body: Record<string, unknown> }> = [];
  const http: HttpClient = {
    async postJson(url, body) {
      calls.push({ url, body: body as Record<string, unknown> });
      const answer = respond(body as Record<string, unknown>);
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
  return { http, calls };
}

const deps = (http: HttpClient) => ({
  http,
  serviceUrl: 'http://service/check',
  newRequestId: () => REQUEST_ID,
});
const echoIdentity = (extra: Record<string, unknown>) => (body: Record<string, unknown>) => ({
  status: 200,
  data: { requestId: body.requestId, correlationId: body.correlationId, ...extra },
});

describe('checkIdentity (core)', () => {
  it('sends an IdentityCheckRequest and adds a verified identity to the state', async () => {
    const { http, calls } = fakeHttp(echoIdentity({ identityVerified: true }));
    const result = await checkIdentity(state, deps(http));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe('http://service/check');
    expect(IdentityCheckRequestSchema.parse(calls[0]?.body)).toEqual({ requestId: REQUEST_ID, ...input });
    expect(result).toEqual({ input, identityCheck: { requestId: REQUEST_ID, identityVerified: true } });
  });

  it('keeps what the state already holds', async () => {
    const { http } = fakeHttp(echoIdentity({ identityVerified: true }));
    const previous = {
      input,
      creditReference: { outcome: 'Declined', reason: 'IdentityNotVerified' } as const,
    };
    expect((await checkIdentity(previous, deps(http))).creditReference).toEqual(previous.creditReference);
  });

  it('records "not verified" from a 2xx answer, with the reason', async () => {
    const { http } = fakeHttp(echoIdentity({ identityVerified: false, reason: 'mismatch' }));
    expect((await checkIdentity(state, deps(http))).identityCheck).toEqual({
      requestId: REQUEST_ID,
      identityVerified: false,
      reason: 'mismatch',
    });
  });

  it.each(IDENTITY_NOT_VERIFIED_STATUSES)(
    'treats HTTP %i as a definitive "not verified" (no throw)',
    async (status) => {
      const { http } = fakeHttp(() => ({ status, data: { message: 'nope' } }));
      expect((await checkIdentity(state, deps(http))).identityCheck).toEqual({
        requestId: REQUEST_ID,
        identityVerified: false,
        reason: `Identity service answered HTTP ${status}`,
      });
    },
  );

  it.each([500, 502, 503, 429, 400, 401, 403])(
    'throws UpstreamError on HTTP %i (retryable)',
    async (status) => {
      const { http } = fakeHttp(() => ({ status, data: 'boom' }));
      await expect(checkIdentity(state, deps(http))).rejects.toMatchObject({
        name: 'UpstreamError',
        status,
        message: `Identity service answered HTTP ${status}: boom`,
      });
    },
  );

  it('lets a timeout from the client through', async () => {
    const { http } = fakeHttp(() => new UpstreamTimeoutError('POST x timed out after 3000 ms'));
    await expect(checkIdentity(state, deps(http))).rejects.toBeInstanceOf(UpstreamTimeoutError);
  });

  it('throws, naming the field, when a 2xx body is not an identity answer', async () => {
    const { http } = fakeHttp(echoIdentity({ identityVerified: 'yes' }));
    await expect(checkIdentity(state, deps(http))).rejects.toThrow(
      /^Invalid Identity service response: identityVerified: /,
    );
  });

  it('throws when the answer is for another request', async () => {
    const { http } = fakeHttp((body) => ({
      status: 200,
      data: { requestId: 'Uakgb_J5m9g-0JDMbcJqL', correlationId: body.correlationId, identityVerified: true },
    }));
    await expect(checkIdentity(state, deps(http))).rejects.toBeInstanceOf(UpstreamError);
  });
});

describe('checkCreditReference (core)', () => {
  const verified = { input, identityCheck: { requestId: REQUEST_ID, identityVerified: true } };

  it('declines without calling the service when the identity was not verified', async () => {
    const { http, calls } = fakeHttp(() => new Error('must not be called'));
    const unverified = { input, identityCheck: { requestId: REQUEST_ID, identityVerified: false } };
    expect(await checkCreditReference(unverified, deps(http))).toEqual({
      ...unverified,
      creditReference: { outcome: 'Declined', reason: 'IdentityNotVerified' },
    });
    expect(calls).toHaveLength(0);
  });

  it.each(['Good', 'Bad'])('adds the %s rating', async (rating) => {
    const { http, calls } = fakeHttp((body) => ({
      status: 200,
      data: { requestId: body.requestId, correlationId: body.correlationId, creditReferenceRating: rating },
    }));
    expect((await checkCreditReference(verified, deps(http))).creditReference).toEqual({
      outcome: 'Rated',
      requestId: REQUEST_ID,
      creditReferenceRating: rating,
    });
    expect(calls[0]?.body).toEqual({ requestId: REQUEST_ID, ...input });
  });

  it.each([404, 500, 503])('throws on HTTP %i (no definitive 4xx for credit)', async (status) => {
    const { http } = fakeHttp(() => ({ status, data: {} }));
    await expect(checkCreditReference(verified, deps(http))).rejects.toMatchObject({
      name: 'UpstreamError',
      status,
    });
  });

  it('throws, naming the field, on an unknown rating', async () => {
    const { http } = fakeHttp((body) => ({
      status: 200,
      data: { requestId: body.requestId, correlationId: 'c-1', creditReferenceRating: 'Excellent' },
    }));
    await expect(checkCreditReference(verified, deps(http))).rejects.toThrow(/creditReferenceRating: /);
  });
});
