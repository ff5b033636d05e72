import { compilePattern, PatternError, testPattern } from '../src/services/events/pattern';

/**
 * Pattern matching, operator by operator. Cases marked [rec] are the AWS-validated pattern/event pairs
 * LocalStack recorded against AWS (tests/aws/services/events/event_pattern_templates); the others follow
 * the EventBridge docs (eb-create-pattern-operators, eb-event-patterns-arrays, eb-event-patterns-null-values).
 */

const base = {
  version: '0',
  id: '1',
  'detail-type': 'test-detail-type',
  source: 'test-source',
  account: '123456789012',
  time: '2022-07-13T13:48:01Z',
  region: 'us-east-2',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-1'],
};
const ev = (detail: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...base,
  ...extra,
  detail,
});

type Case = [name: string, pattern: unknown, event: Record<string, unknown>, expected: boolean];

const cases: Case[] = [
  // exact values, fields ANDed, values ORed, case-sensitive
  ['exact string', { source: ['test-source'] }, ev({}), true],
  ['exact string is case-sensitive', { source: ['TEST-SOURCE'] }, ev({}), false],
  ['any of the listed values', { source: ['other', 'test-source'] }, ev({}), true],
  ['fields are ANDed', { source: ['test-source'], 'detail-type': ['nope'] }, ev({}), false],
  ['unnamed fields are ignored', { 'detail-type': ['test-detail-type'] }, ev({ x: 1 }), true],
  ['missing field does not match', { detail: { state: ['on'] } }, ev({}), false],
  ['exact number', { detail: { n: [5] } }, ev({ n: 5 }), true],
  ['number equals its float form', { detail: { n: [5] } }, ev({ n: 5.0 }), true],
  ['number does not match its string', { detail: { n: [5] } }, ev({ n: '5' }), false],
  ['string does not match a number', { detail: { n: ['5'] } }, ev({ n: 5 }), false],
  ['boolean [rec boolean]', { detail: { b: [true] } }, ev({ b: true }), true],
  ['boolean mismatch [rec boolean_NEG]', { detail: { b: [true] } }, ev({ b: false }), false],
  // null vs ""
  ['null matches null [rec null_value]', { detail: { v: [null] } }, ev({ v: null }), true],
  ['null does not match "" [rec null_value_NEG]', { detail: { v: [null] } }, ev({ v: '' }), false],
  ['"" matches "" [rec string_empty]', { detail: { v: [''] } }, ev({ v: '' }), true],
  ['"" does not match null', { detail: { v: [''] } }, ev({ v: null }), false],
  ['null does not match a missing field', { detail: { v: [null] } }, ev({}), false],
  // nested objects, dot joining
  ['nested objects', { detail: { a: { b: { c: ['x'] } } } }, ev({ a: { b: { c: 'x' } } }), true],
  ['nested mismatch', { detail: { a: { b: ['x'] } } }, ev({ a: { c: 'x' } }), false],
  [
    'a JSON string is not an object [rec nested_json_NEG]',
    { detail: { k: ['v'] } },
    { ...base, detail: '{"k": "v"}' },
    false,
  ],
  [
    'dotted event key matches nested pattern [rec dot_joining_event]',
    { detail: { state: { status: ['running'] } } },
    ev({ 'state.status': 'running' }),
    true,
  ],
  [
    'dotted pattern key matches nested event [rec dot_joining_pattern]',
    { detail: { 'state.status': ['running'] } },
    ev({ state: { status: 'running' } }),
    true,
  ],
  ['leaf pattern against an object value', { detail: { a: ['x'] } }, ev({ a: { b: 'x' } }), false],
  // arrays in events
  [
    'event array intersects [rec arrays]',
    { resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-1', 'x'] },
    ev({}),
    true,
  ],
  ['event array without intersection [rec arrays_NEG]', { resources: ['x', 'y'] }, ev({}), false],
  [
    'empty event array vs [null] [rec arrays_empty_null_NEG]',
    { resources: [null] },
    ev({}, { resources: [] }),
    false,
  ],
  ['array of arrays is flattened', { detail: { v: ['b'] } }, ev({ v: [['a'], ['b']] }), true],
  [
    'objects in arrays: one element matches all fields',
    { detail: { items: { a: ['x'], b: ['y'] } } },
    ev({ items: [{ a: 'x', b: 'y' }, { a: 'q' }] }),
    true,
  ],
  [
    'objects in arrays: fields from different elements do not combine',
    { detail: { items: { a: ['x'], b: ['y'] } } },
    ev({
      items: [
        { a: 'x', b: 'z' },
        { a: 'w', b: 'y' },
      ],
    }),
    false,
  ],
  [
    'exists true in a list of objects [rec list_within_dict]',
    { detail: { automations: { id: [{ exists: true }] } } },
    ev({ automations: [{ key1: 'value1' }, { id: 'match-does-exist' }, { key2: 'v' }] }),
    true,
  ],
  // prefix / suffix / equals-ignore-case
  ['prefix [rec prefix]', { source: [{ prefix: 'test-' }] }, ev({}), true],
  ['prefix mismatch [rec content_prefix_NEG]', { source: [{ prefix: 'TEST-' }] }, ev({}), false],
  ['prefix "" matches every string', { source: [{ prefix: '' }] }, ev({}), true],
  ['prefix does not match numbers', { detail: { n: [{ prefix: '1' }] } }, ev({ n: 12 }), false],
  [
    'prefix ignoring case [rec content_prefix_ignorecase]',
    { source: [{ prefix: { 'equals-ignore-case': 'TEST-' } }] },
    ev({}),
    true,
  ],
  ['suffix [rec content_suffix]', { detail: { f: [{ suffix: '.png' }] } }, ev({ f: 'image.png' }), true],
  [
    'suffix mismatch [rec content_suffix_NEG]',
    { detail: { f: [{ suffix: '.png' }] } },
    ev({ f: 'image.PNG' }),
    false,
  ],
  [
    'suffix ignoring case [rec content_suffix_ignorecase]',
    { detail: { f: [{ suffix: { 'equals-ignore-case': '.png' } }] } },
    ev({ f: 'image.PNG' }),
    true,
  ],
  [
    'equals-ignore-case [rec content_ignorecase]',
    { 'detail-type': [{ 'equals-ignore-case': 'TEST-DETAIL-TYPE' }] },
    ev({}),
    true,
  ],
  [
    'equals-ignore-case mismatch [rec content_ignorecase_NEG]',
    { 'detail-type': [{ 'equals-ignore-case': 'other' }] },
    ev({}),
    false,
  ],
  [
    'equals-ignore-case "" [rec content_ignorecase_empty]',
    { detail: { value: [{ 'equals-ignore-case': '' }] } },
    ev({ value: '' }),
    true,
  ],
  // anything-but
  [
    'anything-but string [rec content_anything_but_string]',
    { detail: { state: [{ 'anything-but': 'initializing' }] } },
    ev({ state: 'running' }),
    true,
  ],
  [
    'anything-but string excluded [rec content_anything_but_string_NEG]',
    { detail: { state: [{ 'anything-but': 'initializing' }] } },
    ev({ state: 'initializing' }),
    false,
  ],
  [
    'anything-but matches null [rec content_anything_but_string_null]',
    { detail: { state: [{ 'anything-but': 'initializing' }] } },
    ev({ state: null }),
    true,
  ],
  [
    'anything-but does not match a missing field [rec content_anything_but_string_missing_NEG]',
    { detail: { state: [{ 'anything-but': 'initializing' }] } },
    ev({}),
    false,
  ],
  [
    'anything-but list [rec content_anything_but_string_list]',
    { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
    ev({ state: 'running' }),
    true,
  ],
  [
    'anything-but list excluded [rec content_anything_but_string_list_NEG]',
    { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
    ev({ state: 'stopped' }),
    false,
  ],
  [
    'anything-but number [rec content_anything_but_number]',
    { detail: { n: [{ 'anything-but': 0 }] } },
    ev({ n: 5 }),
    true,
  ],
  [
    'anything-but number excluded [rec content_anything_but_number_NEG]',
    { detail: { n: [{ 'anything-but': 5 }] } },
    ev({ n: 5 }),
    false,
  ],
  [
    'anything-but number list [rec content_anything_but_number_list]',
    { detail: { n: [{ 'anything-but': [100, 200] }] } },
    ev({ n: 300 }),
    true,
  ],
  [
    'anything-but number list excluded',
    { detail: { n: [{ 'anything-but': [100, 200] }] } },
    ev({ n: 200 }),
    false,
  ],
  [
    'anything-but with an event array: any other element',
    { detail: { s: [{ 'anything-but': 'a' }] } },
    ev({ s: ['a', 'b'] }),
    true,
  ],
  [
    'anything-but prefix [rec content_anything_prefix]',
    { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
    ev({ state: 'running' }),
    true,
  ],
  [
    'anything-but prefix excluded [rec content_anything_prefix_NEG]',
    { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
    ev({ state: 'initializing' }),
    false,
  ],
  [
    'anything-but prefix matches a number [rec content_anything_prefix_int_value]',
    { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
    ev({ state: 12 }),
    true,
  ],
  [
    'anything-but prefix list [rec content_anything_prefix_list]',
    { detail: { state: [{ 'anything-but': { prefix: ['init', 'stop'] } }] } },
    ev({ state: 'stopped' }),
    false,
  ],
  [
    'anything-but suffix [rec content_anything_suffix]',
    { detail: { f: [{ 'anything-but': { suffix: '.txt' } }] } },
    ev({ f: 'file.txt.bak' }),
    true,
  ],
  [
    'anything-but suffix excluded [rec content_anything_suffix_NEG]',
    { detail: { f: [{ 'anything-but': { suffix: '.txt' } }] } },
    ev({ f: 'file.txt' }),
    false,
  ],
  [
    'anything-but equals-ignore-case [rec content_anything_but_ignorecase]',
    { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'Stopped' } }] } },
    ev({ state: 'running' }),
    true,
  ],
  [
    'anything-but equals-ignore-case excluded [rec content_anything_but_ignorecase_NEG]',
    { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'Stopped' } }] } },
    ev({ state: 'STOPPED' }),
    false,
  ],
  [
    'anything-but equals-ignore-case list [rec content_anything_but_ignorecase_list_NEG]',
    { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['a', 'Stopped'] } }] } },
    ev({ state: 'stopped' }),
    false,
  ],
  [
    'anything-but wildcard [rec content_anything_wildcard]',
    { detail: { p: [{ 'anything-but': { wildcard: '*/lib/*' } }] } },
    ev({ p: '/usr/bin/x' }),
    true,
  ],
  [
    'anything-but wildcard excluded [rec content_anything_wildcard_NEG]',
    { detail: { p: [{ 'anything-but': { wildcard: '*/lib/*' } }] } },
    ev({ p: '/usr/lib/x' }),
    false,
  ],
  // numeric
  [
    'numeric range [rec content_numeric_and]',
    { detail: { c: [{ numeric: ['>', 0, '<=', 5] }] } },
    ev({ c: 5 }),
    true,
  ],
  [
    'numeric range upper bound [rec content_numeric_and_NEG]',
    { detail: { c: [{ numeric: ['>', 0, '<=', 5] }] } },
    ev({ c: 6 }),
    false,
  ],
  ['numeric open lower bound', { detail: { c: [{ numeric: ['>', 0] }] } }, ev({ c: 0 }), false],
  ['numeric >=', { detail: { c: [{ numeric: ['>=', 0] }] } }, ev({ c: 0 }), true],
  ['numeric <', { detail: { c: [{ numeric: ['<', 10] }] } }, ev({ c: 9.99 }), true],
  [
    'numeric = with a float [rec number_comparison_float]',
    { detail: { x: [{ numeric: ['=', 301.8] }] } },
    ev({ x: 301.8 }),
    true,
  ],
  [
    'numeric int vs float [rec numeric-int-float]',
    { detail: { x: [{ numeric: ['=', 3] }] } },
    ev({ x: 3.0 }),
    true,
  ],
  [
    'numeric does not match a string [rec numeric-string_NEG]',
    { detail: { c: [{ numeric: ['>', 0] }] } },
    ev({ c: '5' }),
    false,
  ],
  [
    'numeric does not match null [rec numeric-null_NEG]',
    { detail: { c: [{ numeric: ['>', 0] }] } },
    ev({ c: null }),
    false,
  ],
  // exists
  ['exists true [rec content_exists]', { detail: { c: [{ exists: true }] } }, ev({ c: 1 }), true],
  [
    'exists true on a missing field [rec content_exists_NEG]',
    { detail: { c: [{ exists: true }] } },
    ev({}),
    false,
  ],
  ['exists true on null', { detail: { c: [{ exists: true }] } }, ev({ c: null }), true],
  [
    'exists true on an object (leaves only)',
    { detail: { c: [{ exists: true }] } },
    ev({ c: { d: 1 } }),
    false,
  ],
  ['exists true on an empty array', { detail: { c: [{ exists: true }] } }, ev({ c: [] }), false],
  [
    'exists false on a missing field [rec content_exists_false]',
    { detail: { c: [{ exists: false }] } },
    ev({ d: 1 }),
    true,
  ],
  [
    'exists false on a present field [rec content_exists_false_NEG]',
    { detail: { c: [{ exists: false }] } },
    ev({ c: 'x' }),
    false,
  ],
  [
    'exists false under a missing parent',
    { detail: { a: { b: { c: [{ exists: false }] } } } },
    ev({ a: 'x' }),
    true,
  ],
  [
    'exists false or anything-but [rec or-exists-parent]',
    { detail: { h: { S: [{ 'anything-but': ['roses'] }, { exists: false }] } } },
    ev({ p: 1 }),
    true,
  ],
  // $or
  [
    '$or first branch [rec complex_or]',
    { source: ['test-source'], $or: [{ detail: { a: ['x'] } }, { detail: { b: ['y'] } }] },
    ev({ a: 'x' }),
    true,
  ],
  [
    '$or second branch',
    { source: ['test-source'], $or: [{ detail: { a: ['x'] } }, { detail: { b: ['y'] } }] },
    ev({ b: 'y' }),
    true,
  ],
  [
    '$or no branch [rec complex_or_NEG]',
    { source: ['test-source'], $or: [{ detail: { a: ['x'] } }, { detail: { b: ['y'] } }] },
    ev({ a: 'q' }),
    false,
  ],
  [
    '$or nested in detail with numeric',
    { detail: { $or: [{ c: [{ numeric: ['>', 0, '<=', 5] }] }, { d: [{ numeric: ['<', 10] }] }] } },
    ev({ d: 3 }),
    true,
  ],
  [
    '$or with anything-but [rec or-anything-but]',
    { detail: { $or: [{ a: [{ 'anything-but': 'x' }] }, { b: ['y'] }] } },
    ev({ a: 'x', b: 'y' }),
    true,
  ],
  ['$or with one object is a plain field named $or', { detail: { $or: ['x'] } }, ev({ $or: 'x' }), true],
  // cidr
  [
    'cidr IPv4 [rec content_ip_address]',
    { detail: { ip: [{ cidr: '10.0.0.0/24' }] } },
    ev({ ip: '10.0.0.255' }),
    true,
  ],
  [
    'cidr IPv4 outside [rec content_ip_address_NEG]',
    { detail: { ip: [{ cidr: '10.0.0.0/24' }] } },
    ev({ ip: '10.0.1.0' }),
    false,
  ],
  [
    'cidr IPv6 [rec content_ip_address_v6]',
    { detail: { ip: [{ cidr: '2001:db8:1234:1a00::/64' }] } },
    ev({ ip: '2001:db8:1234:1a00::1' }),
    true,
  ],
  [
    'cidr IPv6 outside [rec content_ip_address_v6_NEG]',
    { detail: { ip: [{ cidr: '2001:db8:1234:1a00::/64' }] } },
    ev({ ip: '2001:db8:1234:1a01::1' }),
    false,
  ],
  [
    'cidr against a non-IP string [rec content_ip_address_bad_type_NEG]',
    { detail: { ip: [{ cidr: '10.0.0.0/24' }] } },
    ev({ ip: 'not-an-ip' }),
    false,
  ],
  // wildcard
  [
    'wildcard [rec content_wildcard_simplified]',
    { detail: { p: [{ wildcard: '*/lib/*' }] } },
    ev({ p: '/usr/lib/x' }),
    true,
  ],
  ['wildcard mismatch', { detail: { p: [{ wildcard: '*/lib/*' }] } }, ev({ p: '/usr/bin/x' }), false],
  [
    'wildcard repeating [rec content_wildcard_repeating]',
    { detail: { a: [{ wildcard: 'arn:aws:events:*:*:event-bus/*' }] } },
    ev({ a: 'arn:aws:events:us-east-1:123456789012:event-bus/b' }),
    true,
  ],
  ['wildcard anchors both ends', { detail: { p: [{ wildcard: 'a*b' }] } }, ev({ p: 'xa-b' }), false],
  ['wildcard escaped star is literal', { detail: { p: [{ wildcard: 'a\\*b' }] } }, ev({ p: 'a*b' }), true],
  [
    'wildcard escaped star does not match other text',
    { detail: { p: [{ wildcard: 'a\\*b' }] } },
    ev({ p: 'axb' }),
    false,
  ],
  ['wildcard does not match numbers', { detail: { p: [{ wildcard: '1*' }] } }, ev({ p: 12 }), false],
];

