/** Adapter: function URL (payload 2.0) → {@link answerIdentityCheck}. Env: MOCK_SLOW_DELAY_MS. */
import { IdentityCheckRequestSchema } from '@lambda-chain/contracts/loan';
import { ContractValidationError, parseJson, parseWith } from '@lambda-chain/contracts/validation';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { positiveIntEnv } from '../shared/env';
import { type FunctionUrlResult, jsonResult, requestBody, requestMethod } from '../shared/function-url';
import { logJson } from '../shared/log';
import { answerIdentityCheck, DEFAULT_SLOW_DELAY_MS } from './core';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const handler = async (event: LambdaFunctionURLEvent): Promise<FunctionUrlResult> => {
  if (requestMethod(event) !== 'POST') return jsonResult(405, { message: 'Use POST' });
  let request: ReturnType<typeof IdentityCheckRequestSchema.parse>;
  try {
    request = parseWith(
      IdentityCheckRequestSchema,
      parseJson(requestBody(event), 'Invalid request body'),
      'Invalid identity check request',
    );
  } catch (error) {
    if (error instanceof ContractValidationError)
      return jsonResult(400, { message: error.message, issues: error.issues });
    throw error;
  }
  const answer = answerIdentityCheck(request, {
    slowDelayMs: positiveIntEnv('MOCK_SLOW_DELAY_MS', DEFAULT_SLOW_DELAY_MS),
  });
  logJson('INFO', 'MockIdentityAnswered', {
    correlationId: request.correlationId,
    requestId: request.requestId,
    statusCode: answer.statusCode,
    delayMs: answer.delayMs,
  });
  if (answer.delayMs > 0) await sleep(answer.delayMs);
  return jsonResult(answer.statusCode, answer.body);
};
