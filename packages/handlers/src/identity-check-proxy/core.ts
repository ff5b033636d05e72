/**
 * Identity check proxy (head of the loan chain): builds an IdentityCheckRequest, calls the identity
 * service, and returns the state with `identityCheck` added.
 *
 * Outcomes:
 * - 2xx with a valid body → `identityCheck` from the body (verified or not);
 * - 404 / 422 → a definitive "not verified" (the service does not know / rejects this identity): no throw;
 * - anything else (5xx, 429, 400/401/403, timeout, network error, invalid 2xx body) → throw, so Lambda
 *   retries the event and finally sends the record to the failure destination.
 */
import {
  type IdentityCheckedLoanState,
  type IdentityCheckRequest,
  IdentityCheckResponseSchema,
  type LoanProcessorState,
} from '@lambda-chain/contracts/loan';
import { parseWith } from '@lambda-chain/contracts/validation';
import { classifyResponse, type HttpClient, UpstreamError } from '../shared/upstream';

export const IDENTITY_SERVICE = 'Identity service';

/** Statuses the identity service uses for a definitive "not verified". */
export const IDENTITY_NOT_VERIFIED_STATUSES = [404, 422] as const;

export interface IdentityCheckDeps {
  http: HttpClient;
  serviceUrl: string;
  newRequestId: () => string;
}

export function buildIdentityCheckRequest(
  state: LoanProcessorState,
  requestId: string,
): IdentityCheckRequest {
  const { correlationId, firstName, lastName, postcode } = state.input;
  return { requestId, correlationId, firstName, lastName, postcode };
}

function reasonFrom(data: unknown): string | undefined {
  const reason = (data as { reason?: unknown } | null)?.reason;
  return typeof reason === 'string' && reason !== '' ? reason : undefined;
}

export async function checkIdentity(
  state: LoanProcessorState,
  deps: IdentityCheckDeps,
): Promise<IdentityCheckedLoanState> {
  const request = buildIdentityCheckRequest(state, deps.newRequestId());
  const outcome = classifyResponse(
    IDENTITY_SERVICE,
    await deps.http.postJson(deps.serviceUrl, request),
    IDENTITY_NOT_VERIFIED_STATUSES,
  );
  if (outcome.kind === 'definitive') {
    return {
      ...state,
      identityCheck: {
        requestId: request.requestId,
        identityVerified: false,
        reason: reasonFrom(outcome.data) ?? `${IDENTITY_SERVICE} answered HTTP ${outcome.status}`,
      },
    };
  }
  const answer = parseWith(IdentityCheckResponseSchema, outcome.data, `Invalid ${IDENTITY_SERVICE} response`);
  if (answer.requestId !== request.requestId) {
    throw new UpstreamError(
      `${IDENTITY_SERVICE} answered request ${answer.requestId} instead of ${request.requestId}`,
      outcome.status,
    );
  }
  return {
    ...state,
    identityCheck: {
      requestId: request.requestId,
      identityVerified: answer.identityVerified,
      ...(answer.reason === undefined ? {} : { reason: answer.reason }),
    },
  };
}
