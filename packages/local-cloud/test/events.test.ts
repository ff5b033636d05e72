import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  DescribeEventBusCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  EventBridgeClient,
  ListEventBusesCommand,
  ListRuleNamesByTargetCommand,
  ListRulesCommand,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutPermissionCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  TagResourceCommand,
  TestEventPatternCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { DeliveryPayload, Principal } from '../src/core/delivery';
import { AwsError } from '../src/core/errors';
import { type RunningLocalCloud, startLocalCloud } from '../src/index';

const ACCOUNT = '000000000000';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

async function errorOf(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

/** A delivery target standing in for a service (here: Lambda) to observe routing at model level. */
interface Received {
  arn: string;
  payload: DeliveryPayload;
  principal: Principal;
}
function fakeLambda(lc: RunningLocalCloud, behaviour: (n: number) => void = () => {}): Received[] {
  const received: Received[] = [];
  let calls = 0;
  lc.cloud.delivery.registerTarget('lambda', {
    action: 'lambda:InvokeFunction',
    resourcePolicy: () =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'lambda:InvokeFunction',
            Resource: '*',
          },
        ],
      }),
    deliver: (arn, payload, principal) => {
      calls++;
      behaviour(calls);
      received.push({
        arn: `arn:aws:lambda:${arn.region}:${arn.accountId}:${arn.resource}`,
        payload,
        principal,
      });
      return { id: `req-${calls}` };
    },
  });
  return received;
}

const fnArn = (name: string): string => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;

