/**
 * Adapter (seeds/003): a Lambda destination invokes it with the invocation record as the event. Also
 * accepts the record wrapped in an EventBridge Lambda destination event (as a rule target). Logs one JSON
 * line and returns nothing.
 */
import { AnyInvocationRecordSchema } from '@lambda-chain/contracts/invocation-record';
import { unwrapEventBridgeDetail, unwrapLambdaPayload } from '@lambda-chain/contracts/unwrap';
import { logJson } from '../shared/log';
import { summariseRecord } from './core';

export const handler = async (event: unknown): Promise<void> => {
  const viaEventBridge = typeof event === 'object' && event !== null && 'detail-type' in event;
  const record = viaEventBridge
    ? unwrapEventBridgeDetail(event, AnyInvocationRecordSchema)
    : unwrapLambdaPayload(event, AnyInvocationRecordSchema);
  const summary = summariseRecord(record);
  logJson(summary.condition === 'Success' ? 'INFO' : 'ERROR', 'InvocationRecord', {
    via: viaEventBridge ? 'eventbridge' : 'lambda',
    ...summary,
    record,
  });
};
