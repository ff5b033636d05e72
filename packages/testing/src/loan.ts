/**
 * Loan applications for tests, the demo and the benchmark: built from the mock services' deterministic
 * triggers (`MOCK_TRIGGERS` of @lambda-chain/handlers/triggers), with the outcome each must reach, and the
 * classification of what actually reached the output / failure queue.
 */
import type { LoanProcessorInput } from '@lambda-chain/contracts/loan';
import { MOCK_TRIGGERS } from '@lambda-chain/handlers/triggers';

export const LOAN_SCENARIOS = [
  'approved',
  'declined-unverified',
  'declined-unknown',
  'declined-bad-credit',
  'identity-failure',
  'flaky-credit',
] as const;
export type LoanScenario = (typeof LOAN_SCENARIOS)[number];

export type Decision = 'Approved' | 'Declined' | 'Failed';

export interface ExpectedLoanOutcome {
  /** Where the terminal record lands. */
  queue: 'output' | 'failure';
  decision: Decision;
  /** `identityVerified` in the state, or 'error' when the identity service fails. */
  identity: boolean | 'error';
  /** The reason the identity proxy records when not verified (the mock's words). */
  identityReason?: string;
  rating?: 'Good' | 'Bad';
  /** `approximateInvokeCount` of the terminal record. */
  attempts: number;
}

function prefix<E extends string>(rules: readonly { prefix: string; effect: E }[], effect: E): string {
  const rule = rules.find((r) => r.effect === effect);
  if (!rule) throw new Error(`no mock trigger with effect "${effect}"`);
  return rule.prefix;
}

/** The trigger prefixes, read from the mocks' own rule tables. */
export const TRIGGERS = {
  unverifiedLastName: prefix(MOCK_TRIGGERS.identity.rules, 'not-verified'),
  unknownLastName: prefix(MOCK_TRIGGERS.identity.rules, 'not-found'),
  failingLastName: prefix(MOCK_TRIGGERS.identity.rules, 'error'),
  badCreditPostcode: prefix(MOCK_TRIGGERS.creditReference.rules, 'bad'),
  flakyCreditPostcode: prefix(MOCK_TRIGGERS.creditReference.rules, 'flaky'),
} as const;

/** The mocks' words (mock-identity-service core) for a not-verified identity. */
export const IDENTITY_REASONS = {
  unverified: 'Identity could not be verified',
  unknown: 'No identity record found',
} as const;

export const EXPECTED: Record<LoanScenario, ExpectedLoanOutcome> = {
  approved: { queue: 'output', decision: 'Approved', identity: true, rating: 'Good', attempts: 1 },
  'declined-unverified': {
    queue: 'output',
    decision: 'Declined',
    identity: false,
    identityReason: IDENTITY_REASONS.unverified,
    attempts: 1,
  },
  'declined-unknown': {
    queue: 'output',
    decision: 'Declined',
    identity: false,
    identityReason: IDENTITY_REASONS.unknown,
    attempts: 1,
  },
  'declined-bad-credit': {
    queue: 'output',
    decision: 'Declined',
    identity: true,
    rating: 'Bad',
    attempts: 1,
  },
  // 1 attempt + AWS's default 2 retries (60 s, then 120 s).
  'identity-failure': { queue: 'failure', decision: 'Failed', identity: 'error', attempts: 3 },
  // The mock answers 503 to the first call, then Good: the credit proxy succeeds on its retry.
  'flaky-credit': { queue: 'output', decision: 'Approved', identity: true, rating: 'Good', attempts: 2 },
};

const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Radia', 'Tim'];
const LAST_NAMES = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Allen',
  'Thompson',
  'Perlman',
  'Lee',
];
const POSTCODES = ['SW1A 1AA', 'EC1A 1BB', 'M1 1AE', 'B33 8TH', 'CR2 6XH', 'DN55 1PT', 'LS1 4AP', 'G1 1XQ'];

/** A loan application that triggers `scenario`; `index` varies the names. */
export function loanApplication(
  scenario: LoanScenario,
  correlationId: string,
  index = 0,
): LoanProcessorInput {
  const firstName = FIRST_NAMES[index % FIRST_NAMES.length] as string;
  const lastName = LAST_NAMES[index % LAST_NAMES.length] as string;
  const postcode = POSTCODES[index % POSTCODES.length] as string;
  switch (scenario) {
    case 'approved':
      return { correlationId, firstName, lastName, postcode };
    case 'declined-unverified':
      return { correlationId, firstName, lastName: `${TRIGGERS.unverifiedLastName}${lastName}`, postcode };
    case 'declined-unknown':
      return { correlationId, firstName, lastName: `${TRIGGERS.unknownLastName}${lastName}`, postcode };
    case 'declined-bad-credit':
      return { correlationId, firstName, lastName, postcode: `${TRIGGERS.badCreditPostcode} ${index % 100}` };
    case 'identity-failure':
      return { correlationId, firstName, lastName: `${TRIGGERS.failingLastName}${lastName}`, postcode };
    case 'flaky-credit':
      return {
        correlationId,
        firstName,
        lastName,
        postcode: `${TRIGGERS.flakyCreditPostcode} ${index % 100}`,
      };
  }
}

