import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateEventBusCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { DeleteRolePolicyCommand } from '@aws-sdk/client-iam';
import { InvokeCommand, PutFunctionEventInvokeConfigCommand } from '@aws-sdk/client-lambda';
import { SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { type Harness, startHarness, traceOf } from './lambda-async-harness';

/**
 * The asynchronous engine against reference/aws-async-semantics.md: one test per point of its closing
 * summary, records compared with the recorded AWS records (§7) up to ids and timestamps.
 * Time scale 0.002: a 60 s AWS retry takes 120 ms of wall time.
 */

const ALL_DESTINATIONS = ['sqs:*', 'sns:Publish', 'lambda:InvokeFunction', 'events:PutEvents'];
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let h: Harness;
let role: string;
let seq = 0;
const unique = (prefix: string): string => `${prefix}-${++seq}`;

beforeAll(async () => {
  h = await startHarness({ timeScale: 0.002 });
  role = await h.role('async-role', ALL_DESTINATIONS);
});

afterAll(async () => {
  await h.stop();
});

async function invokeEvent(functionName: string, payload: string): Promise<string> {
  const response = await h.lambda.send(
    new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(payload) }),
  );
  expect(response.StatusCode).toBe(202);
  return response.$metadata.requestId as string;
}

async function putConfig(functionName: string, config: Record<string, unknown>): Promise<void> {
  await h.lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: functionName, ...config }));
}

const fnArn = (name: string): string => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

async function records(queueUrl: string): Promise<Array<Record<string, unknown>>> {
  const messages = await h.drain(queueUrl);
  return messages.map((m) => JSON.parse(m.Body as string));
}

const kinds = (requestId: string, kind: string) => traceOf(h.cloud, requestId).filter((e) => e.kind === kind);

