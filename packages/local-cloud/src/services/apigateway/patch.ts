import { AwsError } from '../../core/errors';
import type { PatchOperation } from './types';

/**
 * API Gateway's Update* operations take JSON-Patch-like `patchOperations` (`op` add/remove/replace, `path` a
 * JSON pointer with `~1` for `/` and `~0` for `~`, `value` always a string). Each entity declares the paths it
 * accepts; anything else is refused with AWS's BadRequestException instead of being silently ignored.
 */
export const badRequest = (message: string): AwsError => new AwsError('BadRequestException', message, 400);

/** Splits `/requestTemplates/application~1json` into `['requestTemplates', 'application/json']`. */
export function pointerSegments(path: string): string[] {
  if (!path.startsWith('/')) throw badRequest(`Invalid patch path '${path}' specified`);
  return path
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function checkOp(op: PatchOperation, allowed: readonly string[]): void {
  if (!['add', 'remove', 'replace', 'move', 'copy', 'test'].includes(op.op)) {
    throw badRequest(`Invalid patch operation specified. Must be one of: [add, remove, replace, move, copy]`);
  }
  if (!allowed.includes(op.op)) {
    throw badRequest(`Invalid patch operation specified. Must be one of: [${allowed.join(', ')}]`);
  }
}

export function requireValue(op: PatchOperation): string {
  if (op.value === undefined || op.value === null) {
    throw badRequest(`Invalid null or empty value in patch operation for path ${op.path}`);
  }
  return op.value;
}

export function parseBoolean(op: PatchOperation): boolean {
  const value = requireValue(op);
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw badRequest(`Invalid boolean value '${value}' for path ${op.path}`);
}

export function parseInteger(op: PatchOperation, min: number, max: number): number {
  const value = requireValue(op);
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw badRequest(
      `Invalid value '${value}' for path ${op.path}: must be an integer between ${min} and ${max}`,
    );
  }
  return n;
}

/** add/replace/remove of one key of a string map (`/requestTemplates/<key>`). */
export function patchStringMap(
  map: Record<string, string> | undefined,
  op: PatchOperation,
  key: string,
): Record<string, string> | undefined {
  const out = { ...(map ?? {}) };
  if (op.op === 'remove') {
    if (!(key in out)) throw badRequest(`Invalid patch path ${op.path}: no such key`);
    delete out[key];
  } else {
    out[key] = op.value ?? '';
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** add/replace/remove of one key of a boolean map (`/requestParameters/method.request.header.x`). */
export function patchBooleanMap(
  map: Record<string, boolean> | undefined,
  op: PatchOperation,
  key: string,
): Record<string, boolean> | undefined {
  const out = { ...(map ?? {}) };
  if (op.op === 'remove') {
    if (!(key in out)) throw badRequest(`Invalid patch path ${op.path}: no such key`);
    delete out[key];
  } else {
    const value = op.value ?? 'false';
    if (value !== 'true' && value !== 'false') {
      throw badRequest(`Invalid boolean value '${value}' for path ${op.path}`);
    }
    out[key] = value === 'true';
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** add/remove of a member of a string list (`/binaryMediaTypes/image~1png`). */
export function patchStringList(list: string[], op: PatchOperation, member: string | undefined): string[] {
  const item = member && member !== '' ? member : op.value;
  if (!item) throw badRequest(`Invalid patch path ${op.path}`);
  if (op.op === 'remove') return list.filter((existing) => existing !== item);
  if (op.op === 'replace') {
    if (!op.value) throw badRequest(`Invalid null or empty value in patch operation for path ${op.path}`);
    return list.map((existing) => (existing === member ? (op.value as string) : existing));
  }
  return list.includes(item) ? list : [...list, item];
}

export function unsupportedPath(op: PatchOperation): AwsError {
  return badRequest(
    `Invalid patch path '${op.path}' specified for op '${op.op}'. Must be one of the supported paths`,
  );
}

export function readPatchOperations(input: unknown): PatchOperation[] {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input)) throw badRequest('patchOperations must be a list');
  return input.map((raw, index) => {
    if (typeof raw !== 'object' || raw === null)
      throw badRequest(`patchOperations[${index}] must be an object`);
    const { op, path, value, from } = raw as Record<string, unknown>;
    if (typeof op !== 'string' || typeof path !== 'string') {
      throw badRequest(`patchOperations[${index}] needs an op and a path`);
    }
    return {
      op,
      path,
      ...(typeof value === 'string' ? { value } : {}),
      ...(typeof from === 'string' ? { from } : {}),
    };
  });
}
