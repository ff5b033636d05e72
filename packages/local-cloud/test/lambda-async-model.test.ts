import { failedItems, sqsRecord } from '../src/services/lambda/async/esm';
import { parseFunctionName } from '../src/services/lambda/async/names';
import {
  afterFunctionError,
  afterThrottle,
  backoffDelayMs,
  isExpired,
} from '../src/services/lambda/async/policy';
import {
  buildRecord,
  dlqAttributes,
  eventBridgeDetailType,
  recordForSns,
  SNS_MESSAGE_LIMIT_BYTES,
  truncateUtf8,
} from '../src/services/lambda/async/record';

/** The pure parts of the async engine: policy, record building, partial batch rules. */

const defaults = { maximumRetryAttempts: 2, maximumEventAgeSeconds: 21_600 };

describe('retry policy (reference/aws-async-semantics.md §2)', () => {
  it('retries function errors after 60 s then 120 s, then RetriesExhausted', () => {
    expect(afterFunctionError(1, 1_000, defaults)).toEqual({ kind: 'retry', delayMs: 60_000 });
    expect(afterFunctionError(2, 61_000, defaults)).toEqual({ kind: 'retry', delayMs: 120_000 });
    expect(afterFunctionError(3, 181_000, defaults)).toEqual({ kind: 'fail', condition: 'RetriesExhausted' });
    expect(afterFunctionError(1, 1_000, { ...defaults, maximumRetryAttempts: 0 })).toEqual({
      kind: 'fail',
      condition: 'RetriesExhausted',
    });
  });

  it('looks ahead on the event age: ceil(age) + n×60 > maxAge fails now', () => {
    const age60 = { maximumRetryAttempts: 2, maximumEventAgeSeconds: 60 };
    const age90 = { maximumRetryAttempts: 2, maximumEventAgeSeconds: 90 };
    expect(afterFunctionError(1, 300, age60)).toEqual({ kind: 'fail', condition: 'EventAgeExceeded' });
    // Even a 0 ms reading counts as a started second.
    expect(afterFunctionError(1, 0, age60)).toEqual({ kind: 'fail', condition: 'EventAgeExceeded' });
    expect(afterFunctionError(1, 300, age90)).toEqual({ kind: 'retry', delayMs: 60_000 });
    expect(afterFunctionError(2, 60_300, age90)).toEqual({ kind: 'fail', condition: 'EventAgeExceeded' });
    expect(afterFunctionError(1, 29_000, age90)).toEqual({ kind: 'retry', delayMs: 60_000 });
    expect(afterFunctionError(1, 30_001, age90)).toEqual({ kind: 'fail', condition: 'EventAgeExceeded' });
  });

  it('backs off throttles 1 s doubling to 5 min, bounded by the event age', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30].map(backoffDelayMs)).toEqual([
      1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 300000, 300000,
    ]);
    expect(afterThrottle(1, 0, defaults)).toEqual({ kind: 'retry', delayMs: 1000 });
    expect(afterThrottle(6, 31_000, { maximumRetryAttempts: 2, maximumEventAgeSeconds: 60 })).toEqual({
      kind: 'fail',
      condition: 'EventAgeExceeded',
    });
    expect(isExpired(21_600_000, defaults)).toBe(true);
    expect(isExpired(21_599_999, defaults)).toBe(false);
  });
});

