/**
 * The stack outputs the integration tests read, by fixed name (the infra team declares exactly these),
 * and a parser for the file `cdktf output --outputs-file <file>` writes: `{ "<stack>": { "<name>": value } }`.
 * Integration tests find resources ONLY through these outputs.
 */
import * as z from 'zod/mini';
import { ContractValidationError, type FieldIssue, parseJson, zodIssuesToFieldIssues } from './validation.js';

export const STACK_OUTPUT_NAMES = [
  // 1. loan processor
  'loanInputFunctionName',
  'loanInputFunctionArn',
  'loanOutputQueueUrl',
  'loanFailureQueueUrl',
  'identityServiceUrl',
  'creditReferenceServiceUrl',
  // 2. payments
  'paymentsTopicArn',
  'paymentsApiUrl',
  'processPaymentFunctionName',
  'notifyCustomerFunctionName',
  'failedPaymentsFunctionName',
  'notifyCustomerQueueUrl',
  'failedPaymentsQueueUrl',
  // 3. simple function + DLQ
  'simpleFunctionName',
  'simpleDlqUrl',
  // 4. destinations tester (SNS/Lambda, and the EventBridge variant)
  'destinationsTesterFunctionName',
  'destinationsSuccessTopicArn',
  'destinationsSuccessTapQueueUrl',
  'failureLoggerFunctionName',
  'destinationsTesterEventBridgeFunctionName',
  'destinationsBusName',
  'destinationsEventTapQueueUrl',
  // 5. echo + retries + DLQ
  'echoFunctionName',
  'echoDlqUrl',
  'echoRoleName',
] as const;
export type StackOutputName = (typeof STACK_OUTPUT_NAMES)[number];

const urlOutput = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const arnOutput = z.string().check(z.regex(/^arn:aws[a-zA-Z-]*:[a-z0-9-]+:/, { error: 'must be an ARN' }));
const nameOutput = z.string().check(z.minLength(1, { error: 'must not be empty' }));

/** `…Url` → URL, `…Arn` → ARN, anything else (names) → non-empty string. */
function outputSchemaFor(name: StackOutputName): z.ZodMiniType<string> {
  if (name.endsWith('Url')) return urlOutput;
  if (name.endsWith('Arn')) return arnOutput;
  return nameOutput;
}

const shape = Object.fromEntries(STACK_OUTPUT_NAMES.map((name) => [name, outputSchemaFor(name)])) as {
  [K in StackOutputName]: z.ZodMiniType<string>;
};

/** All outputs, by name. Extra outputs are allowed (and dropped). */
export const StackOutputsSchema = z.object(shape);
export type StackOutputs = z.infer<typeof StackOutputsSchema>;

export interface ParseStackOutputsOptions {
  /** Which stack of the file to read; may be omitted when the file holds exactly one stack. */
  stackName?: string;
  /** Where the outputs came from (a file path), for error messages. */
  source?: string;
}

/**
 * Parses the `cdktf output --outputs-file` JSON (text or already parsed) and validates one stack's outputs.
 * Fails loudly, naming every missing or invalid output, e.g.
 * `Invalid stack outputs for stack "lambda-chain-local" (outputs.json): loanOutputQueueUrl: missing output`.
 */
export function parseStackOutputsFile(
  contents: unknown,
  options: ParseStackOutputsOptions = {},
): StackOutputs {
  const where = options.source ? ` (${options.source})` : '';
  const file =
    typeof contents === 'string' ? parseJson(contents, `Invalid stack outputs file${where}`) : contents;
  if (typeof file !== 'object' || file === null || Array.isArray(file)) {
    throw new ContractValidationError(`Invalid stack outputs file${where}`, [
      {
        path: '(root)',
        message: 'expected an object of stacks: { "<stackName>": { "<outputName>": value } }',
      },
    ]);
  }
  const stacks = Object.keys(file);
  let stackName = options.stackName;
  if (stackName === undefined) {
    if (stacks.length !== 1) {
      throw new ContractValidationError(`Invalid stack outputs file${where}`, [
        {
          path: '(root)',
          message: `expected exactly one stack when no stack name is given, found ${stacks.length} (${stacks.join(', ') || 'none'})`,
        },
      ]);
    }
    stackName = stacks[0] as string;
  }
  if (!Object.hasOwn(file, stackName)) {
    throw new ContractValidationError(`Invalid stack outputs file${where}`, [
      { path: stackName, message: `stack not found (stacks in the file: ${stacks.join(', ') || 'none'})` },
    ]);
  }
  return parseStackOutputs((file as Record<string, unknown>)[stackName], `stack "${stackName}"${where}`);
}

/** Validates one stack's outputs object (`{ "<outputName>": value }`). */
export function parseStackOutputs(outputs: unknown, what = 'stack'): StackOutputs {
  const result = z.safeParse(StackOutputsSchema, outputs, { reportInput: true });
  if (result.success) return result.data;
  const issues: FieldIssue[] = zodIssuesToFieldIssues(result.error.issues).map((issue) =>
    issue.message.startsWith('required') ? { path: issue.path, message: 'missing output' } : issue,
  );
  throw new ContractValidationError(`Invalid stack outputs for ${what}`, issues);
}