describe('EventBridge (SDK v3 conformance)', () => {
  let lc: RunningLocalCloud;
  let eb: EventBridgeClient;
  let sqs: SQSClient;

  beforeAll(async () => {
    lc = await startLocalCloud({ port: 0, timeScale: 0.001 });
    const config = { endpoint: lc.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 };
    eb = new EventBridgeClient(config);
    sqs = new SQSClient(config);
  });

  afterAll(async () => {
    eb?.destroy();
    sqs?.destroy();
    await lc?.stop();
  });

  describe('event buses', () => {
    it('has a default bus in every region', async () => {
      const out = await eb.send(new DescribeEventBusCommand({}));
      expect(out.Name).toBe('default');
      expect(out.Arn).toBe(`arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`);
      expect(out.CreationTime).toBeInstanceOf(Date);
      const west = new EventBridgeClient({ endpoint: lc.endpoint, region: 'us-west-2', credentials });
      const other = await west.send(new DescribeEventBusCommand({ Name: 'default' }));
      west.destroy();
      expect(other.Arn).toBe(`arn:aws:events:us-west-2:${ACCOUNT}:event-bus/default`);
    });

    it('creates, describes and tags a bus as Terraform reads it', async () => {
      const created = await eb.send(
        new CreateEventBusCommand({
          Name: 'orders',
          Description: 'order events',
          Tags: [{ Key: 'team', Value: 'a' }],
        }),
      );
      expect(created.EventBusArn).toBe(`arn:aws:events:us-east-1:${ACCOUNT}:event-bus/orders`);
      const described = await eb.send(new DescribeEventBusCommand({ Name: 'orders' }));
      expect(described).toMatchObject({
        Name: 'orders',
        Arn: created.EventBusArn,
        Description: 'order events',
      });
      expect(described.LastModifiedTime).toBeInstanceOf(Date);
      expect(described.Policy).toBeUndefined();
      const tags = await eb.send(new ListTagsForResourceCommand({ ResourceARN: created.EventBusArn }));
      expect(tags.Tags).toEqual([{ Key: 'team', Value: 'a' }]);

      const list = await eb.send(new ListEventBusesCommand({}));
      expect(list.EventBuses?.map((b) => b.Name)).toEqual(['default', 'orders']);
      const prefixed = await eb.send(new ListEventBusesCommand({ NamePrefix: 'ord' }));
      expect(prefixed.EventBuses?.map((b) => b.Name)).toEqual(['orders']);
    });

    it('refuses duplicates, a missing bus and deleting default', async () => {
      expect(await errorOf(eb.send(new CreateEventBusCommand({ Name: 'orders' })))).toMatchObject({
        name: 'ResourceAlreadyExistsException',
        message: 'Event bus orders already exists.',
        status: 400,
      });
      expect(await errorOf(eb.send(new DescribeEventBusCommand({ Name: 'nope' })))).toMatchObject({
        name: 'ResourceNotFoundException',
        message: 'Event bus nope does not exist.',
      });
      expect(await errorOf(eb.send(new DeleteEventBusCommand({ Name: 'default' })))).toMatchObject({
        name: 'ValidationException',
        message: 'Cannot delete event bus default.',
      });
      expect(
        await errorOf(eb.send(new CreateEventBusCommand({ Name: 'kms', KmsKeyIdentifier: 'alias/x' }))),
      ).toMatchObject({ name: 'ValidationException' });
    });

    it('stores a bus policy (PutPermission) and returns it from DescribeEventBus', async () => {
      await eb.send(new CreateEventBusCommand({ Name: 'shared' }));
      await eb.send(
        new PutPermissionCommand({
          EventBusName: 'shared',
          StatementId: 'acct',
          Principal: '111122223333',
          Action: 'events:PutEvents',
        }),
      );
      const policy = JSON.parse(
        (await eb.send(new DescribeEventBusCommand({ Name: 'shared' }))).Policy ?? '{}',
      );
      expect(policy.Statement).toEqual([
        {
          Sid: 'acct',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:root' },
          Action: 'events:PutEvents',
          Resource: `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/shared`,
        },
      ]);
      await eb.send(new DeleteEventBusCommand({ Name: 'shared' }));
      await eb.send(new DeleteEventBusCommand({ Name: 'shared' })); // idempotent
      expect((await errorOf(eb.send(new DescribeEventBusCommand({ Name: 'shared' })))).name).toBe(
        'ResourceNotFoundException',
      );
    });
  });

  describe('rules', () => {
    // Terraform sends the pattern it normalised; it must come back byte for byte or `plan` shows a diff.
    const pattern = '{"detail-type":["OrderPlaced"],"source":["shop"]}';

    it('PutRule → DescribeRule ×2 → ListTagsForResource returns what was put', async () => {
      const put = await eb.send(
        new PutRuleCommand({
          Name: 'placed',
          EventBusName: 'orders',
          EventPattern: pattern,
          Description: 'placed orders',
          Tags: [{ Key: 'env', Value: 'test' }],
        }),
      );
      expect(put.RuleArn).toBe(`arn:aws:events:us-east-1:${ACCOUNT}:rule/orders/placed`);
      for (let i = 0; i < 2; i++) {
        const rule = await eb.send(new DescribeRuleCommand({ Name: 'placed', EventBusName: 'orders' }));
        expect(rule).toMatchObject({
          Name: 'placed',
          Arn: put.RuleArn,
          EventPattern: pattern,
          State: 'ENABLED',
          Description: 'placed orders',
          EventBusName: 'orders',
          CreatedBy: ACCOUNT,
        });
        expect(rule.ScheduleExpression).toBeUndefined();
      }
      const tags = await eb.send(new ListTagsForResourceCommand({ ResourceARN: put.RuleArn }));
      expect(tags.Tags).toEqual([{ Key: 'env', Value: 'test' }]);
    });

    it('keeps a pattern with whitespace exactly as sent', async () => {
      const spaced = '{\n  "source": [ "shop" ]\n}';
      await eb.send(new PutRuleCommand({ Name: 'spaced', EventPattern: spaced }));
      const rule = await eb.send(new DescribeRuleCommand({ Name: 'spaced' }));
      expect(rule.EventPattern).toBe(spaced);
      expect(rule.Arn).toBe(`arn:aws:events:us-east-1:${ACCOUNT}:rule/spaced`);
      expect(rule.EventBusName).toBe('default');
      await eb.send(new DeleteRuleCommand({ Name: 'spaced' }));
    });

    it('lists, disables and enables rules; tags and untags them', async () => {
      await eb.send(new PutRuleCommand({ Name: 'placed-eu', EventBusName: 'orders', EventPattern: pattern }));
      const listed = await eb.send(new ListRulesCommand({ EventBusName: 'orders', NamePrefix: 'placed' }));
      expect(listed.Rules?.map((r) => r.Name)).toEqual(['placed', 'placed-eu']);
      const limited = await eb.send(new ListRulesCommand({ EventBusName: 'orders', Limit: 1 }));
      expect(limited.Rules).toHaveLength(1);
      const next = await eb.send(
        new ListRulesCommand({ EventBusName: 'orders', Limit: 1, NextToken: limited.NextToken }),
      );
      expect(next.Rules?.[0]?.Name).toBe('placed-eu');
      expect(next.NextToken).toBeUndefined();

      await eb.send(new DisableRuleCommand({ Name: 'placed-eu', EventBusName: 'orders' }));
      expect(
        (await eb.send(new DescribeRuleCommand({ Name: 'placed-eu', EventBusName: 'orders' }))).State,
      ).toBe('DISABLED');
      await eb.send(new EnableRuleCommand({ Name: 'placed-eu', EventBusName: 'orders' }));
      expect(
        (await eb.send(new DescribeRuleCommand({ Name: 'placed-eu', EventBusName: 'orders' }))).State,
      ).toBe('ENABLED');

      const arn = `arn:aws:events:us-east-1:${ACCOUNT}:rule/orders/placed-eu`;
      await eb.send(
        new TagResourceCommand({
          ResourceARN: arn,
          Tags: [
            { Key: 'a', Value: '1' },
            { Key: 'b', Value: '2' },
          ],
        }),
      );
      await eb.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ['a'] }));
      expect((await eb.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags).toEqual([
        { Key: 'b', Value: '2' },
      ]);
      await eb.send(new DeleteRuleCommand({ Name: 'placed-eu', EventBusName: 'orders' }));
    });

    it('rejects invalid rules with AWS errors', async () => {
      expect(
        await errorOf(eb.send(new PutRuleCommand({ Name: 'bad', EventPattern: '{"source": "shop"}' }))),
      ).toMatchObject({
        name: 'InvalidEventPatternException',
        message: 'Event pattern is not valid. Reason: "source" must be an object or an array',
        status: 400,
      });
      expect(await errorOf(eb.send(new PutRuleCommand({ Name: 'bad' })))).toMatchObject({
        name: 'ValidationException',
        message: 'Parameter(s) EventPattern or ScheduleExpression must be specified.',
      });
      expect(
        await errorOf(
          eb.send(
            new PutRuleCommand({ Name: 'bad', EventBusName: 'orders', ScheduleExpression: 'rate(1 minute)' }),
          ),
        ),
      ).toMatchObject({
        name: 'ValidationException',
        message: 'ScheduleExpression is supported only on the default event bus.',
      });
      expect(
        (
          await errorOf(
            eb.send(new PutRuleCommand({ Name: 'bad', ScheduleExpression: 'cron(0 12 * * ? *)' })),
          )
        ).message,
      ).toContain('cron() schedule expressions are not supported');
      expect(
        await errorOf(
          eb.send(new PutRuleCommand({ Name: 'bad', EventBusName: 'nope', EventPattern: pattern })),
        ),
      ).toMatchObject({
        name: 'ResourceNotFoundException',
        message: 'Event bus nope does not exist.',
      });
      expect(await errorOf(eb.send(new DescribeRuleCommand({ Name: 'missing' })))).toMatchObject({
        name: 'ResourceNotFoundException',
        message: 'Rule missing does not exist on EventBus default.',
      });
      expect(
        (await errorOf(eb.send(new PutRuleCommand({ Name: 'bad name!', EventPattern: pattern })))).name,
      ).toBe('ValidationException');
      // Deleting a rule that does not exist succeeds.
      await eb.send(new DeleteRuleCommand({ Name: 'missing' }));
    });
  });

  describe('targets', () => {
    it('PutTargets → ListTargetsByRule returns the targets as put', async () => {
      const targets = [
        { Id: 'plain', Arn: fnArn('a') },
        { Id: 'input', Arn: fnArn('b'), Input: '{"fixed": true}' },
        { Id: 'path', Arn: fnArn('c'), InputPath: '$.detail' },
        {
          Id: 'transform',
          Arn: fnArn('d'),
          InputTransformer: { InputPathsMap: { order: '$.detail.order' }, InputTemplate: '{"o": <order>}' },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 600 },
          DeadLetterConfig: { Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:dlq` },
        },
      ];
      const out = await eb.send(
        new PutTargetsCommand({ Rule: 'placed', EventBusName: 'orders', Targets: targets }),
      );
      expect(out).toMatchObject({ FailedEntryCount: 0, FailedEntries: [] });
      const listed = await eb.send(new ListTargetsByRuleCommand({ Rule: 'placed', EventBusName: 'orders' }));
      expect(listed.Targets).toEqual(targets);
      const names = await eb.send(
        new ListRuleNamesByTargetCommand({ TargetArn: fnArn('c'), EventBusName: 'orders' }),
      );
      expect(names.RuleNames).toEqual(['placed']);
    });

    it('validates targets', async () => {
      expect(
        await errorOf(
          eb.send(
            new PutTargetsCommand({
              Rule: 'placed',
              EventBusName: 'orders',
              Targets: [{ Id: 't1', Arn: fnArn('a'), Input: '{}', InputPath: '$.detail' }],
            }),
          ),
        ),
      ).toMatchObject({
        name: 'ValidationException',
        message: 'Only one of Input, InputPath, or InputTransformer must be provided for target t1.',
      });
      expect(
        await errorOf(
          eb.send(
            new PutTargetsCommand({
              Rule: 'placed',
              EventBusName: 'orders',
              Targets: [{ Id: 't1', Arn: fnArn('a'), InputTransformer: { InputTemplate: '"<nokey>"' } }],
            }),
          ),
        ),
      ).toMatchObject({
        name: 'ValidationException',
        message: 'InputTemplate for target t1 contains invalid placeholder nokey.',
      });
      const partial = await eb.send(
        new PutTargetsCommand({
          Rule: 'placed',
          EventBusName: 'orders',
          Targets: [{ Id: 'kinesis', Arn: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/s` }],
        }),
      );
      expect(partial.FailedEntryCount).toBe(1);
      expect(partial.FailedEntries?.[0]).toMatchObject({
        TargetId: 'kinesis',
        ErrorCode: 'ValidationException',
      });
      expect(
        await errorOf(
          eb.send(new PutTargetsCommand({ Rule: 'missing', Targets: [{ Id: 'x', Arn: fnArn('a') }] })),
        ),
      ).toMatchObject({
        name: 'ResourceNotFoundException',
        message: 'Rule missing does not exist on EventBus default.',
      });
      expect(
        await errorOf(
          eb.send(
            new PutTargetsCommand({
              Rule: 'placed',
              EventBusName: 'orders',
              Targets: [
                { Id: 'sixth', Arn: fnArn('z') },
                { Id: 'seventh', Arn: fnArn('y') },
              ],
            }),
          ),
        ),
      ).toMatchObject({ name: 'LimitExceededException' });
    });

    it('refuses to delete a rule that has targets, then deletes it once they are removed', async () => {
      await eb.send(new PutRuleCommand({ Name: 'temp', EventPattern: '{"source":["x"]}' }));
      await eb.send(new PutTargetsCommand({ Rule: 'temp', Targets: [{ Id: 'a', Arn: fnArn('a') }] }));
      expect(await errorOf(eb.send(new DeleteRuleCommand({ Name: 'temp' })))).toMatchObject({
        name: 'ValidationException',
        message: "Rule can't be deleted since it has targets.",
        status: 400,
      });
      await eb.send(new RemoveTargetsCommand({ Rule: 'temp', Ids: ['a'] }));
      await eb.send(new DeleteRuleCommand({ Name: 'temp' }));
      expect((await errorOf(eb.send(new DescribeRuleCommand({ Name: 'temp' })))).name).toBe(
        'ResourceNotFoundException',
      );
    });
  });

  describe('PutEvents and TestEventPattern', () => {
    it('validates the request and each entry', async () => {
      const entry = { Source: 's', DetailType: 'd', Detail: '{}' };
      expect(await errorOf(eb.send(new PutEventsCommand({ Entries: Array(11).fill(entry) })))).toMatchObject({
        name: 'ValidationException',
      });
      expect(
        (await errorOf(eb.send(new PutEventsCommand({ Entries: Array(11).fill(entry) })))).message,
      ).toContain(
        "at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10",
      );
      expect(
        await errorOf(
          eb.send(
            new PutEventsCommand({
              Entries: [{ ...entry, Detail: JSON.stringify({ big: 'x'.repeat(1_100_000) }) }],
            }),
          ),
        ),
      ).toMatchObject({
        name: 'ValidationException',
        message: 'Total size of the entries in the request is over the limit.',
      });

      const out = await eb.send(
        new PutEventsCommand({
          Entries: [
            entry,
            { DetailType: 'd', Detail: '{}' },
            { Source: 's', Detail: '{}' },
            { Source: 's', DetailType: 'd' },
            { ...entry, Detail: '"a string"' },
            { ...entry, Detail: '[1]' },
            { ...entry, Detail: '{bad' },
          ],
        }),
      );
      expect(out.FailedEntryCount).toBe(6);
      expect(out.Entries?.[0]?.EventId).toMatch(/^[0-9a-f-]{36}$/);
      expect(out.Entries?.slice(1)).toEqual([
        {
          ErrorCode: 'InvalidArgument',
          ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.',
        },
        {
          ErrorCode: 'InvalidArgument',
          ErrorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.',
        },
        {
          ErrorCode: 'InvalidArgument',
          ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.',
        },
        { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
        { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
        { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      ]);
    });

    it('TestEventPattern matches, refuses bad patterns and bad events', async () => {
      const event = JSON.stringify({
        id: '1',
        source: 'order',
        'detail-type': 'Test',
        account: ACCOUNT,
        region: 'us-east-1',
        time: '2024-01-01T00:00:00Z',
        detail: { n: 7 },
      });
      expect(
        (
          await eb.send(
            new TestEventPatternCommand({
              Event: event,
              EventPattern: '{"source":["order"],"detail":{"n":[{"numeric":[">",5]}]}}',
            }),
          )
        ).Result,
      ).toBe(true);
      expect(
        (
          await eb.send(
            new TestEventPatternCommand({ Event: event, EventPattern: '{"source":["shipment"]}' }),
          )
        ).Result,
      ).toBe(false);
      expect(
        await errorOf(
          eb.send(new TestEventPatternCommand({ Event: event, EventPattern: '{"resources": []}' })),
        ),
      ).toMatchObject({
        name: 'InvalidEventPatternException',
        message: 'Event pattern is not valid. Reason: Empty arrays are not allowed',
      });
      expect(
        await errorOf(
          eb.send(new TestEventPatternCommand({ Event: '"plain string"', EventPattern: '{"source":["x"]}' })),
        ),
      ).toMatchObject({
        name: 'ValidationException',
        message: 'Parameter Event is not valid.',
      });
    });
  });

  describe('routing and delivery', () => {
    it('routes a matching event to every target with its input, as the rule principal', async () => {
      const received = fakeLambda(lc);
      await eb.send(new RemoveTargetsCommand({ Rule: 'placed', EventBusName: 'orders', Ids: ['transform'] }));
      await eb.send(
        new PutTargetsCommand({
          Rule: 'placed',
          EventBusName: 'orders',
          Targets: [
            {
              Id: 'transform',
              Arn: fnArn('d'),
              InputTransformer: {
                InputPathsMap: { order: '$.detail.order', src: '$.source' },
                InputTemplate: '{"o": <order>, "text": "from <src>", "rule": <aws.events.rule-name>}',
              },
            },
          ],
        }),
      );
      const out = await eb.send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: 'orders',
              Source: 'shop',
              DetailType: 'OrderPlaced',
              Detail: '{"order":{"id":42}}',
              Resources: ['arn:aws:s3:::bucket'],
              Time: new Date('2022-01-01T00:00:00Z'),
            },
            { EventBusName: 'orders', Source: 'other', DetailType: 'OrderPlaced', Detail: '{}' },
          ],
        }),
      );
      expect(out.FailedEntryCount).toBe(0);
      await lc.cloud.clock.settle();
      const byFn = Object.fromEntries(received.map((r) => [r.arn.split(':').pop(), r]));
      expect(Object.keys(byFn).sort()).toEqual(['a', 'b', 'c', 'd']);
      const whole = byFn.a?.payload.body as string;
      expect(JSON.parse(whole)).toEqual({
        version: '0',
        id: out.Entries?.[0]?.EventId,
        'detail-type': 'OrderPlaced',
        source: 'shop',
        account: ACCOUNT,
        time: '2022-01-01T00:00:00Z',
        region: 'us-east-1',
        resources: ['arn:aws:s3:::bucket'],
        detail: { order: { id: 42 } },
      });
      expect(Object.keys(JSON.parse(whole))).toEqual([
        'version',
        'id',
        'detail-type',
        'source',
        'account',
        'time',
        'region',
        'resources',
        'detail',
      ]);
      expect(byFn.b?.payload.body).toBe('{"fixed": true}');
      expect(JSON.parse(byFn.c?.payload.body as string)).toEqual({ order: { id: 42 } });
      expect(JSON.parse(byFn.d?.payload.body as string)).toEqual({
        o: { id: 42 },
        text: 'from shop',
        rule: 'placed',
      });
      expect(byFn.a?.principal).toEqual({
        type: 'service',
        service: 'events.amazonaws.com',
        sourceArn: `arn:aws:events:us-east-1:${ACCOUNT}:rule/orders/placed`,
        sourceAccount: ACCOUNT,
      });
      const trace = lc.cloud.trace.get(received[0]?.payload.traceId as string) ?? [];
      expect(trace.filter((e) => e.kind === 'events.delivered')).toHaveLength(4);
      expect(trace.find((e) => e.kind === 'events.routed')).toMatchObject({
        matchedRules: ['placed'],
        deliveries: 4,
      });
    });

    it('delivers nothing for a disabled rule', async () => {
      const received = fakeLambda(lc);
      await eb.send(new DisableRuleCommand({ Name: 'placed', EventBusName: 'orders' }));
      await eb.send(
        new PutEventsCommand({
          Entries: [{ EventBusName: 'orders', Source: 'shop', DetailType: 'OrderPlaced', Detail: '{}' }],
        }),
      );
      await lc.cloud.clock.settle();
      expect(received).toHaveLength(0);
      await eb.send(new EnableRuleCommand({ Name: 'placed', EventBusName: 'orders' }));
    });

    it('uses the target RoleArn as the principal when set', async () => {
      const received = fakeLambda(lc);
      await eb.send(new PutRuleCommand({ Name: 'role-rule', EventPattern: '{"source":["role-test"]}' }));
      await eb.send(
        new PutTargetsCommand({
          Rule: 'role-rule',
          Targets: [{ Id: 'r', Arn: fnArn('r'), RoleArn: `arn:aws:iam::${ACCOUNT}:role/events-invoke` }],
        }),
      );
      await eb.send(
        new PutEventsCommand({ Entries: [{ Source: 'role-test', DetailType: 'x', Detail: '{}' }] }),
      );
      await lc.cloud.clock.settle();
      // No such role exists, so IAM refuses and the delivery is recorded as dropped; the principal was the role.
      expect(received).toHaveLength(0);
      const traces = lc.cloud.trace.list(500).map((t) => lc.cloud.trace.get(t.requestId) ?? []);
      const dropped = traces.flat().find((e) => e.kind === 'events.dropped' && e.targetArn === fnArn('r'));
      expect(dropped).toMatchObject({ errorCode: 'AccessDenied', attempts: 1 });
      expect(String(dropped?.errorMessage)).toContain('role/events-invoke');
      await eb.send(new RemoveTargetsCommand({ Rule: 'role-rule', Ids: ['r'] }));
    });

    it('retries failed deliveries with backoff on the clock, then succeeds', async () => {
      const received = fakeLambda(lc, (n) => {
        if (n <= 2) throw new AwsError('ServiceException', 'temporarily broken', 500);
      });
      await eb.send(new PutRuleCommand({ Name: 'retry-rule', EventPattern: '{"source":["retry"]}' }));
      await eb.send(
        new PutTargetsCommand({ Rule: 'retry-rule', Targets: [{ Id: 'f', Arn: fnArn('flaky') }] }),
      );
      const out = await eb.send(
        new PutEventsCommand({ Entries: [{ Source: 'retry', DetailType: 'x', Detail: '{"k":1}' }] }),
      );
      expect(out.FailedEntryCount).toBe(0);
      expect(await lc.cloud.clock.settle()).toBe(true);
      expect(received).toHaveLength(1);
      const trace = lc.cloud.trace.get(received[0]?.payload.traceId as string) ?? [];
      expect(trace.filter((e) => e.kind === 'events.delivery-failed').map((e) => e.attempt)).toEqual([1, 2]);
      expect(trace.filter((e) => e.kind === 'events.retry-scheduled').map((e) => e.delayMs)).toEqual([
        1000, 2000,
      ]);
      expect(trace.find((e) => e.kind === 'events.delivered')).toMatchObject({ attempt: 3 });
      // AWS time between the first failure and the delivery is the backoff (1 s + 2 s).
      const first = trace.find((e) => e.kind === 'events.delivery-failed')?.awsOffsetMs as number;
      const done = trace.find((e) => e.kind === 'events.delivered')?.awsOffsetMs as number;
      expect(done - first).toBeGreaterThanOrEqual(3000);
      await eb.send(new RemoveTargetsCommand({ Rule: 'retry-rule', Ids: ['f'] }));
    });

    it('an event bus is a delivery target (Lambda destinations put events through the door)', async () => {
      const received = fakeLambda(lc);
      await eb.send(
        new PutRuleCommand({
          Name: 'destination-success',
          EventPattern: JSON.stringify({
            source: ['lambda'],
            'detail-type': ['Lambda Function Invocation Result - Success'],
            resources: [`${fnArn('head')}:$LATEST`],
          }),
        }),
      );
      await eb.send(
        new PutTargetsCommand({
          Rule: 'destination-success',
          Targets: [{ Id: 'next', Arn: fnArn('next'), InputPath: '$.detail.responsePayload' }],
        }),
      );
      const busArn = `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`;
      const record = {
        version: '1.0',
        requestContext: { condition: 'Success' },
        responsePayload: { ok: true },
      };
      const result = await lc.cloud.delivery
        .deliver(
          busArn,
          {
            body: JSON.stringify(record),
            event: {
              source: 'lambda',
              detailType: 'Lambda Function Invocation Result - Success',
              resources: [busArn, `${fnArn('head')}:$LATEST`],
            },
            traceId: 'lambda-request-1',
            hops: 1,
          },
          { type: 'role', arn: `arn:aws:iam::${ACCOUNT}:role/whatever` },
        )
        .catch((error: Error) => error);
      // IAM checks the function's role for events:PutEvents: no such role, so it is refused at the door.
      expect(result).toBeInstanceOf(Error);

      // With the bus policy allowing the service principal, the door lets it through.
      await eb.send(
        new PutPermissionCommand({
          Policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'lambda.amazonaws.com' },
                Action: 'events:PutEvents',
                Resource: busArn,
              },
            ],
          }),
        }),
      );
      const ok = await lc.cloud.delivery.deliver(
        busArn,
        {
          body: JSON.stringify(record),
          event: {
            source: 'lambda',
            detailType: 'Lambda Function Invocation Result - Success',
            resources: [busArn, `${fnArn('head')}:$LATEST`],
          },
          traceId: 'lambda-request-2',
          hops: 1,
        },
        { type: 'service', service: 'lambda.amazonaws.com', sourceArn: fnArn('head') },
      );
      expect(ok.id).toMatch(/^[0-9a-f-]{36}$/);
      await lc.cloud.clock.settle();
      expect(received).toHaveLength(1);
      expect(received[0]?.payload.body).toBe('{"ok":true}');
      expect(received[0]?.payload.hops).toBe(1);
      expect(received[0]?.payload.traceId).toBe('lambda-request-2');
      await eb.send(new RemoveTargetsCommand({ Rule: 'destination-success', Ids: ['next'] }));
    });

    it('runs rate() schedules on the clock', async () => {
      let fired: () => void = () => {};
      const twice = new Promise<void>((resolve) => {
        fired = resolve;
      });
      const received = fakeLambda(lc, (n) => {
        if (n === 2) fired();
      });
      await eb.send(new PutRuleCommand({ Name: 'every-minute', ScheduleExpression: 'rate(1 minute)' }));
      await eb.send(
        new PutTargetsCommand({ Rule: 'every-minute', Targets: [{ Id: 's', Arn: fnArn('cron') }] }),
      );
      // 1 AWS minute is 60 ms of wall time at time scale 0.001: two runs arrive without any sleep here.
      await twice;
      await eb.send(new DisableRuleCommand({ Name: 'every-minute' }));
      await lc.cloud.clock.settle();
      const first = JSON.parse(received[0]?.payload.body as string);
      const second = JSON.parse(received[1]?.payload.body as string);
      expect(first).toMatchObject({
        version: '0',
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: ACCOUNT,
        region: 'us-east-1',
        resources: [`arn:aws:events:us-east-1:${ACCOUNT}:rule/every-minute`],
        detail: {},
      });
      expect(second.id).not.toBe(first.id);
      expect(
        await errorOf(
          eb.send(new PutRuleCommand({ Name: 'bad-rate', ScheduleExpression: 'rate(1 minutes)' })),
        ),
      ).toMatchObject({ name: 'ValidationException', message: 'Parameter ScheduleExpression is not valid.' });
      await eb.send(new RemoveTargetsCommand({ Rule: 'every-minute', Ids: ['s'] }));
    });
  });

  describe('delivery to SQS', () => {
    const queuePolicy = (queueArn: string, ruleArn: string): string =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: queueArn,
            Condition: { ArnEquals: { 'aws:SourceArn': ruleArn } },
          },
        ],
      });

    async function queue(name: string): Promise<{ url: string; arn: string }> {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
      const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
      return { url: QueueUrl as string, arn: attrs.Attributes?.QueueArn as string };
    }

    it('delivers the event JSON as the message body', async () => {
      const q = await queue('events-target');
      const { RuleArn } = await eb.send(
        new PutRuleCommand({ Name: 'to-sqs', EventPattern: '{"source":["sqs-test"]}' }),
      );
      await sqs.send(
        new SetQueueAttributesCommand({
          QueueUrl: q.url,
          Attributes: { Policy: queuePolicy(q.arn, RuleArn as string) },
        }),
      );
      await eb.send(new PutTargetsCommand({ Rule: 'to-sqs', Targets: [{ Id: 'q', Arn: q.arn }] }));
      const out = await eb.send(
        new PutEventsCommand({
          Entries: [{ Source: 'sqs-test', DetailType: 'Hello', Detail: '{"name":"baz"}' }],
        }),
      );
      // Delivered before PutEvents answered: no settle needed.
      const received = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: q.url, MaxNumberOfMessages: 10 }),
      );
      expect(received.Messages).toHaveLength(1);
      const body = JSON.parse(received.Messages?.[0]?.Body as string);
      expect(body).toMatchObject({
        version: '0',
        id: out.Entries?.[0]?.EventId,
        'detail-type': 'Hello',
        source: 'sqs-test',
        account: ACCOUNT,
        region: 'us-east-1',
        resources: [],
        detail: { name: 'baz' },
      });
      expect(body.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    });

    it('InputPath to a string leaf arrives JSON-encoded', async () => {
      const q = await queue('events-leaf');
      const { RuleArn } = await eb.send(
        new PutRuleCommand({ Name: 'to-sqs-leaf', EventPattern: '{"source":["leaf-test"]}' }),
      );
      await sqs.send(
        new SetQueueAttributesCommand({
          QueueUrl: q.url,
          Attributes: { Policy: queuePolicy(q.arn, RuleArn as string) },
        }),
      );
      await eb.send(
        new PutTargetsCommand({
          Rule: 'to-sqs-leaf',
          Targets: [{ Id: 'q', Arn: q.arn, InputPath: '$.detail.name' }],
        }),
      );
      await eb.send(
        new PutEventsCommand({
          Entries: [{ Source: 'leaf-test', DetailType: 'x', Detail: '{"name":"baz"}' }],
        }),
      );
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: q.url }));
      expect(received.Messages?.[0]?.Body).toBe('"baz"');
    });

    it('a queue policy that does not allow the rule sends the event to the target DLQ, with attributes', async () => {
      const target = await queue('events-locked');
      const dlq = await queue('events-dlq');
      const { RuleArn } = await eb.send(
        new PutRuleCommand({ Name: 'locked', EventPattern: '{"source":["locked"]}' }),
      );
      await sqs.send(
        new SetQueueAttributesCommand({
          QueueUrl: dlq.url,
          Attributes: { Policy: queuePolicy(dlq.arn, RuleArn as string) },
        }),
      );
      await eb.send(
        new PutTargetsCommand({
          Rule: 'locked',
          Targets: [
            {
              Id: 'q',
              Arn: target.arn,
              DeadLetterConfig: { Arn: dlq.arn },
              RetryPolicy: { MaximumRetryAttempts: 3 },
            },
          ],
        }),
      );
      const out = await eb.send(
        new PutEventsCommand({ Entries: [{ Source: 'locked', DetailType: 'x', Detail: '{}' }] }),
      );
      expect(out.FailedEntryCount).toBe(0);
      await lc.cloud.clock.settle();
      const dead = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: dlq.url, MessageAttributeNames: ['All'] }),
      );
      expect(dead.Messages).toHaveLength(1);
      expect(JSON.parse(dead.Messages?.[0]?.Body as string).id).toBe(out.Entries?.[0]?.EventId);
      const attributes = dead.Messages?.[0]?.MessageAttributes ?? {};
      expect(attributes.RULE_ARN?.StringValue).toBe(RuleArn);
      expect(attributes.TARGET_ARN?.StringValue).toBe(target.arn);
      expect(attributes.ERROR_CODE?.StringValue).toBe('AccessDenied');
      // Permission errors are not retried.
      expect(attributes.RETRY_ATTEMPTS?.StringValue).toBe('0');
      expect(
        (await sqs.send(new ReceiveMessageCommand({ QueueUrl: target.url }))).Messages ?? [],
      ).toHaveLength(0);
    });

    it('a FIFO queue target gets the SqsParameters message group', async () => {
      const { QueueUrl } = await sqs.send(
        new CreateQueueCommand({ QueueName: 'events.fifo', Attributes: { FifoQueue: 'true' } }),
      );
      const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
      const arn = attrs.Attributes?.QueueArn as string;
      const { RuleArn } = await eb.send(
        new PutRuleCommand({ Name: 'to-fifo', EventPattern: '{"source":["fifo-test"]}' }),
      );
      await sqs.send(
        new SetQueueAttributesCommand({
          QueueUrl,
          Attributes: { Policy: queuePolicy(arn, RuleArn as string) },
        }),
      );
      await eb.send(
        new PutTargetsCommand({
          Rule: 'to-fifo',
          Targets: [{ Id: 'q', Arn: arn, SqsParameters: { MessageGroupId: 'g1' } }],
        }),
      );
      await eb.send(
        new PutEventsCommand({ Entries: [{ Source: 'fifo-test', DetailType: 'x', Detail: '{}' }] }),
      );
      const received = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['MessageGroupId'] }),
      );
      expect(received.Messages?.[0]?.Attributes?.MessageGroupId).toBe('g1');
    });

    it('forwards events from one bus to another', async () => {
      const received = fakeLambda(lc);
      const defaultArn = `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`;
      await eb.send(new CreateEventBusCommand({ Name: 'fwd-src' }));
      const { RuleArn } = await eb.send(
        new PutRuleCommand({ Name: 'forward', EventBusName: 'fwd-src', EventPattern: '{"source":["fwd"]}' }),
      );
      await eb.send(
        new PutTargetsCommand({
          Rule: 'forward',
          EventBusName: 'fwd-src',
          Targets: [{ Id: 'bus', Arn: defaultArn }],
        }),
      );
      await eb.send(
        new PutPermissionCommand({
          Policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'events.amazonaws.com' },
                Action: 'events:PutEvents',
                Resource: defaultArn,
                Condition: { ArnEquals: { 'aws:SourceArn': RuleArn } },
              },
            ],
          }),
        }),
      );
      await eb.send(new PutRuleCommand({ Name: 'forwarded', EventPattern: '{"source":["fwd"]}' }));
      await eb.send(new PutTargetsCommand({ Rule: 'forwarded', Targets: [{ Id: 'f', Arn: fnArn('fwd') }] }));
      await eb.send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: 'fwd-src',
              Source: 'fwd',
              DetailType: 'Moved',
              Detail: '{"a":1}',
              Resources: ['r1'],
            },
          ],
        }),
      );
      await lc.cloud.clock.settle();
      expect(received).toHaveLength(1);
      expect(JSON.parse(received[0]?.payload.body as string)).toMatchObject({
        source: 'fwd',
        'detail-type': 'Moved',
        resources: ['r1'],
        detail: { a: 1 },
      });
      expect(received[0]?.payload.hops).toBe(1);
      await eb.send(new RemoveTargetsCommand({ Rule: 'forwarded', Ids: ['f'] }));
    });

    it('the AWS CLI puts events (aws events put-events)', async () => {
      const q = await queue('events-cli');
      const { RuleArn } = await eb.send(
        new PutRuleCommand({ Name: 'cli', EventPattern: '{"source":["cli.test"]}' }),
      );
      await sqs.send(
        new SetQueueAttributesCommand({
          QueueUrl: q.url,
          Attributes: { Policy: queuePolicy(q.arn, RuleArn as string) },
        }),
      );
      await eb.send(new PutTargetsCommand({ Rule: 'cli', Targets: [{ Id: 'q', Arn: q.arn }] }));
      const { stdout } = await promisify(execFile)(
        'aws',
        [
          'events',
          'put-events',
          '--endpoint-url',
          lc.endpoint,
          '--region',
          'us-east-1',
          '--output',
          'json',
          '--entries',
          JSON.stringify([{ Source: 'cli.test', DetailType: 'FromCli', Detail: '{"via":"cli"}' }]),
        ],
        { env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_PAGER: '' } },
      );
      const out = JSON.parse(stdout);
      expect(out.FailedEntryCount).toBe(0);
      expect(out.Entries[0].EventId).toMatch(/^[0-9a-f-]{36}$/);
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: q.url }));
      expect(JSON.parse(received.Messages?.[0]?.Body as string)).toMatchObject({
        'detail-type': 'FromCli',
        detail: { via: 'cli' },
      });
    });
  });
});

