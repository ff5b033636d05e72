/**
 * An SQS event source handler with ReportBatchItemFailures: each record is handled on its own; a record
 * that fails is logged and reported in `batchItemFailures` (SQS redelivers only those), the others are
 * deleted. A malformed event (no `Records` array) throws: the whole batch is retried.
 */
import type { SqsBatchResponse, SqsRecord } from '@lambda-chain/contracts/aws-events';
import { SqsRecordSchema } from '@lambda-chain/contracts/aws-events';
import { parseWith } from '@lambda-chain/contracts/validation';
import { describeError, logJson } from './log';

export async function handleSqsBatch(
  event: unknown,
  fn: string,
  handleRecord: (record: SqsRecord) => Promise<void> | void,
): Promise<SqsBatchResponse> {
  const records = (event as { Records?: unknown } | null)?.Records;
  if (!Array.isArray(records)) {
    throw new Error(`Invalid ${fn} event: Records: required (expected an SQS event)`);
  }
  const batchItemFailures: SqsBatchResponse['batchItemFailures'] = [];
  for (const [index, raw] of records.entries()) {
    const messageId = (raw as { messageId?: unknown } | null)?.messageId;
    try {
      const record = parseWith(SqsRecordSchema, raw, `Invalid SQS record Records[${index}]`);
      await handleRecord(record);
    } catch (error) {
      logJson('ERROR', 'RecordFailed', { function: fn, messageId, ...describeError(error) });
      if (typeof messageId !== 'string' || messageId === '') throw error; // cannot report it: fail the batch
      batchItemFailures.push({ itemIdentifier: messageId });
    }
  }
  return { batchItemFailures };
}
