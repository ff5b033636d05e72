/** Echo (seeds/004): the three lines to log, and `key1` to return. */
import type { EchoEvent } from '@lambda-chain/contracts/demo-events';

export function echo(event: EchoEvent): { lines: string[]; result: string } {
  return {
    lines: [`value1 = ${event.key1}`, `value2 = ${event.key2}`, `value3 = ${event.key3}`],
    result: event.key1,
  };
}
