import { AwsError } from '../../../core/errors';

import { constraintError } from '../http';

// The restJson1 helpers are shared with the control plane; the async half adds its own readers below.
export { constraintError, jsonBody } from '../http';

/** An optional integer member within [min, max], with AWS's validation messages. */
export function optionalInteger(
  input: Record<string, unknown>,
  key: string,
  member: string,
  min: number,
  max: number,
): number | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new AwsError('InvalidParameterValueException', `${key} must be an integer.`, 400);
  }
  if (value < min)
    throw constraintError(value, member, `Member must have value greater than or equal to ${min}`);
  if (value > max)
    throw constraintError(value, member, `Member must have value less than or equal to ${max}`);
  return value;
}

export function optionalString(input: Record<string, unknown>, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new AwsError('InvalidParameterValueException', `${key} must be a string.`, 400);
  }
  return value;
}

export function optionalObject(
  input: Record<string, unknown>,
  key: string,
): Record<string, unknown> | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new AwsError('InvalidParameterValueException', `${key} must be an object.`, 400);
  }
  return value as Record<string, unknown>;
}

export const epochSeconds = (wallMs: number): number => Math.round(wallMs) / 1000;
