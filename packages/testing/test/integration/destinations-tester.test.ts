/**
 * Flow 4 — the destinations tester (seeds/003): success → SNS topic (observed on a tap queue), failure →
 * the failure-logger function (a Lambda destination, invoked with the record); and the EventBridge variant
 * (both outcomes → a custom bus → tap queue). Maximum retry attempts 0: every record says 1 attempt.
 */
import { DescribeEventBusCommand } from '@aws-sdk/client-eventbridge';
import { GetFunctionCommand } from '@aws-sdk/client-lambda';
import { SnsEnvelopeSchema } from '@lambda-chain/contracts/aws-events';
import {
  DESTINATIONS_TESTER_FAILURE_MESSAGE,
  DestinationsTesterEventSchema,
  DestinationsTesterResponseSchema,
} from '@lambda-chain/contracts/demo-events';
import {
  LAMBDA_DESTINATION_DETAIL_TYPES,
  lambdaDestinationEventSchema,
} from '@lambda-chain/contracts/eventbridge';
import { functionErrorRecordSchema, successRecordSchema } from '@lambda-chain/contracts/invocation-record';
import { unwrapEventBridgeDetail, unwrapSnsMessage } from '@lambda-chain/contracts/unwrap';
import { parseWith } from '@lambda-chain/contracts/validation';
import { invokeAsync } from '../../src/invoke';
import { functionLogGroup, parseAppLogLine, waitForLogEvents } from '../../src/logs';
import { QueueCollector } from '../../src/queue-collector';
import { integrationContext } from './support/context';

const ctx = integrationContext();
const { lambda } = ctx.clients;
const testerName = ctx.outputs.get('destinationsTesterFunctionName');
const eventBridgeTesterName = ctx.outputs.get('destinationsTesterEventBridgeFunctionName');
const startTime = Date.now() - 60_000;
const QUICK = ctx.deadlineFor(0);

const ISO = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const SuccessRecord = successRecordSchema(DestinationsTesterEventSchema, DestinationsTesterResponseSchema);
const FailureRecord = functionErrorRecordSchema(DestinationsTesterEventSchema);

const requestIdOfRecord = (record: unknown) =>
  (record as { requestContext?: { requestId?: string } }).requestContext?.requestId;

const successTap = new QueueCollector<Record<string, unknown>>(
  ctx.clients.sqs,
  ctx.outputs.get('destinationsSuccessTapQueueUrl'),
  {
    keyOf: (envelope) => requestIdOfRecord(JSON.parse(String(envelope.Message))),
  },
);
const eventTap = new QueueCollector<Record<string, unknown>>(
  ctx.clients.sqs,
  ctx.outputs.get('destinationsEventTapQueueUrl'),
  {
    keyOf: (event) => requestIdOfRecord(event.detail),
  },
);

async function functionArnOf(name: string): Promise<string> {
  const fn = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
  return fn.Configuration?.FunctionArn as string;
}

function successRecord(requestId: string, functionArn: string) {
  return {
    version: '1.0',
    timestamp: ISO,
    requestContext: {
      requestId,
      functionArn: `${functionArn}:$LATEST`,
      condition: 'Success',
      approximateInvokeCount: 1,
    },
    requestPayload: { Success: true },
    responseContext: { statusCode: 200, executedVersion: '$LATEST' },
    responsePayload: { status: 'Success', message: 'Destinations tester succeeded', receivedAt: ISO },
  };
}

function failureRecord(requestId: string, functionArn: string) {
  return {
    version: '1.0',
    timestamp: ISO,
    // Maximum retry attempts 0: one attempt, then the failure destination.
    requestContext: {
      requestId,
      functionArn: `${functionArn}:$LATEST`,
      condition: 'RetriesExhausted',
      approximateInvokeCount: 1,
    },
    requestPayload: { Success: false },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: {
      errorType: 'Error',
      errorMessage: DESTINATIONS_TESTER_FAILURE_MESSAGE,
      trace: expect.any(Array),
    },
  };
}

