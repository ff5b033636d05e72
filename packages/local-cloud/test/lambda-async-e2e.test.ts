import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  LambdaClient,
  PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand,
} from '@aws-sdk/client-lambda';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { strToU8, zipSync } from 'fflate';
import type { Cloud } from '../src/core/cloud';
import { type RunningLocalCloud, startLocalCloud } from '../src/index';

/**
 * The asynchronous engine with the REAL Lambda half (control plane, runtime: handlers in Node.js execution
 * environments), SQS, SNS and IAM, through the AWS SDK — the behaviours of reference/aws-async-semantics.md
 * end to end. Time scale 0.002 (function timeouts stay wall-clock).
 */

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const ACCOUNT = '000000000000';
const ARN = (name: string): string => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;

const HANDLER = `
exports.handler = async (event, context) => {
  if (event.raise_error || event.fail) throw new Error(event.message || 'Test exception (this is intentional)');
  if (Array.isArray(event.Records)) {
    return { batchItemFailures: event.Records.filter((r) => r.body.includes('"fail":true') && r.attributes.ApproximateReceiveCount === '1').map((r) => ({ itemIdentifier: r.messageId })) };
  }
  return { echo: event, requestId: context.awsRequestId, version: context.functionVersion };
};
`;

let running: RunningLocalCloud;
let cloud: Cloud;
let endpoint: string;
let lambda: LambdaClient;
let sqs: SQSClient;
let sns: SNSClient;
let iam: IAMClient;
let role: string;
let seq = 0;
const unique = (prefix: string): string => `${prefix}-${++seq}`;

beforeAll(async () => {
  running = await startLocalCloud({ port: 0, timeScale: 0.002 });
  cloud = running.cloud;
  endpoint = running.endpoint;
  const config = { endpoint, region: 'us-east-1', credentials };
  lambda = new LambdaClient(config);
  sqs = new SQSClient(config);
  sns = new SNSClient(config);
  iam = new IAMClient(config);
  const created = await iam.send(
    new CreateRoleCommand({
      RoleName: 'e2e-role',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      }),
    }),
  );
  role = created.Role?.Arn as string;
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'e2e-role',
      PolicyName: 'all',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['sqs:*', 'sns:Publish', 'lambda:InvokeFunction', 'events:PutEvents', 'logs:*'],
            Resource: '*',
          },
        ],
      }),
    }),
  );
}, 60_000);

afterAll(async () => {
  for (const client of [lambda, sqs, sns, iam]) client?.destroy();
  await running?.stop();
});

async function createFunction(name: string, extra: Record<string, unknown> = {}): Promise<void> {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: role,
      Code: { ZipFile: zipSync({ 'index.js': strToU8(HANDLER) }) },
      ...extra,
    }),
  );
  for (let i = 0; i < 200; i++) {
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
    if (fn.Configuration?.State === 'Active') return;
    await cloud.clock.sleep(1000);
  }
  throw new Error(`${name} never became Active`);
}

async function queue(
  name: string,
  attributes?: Record<string, string>,
): Promise<{ url: string; arn: string }> {
  const url = (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes })))
    .QueueUrl as string;
  const attrs = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  return { url, arn: attrs.Attributes?.QueueArn as string };
}

async function drain(url: string): Promise<Message[]> {
  const out: Message[] = [];
  for (;;) {
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }),
    );
    if (!received.Messages?.length) return out;
    out.push(...received.Messages);
  }
}

async function settle(): Promise<void> {
  const settled = await cloud.clock.settle(30_000);
  if (!settled) throw new Error(`did not settle: ${JSON.stringify(cloud.clock.stats())}`);
}

async function invokeEvent(name: string, payload: string): Promise<string> {
  const response = await lambda.send(
    new InvokeCommand({ FunctionName: name, InvocationType: 'Event', Payload: Buffer.from(payload) }),
  );
  expect(response.StatusCode).toBe(202);
  expect(!response.Payload || response.Payload.length === 0).toBe(true);
  return response.$metadata.requestId as string;
}

async function control(path: string, method = 'GET', body?: unknown): Promise<unknown> {
  const response = await fetch(`${endpoint}/_local-cloud/${path}`, {
    method,
    ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
  });
  return response.json();
}

const traceKinds = (requestId: string, kind: string) =>
  ((cloud.trace.get(requestId) ?? []) as Array<Record<string, unknown>>).filter((e) => e.kind === kind);

