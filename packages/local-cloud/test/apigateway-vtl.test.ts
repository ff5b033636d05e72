import { validateJsonSchema } from '../src/services/apigateway/json-schema';
import { evaluateJsonPath } from '../src/services/apigateway/jsonpath';
import {
  BodyParseError,
  base64Decode,
  base64Encode,
  escapeJavaScript,
  renderTemplate,
  TemplateError,
  type TemplateVariables,
  urlDecode,
  urlEncode,
} from '../src/services/apigateway/vtl';

/**
 * Mapping templates and the pieces under them, table by table: `$util` (Java semantics: URLEncoder,
 * Commons Lang escaping), JSONPath, `$input`, `$context`, `$stageVariables`, and draft-4 model validation.
 */

const body = JSON.stringify({
  paymentId: 'p-1',
  amount: 12.5,
  tags: ['a', 'b'],
  customer: { id: 'c-1', name: 'O\'Brien "Jr"' },
  items: [
    { sku: 'x', qty: 1 },
    { sku: 'y', qty: 2 },
  ],
  nothing: null,
});

function vars(overrides: Partial<TemplateVariables> = {}): TemplateVariables {
  return {
    body,
    params: {
      path: { id: '42' },
      querystring: { q: 'search term', id: 'shadowed' },
      header: { 'Content-Type': 'application/json', 'X-Trace': 't-1' },
    },
    context: {
      requestId: 'req-1',
      httpMethod: 'POST',
      resourcePath: '/payment',
      stage: 'dev',
      identity: { sourceIp: '127.0.0.1' },
    },
    stageVariables: { topic: 'payments' },
    ...overrides,
  };
}

const render = (template: string, overrides: Partial<TemplateVariables> = {}): string =>
  renderTemplate(template, vars(overrides));

describe('$util', () => {
  it.each([
    ['plain', 'plain'],
    ['a b', 'a+b'],
    ['a+b=c&d', 'a%2Bb%3Dc%26d'],
    ['~*._-', '%7E*._-'],
    ['{"a":1}', '%7B%22a%22%3A1%7D'],
    ['£€', '%C2%A3%E2%82%AC'],
    ['line\nbreak', 'line%0Abreak'],
  ])('urlEncode(%j) = %j (Java URLEncoder)', (input, expected) => {
    expect(urlEncode(input)).toBe(expected);
    expect(urlDecode(expected)).toBe(input);
  });

  it('urlDecode rejects broken escapes', () => {
    expect(() => urlDecode('%zz')).toThrow(TemplateError);
  });

  it.each([
    ["it's", "it\\'s"],
    ['say "hi"', 'say \\"hi\\"'],
    ['a\\b', 'a\\\\b'],
    ['</script>', '<\\/script>'],
    ['tab\tnew\nline\r', 'tab\\tnew\\nline\\r'],
    ['\u0001', '\\u0001'],
    ['é', '\\u00E9'],
    ['€', '\\u20AC'],
  ])('escapeJavaScript(%j) = %j', (input, expected) => {
    expect(escapeJavaScript(input)).toBe(expected);
  });

  it('base64 round trip', () => {
    expect(base64Encode('hello £')).toBe('aGVsbG8gwqM=');
    expect(base64Decode('aGVsbG8gwqM=')).toBe('hello £');
  });

  it('is callable from templates', () => {
    expect(
      render(
        "$util.urlEncode('a b')|$util.urlDecode('a+b')|$util.base64Encode('x')|$util.escapeJavaScript(\"it's\")",
      ),
    ).toBe("a+b|a b|eA==|it\\'s");
    expect(render('#set($o = $util.parseJson(\'{"k":[1,2]}\'))$o.k.size()')).toBe('2');
    expect(() => render("$util.parseJson('{oops')")).toThrow(TemplateError);
  });
});

describe('JSONPath', () => {
  const doc = JSON.parse(body) as unknown;
  it.each([
    ['$', doc],
    ['$.paymentId', 'p-1'],
    ['$.customer.id', 'c-1'],
    ["$['customer']['name']", 'O\'Brien "Jr"'],
    ['$.items[1].sku', 'y'],
    ['$.items[-1].qty', 2],
    ['$.items[*].sku', ['x', 'y']],
    ['$..sku', ['x', 'y']],
    ['$.missing', undefined],
    ['$.items[9]', undefined],
  ])('%s', (path, expected) => {
    expect(evaluateJsonPath(doc, path)).toEqual(expected);
  });
});

