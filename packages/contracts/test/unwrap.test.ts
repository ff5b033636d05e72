import { z } from 'zod';
import { AnyFailureRecordSchema, isSuccessRecord, successRecordSchema } from '../src/invocation-record';
import {
  unwrapEventBridgeDetail,
  unwrapLambdaPayload,
  unwrapSnsMessage,
  unwrapSqsBody,
  unwrapSqsRecord,
} from '../src/unwrap';
import { expectFieldError, fixture, fixtureText } from './helpers';

const successBody = fixtureText('sqs/success-record.body.txt');
const successRecord = JSON.parse(successBody);
const nodeFailure = fixture('records/retries-exhausted-node.json');

describe('unwrapSqsBody', () => {
  it('SQS body (string) → record', () => {
    const record = unwrapSqsBody(successBody);
    expect(record).toEqual(successRecord);
    expect(isSuccessRecord(record)).toBe(true);
  });

  it('validates with the given schema', () => {
    const schema = successRecordSchema(z.object({}), z.object({ event: z.object({}) }));
    expect(unwrapSqsBody(successBody, schema).responsePayload.event).toEqual({});
    expectFieldError(
      () => unwrapSqsBody(successBody, successRecordSchema(z.unknown(), z.object({ id: z.string() }))),
      'responsePayload.id',
    );
  });

  it('names the field of an invalid record, and says when the body is not JSON', () => {
    const error = expectFieldError(
      () => unwrapSqsBody(JSON.stringify({ ...successRecord, timestamp: 12 })),
      'timestamp',
    );
    expect(error.message).toMatch(/^Invalid payload in SQS message body: timestamp: /);
    expectFieldError(() => unwrapSqsBody('not json'), '(root)', /not valid JSON/);
  });

  it('unwraps an SQS event source record', () => {
    const event = fixture<{ Records: unknown[] }>('sqs/event-success-record.json');
    expect(unwrapSqsRecord(event.Records[0])).toEqual(successRecord);
    expectFieldError(() => unwrapSqsRecord({ messageId: 'm' }), 'body', /required/);
  });
});

describe('unwrapSnsMessage', () => {
  const envelope = fixture('sns/envelope-success-record.json');
  const lambdaEvent = fixture<{ Records: Array<{ Sns: Record<string, unknown> }> }>(
    'sns/lambda-event-failure-record.json',
  );

  it('SNS envelope (object or JSON text) → record', () => {
    expect(unwrapSnsMessage(envelope)).toEqual(successRecord);
    expect(unwrapSnsMessage(JSON.stringify(envelope))).toEqual(successRecord);
  });

  it('SNS Lambda event record, or the one-record event → record', () => {
    expect(unwrapSnsMessage(lambdaEvent.Records[0], AnyFailureRecordSchema)).toEqual(nodeFailure);
    expect(unwrapSnsMessage(lambdaEvent, AnyFailureRecordSchema)).toEqual(nodeFailure);
  });

  it('names the failing field of the envelope and of the message', () => {
    expectFieldError(() => unwrapSnsMessage({ ...envelope, Message: undefined }), 'Message', /required/);
    const record = lambdaEvent.Records[0];
    expectFieldError(
      () => unwrapSnsMessage({ ...record, Sns: { ...record?.Sns, Message: 7 } }),
      'Sns.Message',
    );
    expectFieldError(
      () => unwrapSnsMessage({ ...envelope, Message: JSON.stringify({ ...successRecord, version: '2' }) }),
      'version',
    );
    expectFieldError(() => unwrapSnsMessage({ Records: [] }), 'Records', /exactly 1 record/);
    expectFieldError(() => unwrapSnsMessage(envelope, AnyFailureRecordSchema), 'requestContext.condition');
  });
});

describe('unwrapEventBridgeDetail', () => {
  const success = fixture('eventbridge/lambda-destination-success.json');
  const failure = fixture<Record<string, unknown>>('eventbridge/lambda-destination-failure.json');

  it('EventBridge detail → record', () => {
    expect(unwrapEventBridgeDetail(success)).toEqual(success.detail);
    expect(unwrapEventBridgeDetail(failure, AnyFailureRecordSchema)).toEqual(nodeFailure);
  });

  it('names the failing field', () => {
    expectFieldError(() => unwrapEventBridgeDetail({ ...success, source: 'aws.events' }), 'source');
    expectFieldError(
      () => unwrapEventBridgeDetail({ ...success, detail: { version: '1.0' } }),
      'requestContext',
      /required/,
    );
    expectFieldError(
      () =>
        unwrapEventBridgeDetail({ ...failure, 'detail-type': 'Lambda Function Invocation Result - Success' }),
      'detail-type',
      /does not match detail\.requestContext\.condition "RetriesExhausted"/,
    );
  });
});

describe('unwrapLambdaPayload', () => {
  it('Lambda payload (object, or JSON text) → record', () => {
    expect(unwrapLambdaPayload(nodeFailure)).toEqual(nodeFailure);
    expect(unwrapLambdaPayload(JSON.stringify(nodeFailure))).toEqual(nodeFailure);
  });

  it('names the failing field', () => {
    const bad = {
      ...nodeFailure,
      requestContext: { ...(nodeFailure.requestContext as object), requestId: '' },
    };
    const error = expectFieldError(() => unwrapLambdaPayload(bad), 'requestContext.requestId');
    expect(error.message).toMatch(/^Invalid Lambda payload: /);
  });
});
