import {
  parseStackOutputs,
  parseStackOutputsFile,
  STACK_OUTPUT_NAMES,
  StackOutputsSchema,
} from '../src/stack-outputs';
import { captureValidationError, expectFieldError, fixture, fixtureText } from './helpers';

const file = () => fixture<Record<string, Record<string, string>>>('stack-outputs/outputs.json');

describe('STACK_OUTPUT_NAMES', () => {
  it('is the agreed list, and the schema has exactly those keys', () => {
    expect(STACK_OUTPUT_NAMES).toHaveLength(25);
    expect(new Set(STACK_OUTPUT_NAMES).size).toBe(25);
    expect(Object.keys(StackOutputsSchema.shape).sort()).toEqual([...STACK_OUTPUT_NAMES].sort());
  });
});

describe('parseStackOutputsFile', () => {
  it('reads the only stack of a cdktf outputs file (text or object)', () => {
    const outputs = parseStackOutputsFile(fixtureText('stack-outputs/outputs.json'));
    expect(outputs.loanOutputQueueUrl).toBe(
      'http://127.0.0.1:4566/000000000000/lambda-chain-local-loan-output',
    );
    expect(Object.keys(outputs).sort()).toEqual([...STACK_OUTPUT_NAMES].sort());
    expect(parseStackOutputsFile(file(), { stackName: 'lambda-chain-local' })).toEqual(outputs);
  });

  it('drops extra outputs', () => {
    const contents = file();
    (contents['lambda-chain-local'] as Record<string, string>).somethingElse = 'x';
    expect(parseStackOutputsFile(contents)).not.toHaveProperty('somethingElse');
  });

  it('fails loudly naming a missing output', () => {
    const contents = file();
    delete contents['lambda-chain-local']?.loanOutputQueueUrl;
    const error = expectFieldError(
      () => parseStackOutputsFile(contents, { source: 'outputs.json' }),
      'loanOutputQueueUrl',
      'missing output',
    );
    expect(error.message).toBe(
      'Invalid stack outputs for stack "lambda-chain-local" (outputs.json): loanOutputQueueUrl: missing output',
    );
  });

  it('names an output of the wrong kind', () => {
    const contents = file();
    const stack = contents['lambda-chain-local'] as Record<string, string>;
    stack.paymentsApiUrl = 'not a url';
    stack.paymentsTopicArn = 'payments';
    stack.echoRoleName = '';
    const error = captureValidationError(() => parseStackOutputsFile(contents));
    expect(error.issues.map((issue) => issue.path).sort()).toEqual([
      'echoRoleName',
      'paymentsApiUrl',
      'paymentsTopicArn',
    ]);
  });

  it('needs a stack name when the file holds several stacks, and names a missing stack', () => {
    const contents = { ...file(), other: {} };
    expectFieldError(
      () => parseStackOutputsFile(contents),
      '(root)',
      /exactly one stack.*lambda-chain-local, other/,
    );
    expectFieldError(() => parseStackOutputsFile(contents, { stackName: 'prod' }), 'prod', /stack not found/);
    expectFieldError(() => parseStackOutputsFile('[]'), '(root)');
    expectFieldError(() => parseStackOutputsFile('{oops'), '(root)', /not valid JSON/);
  });

  it('parseStackOutputs validates a bare outputs object', () => {
    const { echoDlqUrl: _missing, ...outputs } = file()['lambda-chain-local'] as Record<string, string>;
    expectFieldError(() => parseStackOutputs(outputs), 'echoDlqUrl', 'missing output');
    expect(captureValidationError(() => parseStackOutputs({})).issues).toHaveLength(25);
  });
});
