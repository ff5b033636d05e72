import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Needs `build` first (turbo: test dependsOn build).
const schemasDir = join(__dirname, '..', 'schemas');
const read = (name: string) => JSON.parse(readFileSync(join(schemasDir, `${name}.json`), 'utf8'));

function collectKeys(value: unknown, keys = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) collectKeys(item, keys);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      keys.add(key);
      collectKeys(child, keys);
    }
  }
  return keys;
}

describe('generated JSON Schemas', () => {
  it('exist for every contract', () => {
    expect(existsSync(schemasDir)).toBe(true);
    expect(readdirSync(schemasDir).sort()).toEqual(
      expect.arrayContaining([
        'payment-request.json',
        'loan-processor-input.json',
        'loan-processor-state.json',
        'invocation-record.json',
        'lambda-destination-event.json',
        'stack-outputs.json',
      ]),
    );
  });

  it('payment-request.json is draft-04, usable as an API Gateway model', () => {
    const schema = read('payment-request');
    expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
    expect(schema.title).toBe('PaymentRequest');
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(['paymentId', 'customerId', 'amount', 'currency']);
    expect(schema.additionalProperties).toBe(false);
    // draft-04: boolean exclusiveMinimum, no draft-06+ keywords
    expect(schema.properties.amount).toMatchObject({ type: 'number', minimum: 0, exclusiveMinimum: true });
    const keys = collectKeys(schema);
    for (const later of ['const', '$defs', 'examples', 'contains', 'propertyNames', 'if'])
      expect(keys.has(later)).toBe(false);
  });

  it('the invocation record schema has the four conditions and no response when the function never ran', () => {
    const schema = read('invocation-record');
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.anyOf).toHaveLength(4);
    const conditions = schema.anyOf.flatMap(
      (variant: {
        properties: { requestContext: { properties: { condition: { const?: string; enum?: string[] } } } };
      }) => {
        const condition = variant.properties.requestContext.properties.condition;
        return condition.enum ?? [condition.const];
      },
    );
    expect(conditions.sort()).toEqual([
      'EventAgeExceeded',
      'EventAgeExceeded',
      'RetriesExhausted',
      'Success',
      'ZeroReservedConcurrency',
    ]);
    for (const neverRan of [schema.anyOf[2], schema.anyOf[3]]) {
      expect(neverRan.required).not.toContain('responsePayload');
      expect(neverRan.properties.responsePayload).toEqual({ not: {} });
    }
  });
});