describe('destinations tester', () => {
  it('{"Success": true} → the SNS success topic: an SNS envelope whose Message is the Success record', async () => {
    const invoke = await invokeAsync(lambda, testerName, { Success: true });
    expect(invoke.statusCode).toBe(202);
    const message = await successTap.waitFor(invoke.requestId, QUICK);
    const envelope = parseWith(SnsEnvelopeSchema, message.value, 'SNS envelope on the tap queue');
    expect(envelope).toEqual({
      Type: 'Notification',
      MessageId: expect.any(String),
      TopicArn: ctx.outputs.get('destinationsSuccessTopicArn'),
      Message: expect.any(String),
      Timestamp: ISO,
      SignatureVersion: '1',
      Signature: expect.any(String),
      SigningCertURL: expect.stringMatching(/^https:\/\//),
      UnsubscribeURL: expect.stringMatching(/^https?:\/\/.*Action=Unsubscribe/),
    });
    const record = unwrapSnsMessage(message.body, SuccessRecord);
    expect(record).toEqual(successRecord(invoke.requestId, await functionArnOf(testerName)));
  });

  it('{"Success": false} → the failure-logger function ran with the RetriesExhausted record (1 attempt: retries 0)', async () => {
    const invoke = await invokeAsync(lambda, testerName, { Success: false });
    expect(invoke.statusCode).toBe(202);
    const events = await waitForLogEvents(ctx.clients.logs, {
      logGroupName: functionLogGroup(ctx.outputs.get('failureLoggerFunctionName')),
      filterPattern: `"${invoke.requestId}"`,
      startTime,
      timeoutMs: QUICK,
      where: (e) => parseAppLogLine(e.message)?.json.event === 'InvocationRecord',
      ...(ctx.local ? { beforeQuery: () => ctx.settle() } : {}),
    });
    expect(events).toHaveLength(1);
    const line = parseAppLogLine(events[0]?.message);
    const testerArn = await functionArnOf(testerName);
    // console.log → the runtime's INFO; the handler's own level is in the JSON.
    expect(line?.level).toBe('INFO');
    expect(line?.json).toEqual({
      level: 'ERROR',
      event: 'InvocationRecord',
      via: 'lambda',
      condition: 'RetriesExhausted',
      requestId: invoke.requestId,
      functionArn: `${testerArn}:$LATEST`,
      approximateInvokeCount: 1,
      errorType: 'Error',
      errorMessage: DESTINATIONS_TESTER_FAILURE_MESSAGE,
      requestPayload: { Success: false },
      record: failureRecord(invoke.requestId, testerArn),
    });
    parseWith(FailureRecord, line?.json.record, 'record logged by the failure logger');
  });

  it('EventBridge variant: both outcomes arrive on the bus as "Lambda Function Invocation Result - Success|Failure"', async () => {
    const [ok, failed] = await Promise.all([
      invokeAsync(lambda, eventBridgeTesterName, { Success: true }),
      invokeAsync(lambda, eventBridgeTesterName, { Success: false }),
    ]);
    expect([ok.statusCode, failed.statusCode]).toEqual([202, 202]);
    const [okEvent, failedEvent] = await eventTap.waitForAll([ok.requestId, failed.requestId], QUICK);
    const bus = await ctx.clients.events.send(
      new DescribeEventBusCommand({ Name: ctx.outputs.get('destinationsBusName') }),
    );
    const functionArn = await functionArnOf(eventBridgeTesterName);
    const [, , , region, account] = functionArn.split(':');
    const envelope = (detailType: string, detail: unknown) => ({
      version: '0',
      id: expect.any(String),
      'detail-type': detailType,
      source: 'lambda',
      account,
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      region,
      resources: [bus.Arn, `${functionArn}:$LATEST`],
      detail,
    });
    expect(okEvent?.value).toEqual(
      envelope(LAMBDA_DESTINATION_DETAIL_TYPES.Success, successRecord(ok.requestId, functionArn)),
    );
    expect(failedEvent?.value).toEqual(
      envelope(LAMBDA_DESTINATION_DETAIL_TYPES.Failure, failureRecord(failed.requestId, functionArn)),
    );
    // ASCII hyphen-minus (U+002D) in the detail-type, not the en dash of the AWS docs.
    expect(String(okEvent?.value['detail-type'])).not.toMatch(/\u2013/);
    const schema = lambdaDestinationEventSchema(
      DestinationsTesterEventSchema,
      DestinationsTesterResponseSchema,
    );
    parseWith(schema, okEvent?.value, 'Success event');
    parseWith(schema, failedEvent?.value, 'Failure event');
    expect(unwrapEventBridgeDetail(okEvent?.value, SuccessRecord).requestContext.approximateInvokeCount).toBe(
      1,
    );
    expect(
      unwrapEventBridgeDetail(failedEvent?.value, FailureRecord).requestContext.approximateInvokeCount,
    ).toBe(1);
  });
});