describe('EventBridge durability', () => {
  it('keeps buses, rules, targets and pending deliveries across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'events-durable-'));
    try {
      const first = await startLocalCloud({ port: 0, dataDir, timeScale: 0.01 });
      let failedOnce: () => void = () => {};
      const firstFailure = new Promise<void>((resolve) => {
        failedOnce = resolve;
      });
      fakeLambda(first, () => {
        failedOnce();
        throw new AwsError('ServiceException', 'down', 500);
      });
      const eb1 = new EventBridgeClient({
        endpoint: first.endpoint,
        region: 'us-east-1',
        credentials,
        maxAttempts: 1,
      });
      await eb1.send(new CreateEventBusCommand({ Name: 'durable' }));
      await eb1.send(
        new PutRuleCommand({ Name: 'r', EventBusName: 'durable', EventPattern: '{"source":["d"]}' }),
      );
      await eb1.send(
        new PutTargetsCommand({
          Rule: 'r',
          EventBusName: 'durable',
          Targets: [
            {
              Id: 't',
              Arn: fnArn('later'),
              RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 },
            },
          ],
        }),
      );
      const put = await eb1.send(
        new PutEventsCommand({
          Entries: [{ EventBusName: 'durable', Source: 'd', DetailType: 'x', Detail: '{"n":1}' }],
        }),
      );
      // Stop while the delivery is failing and waiting for a retry.
      await firstFailure;
      eb1.destroy();
      await first.stop();

      const second = await startLocalCloud({ port: 0, dataDir, timeScale: 0.001 });
      const received = fakeLambda(second);
      const eb2 = new EventBridgeClient({
        endpoint: second.endpoint,
        region: 'us-east-1',
        credentials,
        maxAttempts: 1,
      });
      try {
        // The lifecycle resumed the pending delivery before this target was re-registered, so it may have
        // been refused once more; either way it is retried until delivered.
        expect(await second.cloud.clock.settle()).toBe(true);
        expect(received).toHaveLength(1);
        expect(JSON.parse(received[0]?.payload.body as string).id).toBe(put.Entries?.[0]?.EventId);
        const resumed = second.cloud.trace
          .list()
          .flatMap((t) => second.cloud.trace.get(t.requestId) ?? [])
          .filter((e) => e.kind === 'events.delivery-resumed');
        expect(resumed).toHaveLength(1);
        const rule = await eb2.send(new DescribeRuleCommand({ Name: 'r', EventBusName: 'durable' }));
        expect(rule.EventPattern).toBe('{"source":["d"]}');
        const targets = await eb2.send(new ListTargetsByRuleCommand({ Rule: 'r', EventBusName: 'durable' }));
        expect(targets.Targets?.map((t) => t.Id)).toEqual(['t']);
      } finally {
        eb2.destroy();
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
