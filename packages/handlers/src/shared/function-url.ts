/** Lambda function URL (payload format 2.0) in and out, for the mock services. */
import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';

export interface JsonResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export function jsonResult(statusCode: number, body: unknown): JsonResult {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** The request body as text (function URLs base64-encode binary bodies). */
export function requestBody(event: LambdaFunctionURLEvent): string {
  const body = event.body ?? '';
  return event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
}

export function requestMethod(event: LambdaFunctionURLEvent): string {
  return event.requestContext?.http?.method ?? 'POST';
}

export type FunctionUrlResult = LambdaFunctionURLResult & JsonResult;
