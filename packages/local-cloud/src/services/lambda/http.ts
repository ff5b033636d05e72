import { AwsError } from '../../core/errors';
import type { RestRequest } from '../../core/service';

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

export const invalid = (message: string): AwsError =>
  new AwsError('InvalidParameterValueException', message, 400);

/** Refusal of a setting local-cloud does not emulate (never stored and ignored). */
export const unsupported = (what: string): AwsError =>
  new AwsError('InvalidParameterValueException', `local-cloud does not support ${what}`, 400);

export class Reader {
  constructor(readonly input: Record<string, unknown>) {}

  has(key: string): boolean {
    return this.input[key] !== undefined && this.input[key] !== null;
  }

  string(key: string, member = lowerFirst(key)): string | undefined {
    const value = this.input[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw constraintError(value, member, 'Member must be a string');
    return value;
  }

  integer(
    key: string,
    member = lowerFirst(key),
    range: { min?: number; max?: number } = {},
  ): number | undefined {
    const value = this.input[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw constraintError(value, member, 'Member must be an integer');
    }
    if (range.min !== undefined && value < range.min) {
      throw constraintError(value, member, `Member must have value greater than or equal to ${range.min}`);
    }
    if (range.max !== undefined && value > range.max) {
      throw constraintError(value, member, `Member must have value less than or equal to ${range.max}`);
    }
    return value;
  }

  boolean(key: string): boolean | undefined {
    const value = this.input[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw constraintError(value, lowerFirst(key), 'Member must be a boolean');
    return value;
  }

  object(key: string): Record<string, unknown> | undefined {
    const value = this.input[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw constraintError(value, lowerFirst(key), 'Member must be an object');
    }
    return value as Record<string, unknown>;
  }

  stringMap(key: string, member = lowerFirst(key)): Record<string, string> | undefined {
    const value = this.object(key);
    if (!value) return undefined;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(value)) {
      if (typeof v !== 'string') throw constraintError(v, `${member}.${k}`, 'Member must be a string');
      out[k] = v;
    }
    return out;
  }

  stringArray(key: string): string[] | undefined {
    const value = this.input[key];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      throw constraintError(value, lowerFirst(key), 'Member must be a list of strings');
    }
    return value as string[];
  }
}

const lowerFirst = (key: string): string => key.charAt(0).toLowerCase() + key.slice(1);

/** Pagination over a sorted list with an opaque marker (the index of the next item). */
export function paginate<T>(
  items: T[],
  marker: string | null,
  maxItems: string | null,
  defaultMax = 50,
): { page: T[]; nextMarker: string | undefined } {
  let start = 0;
  if (marker) {
    const decoded = Number(Buffer.from(marker, 'base64').toString('utf8'));
    if (!Number.isInteger(decoded) || decoded < 0) throw invalid('Invalid marker');
    start = decoded;
  }
  let max = defaultMax;
  if (maxItems !== null && maxItems !== '') {
    max = Number(maxItems);
    if (!Number.isInteger(max) || max < 1 || max > 10_000) {
      throw constraintError(maxItems, 'maxItems', 'Member must have value between 1 and 10000');
    }
  }
  const page = items.slice(start, start + max);
  const next = start + max < items.length ? Buffer.from(String(start + max)).toString('base64') : undefined;
  return { page, nextMarker: next };
}
