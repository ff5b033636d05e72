/**
 * Credit reference proxy: receives the state (the identity proxy's response only), calls the credit
 * reference service and returns the state with `creditReference` added.
 *
 * Decision: when the identity was NOT verified the service is not called (a credit search on an
 * unidentified applicant is pointless and, for real bureaus, costs money and leaves a footprint): the
 * state gets `creditReference: { outcome: 'Declined', reason: 'IdentityNotVerified' }` and the chain ends
 * normally on the output queue.
 * Otherwise: 2xx with a valid body → `{ outcome: 'Rated', creditReferenceRating }`; anything else
 * (5xx, any 4xx, timeout, network error, invalid body) → throw (Lambda retries, then the failure queue).
 */
import {
  type CompletedLoanState,
  type CreditReferenceRequest,
  CreditReferenceResponseSchema,
  type IdentityCheckedLoanState,
} from '@lambda-chain/contracts/loan';
import { parseWith } from '@lambda-chain/contracts/validation';
import { classifyResponse, type HttpClient, UpstreamError } from '../shared/upstream';

export const CREDIT_REFERENCE_SERVICE = 'Credit reference service';

export interface CreditReferenceDeps {
  http: HttpClient;
  serviceUrl: string;
  newRequestId: () => string;
}

export function buildCreditReferenceRequest(
  state: IdentityCheckedLoanState,
  requestId: string,
): CreditReferenceRequest {
  const { correlationId, firstName, lastName, postcode } = state.input;
  return { requestId, correlationId, firstName, lastName, postcode };
}

export async function checkCreditReference(
  state: IdentityCheckedLoanState,
  deps: CreditReferenceDeps,
): Promise<CompletedLoanState> {
  if (!state.identityCheck.identityVerified) {
    return { ...state, creditReference: { outcome: 'Declined', reason: 'IdentityNotVerified' } };
  }
  const request = buildCreditReferenceRequest(state, deps.newRequestId());
  const outcome = classifyResponse(
    CREDIT_REFERENCE_SERVICE,
    await deps.http.postJson(deps.serviceUrl, request),
  );
  const answer = parseWith(
    CreditReferenceResponseSchema,
    outcome.data,
    `Invalid ${CREDIT_REFERENCE_SERVICE} response`,
  );
  if (answer.requestId !== request.requestId) {
    throw new UpstreamError(
      `${CREDIT_REFERENCE_SERVICE} answered request ${answer.requestId} instead of ${request.requestId}`,
      outcome.status,
    );
  }
  return {
    ...state,
    creditReference: {
      outcome: 'Rated',
      requestId: request.requestId,
      creditReferenceRating: answer.creditReferenceRating,
    },
  };
}
