import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { GetQueueAttributesCommand, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { type Harness, startHarness } from './lambda-async-harness';

/**
 * SQS event source mappings against reference/aws-wire-and-event-shapes.md §4 and the recorded AWS answers
 * (LS `test_lambda_integration_sqs.snapshot.json`): the API, synchronous batch invocations, partial batch
 * responses, filtering, the role check, and settle.
 */

let h: Harness;
let role: string;
let seq = 0;
const unique = (prefix: string): string => `${prefix}-${++seq}`;
const ARN = (name: string): string => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
const POLLER_ACTIONS = [
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
  'sqs:SendMessage',
];

interface SqsEvent {
  Records: Array<
    Record<string, unknown> & { messageId: string; body: string; attributes: Record<string, string> }
  >;
}

beforeAll(async () => {
  h = await startHarness({ timeScale: 0.001 });
  role = await h.role('esm-role', POLLER_ACTIONS);
});

afterAll(async () => {
  await h.stop();
});

async function rejection(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const err = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

async function counts(url: string): Promise<{ visible: number; inFlight: number }> {
  const attrs = await h.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    visible: Number(attrs.Attributes?.ApproximateNumberOfMessages),
    inFlight: Number(attrs.Attributes?.ApproximateNumberOfMessagesNotVisible),
  };
}

/** Lets AWS time pass on the scaled clock (visibility timeouts), then waits for quiescence. */
async function after(awsMs: number): Promise<void> {
  await h.cloud.clock.sleep(awsMs);
  await h.settle();
}

describe('the event source mapping API', () => {
  it('creates (202, Creating), reads (Enabled), lists, and deletes (202, Deleting, then 404)', async () => {
    const name = unique('api');
    h.engine.add(name, () => null, { role });
    const queue = await h.queue(unique('api-queue'));
    const created = await h.lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: name, EventSourceArn: queue.arn }),
    );
    expect(created.$metadata.httpStatusCode).toBe(202);
    // Recorded `create_event_source_mapping` (07-12-2023).
    expect(created).toMatchObject({
      BatchSize: 10,
      EventSourceArn: queue.arn,
      FunctionArn: ARN(name),
      FunctionResponseTypes: [],
      MaximumBatchingWindowInSeconds: 0,
      State: 'Creating',
      StateTransitionReason: 'USER_INITIATED',
      UUID: expect.stringMatching(/^[0-9a-f-]{36}$/),
      EventSourceMappingArn: `arn:aws:lambda:us-east-1:000000000000:event-source-mapping:${created.UUID}`,
    });
    expect(created.LastModified).toBeInstanceOf(Date);
    const got = await h.lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }));
    expect(got.State).toBe('Enabled');
    const listed = await h.lambda.send(new ListEventSourceMappingsCommand({ FunctionName: name }));
    expect(listed.EventSourceMappings?.map((m) => m.UUID)).toEqual([created.UUID]);
    const byQueue = await h.lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: queue.arn }));
    expect(byQueue.EventSourceMappings).toHaveLength(1);

    const deleted = await h.lambda.send(new DeleteEventSourceMappingCommand({ UUID: created.UUID }));
    expect(deleted.$metadata.httpStatusCode).toBe(202);
    expect(deleted.State).toBe('Deleting');
    expect(await rejection(h.lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID })))).toEqual({
      name: 'ResourceNotFoundException',
      message: 'The resource you requested does not exist.',
      status: 404,
    });
  });

  it('validates like AWS', async () => {
    const name = unique('validate');
    h.engine.add(name, () => null, { role });
    const weak = unique('weak');
    h.engine.add(weak, () => null, { role: await h.role(unique('weak-role'), ['sqs:SendMessage']) });
    const queue = await h.queue(unique('validate-queue'));
    const create = (input: Record<string, unknown>) =>
      rejection(
        h.lambda.send(
          new CreateEventSourceMappingCommand({ FunctionName: name, EventSourceArn: queue.arn, ...input }),
        ),
      );

    expect(await create({ FunctionName: weak })).toEqual({
      name: 'InvalidParameterValueException',
      message: 'The provided execution role does not have permissions to call ReceiveMessage on SQS',
      status: 400,
    });
    expect(await create({ FunctionName: 'doesnotexist' })).toMatchObject({
      name: 'ResourceNotFoundException',
      message: `Function not found: ${ARN('doesnotexist')}`,
    });
    expect(await create({ EventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:nope' })).toMatchObject({
      name: 'InvalidParameterValueException',
      message: expect.stringContaining('NonExistentQueue'),
    });
    expect(await create({ BatchSize: 11 })).toEqual({
      name: 'InvalidParameterValueException',
      message:
        'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10',
      status: 400,
    });
    expect(await create({ FilterCriteria: { Filters: [{ Pattern: 'simple string' }] } })).toEqual({
      name: 'InvalidParameterValueException',
      message: 'Invalid filter pattern definition.',
      status: 400,
    });
    expect(await create({ StartingPosition: 'LATEST' })).toMatchObject({
      name: 'InvalidParameterValueException',
    });
    expect(await create({ EventSourceArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/s' })).toMatchObject(
      {
        name: 'InvalidParameterValueException',
        message: expect.stringContaining('only Amazon SQS'),
      },
    );
    const first = await h.lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: name, EventSourceArn: queue.arn, Enabled: false }),
    );
    expect(await create({})).toMatchObject({
      name: 'ResourceConflictException',
      message: expect.stringContaining(
        `Please update or delete the existing mapping with UUID ${first.UUID}`,
      ),
    });
  });
});

