import {
  classifyLoanRecord,
  EXPECTED,
  LOAN_SCENARIOS,
  loanApplication,
  loanCorrelationIdOf,
  mixScenarios,
  outcomeMismatch,
  TRIGGERS,
} from '../../src/loan';

describe('loan applications', () => {
  it('reads the trigger prefixes from the mocks', () => {
    expect(TRIGGERS).toEqual({
      unverifiedLastName: 'Unverified',
      unknownLastName: 'Unknown',
      failingLastName: 'Fail',
      badCreditPostcode: 'BAD',
      flakyCreditPostcode: 'FLAKY',
    });
  });

  it.each(LOAN_SCENARIOS)('builds a valid input for %s', (scenario) => {
    const input = loanApplication(scenario, 'c-1', 4);
    expect(input.correlationId).toBe('c-1');
    expect(input.postcode.length).toBeLessThanOrEqual(16);
  });

  it('mixes scenarios in proportion, interleaved', () => {
    const mix = mixScenarios(100, { approved: 50, 'identity-failure': 30, 'flaky-credit': 20 });
    expect(mix).toHaveLength(100);
    expect(mix.filter((s) => s === 'approved')).toHaveLength(50);
    expect(mix.filter((s) => s === 'identity-failure')).toHaveLength(30);
    expect(mix.slice(0, 3)).toEqual(['approved', 'identity-failure', 'flaky-credit']);
  });

  it('finds the correlation id in an output record, a head failure and a credit proxy failure', () => {
    const input = { correlationId: 'c-9' };
    expect(loanCorrelationIdOf({ responsePayload: { input } })).toBe('c-9');
    expect(loanCorrelationIdOf({ requestPayload: input })).toBe('c-9');
    expect(loanCorrelationIdOf({ requestPayload: { input } })).toBe('c-9');
    expect(loanCorrelationIdOf({ requestPayload: {} })).toBeUndefined();
  });

  it('classifies output and failure records, and explains a mismatch', () => {
    const approved = classifyLoanRecord('output', {
      timestamp: '2026-01-01T00:00:00.000Z',
      requestContext: { condition: 'Success', approximateInvokeCount: 2, requestId: 'r' },
      responsePayload: {
        identityCheck: { identityVerified: true },
        creditReference: { outcome: 'Rated', creditReferenceRating: 'Good' },
      },
    });
    expect(approved).toEqual(
      expect.objectContaining({ decision: 'Approved', identity: true, rating: 'Good', attempts: 2 }),
    );
    expect(outcomeMismatch(EXPECTED['flaky-credit'], approved)).toBeUndefined();
    const failed = classifyLoanRecord('failure', {
      requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      responsePayload: { errorType: 'UpstreamError', errorMessage: 'HTTP 500' },
    });
    expect(failed).toEqual(
      expect.objectContaining({ decision: 'Failed', identity: 'error', error: 'UpstreamError: HTTP 500' }),
    );
    expect(outcomeMismatch(EXPECTED.approved, failed)).toMatch(
      /reached the failure queue, expected the output queue/,
    );
  });
});
