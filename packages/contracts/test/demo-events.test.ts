import {
  DESTINATIONS_TESTER_FAILURE_MESSAGE,
  DestinationsTesterEventSchema,
  DestinationsTesterResponseSchema,
  EchoEventSchema,
  EchoResponseSchema,
  NamedSimpleFunctionEventSchema,
  SimpleFunctionBodySchema,
  SimpleFunctionEventSchema,
  SimpleFunctionResponseSchema,
} from '../src/demo-events';
import { parseWith } from '../src/validation';
import { expectFieldError } from './helpers';

describe('simple function (seeds/002)', () => {
  it('accepts what callers send, name or not', () => {
    expect(SimpleFunctionEventSchema.parse({ from: 'sync', name: 'chucks' })).toEqual({
      from: 'sync',
      name: 'chucks',
    });
    expect(SimpleFunctionEventSchema.parse({ from: 'async', name: '' })).toEqual({ from: 'async', name: '' });
    expect(SimpleFunctionEventSchema.parse({ name: null })).toEqual({ name: null });
  });

  it('the function accepts only a non-empty name, naming the field otherwise', () => {
    expect(NamedSimpleFunctionEventSchema.parse({ name: 'chucks' })).toEqual({ name: 'chucks' });
    expectFieldError(
      () => parseWith(NamedSimpleFunctionEventSchema, { from: 'x' }, 'Invalid'),
      'name',
      /required/,
    );
    expectFieldError(
      () => parseWith(NamedSimpleFunctionEventSchema, { name: '' }, 'Invalid'),
      'name',
      'must not be empty',
    );
    expectFieldError(() => parseWith(NamedSimpleFunctionEventSchema, { name: null }, 'Invalid'), 'name');
  });

  it('validates the response', () => {
    const body = { message: 'Hello, chucks!', name: 'chucks', from: 'sync' };
    expect(SimpleFunctionBodySchema.parse(body)).toEqual(body);
    const response = { statusCode: 200, body: JSON.stringify(body) };
    expect(SimpleFunctionResponseSchema.parse(response)).toEqual(response);
    expectFieldError(
      () => parseWith(SimpleFunctionResponseSchema, { ...response, statusCode: 500 }, 'Invalid'),
      'statusCode',
    );
  });
});

describe('destinations tester (seeds/003)', () => {
  it('accepts { Success: boolean }', () => {
    expect(DestinationsTesterEventSchema.parse({ Success: true })).toEqual({ Success: true });
    expect(DestinationsTesterEventSchema.parse({ Success: false })).toEqual({ Success: false });
  });

  it('names Success when it is missing or not a boolean', () => {
    expectFieldError(() => parseWith(DestinationsTesterEventSchema, {}, 'Invalid'), 'Success', /required/);
    expectFieldError(
      () => parseWith(DestinationsTesterEventSchema, { Success: 'true' }, 'Invalid'),
      'Success',
    );
  });

  it('keeps the seed failure message verbatim', () => {
    expect(DESTINATIONS_TESTER_FAILURE_MESSAGE).toBe('Failure from event, Success = false, I am failing!');
  });

  it('validates the success blob', () => {
    const blob = { status: 'Success', message: 'ok', receivedAt: '2025-11-24T10:15:30.568Z' };
    expect(DestinationsTesterResponseSchema.parse(blob)).toEqual(blob);
    expectFieldError(
      () => parseWith(DestinationsTesterResponseSchema, { ...blob, status: 'x' }, 'Invalid'),
      'status',
    );
  });
});

describe('echo (seeds/004)', () => {
  const event = { key1: 'value1', key2: 'value2', key3: 'value3' };

  it('accepts key1..key3 and returns a string', () => {
    expect(EchoEventSchema.parse(event)).toEqual(event);
    expect(EchoResponseSchema.parse('value1')).toBe('value1');
  });

  it('names the missing key', () => {
    expectFieldError(
      () => parseWith(EchoEventSchema, { key1: 'a', key2: 'b' }, 'Invalid'),
      'key3',
      /required/,
    );
  });
});
