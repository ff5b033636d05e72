/**
 * Adapter: invoked asynchronously with a LoanProcessorInput (or a state); on success its response (the
 * state) goes, response only, to the credit reference proxy. Env: IDENTITY_SERVICE_URL, HTTP_TIMEOUT_MS.
 */
import { type IdentityCheckedLoanState, parseLoanProcessorEntry } from '@lambda-chain/contracts/loan';
import { nanoid } from 'nanoid';
import { createAxiosHttpClient } from '../shared/axios-client';
import { positiveIntEnv, requiredEnv } from '../shared/env';
import { logJson } from '../shared/log';
import { checkIdentity } from './core';

export const DEFAULT_HTTP_TIMEOUT_MS = 3000;

export const handler = async (event: unknown): Promise<IdentityCheckedLoanState> => {
  const state = parseLoanProcessorEntry(event, 'Invalid identity-check-proxy event');
  const serviceUrl = requiredEnv('IDENTITY_SERVICE_URL');
  const http = createAxiosHttpClient({
    timeoutMs: positiveIntEnv('HTTP_TIMEOUT_MS', DEFAULT_HTTP_TIMEOUT_MS),
  });
  const result = await checkIdentity(state, { http, serviceUrl, newRequestId: nanoid });
  logJson('INFO', 'IdentityChecked', {
    correlationId: result.input.correlationId,
    requestId: result.identityCheck.requestId,
    identityVerified: result.identityCheck.identityVerified,
  });
  return result;
};
