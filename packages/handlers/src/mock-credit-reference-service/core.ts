/**
 * Mock credit reference service (deployed outside prod behind a function URL): deterministic by
 * `postcode`, so a test can trigger each case on purpose. The rules are data: {@link CREDIT_REFERENCE_TRIGGERS}.
 *
 * `FLAKY…` answers 503 to the FIRST call for a correlationId, then normally. "First" is remembered in
 * memory, per warm execution environment: a retry that lands on another (or a cold) environment fails
 * again. Lambda's async retry of the proxy (60 s later) usually hits the same warm mock environment.
 */
import type { CreditReferenceRequest, CreditReferenceResponse } from '@lambda-chain/contracts/loan';
import { matchTrigger, type TriggerRule } from '../shared/triggers';

export type CreditReferenceEffect = 'bad' | 'error' | 'flaky';

export const CREDIT_REFERENCE_TRIGGERS = {
  field: 'postcode',
  rules: [
    { prefix: 'BAD', effect: 'bad', status: 200, description: 'creditReferenceRating: Bad' },
    {
      prefix: 'FAIL',
      effect: 'error',
      status: 500,
      description: 'HTTP 500 → proxy throws → Lambda retries → failure queue',
    },
    {
      prefix: 'FLAKY',
      effect: 'flaky',
      status: 503,
      description: 'HTTP 503 on the first call per correlationId (per warm environment), then Good',
    },
  ] as const satisfies readonly TriggerRule<CreditReferenceEffect>[],
  otherwise: { effect: 'good', status: 200, description: 'creditReferenceRating: Good' },
} as const;

/** Remembers which correlation ids were seen (bounded: the oldest are forgotten first). */
export class SeenCorrelationIds {
  private readonly seen = new Set<string>();

  constructor(private readonly capacity = 1000) {}

  /** True the first time `id` is seen. */
  firstTime(id: string): boolean {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return true;
  }
}

export interface MockAnswer<B> {
  statusCode: number;
  body: B;
}

export function answerCreditReference(
  request: CreditReferenceRequest,
  seen: SeenCorrelationIds,
): MockAnswer<CreditReferenceResponse | { message: string }> {
  const rule = matchTrigger(CREDIT_REFERENCE_TRIGGERS.rules, request.postcode);
  const base = { requestId: request.requestId, correlationId: request.correlationId };
  switch (rule?.effect) {
    case 'bad':
      return { statusCode: rule.status, body: { ...base, creditReferenceRating: 'Bad' } };
    case 'error':
      return { statusCode: rule.status, body: { message: 'Simulated credit reference service failure' } };
    case 'flaky':
      if (seen.firstTime(request.correlationId)) {
        return { statusCode: rule.status, body: { message: 'Simulated transient failure (first call)' } };
      }
      return { statusCode: 200, body: { ...base, creditReferenceRating: 'Good' } };
    default:
      return {
        statusCode: CREDIT_REFERENCE_TRIGGERS.otherwise.status,
        body: { ...base, creditReferenceRating: 'Good' },
      };
  }
}