describe('event pattern matching', () => {
  it.each(cases)('%s', (_name, pattern, event, expected) => {
    expect(testPattern(JSON.stringify(pattern), event)).toBe(expected);
  });
});

/** Invalid patterns, with the reasons AWS returns (recorded in LocalStack's AWS-validated snapshots). */
const invalid: Array<[pattern: string, reason: string]> = [
  ['{"int": 42}', '"int" must be an object or an array'],
  ['{"string": "my-value"}', '"string" must be an object or an array'],
  ['{"resources": []}', 'Empty arrays are not allowed'],
  ['{"detail": {}}', 'Empty objects are not allowed'],
  ['["not", "a", "dict"]', 'Filter is not an object'],
  ['{"detail": {"equal": [{"NUMERIC": ["=", 5]}]}}', 'Unrecognized match type NUMERIC'],
  ['{"my_key": [{"EXISTS": true}]}', 'Unrecognized match type EXISTS'],
  ['{"detail": {"c-count": [{"numeric": [">", 0, ">", 0]}]}}', 'Bad numeric range operator: >'],
  ['{"detail": {"c-count": [{"numeric": [">", 0, "<"]}]}}', 'Value of < must be numeric'],
  [
    '{"EventBusArn": [{"wildcard": "arn:aws:events:us-east-1:**:event-bus/*"}]}',
    'Consecutive wildcard characters at pos 26',
  ],
  ['{"detail-type": [{"equals-ignore-case": ["ec2"]}]}', 'equals-ignore-case match pattern must be a string'],
  [
    '{"detail-type": [{"equals-ignore-case": {"prefix": "ec2"}}]}',
    'equals-ignore-case match pattern must be a string',
  ],
  ['{"x": [{"cidr": "10.0.0.0"}]}', "Malformed CIDR, one '/' required"],
  ['{"x": [{"cidr": "10.0.0.0/xx"}]}', 'Malformed CIDR, mask bits must be an integer'],
  ['{"x": [{"cidr": "xx.11.xx/24"}]}', 'Nonstandard IP address: xx.11.xx'],
  ['{"x": [{"cidr": ["bad-type"]}]}', 'prefix match pattern must be a string'],
  [
    '{"s": [{"anything-but": {"equals-ignore-case": 123}}]}',
    'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.',
  ],
  [
    '{"s": [{"anything-but": {"equals-ignore-case": [123, 456]}}]}',
    'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.',
  ],
  ['{"s": [{"anything-but": {"wildcard": 123}}]}', 'wildcard match pattern must be a string'],
  ['{"s": [{"anything-but": {"wildcard": [123, "*/dir/*"]}}]}', 'wildcard match pattern must be a string'],
  ['{"s": [{"wildcard": ["a*"]}]}', 'wildcard match pattern must be a string'],
  ['{"s": [{"anything-but": {"suffix": 123}}]}', 'prefix/suffix match pattern must be a string'],
  ['{"s": [{"anything-but": {"prefix": [123, "test"]}}]}', 'prefix/suffix match pattern must be a string'],
  ['{"s": [{"anything-but": {"prefix": ""}}]}', 'Null prefix/suffix not allowed'],
  [
    '{"s": [{"anything-but": {"prefix": {"equals-ignore-case": "file"}}}]}',
    'Value of anything-but must be an array or single string/number value.',
  ],
  [
    '{"s": [{"anything-but": null}]}',
    'Value of anything-but must be an array or single string/number value.',
  ],
  [
    '{"s": [{"anything-but": ["a", null]}]}',
    'Inside anything but list, start|null|boolean is not supported.',
  ],
  [
    '{"s": [{"anything-but": ["a", 1]}]}',
    'Inside anything but list, either all values are number or string, mixed type is not supported',
  ],
  ['{"time": [{"prefix": ["2022-07-13"]}]}', 'prefix match pattern must be a string'],
  ['{"time": [{"prefix": 123}]}', 'prefix match pattern must be a string'],
  ['{"f": [{"suffix": [".png"]}]}', 'suffix match pattern must be a string'],
  ['{"f": [{"exists": "yes"}]}', 'exists match pattern must be either true or false.'],
  ['{"f": [["nested"]]}', 'Match value must be String, number, true, false, or null'],
  ['{"f": [{"numeric": [">", 1e10]}]}', 'Value must be between -5.0E9 and 5.0E9, inclusive'],
  ['{"f": [{"numeric": [">", 5, "<", 1]}]}', 'Bottom must be less than top'],
  [
    '{"$or": [{"a": {"prefix": ["x"]}}, {"b": ["y"]}]}',
    'prefix is Ruler reserved fieldName which cannot be used inside $or.',
  ],
];

describe('invalid event patterns', () => {
  it.each(invalid)('%s', (pattern, reason) => {
    expect(() => compilePattern(pattern)).toThrow(PatternError);
    expect(() => compilePattern(pattern)).toThrow(reason);
  });

  it('rejects text that is not JSON with the parser message', () => {
    expect(() => compilePattern('this is not json')).toThrow(PatternError);
  });
});
