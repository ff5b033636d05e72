/**
 * The proxy adapters (axios included) against real HTTP servers on 127.0.0.1: a scripted server for each
 * status class, then the mock services' own handlers served over HTTP, driven by MOCK_TRIGGERS.
 */
import { CompletedLoanStateSchema, IdentityCheckRequestSchema } from '@lambda-chain/contracts/loan';
import { handler as creditProxy } from '../src/credit-reference-proxy/handler';
import { handler as identityProxy } from '../src/identity-check-proxy/handler';
import { handler as mockCredit } from '../src/mock-credit-reference-service/handler';
import { handler as mockIdentity } from '../src/mock-identity-service/handler';
import { MOCK_TRIGGERS } from '../src/triggers';
import { captureLogs, fixture, serveFunctionUrl, serveJson, type TestServer } from './helpers';

const input = fixture('payloads/loan-processor-input.json');
const ENV_KEYS = [
  'IDENTITY_SERVICE_URL',
  'CREDIT_REFERENCE_SERVICE_URL',
  'HTTP_TIMEOUT_MS',
  'MOCK_SLOW_DELAY_MS',
];

let logs: ReturnType<typeof captureLogs>;
const servers: TestServer[] = [];
beforeEach(() => {
  logs = captureLogs();
});
afterEach(async () => {
  logs.restore();
  for (const key of ENV_KEYS) delete process.env[key];
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
async function track(server: Promise<TestServer>) {
  const started = await server;
  servers.push(started);
  return started;
}

describe('identity-check-proxy adapter over real HTTP', () => {
  async function identityServer(
    status: number,
    body?: (request: Record<string, unknown>) => unknown,
    delayMs = 0,
  ) {
    const server = await track(
      serveJson(({ body: raw }) => {
        const request = JSON.parse(raw);
        return { status, body: body ? body(request) : undefined, delayMs };
      }),
    );
    process.env.IDENTITY_SERVICE_URL = `${server.url}identity`;
    process.env.HTTP_TIMEOUT_MS = '300';
    return server;
  }
  const verifiedAnswer = (request: Record<string, unknown>) => ({
    requestId: request.requestId,
    correlationId: request.correlationId,
    identityVerified: true,
  });

  it('2xx: POSTs a valid request (nanoid request id) and returns the state with identityCheck', async () => {
    const server = await identityServer(200, verifiedAnswer);
    const state = await identityProxy(input);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/identity' });
    const sent = IdentityCheckRequestSchema.parse(JSON.parse(server.requests[0]?.body ?? ''));
    expect(sent).toMatchObject(input);
    expect(state).toEqual({ input, identityCheck: { requestId: sent.requestId, identityVerified: true } });
    expect(logs.lines()).toEqual([
      {
        level: 'INFO',
        event: 'IdentityChecked',
        correlationId: input.correlationId,
        requestId: sent.requestId,
        identityVerified: true,
      },
    ]);
  });

  it('accepts a state as well as an input', async () => {
    await identityServer(200, verifiedAnswer);
    expect((await identityProxy({ input })).identityCheck?.identityVerified).toBe(true);
  });

  it('4xx definitive (422): not verified, no throw', async () => {
    await identityServer(422, () => ({ reason: 'Identity rejected' }));
    expect((await identityProxy(input)).identityCheck).toMatchObject({
      identityVerified: false,
      reason: 'Identity rejected',
    });
  });

  it('5xx: throws (Lambda retries)', async () => {
    await identityServer(500, () => ({ message: 'down' }));
    await expect(identityProxy(input)).rejects.toMatchObject({ name: 'UpstreamError', status: 500 });
  });

  it('other 4xx (400): throws', async () => {
    await identityServer(400, () => ({ message: 'bad request' }));
    await expect(identityProxy(input)).rejects.toMatchObject({ name: 'UpstreamError', status: 400 });
  });

  it('timeout (HTTP_TIMEOUT_MS): throws UpstreamTimeoutError', async () => {
    await identityServer(200, verifiedAnswer, 1500);
    const started = Date.now();
    await expect(identityProxy(input)).rejects.toMatchObject({
      name: 'UpstreamTimeoutError',
      message: expect.stringMatching(/timed out after 300 ms$/),
    });
    expect(Date.now() - started).toBeLessThan(1400);
  });

  it('connection refused: throws UpstreamError', async () => {
    const server = await identityServer(200, verifiedAnswer);
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    await expect(identityProxy(input)).rejects.toMatchObject({
      name: 'UpstreamError',
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('invalid event: throws naming the field, without calling the service', async () => {
    const server = await identityServer(200, verifiedAnswer);
    await expect(identityProxy({ ...input, postcode: '' })).rejects.toThrow(
      /^Invalid identity-check-proxy event: postcode: /,
    );
    expect(server.requests).toHaveLength(0);
  });

  it('missing configuration: throws naming the variable', async () => {
    await expect(identityProxy(input)).rejects.toThrow('Missing environment variable IDENTITY_SERVICE_URL');
    process.env.IDENTITY_SERVICE_URL = 'http://127.0.0.1:9/';
    process.env.HTTP_TIMEOUT_MS = 'soon';
    await expect(identityProxy(input)).rejects.toThrow(
      'HTTP_TIMEOUT_MS must be a positive integer (got "soon")',
    );
  });
});

describe('credit-reference-proxy adapter over real HTTP', () => {
  const verifiedState = {
    input,
    identityCheck: { requestId: 'V1StGXR8_Z5jdHi6B-myT', identityVerified: true },
  };

  it('2xx: adds the rating; 5xx throws; invalid state names the field', async () => {
    let status = 200;
    const server = await track(
      serveJson(({ body }) => {
        const request = JSON.parse(body);
        return {
          status,
          body: {
            requestId: request.requestId,
            correlationId: request.correlationId,
            creditReferenceRating: 'Good',
          },
        };
      }),
    );
    process.env.CREDIT_REFERENCE_SERVICE_URL = server.url;
    expect((await creditProxy(verifiedState)).creditReference).toMatchObject({
      outcome: 'Rated',
      creditReferenceRating: 'Good',
    });
    status = 503;
    await expect(creditProxy(verifiedState)).rejects.toMatchObject({ name: 'UpstreamError', status: 503 });
    await expect(creditProxy({ input })).rejects.toThrow(
      /^Invalid credit-reference-proxy event: identityCheck: required/,
    );
  });
});

describe('the loan chain against the mock services (same MOCK_TRIGGERS as the deployed demo)', () => {
  async function startMocks() {
    const identity = await track(serveFunctionUrl(mockIdentity));
    const credit = await track(serveFunctionUrl(mockCredit));
    process.env.IDENTITY_SERVICE_URL = identity.url;
    process.env.CREDIT_REFERENCE_SERVICE_URL = credit.url;
    process.env.HTTP_TIMEOUT_MS = '250';
    process.env.MOCK_SLOW_DELAY_MS = '600';
    return { identity, credit };
  }
  const run = async (overrides: Record<string, string>) =>
    CompletedLoanStateSchema.parse(await creditProxy(await identityProxy({ ...input, ...overrides })));
  const rule = <T extends { prefix: string }>(rules: readonly T[], effect: string) =>
    rules.find((candidate) => (candidate as unknown as { effect: string }).effect === effect) as T;

  it('an ordinary applicant is verified and rated Good', async () => {
    await startMocks();
    expect(await run({ correlationId: 'chain-good' })).toMatchObject({
      identityCheck: { identityVerified: true },
      creditReference: { outcome: 'Rated', creditReferenceRating: 'Good' },
    });
  });

  it('a BAD postcode is rated Bad', async () => {
    await startMocks();
    const bad = rule(MOCK_TRIGGERS.creditReference.rules, 'bad');
    expect((await run({ postcode: `${bad.prefix} 1AA` })).creditReference).toMatchObject({
      creditReferenceRating: 'Bad',
    });
  });

  it.each(['not-verified', 'not-found'])(
    '%s identity → declined, credit service not called',
    async (effect) => {
      const { credit } = await startMocks();
      const trigger = rule(MOCK_TRIGGERS.identity.rules, effect);
      expect(await run({ lastName: `${trigger.prefix}Person` })).toMatchObject({
        identityCheck: { identityVerified: false },
        creditReference: { outcome: 'Declined', reason: 'IdentityNotVerified' },
      });
      expect(credit.requests).toHaveLength(0);
    },
  );

  it('Fail… identity → the proxy throws (status 500)', async () => {
    await startMocks();
    const trigger = rule(MOCK_TRIGGERS.identity.rules, 'error');
    await expect(identityProxy({ ...input, lastName: `${trigger.prefix}ure` })).rejects.toMatchObject({
      status: 500,
    });
  });

  it('Slow… identity → the proxy times out', async () => {
    await startMocks();
    const trigger = rule(MOCK_TRIGGERS.identity.rules, 'slow');
    await expect(identityProxy({ ...input, lastName: `${trigger.prefix}coach` })).rejects.toMatchObject({
      name: 'UpstreamTimeoutError',
    });
  });

  it('FAIL… postcode → the credit proxy throws; FLAKY… throws once, then succeeds (the retry)', async () => {
    await startMocks();
    const fail = rule(MOCK_TRIGGERS.creditReference.rules, 'error');
    await expect(run({ postcode: `${fail.prefix} 1AA` })).rejects.toMatchObject({ status: 500 });
    const flaky = rule(MOCK_TRIGGERS.creditReference.rules, 'flaky');
    const state = await identityProxy({
      ...input,
      correlationId: 'chain-flaky',
      postcode: `${flaky.prefix} 1AA`,
    });
    await expect(creditProxy(state)).rejects.toMatchObject({ status: 503 });
    expect((await creditProxy(state)).creditReference).toMatchObject({
      outcome: 'Rated',
      creditReferenceRating: 'Good',
    });
  });
});
