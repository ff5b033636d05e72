import type { MessageAttributeValue } from '../src/core/delivery';
import {
  FilterPolicyError,
  type FilterPolicyScope,
  matchesFilterPolicy,
  parseFilterPolicy,
} from '../src/services/sns/filter-policy';

const S = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });
const N = (value: string): MessageAttributeValue => ({ DataType: 'Number', StringValue: value });
const A = (value: unknown[]): MessageAttributeValue => ({
  DataType: 'String.Array',
  StringValue: JSON.stringify(value),
});

function attrs(policy: unknown, attributes: Record<string, MessageAttributeValue>): boolean {
  return matchesFilterPolicy(
    parseFilterPolicy(JSON.stringify(policy), 'MessageAttributes'),
    'MessageAttributes',
    {
      attributes,
      body: '',
    },
  );
}

function body(policy: unknown, message: unknown): boolean {
  return matchesFilterPolicy(parseFilterPolicy(JSON.stringify(policy), 'MessageBody'), 'MessageBody', {
    attributes: {},
    body: typeof message === 'string' ? message : JSON.stringify(message),
  });
}

describe('MessageAttributes scope', () => {
  it('matches exact strings case-sensitively, ORs values and ANDs keys', () => {
    const policy = { store: ['example_corp', 'other'], event: ['order_placed'] };
    expect(attrs(policy, { store: S('example_corp'), event: S('order_placed') })).toBe(true);
    expect(attrs(policy, { store: S('other'), event: S('order_placed') })).toBe(true);
    expect(attrs(policy, { store: S('Example_Corp'), event: S('order_placed') })).toBe(false);
    expect(attrs(policy, { store: S('example_corp') })).toBe(false);
  });

  it('matches numbers only against Number attributes', () => {
    expect(attrs({ price: [100] }, { price: N('100') })).toBe(true);
    expect(attrs({ price: [100] }, { price: N('100.0') })).toBe(true);
    expect(attrs({ price: [100] }, { price: S('100') })).toBe(false);
    expect(attrs({ price: [{ numeric: ['>', 0, '<=', 150] }] }, { price: N('150') })).toBe(true);
    expect(attrs({ price: [{ numeric: ['>', 0, '<=', 150] }] }, { price: N('151') })).toBe(false);
    expect(attrs({ price: [{ numeric: ['=', 7.5] }] }, { price: N('7.5') })).toBe(true);
    expect(attrs({ price: [{ numeric: ['<', 0] }] }, { price: S('-5') })).toBe(false);
  });

  it('supports prefix, suffix, equals-ignore-case and anything-but', () => {
    expect(attrs({ c: [{ prefix: 'ord' }] }, { c: S('order') })).toBe(true);
    expect(attrs({ c: [{ suffix: '.png' }] }, { c: S('a.png') })).toBe(true);
    expect(attrs({ c: [{ suffix: '.png' }] }, { c: S('a.jpg') })).toBe(false);
    expect(attrs({ c: [{ 'equals-ignore-case': 'RED' }] }, { c: S('red') })).toBe(true);
    expect(attrs({ c: [{ 'anything-but': 'red' }] }, { c: S('blue') })).toBe(true);
    expect(attrs({ c: [{ 'anything-but': 'red' }] }, { c: S('red') })).toBe(false);
    expect(attrs({ c: [{ 'anything-but': ['red', 'green'] }] }, { c: S('green') })).toBe(false);
    expect(attrs({ c: [{ 'anything-but': [100, 200] }] }, { c: N('150') })).toBe(true);
    expect(attrs({ c: [{ 'anything-but': { prefix: 'int-' } }] }, { c: S('int-1') })).toBe(false);
    expect(attrs({ c: [{ 'anything-but': { suffix: '-test' } }] }, { c: S('prod') })).toBe(true);
    expect(attrs({ c: [{ 'anything-but': { 'equals-ignore-case': ['RED'] } }] }, { c: S('red') })).toBe(
      false,
    );
    // anything-but never matches a missing attribute.
    expect(attrs({ c: [{ 'anything-but': 'red' }] }, {})).toBe(false);
  });

  it('supports exists', () => {
    expect(attrs({ c: [{ exists: true }] }, { c: S('x') })).toBe(true);
    expect(attrs({ c: [{ exists: true }] }, {})).toBe(false);
    expect(attrs({ c: [{ exists: false }] }, {})).toBe(true);
    expect(attrs({ c: [{ exists: false }] }, { c: S('x') })).toBe(false);
  });

  it('matches String.Array attributes on any element and ignores Binary attributes', () => {
    expect(attrs({ tags: ['b'] }, { tags: A(['a', 'b']) })).toBe(true);
    expect(attrs({ tags: ['c'] }, { tags: A(['a', 'b']) })).toBe(false);
    expect(attrs({ tags: [1] }, { tags: A([1, 2]) })).toBe(true);
    expect(attrs({ blob: [{ exists: true }] }, { blob: { DataType: 'Binary', BinaryValue: 'AQI=' } })).toBe(
      false,
    );
    expect(attrs({ blob: [{ exists: false }] }, { blob: { DataType: 'Binary', BinaryValue: 'AQI=' } })).toBe(
      true,
    );
  });

  it('supports cidr', () => {
    expect(attrs({ ip: [{ cidr: '10.0.0.0/24' }] }, { ip: S('10.0.0.255') })).toBe(true);
    expect(attrs({ ip: [{ cidr: '10.0.0.0/24' }] }, { ip: S('10.0.1.0') })).toBe(false);
    expect(attrs({ ip: [{ cidr: '2001:db8::/32' }] }, { ip: S('2001:db8:1::1') })).toBe(true);
  });

  it('supports $or', () => {
    const policy = {
      source: ['aws.cloudwatch'],
      $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }],
    };
    expect(attrs(policy, { source: S('aws.cloudwatch'), namespace: S('AWS/EC2') })).toBe(true);
    expect(attrs(policy, { source: S('aws.cloudwatch'), metricName: S('CPUUtilization') })).toBe(true);
    expect(attrs(policy, { source: S('aws.cloudwatch'), metricName: S('Other') })).toBe(false);
    expect(attrs(policy, { namespace: S('AWS/EC2') })).toBe(false);
  });

  it('accepts an empty policy as matching everything', () => {
    expect(attrs({}, {})).toBe(true);
  });
});

