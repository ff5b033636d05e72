/** Simple function (seeds/002): greets `name`; the adapter rejects a missing or empty name (the function raises). */
import type {
  NamedSimpleFunctionEvent,
  SimpleFunctionBody,
  SimpleFunctionResponse,
} from '@lambda-chain/contracts/demo-events';

export function greet(event: NamedSimpleFunctionEvent): SimpleFunctionResponse {
  const body: SimpleFunctionBody = {
    message: `Hello, ${event.name}!`,
    name: event.name,
    ...(event.from === undefined ? {} : { from: event.from }),
  };
  return { statusCode: 200, body: JSON.stringify(body) };
}
