import type { AwsError } from '../src/core/errors';
import {
  type EventEnvelope,
  renderTargetInput,
  type TargetInput,
  validateTargetInput,
} from '../src/services/events/transform';

/**
 * Target input rendering: the substitution cases recorded on AWS (reference/aws-wire-and-event-shapes.md
 * §5 "Target input"; LocalStack's AWS-validated test_events_inputs snapshots).
 */

const event: EventEnvelope = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'core.update-account-command',
  source: 'core.update-account-command',
  account: '111111111111',
  time: '2024-05-13T12:27:07Z',
  region: 'us-east-1',
  resources: [],
  detail: {
    command: 'update-account',
    payload: { acc_id: '0a787ecb-4015', sf_id: 'baz' },
    states: ['ACTIVE', 'INACTIVE'],
    count: 3,
    flag: true,
    nothing: null,
  },
};
const ctx = {
  ruleArn: 'arn:aws:events:us-east-1:111111111111:rule/bus/rule-1',
  ruleName: 'rule-1',
  ingestionTime: '2024-05-13T12:27:08Z',
};
const render = (input: TargetInput) => renderTargetInput(input, event, ctx);
const body = (input: TargetInput): string => {
  const result = render(input);
  if (!result.ok) throw new Error(`not delivered: ${result.reason}`);
  return result.body;
};
const transformer = (InputTemplate: string, InputPathsMap?: Record<string, string>): TargetInput => ({
  InputTransformer: InputPathsMap ? { InputTemplate, InputPathsMap } : { InputTemplate },
});

describe('target input', () => {
  it('sends the whole event by default', () => {
    expect(JSON.parse(body({}))).toEqual(event);
    expect(body({}).startsWith('{"version":"0","id":')).toBe(true);
  });

  it('sends Input verbatim', () => {
    expect(body({ Input: '{"a": 1}' })).toBe('{"a": 1}');
  });

  it('InputPath selects an object [rec test_put_events_with_input_path]', () => {
    expect(JSON.parse(body({ InputPath: '$.detail.payload' }))).toEqual({
      acc_id: '0a787ecb-4015',
      sf_id: 'baz',
    });
  });

  it('InputPath to a string leaf sends it JSON-encoded [rec input_path_max_level_depth]', () => {
    expect(body({ InputPath: '$.detail.payload.sf_id' })).toBe('"baz"');
  });

  it('InputPath supports hyphenated keys, brackets and indexes', () => {
    expect(body({ InputPath: '$.detail-type' })).toBe('"core.update-account-command"');
    expect(body({ InputPath: "$['detail']['states'][1]" })).toBe('"INACTIVE"');
    expect(JSON.parse(body({ InputPath: '$' }))).toEqual(event);
  });

  it('an InputPath that matches nothing delivers nothing, with a reason', () => {
    const result = render({ InputPath: '$.detail.missing' });
    expect(result).toEqual({ ok: false, reason: 'InputPath $.detail.missing matched nothing in the event' });
  });
});

