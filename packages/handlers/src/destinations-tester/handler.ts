/** Adapter (seeds/003): `{ "Success": true }` → on-success destination; otherwise → on-failure destination. */
import {
  DestinationsTesterEventSchema,
  type DestinationsTesterResponse,
} from '@lambda-chain/contracts/demo-events';
import { parseWith } from '@lambda-chain/contracts/validation';
import { logJson } from '../shared/log';
import { runDestinationsTest } from './core';

export const handler = async (event: unknown): Promise<DestinationsTesterResponse> => {
  const now = new Date();
  logJson('INFO', 'EventReceived', { receivedAt: now.toISOString(), payload: event });
  const result = runDestinationsTest(
    parseWith(DestinationsTesterEventSchema, event, 'Invalid destinations-tester event'),
    now,
  );
  logJson('INFO', 'Success');
  return result;
};
