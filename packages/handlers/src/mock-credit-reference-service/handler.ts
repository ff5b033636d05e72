/** Adapter: function URL (payload 2.0) → {@link answerCreditReference}; FLAKY memory lives per warm environment. */
import { CreditReferenceRequestSchema } from '@lambda-chain/contracts/loan';
import { ContractValidationError, parseJson, parseWith } from '@lambda-chain/contracts/validation';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { type FunctionUrlResult, jsonResult, requestBody, requestMethod } from '../shared/function-url';
import { logJson } from '../shared/log';
import { answerCreditReference, SeenCorrelationIds } from './core';

/** Module scope: survives between invocations of one warm execution environment, and no longer. */
const seen = new SeenCorrelationIds();

export const handler = async (event: LambdaFunctionURLEvent): Promise<FunctionUrlResult> => {
  if (requestMethod(event) !== 'POST') return jsonResult(405, { message: 'Use POST' });
  let request: ReturnType<typeof CreditReferenceRequestSchema.parse>;
  try {
    request = parseWith(
      CreditReferenceRequestSchema,
      parseJson(requestBody(event), 'Invalid request body'),
      'Invalid credit reference request',
    );
  } catch (error) {
    if (error instanceof ContractValidationError)
      return jsonResult(400, { message: error.message, issues: error.issues });
    throw error;
  }
  const answer = answerCreditReference(request, seen);
  logJson('INFO', 'MockCreditReferenceAnswered', {
    correlationId: request.correlationId,
    requestId: request.requestId,
    statusCode: answer.statusCode,
  });
  return jsonResult(answer.statusCode, answer.body);
};
