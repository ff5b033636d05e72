/**
 * Validation helpers shared by every contract: parse with a zod schema (zod/mini or classic zod: both are
 * zod 4 core schemas) and, on failure, throw one Error
 * whose message names each failing field as `field.path: message`, so that a bad event that ends up in a
 * failure destination or a DLQ carries the reason in `errorMessage`.
 */
import * as z from 'zod/mini';

/** One failing field: `path` is `a.b[0].c` (or `(root)`), `message` is what is wrong with it. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** At most this many issues are put in an error message (Lambda keeps only the first 1 KB in a DLQ). */
export const MAX_ISSUES_IN_MESSAGE = 8;

/** Thrown by {@link parseWith}: `message` is `<label>: <path>: <message>; ...`; `issues` has them all. */
export class ContractValidationError extends Error {
  override readonly name = 'ContractValidationError';
  readonly label: string;
  readonly issues: readonly FieldIssue[];

  constructor(label: string, issues: readonly FieldIssue[]) {
    super(`${label}: ${formatFieldIssues(issues)}`);
    this.label = label;
    this.issues = issues;
  }
}

/** `['a', 'b', 0, 'c']` → `a.b[0].c`; an empty path → `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? '(root)' : out;
}

/** `path: message; path: message` (at most {@link MAX_ISSUES_IN_MESSAGE}, then `(+n more)`). */
export function formatFieldIssues(issues: readonly FieldIssue[]): string {
  const shown = issues.slice(0, MAX_ISSUES_IN_MESSAGE).map((issue) => `${issue.path}: ${issue.message}`);
  const more =
    issues.length > MAX_ISSUES_IN_MESSAGE ? ` (+${issues.length - MAX_ISSUES_IN_MESSAGE} more)` : '';
  return `${shown.join('; ')}${more}`;
}

type Issue = z.core.$ZodIssue;

function describeValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

type Primitive = string | number | boolean | null;

/**
 * A union discriminator that is not at the top level (e.g. `requestContext.condition`): accepts one of
 * `values`, and marks its issue so that, in a union of `guard.pipe(variant)` options, the formatter
 * reports the issues of the option whose discriminator matched instead of zod's bare "Invalid input".
 */
export function discriminator<const V extends readonly [Primitive, ...Primitive[]]>(values: V) {
  const expected = values.map(describeValue).join(' | ');
  return z.unknown().check(
    z.refine((value) => (values as readonly unknown[]).includes(value), {
      abort: true,
      params: { discriminator: true, values },
      error: (issue) => `expected one of ${expected}, received ${describeValue(issue.input)}`,
    }),
  );
}

function discriminatorValues(issue: Issue | undefined): readonly Primitive[] | undefined {
  if (issue?.code !== 'custom') return undefined;
  const params = issue.params as { discriminator?: unknown; values?: readonly Primitive[] } | undefined;
  return params?.discriminator === true ? params.values : undefined;
}

/** A union option rejected by its discriminator alone is not "the" option. */
function isDiscriminatorMiss(branch: readonly Issue[]): boolean {
  return branch.length > 0 && branch.every((issue) => discriminatorValues(issue) !== undefined);
}

function toFieldIssues(issue: Issue, basePath: readonly PropertyKey[]): FieldIssue[] {
  const path = [...basePath, ...issue.path];
  if (issue.code === 'invalid_union') {
    const branches = issue.errors.filter((branch) => branch.length > 0);
    const candidates = branches.filter((branch) => !isDiscriminatorMiss(branch));
    if (candidates.length > 0) {
      // The branch whose discriminator matched (or, failing that, the closest one) explains the failure.
      const best = candidates.reduce((a, b) => (b.length < a.length ? b : a));
      return best.flatMap((inner) => toFieldIssues(inner, path));
    }
    const first = branches[0]?.[0];
    if (first && branches.every(isDiscriminatorMiss)) {
      // Every option rejected its discriminator: report the accepted values once.
      const values = branches.flatMap((branch) =>
        branch.flatMap((inner) => discriminatorValues(inner) ?? []),
      );
      return [
        {
          path: formatPath([...path, ...first.path]),
          message: `expected one of ${[...new Set(values)].map(describeValue).join(' | ')}, received ${describeValue(first.input)}`,
        },
      ];
    }
    if ('options' in issue && issue.options && issue.options.length > 0) {
      // A discriminated union that matched no option: `input` is the object, show its discriminator.
      const input = issue.input as Record<string, unknown> | undefined;
      const received =
        issue.discriminator && typeof input === 'object' && input !== null
          ? describeValue(input[issue.discriminator])
          : 'another value';
      return [
        {
          path: formatPath(path),
          message: `expected one of ${issue.options.map(describeValue).join(' | ')}, received ${received}`,
        },
      ];
    }
  }
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: formatPath([...path, key]), message: 'unrecognized key' }));
  }
  if (issue.code === 'invalid_type' && issue.input === undefined && issue.expected !== 'undefined') {
    const expected = issue.expected === 'nonoptional' ? 'a value' : issue.expected;
    return [{ path: formatPath(path), message: `required (expected ${expected})` }];
  }
  return [{ path: formatPath(path), message: issue.message }];
}

/** Flattens zod issues (unions included) into `{ path, message }` pairs. */
export function zodIssuesToFieldIssues(issues: readonly Issue[]): FieldIssue[] {
  return issues.flatMap((issue) => toFieldIssues(issue, []));
}

/** Formats a zod error as `field.path: message; ...`. */
export function formatZodError(error: z.core.$ZodError): string {
  return formatFieldIssues(zodIssuesToFieldIssues(error.issues));
}

/**
 * Parses `input` with `schema`; throws a {@link ContractValidationError} labelled `label`
 * (e.g. `Invalid loan processor input`) that names every failing field.
 */
export function parseWith<S extends z.core.$ZodType>(schema: S, input: unknown, label: string): z.output<S> {
  const result = z.safeParse(schema, input, { reportInput: true });
  if (result.success) return result.data;
  throw new ContractValidationError(label, zodIssuesToFieldIssues(result.error.issues));
}

/** `JSON.parse` that throws a labelled error (`<label>: (root): not valid JSON (...)`) instead of a bare SyntaxError. */
export function parseJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ContractValidationError(label, [{ path: '(root)', message: `not valid JSON (${reason})` }]);
  }
}
