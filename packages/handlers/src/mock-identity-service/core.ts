/**
 * Mock identity service (deployed outside prod behind a function URL): deterministic by `lastName`, so a
 * test can trigger each case on purpose. The rules are data: {@link IDENTITY_TRIGGERS}.
 */
import type { IdentityCheckRequest, IdentityCheckResponse } from '@lambda-chain/contracts/loan';
import { matchTrigger, type TriggerRule } from '../shared/triggers';

export type IdentityEffect = 'not-verified' | 'not-found' | 'error' | 'slow';

export const IDENTITY_TRIGGERS = {
  field: 'lastName',
  rules: [
    {
      prefix: 'Unverified',
      effect: 'not-verified',
      status: 200,
      description: 'identityVerified: false → credit reference declined without a call',
    },
    {
      prefix: 'Unknown',
      effect: 'not-found',
      status: 404,
      description: 'definitive 404 → proxy records identityVerified: false (no throw)',
    },
    {
      prefix: 'Fail',
      effect: 'error',
      status: 500,
      description: 'HTTP 500 → proxy throws → Lambda retries → failure queue',
    },
    {
      prefix: 'Slow',
      effect: 'slow',
      status: 200,
      description: 'answers after MOCK_SLOW_DELAY_MS (default 5000) > proxy timeout → proxy throws',
    },
  ] as const satisfies readonly TriggerRule<IdentityEffect>[],
  otherwise: { effect: 'verified', status: 200, description: 'identityVerified: true' },
} as const;

export const DEFAULT_SLOW_DELAY_MS = 5000;

export interface MockAnswer<B> {
  statusCode: number;
  body: B;
  /** Wait this long before answering. */
  delayMs: number;
}

export function answerIdentityCheck(
  request: IdentityCheckRequest,
  options: { slowDelayMs: number } = { slowDelayMs: DEFAULT_SLOW_DELAY_MS },
): MockAnswer<IdentityCheckResponse | { message: string }> {
  const rule = matchTrigger(IDENTITY_TRIGGERS.rules, request.lastName);
  const base = { requestId: request.requestId, correlationId: request.correlationId };
  switch (rule?.effect) {
    case 'not-verified':
      return {
        statusCode: rule.status,
        body: { ...base, identityVerified: false, reason: 'Identity could not be verified' },
        delayMs: 0,
      };
    case 'not-found':
      return {
        statusCode: rule.status,
        body: { ...base, identityVerified: false, reason: 'No identity record found' },
        delayMs: 0,
      };
    case 'error':
      return { statusCode: rule.status, body: { message: 'Simulated identity service failure' }, delayMs: 0 };
    case 'slow':
      return {
        statusCode: rule.status,
        body: { ...base, identityVerified: true },
        delayMs: options.slowDelayMs,
      };
    default:
      return {
        statusCode: IDENTITY_TRIGGERS.otherwise.status,
        body: { ...base, identityVerified: true },
        delayMs: 0,
      };
  }
}
