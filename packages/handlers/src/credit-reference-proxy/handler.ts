/**
 * Adapter: receives the state (the identity proxy's response only, via EventBridge); on success the
 * record goes to the output queue. Env: CREDIT_REFERENCE_SERVICE_URL, HTTP_TIMEOUT_MS.
 */
import { type CompletedLoanState, IdentityCheckedLoanStateSchema } from '@lambda-chain/contracts/loan';
import { parseWith } from '@lambda-chain/contracts/validation';
import { nanoid } from 'nanoid';
import { createAxiosHttpClient } from '../shared/axios-client';
import { positiveIntEnv, requiredEnv } from '../shared/env';
import { logJson } from '../shared/log';
import { checkCreditReference } from './core';

export const DEFAULT_HTTP_TIMEOUT_MS = 3000;

export const handler = async (event: unknown): Promise<CompletedLoanState> => {
  const state = parseWith(IdentityCheckedLoanStateSchema, event, 'Invalid credit-reference-proxy event');
  const serviceUrl = requiredEnv('CREDIT_REFERENCE_SERVICE_URL');
  const http = createAxiosHttpClient({
    timeoutMs: positiveIntEnv('HTTP_TIMEOUT_MS', DEFAULT_HTTP_TIMEOUT_MS),
  });
  const result = await checkCreditReference(state, { http, serviceUrl, newRequestId: nanoid });
  logJson('INFO', 'CreditReferenceChecked', {
    correlationId: result.input.correlationId,
    outcome: result.creditReference.outcome,
    ...(result.creditReference.outcome === 'Rated'
      ? {
          requestId: result.creditReference.requestId,
          creditReferenceRating: result.creditReference.creditReferenceRating,
        }
      : {}),
  });
  return result;
};
