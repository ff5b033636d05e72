/**
 * Destinations tester (seeds/003): `{ "Success": true }` returns a small JSON blob (→ on-success
 * destination); `{ "Success": false }` throws the seed's error (→ on-failure destination).
 */
import {
  DESTINATIONS_TESTER_FAILURE_MESSAGE,
  type DestinationsTesterEvent,
  type DestinationsTesterResponse,
} from '@lambda-chain/contracts/demo-events';

export function runDestinationsTest(event: DestinationsTesterEvent, now: Date): DestinationsTesterResponse {
  if (event.Success !== true) throw new Error(DESTINATIONS_TESTER_FAILURE_MESSAGE);
  return { status: 'Success', message: 'Destinations tester succeeded', receivedAt: now.toISOString() };
}