/** `n` scenarios in proportion to `weights` (deterministic, interleaved so every kind runs throughout). */
export function mixScenarios(n: number, weights: Partial<Record<LoanScenario, number>>): LoanScenario[] {
  const entries = Object.entries(weights).filter(([, w]) => (w ?? 0) > 0) as Array<[LoanScenario, number]>;
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  if (entries.length === 0 || total <= 0) throw new Error('mixScenarios: no positive weight');
  // Largest remainder apportionment, then a round-robin interleave.
  const quotas = entries.map(([scenario, w]) => ({ scenario, exact: (n * w) / total }));
  const counts = quotas.map((q) => ({ scenario: q.scenario, count: Math.floor(q.exact), rest: q.exact % 1 }));
  let left = n - counts.reduce((sum, c) => sum + c.count, 0);
  for (const c of [...counts].sort((a, b) => b.rest - a.rest)) {
    if (left <= 0) break;
    c.count++;
    left--;
  }
  const out: LoanScenario[] = [];
  const remaining = counts.map((c) => ({ ...c }));
  while (out.length < n) {
    for (const c of remaining) {
      if (c.count > 0) {
        out.push(c.scenario);
        c.count--;
      }
    }
  }
  return out;
}

/** The correlation id of whatever reached the output or failure queue (a state, an input, or a record of either). */
export function loanCorrelationIdOf(record: unknown): string | undefined {
  const r = record as {
    requestPayload?: { correlationId?: unknown; input?: { correlationId?: unknown } };
    responsePayload?: { input?: { correlationId?: unknown } };
  } | null;
  const candidates = [
    r?.responsePayload?.input?.correlationId,
    r?.requestPayload?.input?.correlationId,
    r?.requestPayload?.correlationId,
  ];
  const found = candidates.find((c) => typeof c === 'string');
  return found as string | undefined;
}

export interface ObservedLoanOutcome {
  queue: 'output' | 'failure';
  decision: Decision;
  condition: string;
  identity: boolean | 'error';
  identityReason?: string;
  rating?: 'Good' | 'Bad';
  attempts: number;
  /** The error of a failure record (`errorType: errorMessage`). */
  error?: string;
  /** The record's requestContext.requestId (the invocation that produced it). */
  requestId: string;
  /** The record's timestamp (ms epoch). */
  timestamp: number;
}

interface LooseRecord {
  timestamp?: string;
  requestContext?: { condition?: string; approximateInvokeCount?: number; requestId?: string };
  responsePayload?: {
    identityCheck?: { identityVerified?: boolean; reason?: string };
    creditReference?: { outcome?: string; creditReferenceRating?: 'Good' | 'Bad' };
    errorType?: string;
    errorMessage?: string;
  };
}

/** What a record on the output or failure queue says about the application (no validation: see the schemas). */
export function classifyLoanRecord(queue: 'output' | 'failure', record: unknown): ObservedLoanOutcome {
  const r = (record ?? {}) as LooseRecord;
  const base = {
    queue,
    condition: r.requestContext?.condition ?? '?',
    attempts: r.requestContext?.approximateInvokeCount ?? -1,
    requestId: r.requestContext?.requestId ?? '?',
    timestamp: r.timestamp ? Date.parse(r.timestamp) : Number.NaN,
  };
  if (queue === 'failure') {
    const error = r.responsePayload?.errorType
      ? `${r.responsePayload.errorType}: ${r.responsePayload.errorMessage ?? ''}`
      : undefined;
    return { ...base, decision: 'Failed', identity: 'error', ...(error ? { error } : {}) };
  }
  const identity = r.responsePayload?.identityCheck;
  const credit = r.responsePayload?.creditReference;
  const rating = credit?.outcome === 'Rated' ? credit.creditReferenceRating : undefined;
  const decision: Decision = credit?.outcome === 'Rated' && rating === 'Good' ? 'Approved' : 'Declined';
  return {
    ...base,
    decision,
    identity: identity?.identityVerified === true,
    ...(identity?.reason ? { identityReason: identity.reason } : {}),
    ...(rating ? { rating } : {}),
  };
}

/** Why an observed outcome is not the expected one, or undefined when it is. */
export function outcomeMismatch(
  expected: ExpectedLoanOutcome,
  observed: ObservedLoanOutcome,
): string | undefined {
  const problems: string[] = [];
  if (observed.queue !== expected.queue)
    problems.push(`reached the ${observed.queue} queue, expected the ${expected.queue} queue`);
  if (observed.decision !== expected.decision)
    problems.push(`decision ${observed.decision}, expected ${expected.decision}`);
  if (observed.identity !== expected.identity)
    problems.push(`identity ${observed.identity}, expected ${expected.identity}`);
  if (expected.identityReason !== undefined && observed.identityReason !== expected.identityReason) {
    problems.push(`identity reason "${observed.identityReason}", expected "${expected.identityReason}"`);
  }
  if (expected.rating !== observed.rating)
    problems.push(`rating ${observed.rating}, expected ${expected.rating}`);
  return problems.length > 0 ? problems.join('; ') : undefined;
}