/** Polls a condition every millisecond (no fixed sleep); fails after 10 s of wall time. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

describe('Event invocation', () => {
  it('answers 202 with an empty body, and the request id is the same on every attempt and in the record', async () => {
    const name = unique('ids');
    const failures = await h.queue(unique('ids-failures'));
    h.engine.add(
      name,
      () => {
        throw new Error('intentional failure');
      },
      { role },
    );
    await putConfig(name, { DestinationConfig: { OnFailure: { Destination: failures.arn } } });
    const response = await h.lambda.send(
      new InvokeCommand({ FunctionName: name, InvocationType: 'Event', Payload: Buffer.from('{"a":1}') }),
    );
    expect(response.StatusCode).toBe(202);
    expect(!response.Payload || response.Payload.length === 0).toBe(true);
    expect(response.FunctionError).toBeUndefined();
    expect(response.ExecutedVersion).toBeUndefined();
    const requestId = response.$metadata.requestId as string;
    expect(requestId).toMatch(UUID);
    await h.settle();
    const invocations = h.engine.invocations.filter((i) => i.functionName === name);
    expect(invocations.map((i) => i.requestId)).toEqual([requestId, requestId, requestId]);
    expect(invocations.every((i) => i.invocationType === 'Event')).toBe(true);
    const [record] = await records(failures.url);
    expect(record?.requestContext).toMatchObject({ requestId });
  });

  it('retries a function error after 60 s then 120 s, and reports RetriesExhausted with the AWS record shape', async () => {
    const name = unique('retries');
    const failures = await h.queue(unique('retries-failures'));
    h.engine.add(
      name,
      () => {
        throw new Error('intentional failure');
      },
      { role },
    );
    await putConfig(name, { DestinationConfig: { OnFailure: { Destination: failures.arn } } });
    const wallStart = Date.now();
    const requestId = await invokeEvent(name, '{"message": "m1"}');
    await h.settle();
    const wall = Date.now() - wallStart;
    // Three minutes of AWS retries in a few hundred milliseconds (bounded loosely: the machine may be busy).
    expect(wall).toBeLessThan(5000);

    // The waits are AWS's, exactly; the attempts land at ≈ +0, +60 s, +180 s of AWS time.
    expect(kinds(requestId, 'wait').map((e) => e.awsMs)).toEqual([60_000, 120_000]);
    const offsets = kinds(requestId, 'attempt').map((e) => e.awsOffsetMs as number);
    expect(offsets).toHaveLength(3);
    expect(Math.abs((offsets[0] as number) - 0)).toBeLessThan(10_000);
    expect(Math.abs((offsets[1] as number) - 60_000)).toBeLessThan(10_000);
    expect(Math.abs((offsets[2] as number) - 180_000)).toBeLessThan(15_000);
    expect(kinds(requestId, 'condition')).toMatchObject([
      { condition: 'RetriesExhausted', approximateInvokeCount: 3 },
    ]);

    const [record] = await records(failures.url);
    // Recorded AWS record (LS-dest `test_retries`, 25-11-2025), Node error shape with `trace`.
    expect(record).toEqual({
      version: '1.0',
      timestamp: expect.stringMatching(ISO_MS),
      requestContext: {
        requestId,
        functionArn: `${fnArn(name)}:$LATEST`,
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
      },
      requestPayload: { message: 'm1' },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: 'intentional failure', trace: expect.any(Array) },
    });
    expect(Object.keys(record as object)).toEqual([
      'version',
      'timestamp',
      'requestContext',
      'requestPayload',
      'responseContext',
      'responsePayload',
    ]);
    expect(Object.keys(record?.requestContext as object)).toEqual([
      'requestId',
      'functionArn',
      'condition',
      'approximateInvokeCount',
    ]);
    expect(Object.keys(record?.responseContext as object)).toEqual([
      'statusCode',
      'executedVersion',
      'functionError',
    ]);
  });

  it('looks ahead on the maximum event age: 60 s allows one attempt, 90 s two (EventAgeExceeded)', async () => {
    for (const [maxAge, expected] of [
      [60, 1],
      [90, 2],
    ] as const) {
      const name = unique(`age-${maxAge}`);
      const failures = await h.queue(unique(`age-${maxAge}-failures`));
      h.engine.add(
        name,
        () => {
          throw new Error('intentional failure');
        },
        { role },
      );
      await putConfig(name, {
        MaximumEventAgeInSeconds: maxAge,
        DestinationConfig: { OnFailure: { Destination: failures.arn } },
      });
      const requestId = await invokeEvent(name, '{"message":"age"}');
      await h.settle();
      expect(h.engine.invocations.filter((i) => i.functionName === name)).toHaveLength(expected);
      const [record] = await records(failures.url);
      expect(record?.requestContext).toEqual({
        requestId,
        functionArn: `${fnArn(name)}:$LATEST`,
        condition: 'EventAgeExceeded',
        approximateInvokeCount: expected,
      });
      // With max age 60, AWS delivers before 60 s have passed ("doesn't even wait for the full 60s").
      const conditionAt = kinds(requestId, 'condition')[0]?.awsOffsetMs as number;
      expect(conditionAt).toBeLessThan(maxAge * 1000);
      expect(record?.responseContext).toEqual({
        statusCode: 200,
        executedVersion: '$LATEST',
        functionError: 'Unhandled',
      });
    }
  });

  it('sends Success records to OnSuccess, and MaximumRetryAttempts 0 gives RetriesExhausted after one attempt', async () => {
    const ok = unique('success');
    const successes = await h.queue(unique('success-dest'));
    h.engine.add(
      ok,
      (event, context) => ({
        event,
        context: { function_version: '$LATEST', aws_request_id: context.awsRequestId },
      }),
      {
        role,
      },
    );
    await putConfig(ok, { DestinationConfig: { OnSuccess: { Destination: successes.arn } } });
    const requestId = await invokeEvent(ok, '{}');

    const once = unique('once');
    const failures = await h.queue(unique('once-failures'));
    h.engine.add(
      once,
      () => {
        throw new Error('intentional failure');
      },
      { role },
    );
    await putConfig(once, {
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnFailure: { Destination: failures.arn } },
    });
    const failedId = await invokeEvent(once, '{"n":1}');
    await h.settle();

    // Recorded AWS success record (LS-dest `test_assess_lambda_destination_invocation[payload0]`).
    expect(await records(successes.url)).toEqual([
      {
        version: '1.0',
        timestamp: expect.stringMatching(ISO_MS),
        requestContext: {
          requestId,
          functionArn: `${fnArn(ok)}:$LATEST`,
          condition: 'Success',
          approximateInvokeCount: 1,
        },
        requestPayload: {},
        responseContext: { statusCode: 200, executedVersion: '$LATEST' },
        responsePayload: { event: {}, context: { function_version: '$LATEST', aws_request_id: requestId } },
      },
    ]);
    const [failed] = await records(failures.url);
    expect(failed?.requestContext).toMatchObject({
      requestId: failedId,
      condition: 'RetriesExhausted',
      approximateInvokeCount: 1,
    });
    expect(h.engine.invocations.filter((i) => i.functionName === once)).toHaveLength(1);
  });

  it('sends ZeroReservedConcurrency at once with count 0, no response, to the destination and the DLQ', async () => {
    const name = unique('zero');
    const failures = await h.queue(unique('zero-failures'));
    const dlq = await h.queue(unique('zero-dlq'));
    h.engine.add(name, () => ({ never: 'runs' }), { role, reserved: 0, dlq: dlq.arn });
    await putConfig(name, { DestinationConfig: { OnFailure: { Destination: failures.arn } } });
    const requestId = await invokeEvent(name, '{}');
    await h.settle();
    expect(h.engine.invocations.filter((i) => i.functionName === name)).toHaveLength(0);
    // Recorded (LS-lambda `test_reserved_concurrency`, 25-11-2025): no responseContext / responsePayload.
    expect(await records(failures.url)).toEqual([
      {
        version: '1.0',
        timestamp: expect.stringMatching(ISO_MS),
        requestContext: {
          requestId,
          functionArn: `${fnArn(name)}:$LATEST`,
          condition: 'ZeroReservedConcurrency',
          approximateInvokeCount: 0,
        },
        requestPayload: {},
      },
    ]);
    const [dead] = await h.drain(dlq.url);
    expect(dead?.Body).toBe('{}');
    expect(dead?.MessageAttributes?.RequestID?.StringValue).toBe(requestId);
    expect(kinds(requestId, 'wait')).toHaveLength(0);
  });
});

describe('destinations and the dead-letter queue', () => {
  it('puts to EventBridge with the ASCII-hyphen detail type, resources [bus, qualified function] and the record as detail', async () => {
    const name = unique('eb');
    const bus = await h.events.send(new CreateEventBusCommand({ Name: unique('results-bus') }));
    const busArn = bus.EventBusArn as string;
    const busName = busArn.split('/')[1] as string;
    const target = await h.queue(unique('eb-target'));
    await h.sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: target.url,
        Attributes: {
          Policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'events.amazonaws.com' },
                Action: 'sqs:SendMessage',
                Resource: target.arn,
              },
            ],
          }),
        },
      }),
    );
    const rule = await h.events.send(
      new PutRuleCommand({
        Name: unique('results-rule'),
        EventBusName: busName,
        EventPattern: JSON.stringify({ source: ['lambda'], resources: [`${fnArn(name)}:$LATEST`] }),
      }),
    );
    expect(rule.RuleArn).toBeDefined();
    await h.events.send(
      new PutTargetsCommand({
        Rule: rule.RuleArn?.split('/').pop() as string,
        EventBusName: busName,
        Targets: [{ Id: 'q', Arn: target.arn }],
      }),
    );
    h.engine.add(
      name,
      (event) => {
        if ((event as { mode?: string }).mode === 'fail') throw new Error('failure mode');
        return { hello: 'world' };
      },
      { role },
    );
    await putConfig(name, {
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnSuccess: { Destination: busArn }, OnFailure: { Destination: busArn } },
    });
    const okId = await invokeEvent(name, '{"mode":"success"}');
    const failId = await invokeEvent(name, '{"mode":"fail"}');
    await h.settle();
    const events = (await h.drain(target.url)).map((m) => JSON.parse(m.Body as string));
    expect(events).toHaveLength(2);
    const success = events.find((e) => e.detail.requestContext.requestId === okId);
    const failure = events.find((e) => e.detail.requestContext.requestId === failId);
    expect(success).toMatchObject({
      version: '0',
      'detail-type': 'Lambda Function Invocation Result - Success',
      source: 'lambda',
      account: '000000000000',
      region: 'us-east-1',
      resources: [busArn, `${fnArn(name)}:$LATEST`],
      detail: {
        version: '1.0',
        requestContext: {
          requestId: okId,
          functionArn: `${fnArn(name)}:$LATEST`,
          condition: 'Success',
          approximateInvokeCount: 1,
        },
        requestPayload: { mode: 'success' },
        responseContext: { statusCode: 200, executedVersion: '$LATEST' },
        responsePayload: { hello: 'world' },
      },
    });
    expect(failure['detail-type']).toBe('Lambda Function Invocation Result - Failure');
    expect(failure.detail.requestContext.condition).toBe('RetriesExhausted');
    expect(failure.detail.responseContext.functionError).toBe('Unhandled');
    // U+002D, never the en dash of the docs.
    for (const event of events) {
      expect([...(event['detail-type'] as string)].every((ch) => ch.charCodeAt(0) < 128)).toBe(true);
    }
  });

  it('chains like CDK responseOnly: default bus → rule on [fn:$LATEST] → next function with $.detail.responsePayload, invoked asynchronously', async () => {
    const head = unique('response-only-head');
    const next = unique('response-only-next');
    const received: unknown[] = [];
    h.engine.add(head, (event) => ({ ...(event as object), identityCheck: 'passed' }), { role });
    const rule = await h.events.send(
      new PutRuleCommand({
        Name: unique('response-only-rule'),
        EventPattern: JSON.stringify({
          source: ['lambda'],
          'detail-type': ['Lambda Function Invocation Result - Success'],
          resources: [`${fnArn(head)}:$LATEST`],
        }),
      }),
    );
    h.engine.add(
      next,
      (event) => {
        received.push(event);
        return null;
      },
      {
        role,
        // aws_lambda_permission { principal = "events.amazonaws.com", source_arn = rule.arn }
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'lambda:InvokeFunction',
              Resource: fnArn(next),
              Condition: { ArnLike: { 'AWS:SourceArn': rule.RuleArn } },
            },
          ],
        }),
      },
    );
    await h.events.send(
      new PutTargetsCommand({
        Rule: rule.RuleArn?.split('/').pop() as string,
        Targets: [{ Id: 'Target0', Arn: fnArn(next), InputPath: '$.detail.responsePayload' }],
      }),
    );
    await putConfig(head, {
      Qualifier: '$LATEST',
      DestinationConfig: {
        OnSuccess: { Destination: 'arn:aws:events:us-east-1:000000000000:event-bus/default' },
      },
    });
    await invokeEvent(head, '{"correlationId":"c-1"}');
    await h.settle();
    expect(received).toEqual([{ correlationId: 'c-1', identityCheck: 'passed' }]);
    expect(h.engine.invocations.find((i) => i.functionName === next)?.invocationType).toBe('Event');
  });

  it('sends the original payload byte for byte to the DLQ with RequestID / ErrorCode "200" / ErrorMessage', async () => {
    const name = unique('dlq');
    const dlq = await h.queue(unique('dlq-queue'));
    h.engine.add(
      name,
      () => {
        throw new Error('Test exception (this is intentional)');
      },
      { role, dlq: dlq.arn },
    );
    await putConfig(name, { MaximumRetryAttempts: 0 });
    const requestId = await invokeEvent(name, '{"raise_error": 1}');
    await h.settle();
    const [message] = await h.drain(dlq.url);
    // Recorded (LS-dest `TestLambdaDLQ::test_dead_letter_queue`, 24-11-2025).
    expect(message?.Body).toBe('{"raise_error": 1}');
    expect(message?.MD5OfBody).toBe('ba08269cbd0ce515889bfba6593731e1');
    expect(message?.MessageAttributes).toEqual({
      ErrorCode: { DataType: 'Number', StringValue: '200' },
      ErrorMessage: { DataType: 'String', StringValue: 'Test exception (this is intentional)' },
      RequestID: { DataType: 'String', StringValue: requestId },
    });
  });

  it('truncates the DLQ ErrorMessage to the first 1 KB', async () => {
    const name = unique('dlq-long');
    const dlq = await h.queue(unique('dlq-long-queue'));
    h.engine.add(
      name,
      () => {
        throw new Error('é'.repeat(1500));
      },
      { role, dlq: dlq.arn },
    );
    await putConfig(name, { MaximumRetryAttempts: 0 });
    await invokeEvent(name, '{}');
    await h.settle();
    const [message] = await h.drain(dlq.url);
    const text = message?.MessageAttributes?.ErrorMessage?.StringValue as string;
    expect(Buffer.byteLength(text, 'utf8')).toBe(1024);
    expect(text).toBe('é'.repeat(512));
  });

  it('fires both the OnFailure destination and the DLQ, destination first', async () => {
    const name = unique('both');
    const dlq = await h.queue(unique('both-dlq'));
    const failures = await h.queue(unique('both-failures'));
    h.engine.add(
      name,
      () => {
        throw new Error('both');
      },
      { role, dlq: dlq.arn },
    );
    await putConfig(name, {
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnFailure: { Destination: failures.arn } },
    });
    const requestId = await invokeEvent(name, '{"raise_error": 1}');
    await h.settle();
    expect(await h.drain(dlq.url)).toHaveLength(1);
    expect(await records(failures.url)).toHaveLength(1);
    expect(kinds(requestId, 'delivery').map((e) => [e.destination, e.ok])).toEqual([
      ['OnFailure', true],
      ['DeadLetterQueue', true],
    ]);
  });

  it('invokes a Lambda destination asynchronously with the record as its payload', async () => {
    const head = unique('head');
    const next = unique('next');
    const received: unknown[] = [];
    h.engine.add(
      next,
      (event) => {
        received.push(event);
        return 'ok';
      },
      { role },
    );
    h.engine.add(head, () => ({ step: 1 }), { role });
    await putConfig(head, { DestinationConfig: { OnSuccess: { Destination: fnArn(next) } } });
    const requestId = await invokeEvent(head, '{"start":true}');
    await h.settle();
    expect(received).toEqual([
      expect.objectContaining({
        requestContext: expect.objectContaining({ requestId, condition: 'Success' }),
        requestPayload: { start: true },
        responsePayload: { step: 1 },
      }),
    ]);
    const nextInvocation = h.engine.invocations.find((i) => i.functionName === next);
    expect(nextInvocation?.invocationType).toBe('Event');
    expect(nextInvocation?.requestId).not.toBe(requestId);
  });

  it('records failed deliveries (missing permission, FIFO destination) in the trace and /_local-cloud/delivery-failures', async () => {
    const name = unique('undeliverable');
    const weakRole = await h.role(unique('weak-role'), ['sqs:SendMessage']);
    const queue = await h.queue(unique('undeliverable-dest'));
    const fifo = await h.queue(`${unique('fifo-dest')}.fifo`, { FifoQueue: 'true' });
    h.engine.add(
      name,
      (event) => {
        if ((event as { fail?: boolean }).fail) throw new Error('x');
        return 1;
      },
      { role: weakRole },
    );
    await putConfig(name, {
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnSuccess: { Destination: queue.arn }, OnFailure: { Destination: fifo.arn } },
    });
    // The permission disappears after configuration time.
    await h.iam.send(
      new DeleteRolePolicyCommand({ RoleName: weakRole.split('/').pop() as string, PolicyName: 'inline' }),
    );
    const okId = await invokeEvent(name, '{}');
    const failId = await invokeEvent(name, '{"fail":true}');
    await h.settle();
    expect(kinds(okId, 'delivery')).toMatchObject([
      { destination: 'OnSuccess', ok: false, reason: expect.stringContaining('not authorized') },
    ]);
    expect(kinds(failId, 'delivery')).toMatchObject([
      { destination: 'OnFailure', ok: false, reason: expect.stringContaining('FIFO') },
    ]);
    const listed = (await h.control('delivery-failures')) as { failures: Array<Record<string, unknown>> };
    expect(listed.failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ requestId: okId, target: queue.arn, kind: 'destination' }),
        expect.objectContaining({ requestId: failId, target: fifo.arn, kind: 'destination' }),
      ]),
    );
  });
});

describe('throttles, system errors and faults', () => {
  it('backs off 1 s, 2 s, 4 s on throttles and system errors without counting them as retries', async () => {
    const name = unique('throttled');
    const successes = await h.queue(unique('throttled-dest'));
    h.engine.add(name, () => 'done', { role });
    h.engine.inject(name, 'throttle', 'throttle', 'system');
    await putConfig(name, {
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnSuccess: { Destination: successes.arn } },
    });
    const requestId = await invokeEvent(name, '{}');
    await h.settle();
    expect(kinds(requestId, 'wait').map((e) => [e.awsMs, e.reason])).toEqual([
      [1000, 'throttle backoff'],
      [2000, 'throttle backoff'],
      [4000, 'system error backoff'],
    ]);
    expect(kinds(requestId, 'attempt-result').map((e) => e.outcome)).toEqual([
      'Throttled',
      'Throttled',
      'SystemError',
      'Success',
    ]);
    const [record] = await records(successes.url);
    // MaximumRetryAttempts 0 and still a success: throttles are not retries; count = invocations that ran.
    expect(record?.requestContext).toMatchObject({
      requestId,
      condition: 'Success',
      approximateInvokeCount: 1,
    });
  });

  it('gives up on throttles with EventAgeExceeded when the next backoff would overshoot the maximum age', async () => {
    const name = unique('always-throttled');
    const dlq = await h.queue(unique('always-throttled-dlq'));
    h.engine.add(name, () => 'never', { role, dlq: dlq.arn });
    h.engine.inject(name, ...Array(20).fill('throttle'));
    await putConfig(name, { MaximumEventAgeInSeconds: 60 });
    const requestId = await invokeEvent(name, '{"t":1}');
    await h.settle();
    // 1+2+4+8+16 = 31 s of backoff; the 32 s one would end past 60 s.
    expect(kinds(requestId, 'wait').map((e) => e.awsMs)).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect(kinds(requestId, 'condition')).toMatchObject([
      { condition: 'EventAgeExceeded', approximateInvokeCount: 0 },
    ]);
    const [message] = await h.drain(dlq.url);
    expect(message?.Body).toBe('{"t":1}');
    expect(message?.MessageAttributes?.ErrorCode).toEqual({ DataType: 'Number', StringValue: '429' });
    expect(message?.MessageAttributes?.ErrorMessage?.StringValue).toBe('Rate Exceeded.');
  });

  it('treats timeouts and runtime crashes as function errors (60 s retry path)', async () => {
    const name = unique('timeouts');
    const failures = await h.queue(unique('timeouts-failures'));
    h.engine.add(name, () => 'fine', { role });
    h.engine.inject(name, 'timeout', 'crash', 'timeout');
    await putConfig(name, { DestinationConfig: { OnFailure: { Destination: failures.arn } } });
    const requestId = await invokeEvent(name, '{}');
    await h.settle();
    expect(kinds(requestId, 'wait').map((e) => e.awsMs)).toEqual([60_000, 120_000]);
    const [record] = await records(failures.url);
    expect(record?.requestContext).toMatchObject({
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
    });
    expect(record?.responsePayload).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${requestId} Error: Task timed out after 3.00 seconds`,
    });
  });
});

describe('the recursive-loop guard', () => {
  it('stops a Lambda → Lambda destination loop at 16 hops and records it', async () => {
    const a = unique('loop-a');
    const b = unique('loop-b');
    h.engine.add(a, () => 'a', { role });
    h.engine.add(b, () => 'b', { role });
    await putConfig(a, { DestinationConfig: { OnSuccess: { Destination: fnArn(b) } } });
    await putConfig(b, { DestinationConfig: { OnSuccess: { Destination: fnArn(a) } } });
    await invokeEvent(a, '{}');
    await h.settle();
    const chain = h.engine.invocations.filter((i) => i.functionName === a || i.functionName === b);
    expect(chain).toHaveLength(16);
    const listed = (await h.control('delivery-failures')) as { failures: Array<Record<string, unknown>> };
    const loop = listed.failures.filter(
      (f) => f.kind === 'recursive-loop' && (f.functionName === a || f.functionName === b),
    );
    expect(loop).toHaveLength(1);
    expect(loop[0]?.reason).toContain('16 hops');
  });

  it('honours RecursiveLoop = Allow', async () => {
    const a = unique('allow-a');
    const b = unique('allow-b');
    let count = 0;
    h.engine.add(a, () => 'a', { role, recursiveLoop: 'Allow' });
    h.engine.add(
      b,
      () => {
        count++;
        if (count > 12) throw new Error('enough');
        return 'b';
      },
      { role, recursiveLoop: 'Allow' },
    );
    await putConfig(a, { DestinationConfig: { OnSuccess: { Destination: fnArn(b) } } });
    await putConfig(b, {
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnSuccess: { Destination: fnArn(a) } },
    });
    await invokeEvent(a, '{}');
    await h.settle();
    expect(h.engine.invocations.filter((i) => i.functionName === a || i.functionName === b)).toHaveLength(26);
  });
});

describe('function deletion', () => {
  it('drops queued events and the configs of a deleted function', async () => {
    const name = unique('deleted');
    h.engine.add(
      name,
      () => {
        throw new Error('x');
      },
      { role },
    );
    await putConfig(name, { MaximumRetryAttempts: 2 });
    const requestId = await invokeEvent(name, '{}');
    // Wait for the first failure, then delete during the 60 s retry wait.
    await until(() => kinds(requestId, 'wait').length > 0, 'the first retry wait');
    h.engine.delete(name);
    await h.settle();
    expect(h.engine.invocations.filter((i) => i.functionName === name)).toHaveLength(1);
    expect(kinds(requestId, 'dropped')).toHaveLength(1);
    expect(h.invoker.configs.list(name)).toHaveLength(0);
  });
});

describe('durability', () => {
  it('resumes accepted events after a restart with their request id, attempt count and enqueue time', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lc-async-'));
    const killedDir = mkdtempSync(join(tmpdir(), 'lc-async-killed-'));
    try {
      const first = await startHarness({ timeScale: 0.01, dataDir });
      const firstRole = await first.role('durable-role', ALL_DESTINATIONS);
      const failures = await first.queue('durable-failures');
      const handler = () => {
        throw new Error('still failing');
      };
      first.engine.add('durable', handler, { role: firstRole });
      await first.lambda.send(
        new PutFunctionEventInvokeConfigCommand({
          FunctionName: 'durable',
          DestinationConfig: { OnFailure: { Destination: failures.arn } },
        }),
      );
      const invoked = await first.lambda.send(
        new InvokeCommand({
          FunctionName: 'durable',
          InvocationType: 'Event',
          Payload: Buffer.from('{"keep": "me"}'),
        }),
      );
      const requestId = invoked.$metadata.requestId as string;
      const waits = () => traceOf(first.cloud, requestId).filter((e) => e.kind === 'wait').length;
      await until(() => waits() > 0, 'the first retry wait');
      expect(waits()).toBe(1);
      // kill -9: what is on disk now is what survives (the journal, written before each acknowledgement).
      cpSync(dataDir, killedDir, { recursive: true });
      await first.stop();

      for (const dir of [dataDir, killedDir]) {
        const second = await startHarness({ timeScale: 0.01, dataDir: dir }, (engine) =>
          engine.add('durable', handler, { role: firstRole }),
        );
        try {
          await second.settle();
          const attempts = second.engine.invocations.filter((i) => i.functionName === 'durable');
          // Attempts 2 and 3 ran here, under the original request id.
          expect(attempts.map((i) => i.requestId)).toEqual([requestId, requestId]);
          const [record] = (await second.drain(failures.url)).map((m) => JSON.parse(m.Body as string));
          expect(record).toMatchObject({
            requestContext: { requestId, condition: 'RetriesExhausted', approximateInvokeCount: 3 },
            requestPayload: { keep: 'me' },
          });
          expect(second.invoker.queue.size).toBe(0);
        } finally {
          await second.stop();
        }
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(killedDir, { recursive: true, force: true });
    }
  });

  it('keeps the original enqueue time across a restart (the event age keeps counting)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lc-async-age-'));
    try {
      const first = await startHarness({ timeScale: 0.02, dataDir });
      const firstRole = await first.role('age-role', ALL_DESTINATIONS);
      const dlq = await first.queue('age-dlq');
      first.engine.add('aging', () => 'never', { role: firstRole, dlq: dlq.arn });
      // Throttled forever: only the event age can end it.
      first.engine.inject('aging', ...Array(30).fill('throttle'));
      await first.lambda.send(
        new PutFunctionEventInvokeConfigCommand({ FunctionName: 'aging', MaximumEventAgeInSeconds: 60 }),
      );
      const invoked = await first.lambda.send(
        new InvokeCommand({ FunctionName: 'aging', InvocationType: 'Event', Payload: Buffer.from('{}') }),
      );
      const requestId = invoked.$metadata.requestId as string;
      const waits = () => traceOf(first.cloud, requestId).filter((e) => e.kind === 'wait').length;
      await until(() => waits() >= 3, 'three throttle backoffs');
      await first.stop();
      const second = await startHarness({ timeScale: 0.02, dataDir }, (engine) => {
        engine.add('aging', () => 'never', { role: firstRole, dlq: dlq.arn });
        engine.inject('aging', ...Array(30).fill('throttle'));
      });
      try {
        await second.settle();
        // 1 + 2 + 4 s before the restart. Had the age restarted from zero, waits of 8, 16 and then 32 s would
        // fit in 60 s; counting from the original enqueue time, the 32 s one does not.
        const waitsAfter = traceOf(second.cloud, requestId)
          .filter((e) => e.kind === 'wait')
          .map((e) => e.awsMs);
        expect(waitsAfter).not.toContain(32_000);
        expect(traceOf(second.cloud, requestId).find((e) => e.kind === 'condition')).toMatchObject({
          condition: 'EventAgeExceeded',
        });
        expect((await second.drain(dlq.url)).map((m) => m.Body)).toEqual(['{}']);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