describe('with the real Lambda runtime', () => {
  it('retries a thrown error 60 s / 120 s under one request id and reports the Node error record', async () => {
    const name = unique('e2e-fail');
    const failures = await queue(unique('e2e-failures'));
    await createFunction(name);
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: name,
        DestinationConfig: { OnFailure: { Destination: failures.arn } },
      }),
    );
    const requestId = await invokeEvent(name, '{"fail": true, "message": "intentional failure"}');
    await settle();
    expect(traceKinds(requestId, 'wait').map((e) => e.awsMs)).toEqual([60_000, 120_000]);
    const [message] = await drain(failures.url);
    const record = JSON.parse(message?.Body as string);
    expect(record).toEqual({
      version: '1.0',
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      requestContext: {
        requestId,
        functionArn: `${ARN(name)}:$LATEST`,
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
      },
      requestPayload: { fail: true, message: 'intentional failure' },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: 'intentional failure', trace: expect.any(Array) },
    });
  });

  it("passes the 202's request id to the handler as awsRequestId and sends the Success record", async () => {
    const name = unique('e2e-ok');
    const successes = await queue(unique('e2e-successes'));
    await createFunction(name);
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: name,
        DestinationConfig: { OnSuccess: { Destination: successes.arn } },
      }),
    );
    const requestId = await invokeEvent(name, '{"hello":"world"}');
    await settle();
    const [message] = await drain(successes.url);
    expect(JSON.parse(message?.Body as string)).toMatchObject({
      requestContext: { requestId, condition: 'Success', approximateInvokeCount: 1 },
      requestPayload: { hello: 'world' },
      responseContext: { statusCode: 200, executedVersion: '$LATEST' },
      responsePayload: { echo: { hello: 'world' }, requestId, version: '$LATEST' },
    });
  });

  it('sends the original bytes to the DeadLetterConfig queue with AWS attributes', async () => {
    const name = unique('e2e-dlq');
    const dlq = await queue(unique('e2e-dlq-queue'));
    await createFunction(name, { DeadLetterConfig: { TargetArn: dlq.arn } });
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({ FunctionName: name, MaximumRetryAttempts: 0 }),
    );
    const requestId = await invokeEvent(name, '{"raise_error": 1}');
    await settle();
    const [message] = await drain(dlq.url);
    expect(message?.Body).toBe('{"raise_error": 1}');
    expect(message?.MD5OfBody).toBe('ba08269cbd0ce515889bfba6593731e1');
    expect(message?.MessageAttributes).toEqual({
      ErrorCode: { DataType: 'Number', StringValue: '200' },
      ErrorMessage: { DataType: 'String', StringValue: 'Test exception (this is intentional)' },
      RequestID: { DataType: 'String', StringValue: requestId },
    });
  });

  it('classifies injected faults: throttle / system → backoff, timeout / init crash → function error retries', async () => {
    const name = unique('e2e-faults');
    const successes = await queue(unique('e2e-faults-ok'));
    await createFunction(name);
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: name,
        DestinationConfig: { OnSuccess: { Destination: successes.arn } },
      }),
    );
    await control('faults', 'POST', { functionName: name, kind: 'throttle', count: 2 });
    const throttled = await invokeEvent(name, '{}');
    await settle();
    expect(traceKinds(throttled, 'wait').map((e) => e.awsMs)).toEqual([1000, 2000]);
    await control('faults', 'POST', { functionName: name, kind: 'system', count: 1 });
    const system = await invokeEvent(name, '{}');
    await settle();
    expect(traceKinds(system, 'wait').map((e) => [e.awsMs, e.reason])).toEqual([
      [1000, 'system error backoff'],
    ]);
    await control('faults', 'POST', { functionName: name, kind: 'timeout', count: 1 });
    const timedOut = await invokeEvent(name, '{}');
    await settle();
    expect(traceKinds(timedOut, 'wait').map((e) => e.awsMs)).toEqual([60_000]);
    await control('faults', 'POST', { functionName: name, kind: 'init-crash', count: 1 });
    const crashed = await invokeEvent(name, '{}');
    await settle();
    expect(traceKinds(crashed, 'wait').map((e) => e.awsMs)).toEqual([60_000]);
    const records = (await drain(successes.url)).map((m) => JSON.parse(m.Body as string));
    const count = (id: string) =>
      records.find((r) => r.requestContext.requestId === id)?.requestContext.approximateInvokeCount;
    expect([count(throttled), count(system), count(timedOut), count(crashed)]).toEqual([1, 1, 2, 2]);
  });

  it('sends ZeroReservedConcurrency with count 0 when reserved concurrency is 0', async () => {
    const name = unique('e2e-zero');
    const failures = await queue(unique('e2e-zero-failures'));
    await createFunction(name);
    await lambda.send(
      new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: 0 }),
    );
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: name,
        DestinationConfig: { OnFailure: { Destination: failures.arn } },
      }),
    );
    const requestId = await invokeEvent(name, '{}');
    await settle();
    const [message] = await drain(failures.url);
    expect(JSON.parse(message?.Body as string)).toEqual({
      version: '1.0',
      timestamp: expect.any(String),
      requestContext: {
        requestId,
        functionArn: `${ARN(name)}:$LATEST`,
        condition: 'ZeroReservedConcurrency',
        approximateInvokeCount: 0,
      },
      requestPayload: {},
    });
  });

  it('publishes the record as the SNS Message of an SNS destination', async () => {
    const name = unique('e2e-sns');
    const topicArn = (await sns.send(new CreateTopicCommand({ Name: unique('e2e-topic') })))
      .TopicArn as string;
    const target = await queue(unique('e2e-sns-target'));
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: target.url,
        Attributes: {
          Policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'sns.amazonaws.com' },
                Action: 'sqs:SendMessage',
                Resource: target.arn,
              },
            ],
          }),
        },
      }),
    );
    await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: target.arn }));
    await createFunction(name);
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: name,
        DestinationConfig: { OnSuccess: { Destination: topicArn } },
      }),
    );
    const requestId = await invokeEvent(name, '{"via":"sns"}');
    await settle();
    const [message] = await drain(target.url);
    const envelope = JSON.parse(message?.Body as string);
    expect(envelope.Type).toBe('Notification');
    expect(JSON.parse(envelope.Message)).toMatchObject({
      requestContext: { requestId, condition: 'Success' },
      requestPayload: { via: 'sns' },
    });
  });

  it('runs an SQS event source mapping with ReportBatchItemFailures', async () => {
    const name = unique('e2e-esm');
    // 3000 s of visibility (6 s of wall time here): the reported failure stays in flight for the assertion.
    const source = await queue(unique('e2e-esm-source'), { VisibilityTimeout: '3000' });
    await createFunction(name);
    await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: name,
        EventSourceArn: source.arn,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      }),
    );
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: source.url,
        Entries: [
          { Id: 'a', MessageBody: '{"id":"a"}' },
          { Id: 'b', MessageBody: '{"id":"b","fail":true}' },
        ],
      }),
    );
    await settle();
    const attrs = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: source.url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    // "a" was deleted; "b" was reported as failed and waits out its visibility timeout.
    expect(attrs.Attributes).toMatchObject({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '1',
    });
  });

  it('stops a Lambda → SQS → event source mapping → Lambda loop after 16 hops (Lineage in the SDK trace header)', async () => {
    const name = unique('e2e-sqs-loop');
    const dlq = await queue(unique('e2e-sqs-loop-dlq'));
    // 3000 s of visibility = 6 s of wall time, far longer than an invocation even on a loaded CI machine
    // (a redelivery would trip maxReceiveCount early): the stopped message returns once, then the redrive
    // policy moves it to the DLQ.
    const source = await queue(unique('e2e-sqs-loop-source'), {
      VisibilityTimeout: '3000',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 1 }),
    });
    // Each invocation sends the next message with the SDK, which forwards _X_AMZN_TRACE_ID (Lineage=<hash>:<hops>)
    // as X-Amzn-Trace-Id: SQS stores the message one hop further, and the mapping invokes with that count.
    const LOOP = `
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
const client = new SQSClient({});
exports.handler = async (event) => {
  for (const record of event.Records) {
    const { n } = JSON.parse(record.body);
    await client.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: JSON.stringify({ n: n + 1 }) }));
  }
};
`;
    await createFunction(name, {
      Code: { ZipFile: zipSync({ 'index.js': strToU8(LOOP) }) },
      Environment: { Variables: { QUEUE_URL: source.url } },
      Timeout: 30,
    });
    // Warm the environment first, so no invocation of the chain outlives the visibility timeout.
    await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"Records":[]}') }));
    const { UUID } = await lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: name, EventSourceArn: source.arn, BatchSize: 1 }),
    );
    await sqs.send(new SendMessageCommand({ QueueUrl: source.url, MessageBody: '{"n":0}' }));
    await settle();

    // Invocations n = 0..15 ran (hops 0..15); the message with n = 16 arrived after 16 hops and was not delivered.
    const batches = cloud.trace
      .list(100_000)
      .flatMap(({ requestId }) => cloud.trace.get(requestId) ?? [])
      .filter((e) => e.mapping === UUID);
    expect(batches.filter((e) => e.kind === 'esm-batch')).toHaveLength(16);
    const stopped = batches.filter((e) => e.kind === 'recursive-loop');
    expect(stopped.length).toBeGreaterThanOrEqual(1);
    expect(stopped[0]).toMatchObject({ action: 'Terminate', queue: source.arn });

    // Left in the queue, the stopped message comes back after its visibility timeout and the queue's redrive
    // policy moves it to the dead-letter queue (a passive timer: wait for it through the DLQ's long poll).
    const moved: Message[] = [];
    for (let i = 0; i < 200 && moved.length === 0; i++) {
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq.url, WaitTimeSeconds: 20 }));
      moved.push(...(received.Messages ?? []));
    }
    expect(moved.map((m) => JSON.parse(m.Body as string))).toEqual([{ n: 16 }]);
    expect(batches.filter((e) => e.kind === 'esm-batch')).toHaveLength(16);
  });
});
