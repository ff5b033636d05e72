/** Failure logger (seeds/003): summarises an invocation record into one log line. */
import type { InvocationRecord } from '@lambda-chain/contracts/invocation-record';

export interface InvocationRecordSummary {
  condition: InvocationRecord['requestContext']['condition'];
  requestId: string;
  functionArn: string;
  approximateInvokeCount: number;
  errorType: string | null;
  errorMessage: string | null;
  requestPayload: unknown;
}

export function summariseRecord(record: InvocationRecord): InvocationRecordSummary {
  const failed = record.requestContext.condition !== 'Success';
  const error = failed
    ? (record.responsePayload as { errorType?: string; errorMessage?: string } | undefined)
    : undefined;
  return {
    condition: record.requestContext.condition,
    requestId: record.requestContext.requestId,
    functionArn: record.requestContext.functionArn,
    approximateInvokeCount: record.requestContext.approximateInvokeCount,
    errorType: error?.errorType ?? null,
    errorMessage: error?.errorMessage ?? null,
    requestPayload: record.requestPayload,
  };
}
