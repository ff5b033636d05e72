/**
 * Imports the BUILT package through its `exports` map, the way a downstream service does: a temp project
 * whose node_modules/@lambda-chain/contracts is a symlink to this package. Needs `build` first.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const packageDir = join(__dirname, '..');
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { types: string; default: string }>;
  files: string[];
  sideEffects: boolean;
};
const codeSubpaths = Object.entries(manifest.exports)
  .filter(([, target]) => typeof target === 'object')
  .map(([subpath]) => subpath.replace(/^\.\//, ''));

let project: string;

function run(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: project, encoding: 'utf8', timeout: 60_000 });
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'contracts-consumer-'));
  mkdirSync(join(project, 'node_modules', '@lambda-chain'), { recursive: true });
  symlinkSync(packageDir, join(project, 'node_modules', '@lambda-chain', 'contracts'), 'dir');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'downstream', private: true }));
});

afterAll(() => {
  rmSync(project, { recursive: true, force: true });
});

describe('the published shape', () => {
  it('declares a side-effect-free package with dist and schemas only', () => {
    expect(manifest.sideEffects).toBe(false);
    expect(manifest.files).toEqual(['dist', 'schemas']);
    expect(manifest.exports['.']).toBeUndefined(); // no barrel
    for (const subpath of codeSubpaths) {
      const target = manifest.exports[`./${subpath}`] as { types: string; default: string };
      expect(existsSync(join(packageDir, target.default))).toBe(true);
      expect(existsSync(join(packageDir, target.types))).toBe(true);
    }
  });
});

describe('require() from a downstream CommonJS project', () => {
  it('resolves every subpath and validates with the shipped schemas', () => {
    const script = `
      const out = {};
      for (const subpath of ${JSON.stringify(codeSubpaths)}) {
        out[subpath] = Object.keys(require('@lambda-chain/contracts/' + subpath)).sort();
      }
      const { LoanProcessorInputSchema } = require('@lambda-chain/contracts/loan');
      out.parsed = LoanProcessorInputSchema.parse({ correlationId: 'c', firstName: 'A', lastName: 'B', postcode: 'P' });
      out.schemaPath = require.resolve('@lambda-chain/contracts/schemas/payment-request.json');
      out.schemaDraft = require('@lambda-chain/contracts/schemas/payment-request.json').$schema;
      out.version = require('@lambda-chain/contracts/package.json').version;
      for (const hidden of ['@lambda-chain/contracts', '@lambda-chain/contracts/dist/loan.js', '@lambda-chain/contracts/src/loan']) {
        try { require.resolve(hidden); out[hidden] = 'resolved'; } catch (e) { out[hidden] = e.code; }
      }
      process.stdout.write(JSON.stringify(out));
    `;
    const out = JSON.parse(run(['-e', script]));
    expect(out.loan).toEqual(
      expect.arrayContaining(['LoanProcessorInputSchema', 'LoanProcessorStateSchema']),
    );
    expect(out['invocation-record']).toEqual(
      expect.arrayContaining(['invocationRecordSchema', 'isSuccessRecord']),
    );
    expect(out['stack-outputs']).toEqual(
      expect.arrayContaining(['STACK_OUTPUT_NAMES', 'parseStackOutputsFile']),
    );
    expect(out.unwrap).toEqual(
      expect.arrayContaining([
        'unwrapSqsBody',
        'unwrapSnsMessage',
        'unwrapEventBridgeDetail',
        'unwrapLambdaPayload',
      ]),
    );
    expect(out.parsed).toEqual({ correlationId: 'c', firstName: 'A', lastName: 'B', postcode: 'P' });
    expect(out.schemaPath).toMatch(/schemas[\\/]payment-request\.json$/);
    expect(out.schemaDraft).toBe('http://json-schema.org/draft-04/schema#');
    expect(out.version).toBe('0.1.0');
    expect(out['@lambda-chain/contracts']).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
    expect(out['@lambda-chain/contracts/dist/loan.js']).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
    expect(out['@lambda-chain/contracts/src/loan']).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });
});

describe('import from a downstream ES module', () => {
  it('gets named exports from the ESM build', () => {
    const script = `
      import { STACK_OUTPUT_NAMES } from '@lambda-chain/contracts/stack-outputs';
      import { LAMBDA_DESTINATION_DETAIL_TYPES } from '@lambda-chain/contracts/eventbridge';
      const file = import.meta.resolve('@lambda-chain/contracts/loan');
      process.stdout.write(JSON.stringify({ n: STACK_OUTPUT_NAMES.length, s: LAMBDA_DESTINATION_DETAIL_TYPES.Success, file }));
    `;
    const out = JSON.parse(run(['--input-type=module', '-e', script]));
    expect(out).toMatchObject({ n: 25, s: 'Lambda Function Invocation Result - Success' });
    // the `import` condition serves the ES module build (tree-shakeable by bundlers)
    expect(out.file).toMatch(/\/dist\/esm\/loan\.js$/);
  });
});

describe('types for a downstream TypeScript project (moduleResolution NodeNext)', () => {
  it('type-checks a consumer through the exports map', () => {
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          // the consumer's code is checked against our .d.ts (checking all of zod's own .d.ts takes ~15 s)
          skipLibCheck: true,
          types: [],
          lib: ['ES2022'],
        },
        files: ['consumer.ts'],
      }),
    );
    writeFileSync(
      join(project, 'consumer.ts'),
      `
      import { type LoanProcessorState, LoanProcessorStateSchema } from '@lambda-chain/contracts/loan';
      import { type InvocationRecord, isSuccessRecord } from '@lambda-chain/contracts/invocation-record';
      import { unwrapSqsBody } from '@lambda-chain/contracts/unwrap';
      import type { StackOutputs } from '@lambda-chain/contracts/stack-outputs';
      const state: LoanProcessorState = LoanProcessorStateSchema.parse({});
      const record = unwrapSqsBody('{}') as InvocationRecord<LoanProcessorState, LoanProcessorState>;
      if (isSuccessRecord(record)) { const ok: string = record.responsePayload.input.correlationId; void ok; }
      const url: StackOutputs['loanOutputQueueUrl'] = 'x';
      // @ts-expect-error -- not a stack output name
      const bad: StackOutputs['loanOutputQueue'] = 'x';
      void state; void url; void bad;
      `,
    );
    const tsc = require.resolve('typescript/bin/tsc', { paths: [packageDir] });
    const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], {
      cwd: project,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(`${result.stdout}${result.stderr}`).toBe('');
    expect(result.status).toBe(0);
  });
});