describe('SQS polling', () => {
  it('invokes the function synchronously with the SQS event and deletes a successful batch; settle waits for it', async () => {
    const name = unique('consumer');
    const seen: SqsEvent[] = [];
    h.engine.add(
      name,
      (event) => {
        seen.push(event as SqsEvent);
        return null;
      },
      { role },
    );
    const queue = await h.queue(unique('consumer-queue'));
    await h.lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: name, EventSourceArn: queue.arn, BatchSize: 10 }),
    );
    await h.sqs.send(
      new SendMessageCommand({
        QueueUrl: queue.url,
        MessageBody: 'Test message.',
        MessageAttributes: { attr: { DataType: 'Number', StringValue: '100' } },
      }),
    );
    await h.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: [1, 2, 3, 4].map((n) => ({ Id: `m${n}`, MessageBody: JSON.stringify({ n }) })),
      }),
    );
    await h.settle();
    const records = seen.flatMap((event) => event.Records);
    expect(records).toHaveLength(5);
    const first = records.find((r) => r.body === 'Test message.');
    // reference/aws-wire-and-event-shapes.md §4, field order included.
    expect(first).toEqual({
      messageId: expect.any(String),
      receiptHandle: expect.any(String),
      body: 'Test message.',
      attributes: expect.objectContaining({
        ApproximateReceiveCount: '1',
        SentTimestamp: expect.stringMatching(/^\d{13}$/),
        SenderId: expect.any(String),
        ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d{13}$/),
      }),
      messageAttributes: {
        attr: { stringValue: '100', stringListValues: [], binaryListValues: [], dataType: 'Number' },
      },
      md5OfMessageAttributes: expect.stringMatching(/^[0-9a-f]{32}$/),
      md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: 'us-east-1',
    });
    expect(Object.keys(first as object)).toEqual([
      'messageId',
      'receiptHandle',
      'body',
      'attributes',
      'messageAttributes',
      'md5OfMessageAttributes',
      'md5OfBody',
      'eventSource',
      'eventSourceARN',
      'awsRegion',
    ]);
    const plain = records.find((r) => r.body === '{"n":1}');
    expect(plain && 'md5OfMessageAttributes' in plain).toBe(false);
    expect(plain?.messageAttributes).toEqual({});
    expect(
      h.engine.invocations
        .filter((i) => i.functionName === name)
        .every((i) => i.invocationType === 'RequestResponse'),
    ).toBe(true);
    expect(await counts(queue.url)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('with ReportBatchItemFailures deletes the successes and leaves the reported failures to reappear', async () => {
    const name = unique('partial');
    const seen: Array<{ body: string; receiveCount: string }> = [];
    h.engine.add(
      name,
      (event) => {
        const failures = [];
        for (const record of (event as SqsEvent).Records) {
          seen.push({ body: record.body, receiveCount: record.attributes.ApproximateReceiveCount as string });
          if (JSON.parse(record.body).fail && record.attributes.ApproximateReceiveCount === '1') {
            failures.push({ itemIdentifier: record.messageId });
          }
        }
        return { batchItemFailures: failures };
      },
      { role },
    );
    const queue = await h.queue(unique('partial-queue'), { VisibilityTimeout: '300' });
    await h.lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: name,
        EventSourceArn: queue.arn,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: 2 },
      }),
    );
    await h.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: [
          { Id: 'a', MessageBody: '{"id":"a"}' },
          { Id: 'b', MessageBody: '{"id":"b","fail":true}' },
          { Id: 'c', MessageBody: '{"id":"c","fail":true}' },
        ],
      }),
    );
    await h.settle();
    expect(await counts(queue.url)).toEqual({ visible: 0, inFlight: 2 });
    await after(301_000);
    expect(await counts(queue.url)).toEqual({ visible: 0, inFlight: 0 });
    const bodies = seen.map((s) => `${JSON.parse(s.body).id}${s.receiveCount}`).sort();
    expect(bodies).toEqual(['a1', 'b1', 'b2', 'c1', 'c2']);
  });

  it('treats an unknown itemIdentifier or a function error as a failure of the whole batch', async () => {
    const name = unique('whole');
    let calls = 0;
    h.engine.add(
      name,
      () => {
        calls++;
        if (calls === 1) return { batchItemFailures: [{ itemIdentifier: 'not-a-message-id' }] };
        if (calls === 2) throw new Error('whole batch fails');
        return { batchItemFailures: [] };
      },
      { role },
    );
    const queue = await h.queue(unique('whole-queue'), { VisibilityTimeout: '300' });
    await h.lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: name,
        EventSourceArn: queue.arn,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: 2 },
      }),
    );
    await h.sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'x' }));
    await h.settle();
    expect(calls).toBe(1);
    expect(await counts(queue.url)).toEqual({ visible: 0, inFlight: 1 });
    await after(301_000);
    expect(calls).toBe(2);
    expect(await counts(queue.url)).toEqual({ visible: 0, inFlight: 1 });
    await after(301_000);
    expect(calls).toBe(3);
    expect(await counts(queue.url)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('lets the queue redrive policy move repeatedly failing messages to its DLQ', async () => {
    const name = unique('redrive');
    h.engine.add(
      name,
      () => {
        throw new Error('always');
      },
      { role },
    );
    const dlq = await h.queue(unique('redrive-dlq'));
    const queue = await h.queue(unique('redrive-queue'), {
      VisibilityTimeout: '30',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 }),
    });
    await h.lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: name, EventSourceArn: queue.arn }),
    );
    await h.sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: '{"poison":true}' }));
    await h.settle();
    await after(31_000);
    await after(31_000);
    expect(h.engine.invocations.filter((i) => i.functionName === name)).toHaveLength(2);
    expect((await h.drain(dlq.url)).map((m) => m.Body)).toEqual(['{"poison":true}']);
  });

  it('filters with an event pattern and deletes what does not match', async () => {
    const name = unique('filtered');
    const bodies: string[] = [];
    h.engine.add(
      name,
      (event) => {
        for (const record of (event as SqsEvent).Records) bodies.push(record.body);
        return null;
      },
      { role },
    );
    const queue = await h.queue(unique('filtered-queue'));
    const created = await h.lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: name,
        EventSourceArn: queue.arn,
        FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ body: { kind: ['keep'] } }) }] },
      }),
    );
    expect(created.FilterCriteria).toEqual({ Filters: [{ Pattern: '{"body":{"kind":["keep"]}}' }] });
    await h.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: [
          { Id: '1', MessageBody: '{"kind":"keep","n":1}' },
          { Id: '2', MessageBody: '{"kind":"drop","n":2}' },
          { Id: '3', MessageBody: 'not json' },
        ],
      }),
    );
    await h.settle();
    expect(bodies).toEqual(['{"kind":"keep","n":1}']);
    expect(await counts(queue.url)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('does not poll while disabled, and resumes when enabled again', async () => {
    const name = unique('toggle');
    let calls = 0;
    h.engine.add(
      name,
      () => {
        calls++;
        return null;
      },
      { role },
    );
    const queue = await h.queue(unique('toggle-queue'));
    const created = await h.lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: name, EventSourceArn: queue.arn, Enabled: false }),
    );
    await h.sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'wait for me' }));
    await h.settle();
    expect(calls).toBe(0);
    expect((await h.lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }))).State).toBe(
      'Disabled',
    );
    const updated = await h.lambda.send(
      new UpdateEventSourceMappingCommand({ UUID: created.UUID, Enabled: true, BatchSize: 5 }),
    );
    expect(updated.$metadata.httpStatusCode).toBe(202);
    expect(updated.State).toBe('Enabling');
    expect(updated.BatchSize).toBe(5);
    await h.settle();
    expect(calls).toBe(1);
    expect((await h.lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }))).State).toBe(
      'Enabled',
    );
  });

  it('keeps mappings across a restart and polls again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lc-esm-'));
    try {
      const first = await startHarness({ dataDir });
      const r = await first.role('r', POLLER_ACTIONS);
      const queue = await first.queue('durable-esm');
      first.engine.add('durable-consumer', () => null, { role: r });
      const created = await first.lambda.send(
        new CreateEventSourceMappingCommand({ FunctionName: 'durable-consumer', EventSourceArn: queue.arn }),
      );
      await first.stop();
      let calls = 0;
      const second = await startHarness({ dataDir }, (engine) =>
        engine.add(
          'durable-consumer',
          () => {
            calls++;
            return null;
          },
          { role: r },
        ),
      );
      try {
        expect(
          (await second.lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }))).State,
        ).toBe('Enabled');
        await second.sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'after restart' }));
        await second.settle();
        expect(calls).toBe(1);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