describe('MessageBody scope', () => {
  const message = {
    order: { status: 'placed', total: 120, items: [{ sku: 'a1' }, { sku: 'b2' }], tags: ['gift', 'rush'] },
    customer: 'c-1',
  };

  it('matches nested keys, arrays of values and arrays of objects', () => {
    expect(body({ order: { status: ['placed'] } }, message)).toBe(true);
    expect(body({ order: { status: ['shipped'] } }, message)).toBe(false);
    expect(
      body({ order: { total: [{ numeric: ['>=', 100] }] }, customer: [{ prefix: 'c-' }] }, message),
    ).toBe(true);
    expect(body({ order: { tags: ['rush'] } }, message)).toBe(true);
    expect(body({ order: { items: { sku: ['b2'] } } }, message)).toBe(true);
    expect(body({ order: { items: { sku: ['z9'] } } }, message)).toBe(false);
    expect(body({ order: { missing: [{ exists: false }] } }, message)).toBe(true);
    expect(body({ $or: [{ customer: ['x'] }, { order: { status: ['placed'] } }] }, message)).toBe(true);
  });

  it('never matches a body that is not a JSON object', () => {
    expect(body({ a: [{ exists: false }] }, 'plain text')).toBe(false);
    expect(body({ a: ['x'] }, '[1,2]')).toBe(false);
  });
});

describe('validation (InvalidParameter FilterPolicy messages)', () => {
  const bad = (policy: unknown, scope: FilterPolicyScope = 'MessageAttributes'): string => {
    try {
      parseFilterPolicy(typeof policy === 'string' ? policy : JSON.stringify(policy), scope);
    } catch (error) {
      expect(error).toBeInstanceOf(FilterPolicyError);
      return (error as Error).message;
    }
    throw new Error('expected the policy to be rejected');
  };

  it('rejects malformed policies with clear reasons', () => {
    expect(bad('{not json')).toBe('failed to parse JSON.');
    expect(bad([1])).toBe('Filter policy must be a JSON object');
    expect(bad({ a: [] })).toBe('Empty arrays are not allowed');
    expect(bad({ a: [{ wildcard: 'x*' }] })).toBe('Unrecognized match type wildcard');
    expect(bad({ a: [{ numeric: ['>', 'x'] }] })).toBe(
      'Value of numeric must be a number in the range [-1e9, 1e9]',
    );
    expect(bad({ a: [{ numeric: ['<', 5, '>', 1] }] })).toBe('Too many elements in numeric expression');
    expect(bad({ a: [{ exists: 'yes' }] })).toBe('exists match pattern must be either true or false.');
    expect(bad({ a: [{ 'anything-but': ['x', 1] }] })).toBe(
      'Inside anything but list, mixed types are not allowed',
    );
    expect(bad({ a: { b: ['x'] } })).toBe(
      'Filter policy scope MessageAttributes does not support nested filter policy',
    );
  });

  it('enforces 5 keys and 150 combinations', () => {
    expect(bad({ a: ['1'], b: ['1'], c: ['1'], d: ['1'], e: ['1'], f: ['1'] })).toBe(
      'Filter policy can not have more than 5 keys',
    );
    const many = Array.from({ length: 13 }, (_, i) => `v${i}`);
    expect(bad({ a: many, b: many })).toBe('Filter policy is too complex');
    expect(() =>
      parseFilterPolicy(JSON.stringify({ a: many.slice(0, 10), b: many.slice(0, 10) }), 'MessageAttributes'),
    ).not.toThrow();
  });
});
