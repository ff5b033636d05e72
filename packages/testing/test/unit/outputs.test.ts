import { STACK_OUTPUT_NAMES } from '@lambda-chain/contracts/stack-outputs';
import { parseOutputs } from '../../src/outputs';

function outputsFile(omit: readonly string[] = [], override: Record<string, string> = {}): string {
  const values: Record<string, string> = {};
  for (const name of STACK_OUTPUT_NAMES) {
    if (omit.includes(name)) continue;
    values[name] = name.endsWith('Url')
      ? `http://127.0.0.1:4580/${name}`
      : name.endsWith('Arn')
        ? `arn:aws:sns:us-east-1:000000000000:${name}`
        : `lc-dev-${name}`;
  }
  return JSON.stringify({ local: { ...values, ...override } });
}

describe('parseOutputs', () => {
  it('GIVEN every output THEN all() returns them', () => {
    const outputs = parseOutputs(outputsFile(), 'local', 'outputs.json');
    expect(outputs.missing).toEqual([]);
    expect(outputs.all().loanInputFunctionName).toBe('lc-dev-loanInputFunctionName');
  });

  it('GIVEN a missing output THEN the others load and get() of the missing one names it, the file and the stack', () => {
    const outputs = parseOutputs(outputsFile(['paymentsApiUrl']), 'local', 'outputs.json');
    expect(outputs.missing).toEqual(['paymentsApiUrl']);
    expect(outputs.get('paymentsTopicArn')).toMatch(/^arn:/);
    expect(() => outputs.get('paymentsApiUrl')).toThrow(
      /stack output "paymentsApiUrl" is missing from outputs.json \(stack "local"\)/,
    );
    expect(() => outputs.all()).toThrow(/paymentsApiUrl/);
  });

  it('GIVEN an invalid output THEN the load fails, naming it', () => {
    expect(() =>
      parseOutputs(outputsFile([], { loanOutputQueueUrl: 'not a url' }), 'local', 'outputs.json'),
    ).toThrow(/loanOutputQueueUrl/);
  });

  it('GIVEN the wrong stack THEN the load fails', () => {
    expect(() => parseOutputs(outputsFile(), 'dev', 'outputs.json')).toThrow(/stack not found/);
  });
});
