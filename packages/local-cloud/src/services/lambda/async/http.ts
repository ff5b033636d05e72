import { AwsError } from '../../../core/errors';
import type { RestRequest } from '../../../core/service';

/** Decodes a restJson1 request body (an empty body is `{}`). */
export function jsonBody(request: RestRequest): Record<string, unknown> {
  if (request.body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body.toString('utf8'));
  } catch {
    throw new AwsError('InvalidRequestContentException', 'Could not parse request body into json', 400);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AwsError('InvalidRequestContentException', 'Could not parse request body into json', 400);
  }
  return parsed as Record<string, unknown>;
}

/** AWS's model-constraint message: `1 validation error detected: Value '…' at '…' failed to satisfy constraint: …`. */
export function constraintError(value: unknown, member: string, constraint: string): AwsError {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return new AwsError(
    'ValidationException',
    `1 validation error detected: Value '${shown}' at '${member}' failed to satisfy constraint: ${constraint}`,
    400,
  );
}

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