describe('records (reference/aws-async-semantics.md §3, §4)', () => {
  const base = {
    requestId: 'r-1',
    qualifiedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f:$LATEST',
    requestPayload: '{"a": 1}',
    timestamp: new Date('2019-11-14T18:16:05.568Z'),
  };

  it('builds the record in AWS field order, parsing request and response payloads', () => {
    const record = buildRecord({
      ...base,
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
      response: {
        executedVersion: '$LATEST',
        payload: '{"errorType":"Error","errorMessage":"boom","trace":[]}',
        functionError: 'Unhandled',
      },
    });
    expect(JSON.stringify(record)).toBe(
      '{"version":"1.0","timestamp":"2019-11-14T18:16:05.568Z","requestContext":{"requestId":"r-1","functionArn":"arn:aws:lambda:us-east-1:000000000000:function:f:$LATEST","condition":"RetriesExhausted","approximateInvokeCount":3},"requestPayload":{"a":1},"responseContext":{"statusCode":200,"executedVersion":"$LATEST","functionError":"Unhandled"},"responsePayload":{"errorType":"Error","errorMessage":"boom","trace":[]}}',
    );
  });

  it('omits the response for ZeroReservedConcurrency and keeps non-JSON payloads as strings', () => {
    const zero = buildRecord({
      ...base,
      condition: 'ZeroReservedConcurrency',
      approximateInvokeCount: 0,
      response: undefined,
    });
    expect(Object.keys(zero)).toEqual(['version', 'timestamp', 'requestContext', 'requestPayload']);
    const text = buildRecord({
      ...base,
      requestPayload: 'plain',
      condition: 'Success',
      approximateInvokeCount: 1,
      response: { executedVersion: '1', payload: '' },
    });
    expect(text.requestPayload).toBe('plain');
    expect(text.responsePayload).toBeNull();
  });

  it('drops the payloads of an SNS record over 256 KB', () => {
    const small = buildRecord({
      ...base,
      condition: 'Success',
      approximateInvokeCount: 1,
      response: { executedVersion: '$LATEST', payload: '1' },
    });
    expect(recordForSns(small)).toEqual({ body: JSON.stringify(small), dropped: false });
    const big = buildRecord({
      ...base,
      condition: 'Success',
      approximateInvokeCount: 1,
      response: { executedVersion: '$LATEST', payload: JSON.stringify('x'.repeat(SNS_MESSAGE_LIMIT_BYTES)) },
    });
    const sns = recordForSns(big);
    expect(sns.dropped).toBe(true);
    expect(Object.keys(JSON.parse(sns.body))).toEqual([
      'version',
      'timestamp',
      'requestContext',
      'responseContext',
    ]);
  });

  it('uses ASCII hyphens in the EventBridge detail types', () => {
    expect(eventBridgeDetailType('Success')).toBe('Lambda Function Invocation Result - Success');
    expect(eventBridgeDetailType('EventAgeExceeded')).toBe('Lambda Function Invocation Result - Failure');
    expect(eventBridgeDetailType('Success').includes('\u2013')).toBe(false);
  });

  it('builds DLQ attributes with the first 1 KB of the message', () => {
    expect(dlqAttributes('id', 200, 'm')).toEqual({
      RequestID: { DataType: 'String', StringValue: 'id' },
      ErrorCode: { DataType: 'Number', StringValue: '200' },
      ErrorMessage: { DataType: 'String', StringValue: 'm' },
    });
    expect(truncateUtf8('a'.repeat(2000), 1024)).toHaveLength(1024);
    expect(truncateUtf8(`${'a'.repeat(1023)}é`, 1024)).toBe('a'.repeat(1023));
  });
});

describe('SQS event source helpers (reference/aws-wire-and-event-shapes.md §4)', () => {
  const ids = new Set(['m1', 'm2']);

  it('applies the partial batch response rules', () => {
    expect(failedItems('', ids)).toEqual(new Set());
    expect(failedItems('null', ids)).toEqual(new Set());
    expect(failedItems('{}', ids)).toEqual(new Set());
    expect(failedItems('{"batchItemFailures":[]}', ids)).toEqual(new Set());
    expect(failedItems('{"batchItemFailures":null}', ids)).toEqual(new Set());
    expect(failedItems('{"batchItemFailures":[{"itemIdentifier":"m2"}]}', ids)).toEqual(new Set(['m2']));
    expect(failedItems('{"batchItemFailures":[{"itemIdentifier":""}]}', ids)).toBe('all');
    expect(failedItems('{"batchItemFailures":[{"itemIdentifier":null}]}', ids)).toBe('all');
    expect(failedItems('{"batchItemFailures":[{"itemId":"m1"}]}', ids)).toBe('all');
    expect(failedItems('{"batchItemFailures":[{"itemIdentifier":"unknown"}]}', ids)).toBe('all');
    expect(failedItems('not json', ids)).toBe('all');
  });

  it('builds records with message attributes in the Lambda shape', () => {
    const record = sqsRecord(
      {
        messageId: 'm1',
        receiptHandle: 'rh',
        body: 'b',
        md5OfBody: 'x',
        attributes: { ApproximateReceiveCount: '1' },
        messageAttributes: {
          s: { DataType: 'String', StringValue: 'v' },
          b: { DataType: 'Binary', BinaryValue: 'AQI=' },
        },
        md5OfMessageAttributes: 'y',
      },
      'arn:aws:sqs:us-east-2:123456789012:q',
      'us-east-2',
    );
    expect(record).toEqual({
      messageId: 'm1',
      receiptHandle: 'rh',
      body: 'b',
      attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: {
        s: { stringValue: 'v', stringListValues: [], binaryListValues: [], dataType: 'String' },
        b: { binaryValue: 'AQI=', stringListValues: [], binaryListValues: [], dataType: 'Binary' },
      },
      md5OfMessageAttributes: 'y',
      md5OfBody: 'x',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-2:123456789012:q',
      awsRegion: 'us-east-2',
    });
  });
});

describe('function names', () => {
  it('parses names, ARNs, partial ARNs and qualifiers', () => {
    expect(parseFunctionName('f')).toEqual({ name: 'f', qualifier: undefined });
    expect(parseFunctionName('f:prod')).toEqual({ name: 'f', qualifier: 'prod' });
    expect(parseFunctionName('arn:aws:lambda:us-east-1:000000000000:function:f:$LATEST')).toEqual({
      name: 'f',
      qualifier: '$LATEST',
    });
    expect(parseFunctionName('000000000000:function:f')).toEqual({ name: 'f', qualifier: undefined });
    expect(parseFunctionName('bad name!')).toBeUndefined();
  });
});