describe('$input', () => {
  it.each([
    ['$input.body', body],
    ["$input.json('$.paymentId')", '"p-1"'],
    ["$input.json('$.amount')", '12.5'],
    ["$input.json('$.tags')", '["a","b"]'],
    ["$input.json('$.customer')", '{"id":"c-1","name":"O\'Brien \\"Jr\\""}'],
    ["$input.json('$.missing')", ''],
    ["$input.path('$.paymentId')", 'p-1'],
    ["$input.path('$.amount')", '12.5'],
    ["$input.path('$.items').size()", '2'],
    ["$input.path('$.items')[0].sku", 'x'],
    ["$input.path('$.missing')", ''],
    ["$input.path('$.nothing')", ''],
    ["$input.params('id')", '42'],
    ["$input.params('q')", 'search term'],
    ["$input.params('x-trace')", 't-1'],
    ["$input.params('absent')", ''],
    ["$input.params().header.get('X-Trace')", 't-1'],
    ['$input.params().querystring.q', 'search term'],
  ])('%s', (template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it('iterates collections like the AWS examples do', () => {
    const template =
      '{#foreach($item in $input.path(\'$.items\'))"$item.sku": $item.qty#if($foreach.hasNext), #end#end}';
    expect(JSON.parse(render(template))).toEqual({ x: 1, y: 2 });
    const params =
      '#set($all = $input.params())#foreach($type in $all.keySet())$type=#foreach($name in $all.get($type).keySet())$name#if($foreach.hasNext),#end#end;#end';
    expect(render(params)).toBe('path=id;querystring=q,id;header=Content-Type,X-Trace;');
  });

  it('empty body is {} for json()/path()', () => {
    expect(render("$input.json('$')", { body: '' })).toBe('{}');
  });

  it('a body that is not JSON fails with 400 "Could not parse request body into json" only when a template reads it', () => {
    expect(render('$input.body', { body: 'a=1' })).toBe('a=1');
    expect(() => render("$input.json('$')", { body: 'a=1' })).toThrow(BodyParseError);
  });

  it('supports the Java string methods templates use', () => {
    expect(render("$input.path('$.paymentId').length()")).toBe('3');
    expect(render("#if($input.path('$.paymentId').matches('p-\\d'))yes#end")).toBe('yes');
    expect(render("$input.path('$.paymentId').replaceAll('-', '_')")).toBe('p_1');
    expect(render("#if($input.params('absent').isEmpty())empty#end")).toBe('empty');
    expect(render("#if($input.path('$.customer').containsKey('id'))has#end")).toBe('has');
  });
});

describe('$context and $stageVariables', () => {
  it('renders the documented variables', () => {
    expect(
      render(
        '$context.requestId $context.httpMethod $context.resourcePath $context.stage $context.identity.sourceIp',
      ),
    ).toBe('req-1 POST /payment dev 127.0.0.1');
    expect(render('$stageVariables.topic|$stageVariables.absent|')).toBe('payments||');
  });

  it('renders the payments request template as the SNS Publish form body', () => {
    const topicArn = 'arn:aws:sns:us-east-1:000000000000:lc-dev-payments';
    const rendered = render(
      `Action=Publish&TopicArn=$util.urlEncode('${topicArn}')&Message=$util.urlEncode($input.body)`,
    );
    const form = new URLSearchParams(rendered);
    expect(form.get('Action')).toBe('Publish');
    expect(form.get('TopicArn')).toBe(topicArn);
    expect(form.get('Message')).toBe(body);
  });

  it('reports unparsable templates as TemplateError', () => {
    expect(() => render('#foreach($x in')).toThrow(TemplateError);
  });
});

describe('JSON Schema draft 4 (request models)', () => {
  const schema = {
    $schema: 'http://json-schema.org/draft-04/schema#',
    type: 'object',
    definitions: { code: { type: 'string', pattern: '^[A-Z]{3}$' } },
    properties: {
      id: { type: 'string', minLength: 1, maxLength: 4 },
      amount: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 100, multipleOf: 0.5 },
      count: { type: 'integer' },
      currency: { $ref: '#/definitions/code' },
      kind: { enum: ['a', 'b'] },
      tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 2, uniqueItems: true },
      nested: { type: 'object', properties: { x: { type: 'boolean' } }, required: ['x'] },
      either: { anyOf: [{ type: 'string' }, { type: 'number' }] },
      one: {
        oneOf: [
          { type: 'number', minimum: 5 },
          { type: 'number', maximum: 10 },
        ],
      },
    },
    required: ['id', 'amount'],
    additionalProperties: false,
  };
  const ok = { id: 'a', amount: 1.5 };

  it.each<[string, unknown, string | undefined]>([
    ['valid', ok, undefined],
    ['missing required', { id: 'a' }, 'object has missing required properties (["amount"])'],
    [
      'wrong type',
      { ...ok, id: 5 },
      'instance type (integer) does not match any allowed primitive type (allowed: ["string"]) (at /id)',
    ],
    ['integer is a number', { ...ok, amount: 2 }, undefined],
    [
      'number is not an integer',
      { ...ok, count: 1.5 },
      'instance type (number) does not match any allowed primitive type (allowed: ["integer"]) (at /count)',
    ],
    ['too short', { ...ok, id: '' }, 'string "" is too short (length: 0, required minimum: 1) (at /id)'],
    [
      'too long',
      { ...ok, id: 'abcde' },
      'string "abcde" is too long (length: 5, maximum allowed: 4) (at /id)',
    ],
    [
      'exclusive minimum',
      { ...ok, amount: 0 },
      'numeric instance is not strictly greater than the required minimum 0 (at /amount)',
    ],
    [
      'maximum',
      { ...ok, amount: 100.5 },
      'numeric instance is greater than the required maximum (maximum: 100, found: 100.5) (at /amount)',
    ],
    [
      'multipleOf',
      { ...ok, amount: 1.25 },
      'numeric instance is not a multiple of divisor (found: 1.25, divisor: 0.5) (at /amount)',
    ],
    [
      '$ref pattern',
      { ...ok, currency: 'gbp' },
      'ECMA 262 regex "^[A-Z]{3}$" does not match input string "gbp" (at /currency)',
    ],
    [
      'enum',
      { ...ok, kind: 'c' },
      'instance value ("c") not found in enum (possible values: ["a","b"]) (at /kind)',
    ],
    [
      'minItems',
      { ...ok, tags: [] },
      'array is too short: must have at least 1 elements but instance has 0 elements (at /tags)',
    ],
    ['uniqueItems', { ...ok, tags: ['a', 'a'] }, 'array must not contain duplicate elements (at /tags)'],
    [
      'items',
      { ...ok, tags: [1] },
      'instance type (integer) does not match any allowed primitive type (allowed: ["string"]) (at /tags/0)',
    ],
    ['nested required', { ...ok, nested: {} }, 'object has missing required properties (["x"]) (at /nested)'],
    [
      'additionalProperties',
      { ...ok, extra: 1 },
      'object instance has properties which are not allowed by the schema: ["extra"]',
    ],
    [
      'anyOf',
      { ...ok, either: true },
      'instance failed to match at least one required schema among 2 (at /either)',
    ],
    [
      'oneOf (both match)',
      { ...ok, one: 7 },
      'instance failed to match exactly one schema (matched 2 out of 2) (at /one)',
    ],
    [
      'root type',
      [1],
      'instance type (array) does not match any allowed primitive type (allowed: ["object"])',
    ],
  ])('%s', (_name, value, expected) => {
    const errors = validateJsonSchema(schema, value);
    if (expected === undefined) expect(errors).toEqual([]);
    else expect(errors).toContain(expected);
  });

  it('resolves references to other models of the API', () => {
    const errors = validateJsonSchema(
      {
        type: 'object',
        properties: { money: { $ref: 'https://apigateway.amazonaws.com/restapis/abc/models/Money' } },
      },
      { money: { amount: 'x' } },
      {
        model: (name) =>
          name === 'Money' ? { type: 'object', properties: { amount: { type: 'number' } } } : undefined,
      },
    );
    expect(errors).toEqual([
      'instance type (string) does not match any allowed primitive type (allowed: ["number"]) (at /money/amount)',
    ]);
  });
});
