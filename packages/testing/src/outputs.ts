import { readFileSync } from 'node:fs';
import {
  parseStackOutputsFile,
  STACK_OUTPUT_NAMES,
  type StackOutputName,
  type StackOutputs,
} from '@lambda-chain/contracts/stack-outputs';
import { ContractValidationError } from '@lambda-chain/contracts/validation';

/**
 * The deployed stack's outputs, validated with the contract (`parseStackOutputsFile`). The tests find
 * resources ONLY through these.
 *
 * A file where some outputs are merely MISSING (e.g. `paymentsApiUrl` before the API Gateway lands) is
 * accepted: `get(name)` then throws for that name only, naming the file, the stack and every missing
 * output, so the one scenario that needs it fails loudly and the others still run. An output that is
 * present but invalid (not a URL, not an ARN, empty) fails the whole load.
 */
export class LoadedStackOutputs {
  constructor(
    readonly source: string,
    readonly stack: string,
    private readonly values: Partial<StackOutputs>,
    readonly missing: readonly StackOutputName[],
  ) {}

  /** The output's value; throws a clear error when the stack does not declare it. */
  get(name: StackOutputName): string {
    const value = this.values[name];
    if (value === undefined) {
      throw new Error(
        `stack output "${name}" is missing from ${this.source} (stack "${this.stack}"); ` +
          `missing outputs: ${this.missing.join(', ')}. The stack must declare every output of ` +
          '@lambda-chain/contracts/stack-outputs (STACK_OUTPUT_NAMES).',
      );
    }
    return value;
  }

  has(name: StackOutputName): boolean {
    return this.values[name] !== undefined;
  }

  /** Every output, when none is missing (throws otherwise, like `get`). */
  all(): StackOutputs {
    const [first] = this.missing;
    if (first !== undefined) this.get(first);
    return this.values as StackOutputs;
  }
}

function isMissingOutputIssue(issue: { message: string }): boolean {
  return issue.message === 'missing output';
}

/** Parses an outputs file's text (`{ "<stack>": { "<outputName>": value } }`) for one stack. */
export function parseOutputs(text: string, stack: string, source: string): LoadedStackOutputs {
  try {
    const outputs = parseStackOutputsFile(text, { stackName: stack, source });
    return new LoadedStackOutputs(source, stack, outputs, []);
  } catch (error) {
    if (!(error instanceof ContractValidationError)) throw error;
    if (error.issues.length === 0 || !error.issues.every(isMissingOutputIssue)) throw error;
    // Only missing outputs: every present one passed validation (the contract reports all issues at once).
    const raw = (JSON.parse(text) as Record<string, Record<string, unknown>>)[stack] ?? {};
    const missing = STACK_OUTPUT_NAMES.filter((name) => raw[name] === undefined);
    const values: Partial<StackOutputs> = {};
    for (const name of STACK_OUTPUT_NAMES) {
      const value = raw[name];
      if (typeof value === 'string') values[name] = value;
    }
    return new LoadedStackOutputs(source, stack, values, missing);
  }
}

export function loadOutputs(file: string, stack: string): LoadedStackOutputs {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the stack outputs file ${file}: ${(error as Error).message}`);
  }
  return parseOutputs(text, stack, file);
}
