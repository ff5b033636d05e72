import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContractValidationError } from '../src/validation';

export const fixturesDir = join(__dirname, 'fixtures');

/** A fixture file's exact text (e.g. an SQS body). */
export function fixtureText(relativePath: string): string {
  return readFileSync(join(fixturesDir, relativePath), 'utf8');
}

/** A fixture file, parsed; a fresh copy each call so tests may mutate it (hence `any` by default). */
// biome-ignore lint/suspicious/noExplicitAny: fixtures are arbitrary JSON that tests reshape on purpose
export function fixture<T = any>(relativePath: string): T {
  return JSON.parse(fixtureText(relativePath)) as T;
}

/** Runs `fn`, expects a ContractValidationError, and returns it. */
export function captureValidationError(fn: () => unknown): ContractValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ContractValidationError) return error;
    throw error;
  }
  throw new Error('expected a ContractValidationError, but nothing was thrown');
}

/** Expects a ContractValidationError whose message names `path` (as `path: ...`). */
export function expectFieldError(
  fn: () => unknown,
  path: string,
  message?: string | RegExp,
): ContractValidationError {
  const error = captureValidationError(fn);
  const issue = error.issues.find((candidate) => candidate.path === path);
  if (!issue) {
    throw new Error(`expected an issue at "${path}", got: ${error.message}`);
  }
  expect(error.message).toContain(`${path}: `);
  if (message !== undefined) expect(issue.message).toMatch(message);
  return error;
}
