/** Adapter (seeds/004): logs `value1 = …` to `value3 = …` (one JSON line each) and returns `key1`. */
import { EchoEventSchema } from '@lambda-chain/contracts/demo-events';
import { parseWith } from '@lambda-chain/contracts/validation';
import { logJson } from '../shared/log';
import { echo } from './core';

export const handler = async (event: unknown): Promise<string> => {
  const { lines, result } = echo(parseWith(EchoEventSchema, event, 'Invalid echo event'));
  for (const message of lines) logJson('INFO', 'Echo', { message });
  return result;
};
