import { z } from 'zod';
import {
  ContractValidationError,
  discriminator,
  formatFieldIssues,
  formatPath,
  MAX_ISSUES_IN_MESSAGE,
  parseJson,
  parseWith,
} from '../src/validation';
import { captureValidationError, expectFieldError } from './helpers';

describe('formatPath', () => {
  it('joins keys with dots and indices in brackets', () => {
    expect(formatPath(['Records', 0, 'Sns', 'Message'])).toBe('Records[0].Sns.Message');
    expect(formatPath([])).toBe('(root)');
    expect(formatPath([0, 'a'])).toBe('[0].a');
  });
});

describe('parseWith', () => {
  const schema = z.object({ a: z.object({ b: z.array(z.string()) }), n: z.number().int() });

  it('returns the parsed value', () => {
    expect(parseWith(schema, { a: { b: ['x'] }, n: 1 }, 'Invalid thing')).toEqual({ a: { b: ['x'] }, n: 1 });
  });

  it('throws one error naming every failing field path', () => {
    const error = captureValidationError(() =>
      parseWith(schema, { a: { b: ['x', 2] }, n: 1.5 }, 'Invalid thing'),
    );
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ContractValidationError');
    expect(error.label).toBe('Invalid thing');
    expect(error.issues.map((issue) => issue.path)).toEqual(['a.b[1]', 'n']);
    expect(error.message).toMatch(/^Invalid thing: a\.b\[1\]: .*string.*; n: .*int/);
  });

  it('says "required" for a missing field', () => {
    expectFieldError(
      () => parseWith(schema, { n: 1 }, 'Invalid thing'),
      'a',
      /^required \(expected object\)$/,
    );
  });

  it('names each unrecognized key of a strict object', () => {
    const strict = z.strictObject({ a: z.string() });
    expectFieldError(() => parseWith(strict, { a: 'x', typo: 1 }, 'Invalid'), 'typo', 'unrecognized key');
  });

  it('reports the matching branch of a union whose branches are told apart by a literal', () => {
    const guarded = (kind: string, shape: z.ZodRawShape) =>
      z.looseObject({ kind: discriminator([kind]) }).pipe(z.object({ kind: z.literal(kind), ...shape }));
    const union = z.union([guarded('a', { x: z.string() }), guarded('b', { y: z.number() })]);
    expectFieldError(() => parseWith(union, { kind: 'b', y: 'nope' }, 'Invalid'), 'y', /number/);
    expectFieldError(() => parseWith(union, { kind: 'a', x: 1 }, 'Invalid'), 'x', /string/);
    expectFieldError(
      () => parseWith(union, { kind: 'c' }, 'Invalid'),
      'kind',
      'expected one of "a" | "b", received "c"',
    );
  });

  it('lists the options of a discriminated union that matched none', () => {
    const union = z.discriminatedUnion('t', [
      z.object({ t: z.literal('x') }),
      z.object({ t: z.literal('y') }),
    ]);
    expectFieldError(() => parseWith(union, { t: 'z' }, 'Invalid'), 't', /expected one of "x" \| "y"/);
  });

  it(`caps the message at ${MAX_ISSUES_IN_MESSAGE} issues but keeps them all`, () => {
    const wide = z.object(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, z.string()])));
    const error = captureValidationError(() => parseWith(wide, {}, 'Invalid'));
    expect(error.issues).toHaveLength(12);
    expect(error.message).toContain('(+4 more)');
    expect(error.message).not.toContain('k8:');
  });
});

describe('parseJson', () => {
  it('parses JSON', () => {
    expect(parseJson('{"a":1}', 'Invalid body')).toEqual({ a: 1 });
  });

  it('throws a labelled error for invalid JSON', () => {
    expectFieldError(() => parseJson('{nope', 'Invalid body'), '(root)', /^not valid JSON/);
  });
});

describe('formatFieldIssues', () => {
  it('formats issues as "path: message"', () => {
    expect(formatFieldIssues([{ path: 'a.b', message: 'bad' }])).toBe('a.b: bad');
    expect(new ContractValidationError('L', [{ path: 'x', message: 'y' }]).message).toBe('L: x: y');
  });
});