describe('input transformer substitution', () => {
  const paths = { 'detail-type': '$.detail-type', timestamp: '$.time', command: '$.detail.command' };

  it('quoted-string template keeps its quotes [rec input_template_string]', () => {
    const template =
      '"Event of <detail-type> type, at time <timestamp>, info extracted from detail <command>"';
    expect(body(transformer(template, paths))).toBe(
      '"Event of core.update-account-command type, at time 2024-05-13T12:27:07Z, info extracted from detail update-account"',
    );
  });

  it('an unmatched path is empty inside quotes [rec input_template_string not-match-all]', () => {
    const template = '"Event of <detail-type> type, info extracted from detail <command>"';
    expect(body(transformer(template, { ...paths, command: '$.detail.notinmessage' }))).toBe(
      '"Event of core.update-account-command type, info extracted from detail "',
    );
  });

  it('special starting characters inside a quoted template [rec input_template_string]', () => {
    expect(
      body(transformer('"{[/Check with special starting characters for event of <detail-type> type"', paths)),
    ).toBe('"{[/Check with special starting characters for event of core.update-account-command type"');
  });

  it('unquoted strings are quoted in a JSON template [rec input_template_json]', () => {
    const template = '{"detailType": <detail-type>,  "time": <timestamp>, "command": <command>}';
    expect(JSON.parse(body(transformer(template, paths)))).toEqual({
      detailType: 'core.update-account-command',
      time: '2024-05-13T12:27:07Z',
      command: 'update-account',
    });
  });

  it('an unmatched unquoted path becomes "" [rec input_template_json not-match-all]', () => {
    const template = '{"detailType": <detail-type>, "command": <command>}';
    expect(JSON.parse(body(transformer(template, { ...paths, command: '$.detail.notinmessage' })))).toEqual({
      detailType: 'core.update-account-command',
      command: '',
    });
  });

  it('unquoted objects, arrays, numbers, booleans and null go in as JSON', () => {
    const template = '{"p": <payload>, "s": <states>, "n": <count>, "b": <flag>, "z": <nothing>}';
    const map = {
      payload: '$.detail.payload',
      states: '$.detail.states',
      count: '$.detail.count',
      flag: '$.detail.flag',
      nothing: '$.detail.nothing',
    };
    expect(JSON.parse(body(transformer(template, map)))).toEqual({
      p: { acc_id: '0a787ecb-4015', sf_id: 'baz' },
      s: ['ACTIVE', 'INACTIVE'],
      n: 3,
      b: true,
      z: null,
    });
  });

  it('an object inside quotes is raw text without quotes [rec]', () => {
    expect(JSON.parse(body(transformer('{"p": "<payload>"}', { payload: '$.detail.payload' })))).toEqual({
      p: '{acc_id:0a787ecb-4015,sf_id:baz}',
    });
  });

  it('an array inside a quoted-string template is raw text [rec]', () => {
    expect(body(transformer('"states: <states>"', { states: '$.detail.states' }))).toBe(
      '"states: [ACTIVE,INACTIVE]"',
    );
  });

  it('a list inside quotes in a JSON template delivers nothing [rec]', () => {
    const result = render(transformer('{"s": "<states>"}', { states: '$.detail.states' }));
    expect(result.ok).toBe(false);
  });

  it('a bare non-JSON template delivers nothing [rec]', () => {
    const result = render(transformer('Command is <command>!', paths));
    expect(result.ok).toBe(false);
  });

  it('a quoted string value with quotes stays valid JSON', () => {
    const e2 = { ...event, detail: { msg: 'say "hi"' } };
    const result = renderTargetInput(transformer('{"m": "<msg>"}', { msg: '$.detail.msg' }), e2, ctx);
    expect(result.ok && JSON.parse(result.body)).toEqual({ m: 'say "hi"' });
  });

  it('reserved variables in a string [rec predefined_variables STR]', () => {
    const template =
      '"Message containing all pre defined variables <aws.events.rule-arn> <aws.events.rule-name> <aws.events.event.ingestion-time>"';
    expect(body(transformer(template))).toBe(
      `"Message containing all pre defined variables ${ctx.ruleArn} rule-1 2024-05-13T12:27:08Z"`,
    );
  });

  it('<aws.events.event> and <aws.events.event.json> unquoted [rec predefined_variables JSON]', () => {
    const template = '{"originalEvent": <aws.events.event>, "originalEventJson": <aws.events.event.json>}';
    const out = JSON.parse(body(transformer(template)));
    expect(Object.keys(out.originalEvent)).toEqual([
      'id',
      'account',
      'detailType',
      'time',
      'source',
      'region',
      'resources',
      'version',
    ]);
    expect(out.originalEvent.detailType).toBe('core.update-account-command');
    expect(out.originalEvent.detail).toBeUndefined();
    expect(out.originalEventJson).toEqual(event);
  });
});

describe('PutTargets input validation', () => {
  const errorOf = (fn: () => void): AwsError => {
    try {
      fn();
    } catch (error) {
      return error as AwsError;
    }
    throw new Error('expected an error');
  };

  it('only one of Input, InputPath, InputTransformer [rec]', () => {
    const err = errorOf(() => validateTargetInput('t1', { InputPath: '$.detail', Input: '{}' }));
    expect(err.code).toBe('ValidationException');
    expect(err.message).toBe(
      'Only one of Input, InputPath, or InputTransformer must be provided for target t1.',
    );
  });

  it('undefined placeholder [rec missing-key-exception-error]', () => {
    const err = errorOf(() =>
      validateTargetInput('t1', {
        InputTransformer: {
          InputPathsMap: { 'detail-type': '$.detail-type' },
          InputTemplate: '"Event of <detail-type> type, with not defined key <notdefinedkey>"',
        },
      }),
    );
    expect(err.message).toBe('InputTemplate for target t1 contains invalid placeholder notdefinedkey.');
  });

  it('accepts reserved variables without a paths map', () => {
    expect(() =>
      validateTargetInput('t1', { InputTransformer: { InputTemplate: '{"e": <aws.events.event.json>}' } }),
    ).not.toThrow();
  });

  it('rejects invalid JSONPaths, reserved keys and invalid Input JSON', () => {
    expect(errorOf(() => validateTargetInput('t1', { InputPath: 'detail' })).code).toBe(
      'ValidationException',
    );
    expect(
      errorOf(() =>
        validateTargetInput('t1', {
          InputTransformer: { InputTemplate: '<x>', InputPathsMap: { x: 'nope' } },
        }),
      ).message,
    ).toContain('invalid path');
    expect(
      errorOf(() =>
        validateTargetInput('t1', {
          InputTransformer: {
            InputTemplate: '<aws.events.rule-arn>',
            InputPathsMap: { 'aws.events.rule-arn': '$.id' },
          },
        }),
      ).message,
    ).toContain('reserved');
    expect(errorOf(() => validateTargetInput('t1', { Input: 'not json' })).message).toBe(
      'Input for target t1 is not valid JSON text.',
    );
  });
});
