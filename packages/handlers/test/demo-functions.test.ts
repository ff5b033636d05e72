import { parseDlqMessage } from '@lambda-chain/contracts/dlq';
import { isFailureRecord } from '@lambda-chain/contracts/invocation-record';
import { runDestinationsTest } from '../src/destinations-tester/core';
import { handler as destinationsTester } from '../src/destinations-tester/handler';
import { handler as echo } from '../src/echo/handler';
import { summariseRecord } from '../src/failure-logger/core';
import { handler as failureLogger } from '../src/failure-logger/handler';
import { greet } from '../src/simple-function/core';
import { handler as simpleFunction } from '../src/simple-function/handler';
import { captureLogs, fixture } from './helpers';

let logs: ReturnType<typeof captureLogs>;
beforeEach(() => {
  logs = captureLogs();
});
afterEach(() => logs.restore());

describe('simple-function (seeds/002)', () => {
  it("greets a name, like the seed's synchronous success", async () => {
    const response = await simpleFunction({ from: 'sync', name: 'chucks' });
    expect(response).toEqual(greet({ from: 'sync', name: 'chucks' }));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ message: 'Hello, chucks!', name: 'chucks', from: 'sync' });
    expect(logs.lines()).toEqual([
      { level: 'INFO', event: 'EventReceived', payload: { from: 'sync', name: 'chucks' } },
    ]);
  });

  it.each([
    [{ from: 'sync', name: '' }, 'Invalid simple-function event: name: must not be empty'],
    [{ from: 'sync' }, 'Invalid simple-function event: name: required (expected string)'],
    [{ name: null }, /^Invalid simple-function event: name: /],
  ])('raises, naming the field, for %j', async (event, message) => {
    await expect(simpleFunction(event)).rejects.toThrow(message);
  });

  it('the DLQ fixture is consistent: its body replayed raises its ErrorMessage', async () => {
    const letter = parseDlqMessage(fixture('dlq/simple-function-dlq-message.json'));
    expect(letter.body).toBe('{"from": "async", "name": ""}');
    expect(letter.errorCode).toBe(200);
    await expect(simpleFunction(letter.payload)).rejects.toThrow(letter.errorMessage);
  });
});

describe('destinations-tester (seeds/003)', () => {
  it('returns a small JSON blob when Success is true', async () => {
    expect(runDestinationsTest({ Success: true }, new Date('2025-11-24T10:00:00.000Z'))).toEqual({
      status: 'Success',
      message: 'Destinations tester succeeded',
      receivedAt: '2025-11-24T10:00:00.000Z',
    });
    await expect(destinationsTester({ Success: true })).resolves.toMatchObject({ status: 'Success' });
    expect(logs.lines().map((line) => line.event)).toEqual(['EventReceived', 'Success']);
  });

  it("throws the seed's error when Success is false", async () => {
    await expect(destinationsTester({ Success: false })).rejects.toThrow(
      new Error('Failure from event, Success = false, I am failing!'),
    );
  });

  it('throws naming Success when it is missing or not a boolean', async () => {
    await expect(destinationsTester({})).rejects.toThrow(
      /^Invalid destinations-tester event: Success: required/,
    );
    await expect(destinationsTester({ Success: 'true' })).rejects.toThrow(
      /^Invalid destinations-tester event: Success: /,
    );
  });
});

describe('failure-logger (seeds/003)', () => {
  it('logs a record received directly (Lambda destination) as one JSON line and returns nothing', async () => {
    const record = fixture('lambda/destinations-tester-failure-record.json');
    await expect(failureLogger(record)).resolves.toBeUndefined();
    const lines = logs.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'ERROR',
      event: 'InvocationRecord',
      via: 'lambda',
      condition: 'RetriesExhausted',
      requestId: '8ea123e4-1db7-4aca-ad10-d9ca1234c1fd',
      errorType: 'Error',
      errorMessage: 'Failure from event, Success = false, I am failing!',
      requestPayload: { Success: false },
      record,
    });
  });

  it('logs a ZeroReservedConcurrency record (no response) and an EventBridge-wrapped record', async () => {
    await failureLogger(fixture('lambda/zero-reserved-concurrency-record.json'));
    await failureLogger(fixture('eventbridge/destinations-tester-failure-event.json'));
    expect(logs.lines().map((line) => [line.via, line.condition, line.errorType])).toEqual([
      ['lambda', 'ZeroReservedConcurrency', null],
      ['eventbridge', 'RetriesExhausted', 'Error'],
    ]);
  });

  it('summarises a success record too', () => {
    const record = { ...fixture('lambda/destinations-tester-failure-record.json') };
    record.requestContext = { ...record.requestContext, condition: 'Success' };
    expect(isFailureRecord(record)).toBe(false);
    expect(summariseRecord(record)).toMatchObject({ condition: 'Success', errorType: null });
  });

  it('throws naming the field of something that is not a record', async () => {
    const record = fixture('lambda/destinations-tester-failure-record.json');
    delete record.requestContext.requestId;
    await expect(failureLogger(record)).rejects.toThrow(
      /^Invalid Lambda payload: requestContext.requestId: required/,
    );
  });
});

describe('echo (seeds/004)', () => {
  it('logs value1..value3 and returns key1', async () => {
    await expect(echo({ key1: 'value1', key2: 'value2', key3: 'value3' })).resolves.toBe('value1');
    expect(logs.lines()).toEqual([
      { level: 'INFO', event: 'Echo', message: 'value1 = value1' },
      { level: 'INFO', event: 'Echo', message: 'value2 = value2' },
      { level: 'INFO', event: 'Echo', message: 'value3 = value3' },
    ]);
  });

  it('raises, naming the missing key (the retries → DLQ case)', async () => {
    await expect(echo({ key1: 'a', key2: 'b' })).rejects.toThrow(
      'Invalid echo event: key3: required (expected string)',
    );
  });
});
