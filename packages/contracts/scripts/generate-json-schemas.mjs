// Writes schemas/<name>.json from the compiled zod schemas (run by `build` after tsc), with zod 4's
// z.toJSONSchema, for consumers in other languages and for the API Gateway request model.
// - payment-request.json targets JSON Schema draft-04: API Gateway models use draft 4.
// - the others target draft-07 (the most widely supported draft).
// Objects that zod strips (not strict) do not get `additionalProperties: false`: the files describe what is
// accepted on the wire, and AWS may add fields to its records.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const z = require('zod/mini');
const dist = (name) => require(`../dist/${name}.js`);

const loan = dist('loan');
const payments = dist('payments');
const demo = dist('demo-events');
const records = dist('invocation-record');
const eventbridge = dist('eventbridge');
const dlq = dist('dlq');
const stackOutputs = dist('stack-outputs');

/** @type {Array<[file: string, schema: import('zod/mini').ZodMiniType, target: 'draft-04' | 'draft-07', title: string]>} */
const entries = [
  ['payment-request', payments.PaymentRequestSchema, 'draft-04', 'PaymentRequest'],
  ['processed-payment', payments.ProcessedPaymentSchema, 'draft-07', 'ProcessedPayment'],
  ['customer-notification', payments.CustomerNotificationSchema, 'draft-07', 'CustomerNotification'],
  ['failed-payment-report', payments.FailedPaymentReportSchema, 'draft-07', 'FailedPaymentReport'],
  ['loan-processor-input', loan.LoanProcessorInputSchema, 'draft-07', 'LoanProcessorInput'],
  ['loan-processor-state', loan.LoanProcessorStateSchema, 'draft-07', 'LoanProcessorState'],
  ['completed-loan-state', loan.CompletedLoanStateSchema, 'draft-07', 'CompletedLoanState'],
  ['identity-check-request', loan.IdentityCheckRequestSchema, 'draft-07', 'IdentityCheckRequest'],
  ['identity-check-response', loan.IdentityCheckResponseSchema, 'draft-07', 'IdentityCheckResponse'],
  ['credit-reference-request', loan.CreditReferenceRequestSchema, 'draft-07', 'CreditReferenceRequest'],
  ['credit-reference-response', loan.CreditReferenceResponseSchema, 'draft-07', 'CreditReferenceResponse'],
  ['simple-function-event', demo.SimpleFunctionEventSchema, 'draft-07', 'SimpleFunctionEvent'],
  ['destinations-tester-event', demo.DestinationsTesterEventSchema, 'draft-07', 'DestinationsTesterEvent'],
  ['echo-event', demo.EchoEventSchema, 'draft-07', 'EchoEvent'],
  ['invocation-record', records.AnyInvocationRecordSchema, 'draft-07', 'InvocationRecord'],
  [
    'lambda-destination-event',
    eventbridge.AnyLambdaDestinationEventSchema,
    'draft-07',
    'LambdaDestinationEvent',
  ],
  ['dlq-message-attributes', dlq.DlqMessageAttributesSchema, 'draft-07', 'DlqMessageAttributes'],
  ['stack-outputs', stackOutputs.StackOutputsSchema, 'draft-07', 'StackOutputs'],
];

/** Drop `additionalProperties: false` unless the zod object is strict (catchall never). */
function override({ zodSchema, jsonSchema }) {
  const def = zodSchema._zod.def;
  if (def.type === 'object' && def.catchall === undefined && jsonSchema.additionalProperties === false) {
    delete jsonSchema.additionalProperties;
  }
}

const outDir = new URL('../schemas/', import.meta.url);
mkdirSync(outDir, { recursive: true });
for (const [file, schema, target, title] of entries) {
  const json = z.toJSONSchema(schema, { target, io: 'output', unrepresentable: 'throw', override });
  const { $schema, ...rest } = json;
  const document = { $schema, title, ...rest };
  writeFileSync(new URL(`${file}.json`, outDir), `${JSON.stringify(document, null, 2)}\n`);
}
// remove schemas of contracts that no longer exist
const written = new Set(entries.map(([file]) => `${file}.json`));
for (const file of readdirSync(outDir)) if (!written.has(file)) rmSync(new URL(file, outDir));
console.log(`contracts: wrote ${entries.length} JSON Schemas to schemas/`);
