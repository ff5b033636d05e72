/** Adapter: SQS event source (ReportBatchItemFailures); each body is process-payment's Success record. */
import type { SqsBatchResponse } from '@lambda-chain/contracts/aws-events';
import { PaymentProcessedRecordSchema } from '@lambda-chain/contracts/payments';
import { unwrapSqsBody } from '@lambda-chain/contracts/unwrap';
import { logJson } from '../shared/log';
import { handleSqsBatch } from '../shared/sqs-batch';
import { buildNotification } from './core';

export const handler = async (event: unknown): Promise<SqsBatchResponse> =>
  handleSqsBatch(event, 'notify-customer', (message) => {
    const record = unwrapSqsBody(message.body, PaymentProcessedRecordSchema);
    const notification = buildNotification(record.responsePayload);
    logJson('INFO', 'CustomerNotified', {
      messageId: message.messageId,
      invocationRequestId: record.requestContext.requestId,
      notification,
    });
  });
