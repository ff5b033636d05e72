/**
 * The deterministic rules of the mock services and of process-payment, for tests and demos
 * (`@lambda-chain/handlers/triggers`). Each rule lives in its function's core; this only gathers them.
 */
import { CREDIT_REFERENCE_TRIGGERS } from './mock-credit-reference-service/core';
import { DEFAULT_SLOW_DELAY_MS, IDENTITY_TRIGGERS } from './mock-identity-service/core';
import { PAYMENT_RULES } from './process-payment/core';

export const MOCK_TRIGGERS = {
  /** Matched on `lastName` (case-insensitive prefix). */
  identity: IDENTITY_TRIGGERS,
  /** Matched on `postcode` (case-insensitive prefix). */
  creditReference: CREDIT_REFERENCE_TRIGGERS,
} as const;

export { DEFAULT_SLOW_DELAY_MS, PAYMENT_RULES };
