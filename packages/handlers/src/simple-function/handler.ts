/** Adapter (seeds/002): raises when `name` is missing or empty, naming the field; the DLQ gets the event. */
import {
  NamedSimpleFunctionEventSchema,
  type SimpleFunctionResponse,
} from '@lambda-chain/contracts/demo-events';
import { parseWith } from '@lambda-chain/contracts/validation';
import { logJson } from '../shared/log';
import { greet } from './core';

export const handler = async (event: unknown): Promise<SimpleFunctionResponse> => {
  logJson('INFO', 'EventReceived', { payload: event });
  return greet(parseWith(NamedSimpleFunctionEventSchema, event, 'Invalid simple-function event'));
};
