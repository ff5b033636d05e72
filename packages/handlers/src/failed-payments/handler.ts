/** Adapter: SQS event source (ReportBatchItemFailures); each body is process-payment's failure record. */
import type { SqsBatchResponse } from '@lambda-chain/contracts/aws-events';
import { PaymentFailedRecordSchema } from '@lambda-chain/contracts/payments';
import { unwrapSqsBody } from '@lambda-chain/contracts/unwrap';
import { logJson } from '../shared/log';
import { handleSqsBatch } from '../shared/sqs-batch';
import { reportFailedPayment } from './core';

export const handler = async (event: unknown): Promise<SqsBatchResponse> =>
  handleSqsBatch(event, 'failed-payments', (message) => {
    const record = unwrapSqsBody(message.body, PaymentFailedRecordSchema);
    logJson('ERROR', 'PaymentFailed', { messageId: message.messageId, report: reportFailedPayment(record) });
  });
