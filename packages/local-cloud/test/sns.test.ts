import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  PublishBatchCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SetTopicAttributesCommand,
  SNSClient,
  SubscribeCommand,
  TagResourceCommand,
  UnsubscribeCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { DeliveryPayload, Principal } from '../src/core/delivery';
import { AwsError } from '../src/core/errors';
import { type RunningLocalCloud, startLocalCloud } from '../src/index';

const ACCOUNT = '000000000000';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const topicArn = (name: string): string => `arn:aws:sns:us-east-1:${ACCOUNT}:${name}`;
const queueArn = (name: string): string => `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`;

let lc: RunningLocalCloud;
let sns: SNSClient;
let sqs: SQSClient;

beforeAll(async () => {
  lc = await startLocalCloud({ port: 0, timeScale: 0.001 });
  sns = new SNSClient({ endpoint: lc.endpoint, region: 'us-east-1', credentials });
  sqs = new SQSClient({ endpoint: lc.endpoint, region: 'us-east-1', credentials });
});

afterAll(async () => {
  sns.destroy();
  sqs.destroy();
  await lc.stop();
});

async function error(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

/** A queue whose policy lets the topic send to it (what aws_sqs_queue_policy sets up). */
async function queueFor(
  name: string,
  topic: string,
  attributes: Record<string, string> = {},
): Promise<string> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArn(name),
        Condition: { ArnEquals: { 'aws:SourceArn': topic } },
      },
    ],
  };
  await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy: JSON.stringify(policy) } }));
  return QueueUrl as string;
}

async function receive(
  queueUrl: string,
  max = 10,
): Promise<
  Array<{ Body?: string; MessageAttributes?: Record<string, unknown>; Attributes?: Record<string, string> }>
> {
  const out = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: max,
      WaitTimeSeconds: 0,
      MessageAttributeNames: ['All'],
      MessageSystemAttributeNames: ['All'],
    }),
  );
  return out.Messages ?? [];
}

describe('topics (the Terraform aws_sns_topic sequence)', () => {
  it('creates idempotently, accepts the five feedback sample rates and reads AWS attributes', async () => {
    const arn = topicArn('orders');
    const created = await sns.send(
      new CreateTopicCommand({ Name: 'orders', Tags: [{ Key: 'env', Value: 'dev' }] }),
    );
    expect(created.TopicArn).toBe(arn);
    expect((await sns.send(new CreateTopicCommand({ Name: 'orders' }))).TopicArn).toBe(arn);
    for (const protocol of ['Application', 'Firehose', 'HTTP', 'Lambda', 'SQS']) {
      await sns.send(
        new SetTopicAttributesCommand({
          TopicArn: arn,
          AttributeName: `${protocol}SuccessFeedbackSampleRate`,
          AttributeValue: '0',
        }),
      );
    }
    const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn: arn }));
    expect(Attributes).toMatchObject({
      TopicArn: arn,
      Owner: ACCOUNT,
      DisplayName: '',
      SubscriptionsConfirmed: '0',
      SubscriptionsPending: '0',
      SubscriptionsDeleted: '0',
      SQSSuccessFeedbackSampleRate: '0',
      LambdaSuccessFeedbackSampleRate: '0',
    });
    expect(JSON.parse(Attributes?.EffectiveDeliveryPolicy ?? '')).toHaveProperty(
      'http.defaultHealthyRetryPolicy.numRetries',
      3,
    );
    expect(JSON.parse(Attributes?.Policy ?? '')).toEqual({
      Version: '2008-10-17',
      Id: '__default_policy_ID',
      Statement: [
        expect.objectContaining({
          Sid: '__default_statement_ID',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Resource: arn,
          Condition: { StringEquals: { 'AWS:SourceOwner': ACCOUNT } },
        }),
      ],
    });
    expect((await sns.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual([
      { Key: 'env', Value: 'dev' },
    ]);
    expect((await sns.send(new ListTopicsCommand({}))).Topics).toContainEqual({ TopicArn: arn });
  });

  it('sets and refuses attributes loudly', async () => {
    const arn = topicArn('orders');
    await sns.send(
      new SetTopicAttributesCommand({
        TopicArn: arn,
        AttributeName: 'DisplayName',
        AttributeValue: 'Orders',
      }),
    );
    expect((await sns.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes?.DisplayName).toBe(
      'Orders',
    );
    expect(
      await error(
        sns.send(
          new SetTopicAttributesCommand({ TopicArn: arn, AttributeName: 'Colour', AttributeValue: 'x' }),
        ),
      ),
    ).toEqual({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: AttributeName',
      status: 400,
    });
    const logging = await error(
      sns.send(
        new SetTopicAttributesCommand({
          TopicArn: arn,
          AttributeName: 'SQSSuccessFeedbackSampleRate',
          AttributeValue: '100',
        }),
      ),
    );
    expect(logging.message).toContain('local cloud does not implement SNS delivery status logging');
    const kms = await error(
      sns.send(
        new CreateTopicCommand({ Name: 'encrypted', Attributes: { KmsMasterKeyId: 'alias/aws/sns' } }),
      ),
    );
    expect(kms).toMatchObject({ name: 'InvalidParameterException', status: 400 });
    expect(
      await error(sns.send(new CreateTopicCommand({ Name: 'orders', Attributes: { DisplayName: 'Other' } }))),
    ).toEqual({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: Attributes Reason: Topic already exists with different attributes',
      status: 400,
    });
  });

  it('answers NotFound for unknown topics and tags like AWS', async () => {
    expect(await error(sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn('nope') })))).toEqual({
      name: 'NotFoundException',
      message: 'Topic does not exist',
      status: 404,
    });
    expect(await error(sns.send(new PublishCommand({ TopicArn: topicArn('nope'), Message: 'x' })))).toEqual({
      name: 'NotFoundException',
      message: 'Topic does not exist',
      status: 404,
    });
    await sns.send(
      new TagResourceCommand({ ResourceArn: topicArn('orders'), Tags: [{ Key: 'team', Value: 'a' }] }),
    );
    await sns.send(new UntagResourceCommand({ ResourceArn: topicArn('orders'), TagKeys: ['env'] }));
    expect(
      (await sns.send(new ListTagsForResourceCommand({ ResourceArn: topicArn('orders') }))).Tags,
    ).toEqual([{ Key: 'team', Value: 'a' }]);
    expect(
      await error(sns.send(new ListTagsForResourceCommand({ ResourceArn: topicArn('nope') }))),
    ).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 404,
    });
    // DeleteTopic of a missing topic is not an error.
    await sns.send(new DeleteTopicCommand({ TopicArn: topicArn('nope') }));
  });
});

describe('subscriptions (the Terraform aws_sns_topic_subscription sequence)', () => {
  it('subscribes sqs and lambda endpoints, confirmed at once, idempotently', async () => {
    const arn = topicArn('subs');
    await sns.send(new CreateTopicCommand({ Name: 'subs' }));
    const sub = await sns.send(
      new SubscribeCommand({ TopicArn: arn, Protocol: 'sqs', Endpoint: queueArn('subs-q') }),
    );
    expect(sub.SubscriptionArn).toMatch(new RegExp(`^${arn}:[0-9a-f-]{36}$`));
    const again = await sns.send(
      new SubscribeCommand({ TopicArn: arn, Protocol: 'sqs', Endpoint: queueArn('subs-q') }),
    );
    expect(again.SubscriptionArn).toBe(sub.SubscriptionArn);
    const attributes = (
      await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: sub.SubscriptionArn }))
    ).Attributes;
    expect(attributes).toEqual({
      Owner: ACCOUNT,
      RawMessageDelivery: 'false',
      TopicArn: arn,
      Endpoint: queueArn('subs-q'),
      Protocol: 'sqs',
      PendingConfirmation: 'false',
      ConfirmationWasAuthenticated: 'true',
      SubscriptionArn: sub.SubscriptionArn,
      SubscriptionPrincipal: `arn:aws:iam::${ACCOUNT}:user/local-cloud`,
    });
    const fn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:handler`;
    const lambdaSub = await sns.send(
      new SubscribeCommand({ TopicArn: arn, Protocol: 'lambda', Endpoint: fn }),
    );
    const byTopic = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: arn }));
    expect(byTopic.Subscriptions?.map((s) => [s.Protocol, s.Endpoint])).toEqual([
      ['sqs', queueArn('subs-q')],
      ['lambda', fn],
    ]);
    expect((await sns.send(new ListSubscriptionsCommand({}))).Subscriptions?.length).toBeGreaterThanOrEqual(
      2,
    );
    expect(
      (await sns.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes?.SubscriptionsConfirmed,
    ).toBe('2');

    await sns.send(
      new SetSubscriptionAttributesCommand({
        SubscriptionArn: sub.SubscriptionArn,
        AttributeName: 'FilterPolicy',
        AttributeValue: '{"kind":["a"]}',
      }),
    );
    const filtered = (
      await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: sub.SubscriptionArn }))
    ).Attributes;
    expect(filtered).toMatchObject({
      FilterPolicy: '{"kind":["a"]}',
      FilterPolicyScope: 'MessageAttributes',
    });

    await sns.send(new UnsubscribeCommand({ SubscriptionArn: lambdaSub.SubscriptionArn }));
    expect(
      await error(
        sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: lambdaSub.SubscriptionArn })),
      ),
    ).toEqual({
      name: 'NotFoundException',
      message: 'Subscription does not exist',
      status: 404,
    });
  });

  it('refuses protocols local cloud does not deliver and invalid endpoints and attributes', async () => {
    const arn = topicArn('subs');
    const http = await error(
      sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'https', Endpoint: 'https://example.com' })),
    );
    expect(http).toEqual({
      name: 'InvalidParameterException',
      message:
        'Invalid parameter: Protocol Reason: local cloud does not deliver to https endpoints; subscribe an sqs queue or a lambda function',
      status: 400,
    });
    expect(
      (await error(sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'email', Endpoint: 'a@b.c' }))))
        .message,
    ).toContain('does not deliver to email');
    expect(
      await error(sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'sqs', Endpoint: 'not-an-arn' }))),
    ).toEqual({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: SQS endpoint ARN',
      status: 400,
    });
    expect(
      (
        await error(
          sns.send(
            new SubscribeCommand({
              TopicArn: arn,
              Protocol: 'sqs',
              Endpoint: queueArn('x'),
              Attributes: { FilterPolicy: '{"a":[]}' },
            }),
          ),
        )
      ).message,
    ).toBe('Invalid parameter: FilterPolicy: Empty arrays are not allowed');
    expect(
      (
        await error(
          sns.send(
            new SubscribeCommand({
              TopicArn: arn,
              Protocol: 'lambda',
              Endpoint: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:f`,
              Attributes: { RawMessageDelivery: 'true' },
            }),
          ),
        )
      ).message,
    ).toBe(
      'Invalid parameter: Attributes Reason: Delivery protocol [lambda] does not support raw message delivery.',
    );
  });
});

describe('publishing to SQS', () => {
  it('delivers the JSON envelope with AWS fields before Publish answers', async () => {
    const arn = topicArn('fanout');
    await sns.send(new CreateTopicCommand({ Name: 'fanout' }));
    const url = await queueFor('fanout-q', arn);
    const { SubscriptionArn } = await sns.send(
      new SubscribeCommand({ TopicArn: arn, Protocol: 'sqs', Endpoint: queueArn('fanout-q') }),
    );
    const published = await sns.send(
      new PublishCommand({
        TopicArn: arn,
        Message: '{"amount":12}',
        Subject: 'Payment',
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: 'card' },
          cents: { DataType: 'Number', StringValue: '1200' },
          blob: { DataType: 'Binary', BinaryValue: new Uint8Array([2, 3, 4]) },
          tags: { DataType: 'String.Array', StringValue: '["a","b"]' },
        },
      }),
    );
    expect(published.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    // No settle: the message is in the queue when Publish returns.
    const [message] = await receive(url);
    const body = JSON.parse(message?.Body ?? '');
    expect(Object.keys(body)).toEqual([
      'Type',
      'MessageId',
      'TopicArn',
      'Subject',
      'Message',
      'Timestamp',
      'SignatureVersion',
      'Signature',
      'SigningCertURL',
      'UnsubscribeURL',
      'MessageAttributes',
    ]);
    expect(body).toMatchObject({
      Type: 'Notification',
      MessageId: published.MessageId,
      TopicArn: arn,
      Subject: 'Payment',
      Message: '{"amount":12}',
      SignatureVersion: '1',
      UnsubscribeURL: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${SubscriptionArn}`,
      MessageAttributes: {
        kind: { Type: 'String', Value: 'card' },
        cents: { Type: 'Number', Value: '1200' },
        blob: { Type: 'Binary', Value: 'AgME' },
        tags: { Type: 'String.Array', Value: '["a","b"]' },
      },
    });
    expect(body.Timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(message?.MessageAttributes).toBeUndefined();
    const trace = lc.cloud.trace.get(published.MessageId as string)?.map((e) => e.kind);
    expect(trace).toEqual(expect.arrayContaining(['sns.publish', 'sns.delivered']));
  });

  it('delivers the raw message with SQS message attributes when RawMessageDelivery is on', async () => {
    const arn = topicArn('raw');
    await sns.send(new CreateTopicCommand({ Name: 'raw' }));
    const url = await queueFor('raw-q', arn);
    await sns.send(
      new SubscribeCommand({
        TopicArn: arn,
        Protocol: 'sqs',
        Endpoint: queueArn('raw-q'),
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    await sns.send(
      new PublishCommand({
        TopicArn: arn,
        Message: 'plain body',
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: 'card' },
          n: { DataType: 'Number', StringValue: '5' },
        },
      }),
    );
    const [message] = await receive(url);
    expect(message?.Body).toBe('plain body');
    expect(message?.MessageAttributes).toEqual({
      kind: expect.objectContaining({ DataType: 'String', StringValue: 'card' }),
      n: expect.objectContaining({ DataType: 'Number', StringValue: '5' }),
    });
  });

  it('applies attribute and body filter policies per subscription', async () => {
    const arn = topicArn('filters');
    await sns.send(new CreateTopicCommand({ Name: 'filters' }));
    const cards = await queueFor('cards-q', arn);
    const big = await queueFor('big-q', arn);
    await sns.send(
      new SubscribeCommand({
        TopicArn: arn,
        Protocol: 'sqs',
        Endpoint: queueArn('cards-q'),
        Attributes: {
          RawMessageDelivery: 'true',
          FilterPolicy: JSON.stringify({ kind: ['card'], cents: [{ numeric: ['>', 100] }] }),
        },
      }),
    );
    await sns.send(
      new SubscribeCommand({
        TopicArn: arn,
        Protocol: 'sqs',
        Endpoint: queueArn('big-q'),
        Attributes: {
          RawMessageDelivery: 'true',
          FilterPolicyScope: 'MessageBody',
          FilterPolicy: JSON.stringify({ order: { total: [{ numeric: ['>=', 1000] }] } }),
        },
      }),
    );
    const publish = (message: unknown, kind: string, cents: string) =>
      sns.send(
        new PublishCommand({
          TopicArn: arn,
          Message: JSON.stringify(message),
          MessageAttributes: {
            kind: { DataType: 'String', StringValue: kind },
            cents: { DataType: 'Number', StringValue: cents },
          },
        }),
      );
    const filteredOut = await publish({ order: { total: 5 } }, 'cash', '500');
    await publish({ order: { total: 5000 } }, 'card', '50');
    await publish({ order: { total: 7 } }, 'card', '150');
    expect((await receive(cards)).map((m) => m.Body)).toEqual(['{"order":{"total":7}}']);
    expect((await receive(big)).map((m) => m.Body)).toEqual(['{"order":{"total":5000}}']);
    expect(
      lc.cloud.trace.get(filteredOut.MessageId as string)?.filter((e) => e.kind === 'sns.filtered'),
    ).toHaveLength(2);
  });

  it('records a delivery the queue policy does not allow, does not retry it, and moves it to the DLQ', async () => {
    const arn = topicArn('denied');
    await sns.send(new CreateTopicCommand({ Name: 'denied' }));
    await sqs.send(new CreateQueueCommand({ QueueName: 'no-policy-q' }));
    const dlq = await queueFor('denied-dlq', arn);
    const { SubscriptionArn } = await sns.send(
      new SubscribeCommand({
        TopicArn: arn,
        Protocol: 'sqs',
        Endpoint: queueArn('no-policy-q'),
        Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: queueArn('denied-dlq') }) },
      }),
    );
    await sns.send(
      new SubscribeCommand({ TopicArn: arn, Protocol: 'sqs', Endpoint: queueArn('does-not-exist') }),
    );
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let published: { MessageId?: string };
    try {
      published = await sns.send(new PublishCommand({ TopicArn: arn, Message: 'lost?' }));
      expect(await lc.cloud.clock.settle(5000)).toBe(true);
      const logged = stderr.mock.calls
        .map((c) => String(c[0]))
        .filter((line) => line.includes(published.MessageId as string));
      expect(logged).toHaveLength(2);
    } finally {
      stderr.mockRestore();
    }
    const trace = lc.cloud.trace.get(published.MessageId as string) ?? [];
    const failures = trace.filter((e) => e.kind === 'sns.delivery.failed');
    expect(failures).toHaveLength(2);
    expect(failures.find((e) => e.subscriptionArn === SubscriptionArn)).toMatchObject({
      attempts: 1,
      error: expect.stringMatching(/^AccessDenied: sns\.amazonaws\.com is not authorized/),
    });
    expect(failures.find((e) => e.subscriptionArn !== SubscriptionArn)?.error).toMatch(/does not exist/);
    expect(trace.filter((e) => e.kind === 'sns.delivery.retry')).toHaveLength(0);
    const [dead] = await receive(dlq);
    expect(JSON.parse(dead?.Body ?? '{}')).toMatchObject({
      Type: 'Notification',
      MessageId: published.MessageId,
      Message: 'lost?',
    });
  });

  it('validates Publish like AWS', async () => {
    const arn = topicArn('fanout');
    expect(await error(sns.send(new PublishCommand({ TopicArn: arn, Message: '' })))).toEqual({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: Empty message',
      status: 400,
    });
    expect(
      await error(sns.send(new PublishCommand({ TopicArn: arn, Message: 'x'.repeat(262_145) }))),
    ).toEqual({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: Message too long',
      status: 400,
    });
    // The limit counts the attributes too.
    expect(
      await error(
        sns.send(
          new PublishCommand({
            TopicArn: arn,
            Message: 'x'.repeat(262_140),
            MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } },
          }),
        ),
      ),
    ).toMatchObject({ message: 'Invalid parameter: Message too long' });
    await sns.send(new PublishCommand({ TopicArn: arn, Message: 'x'.repeat(262_144) }));
    expect(
      (
        await error(
          sns.send(new PublishCommand({ TopicArn: arn, Message: '{"sqs":"x"}', MessageStructure: 'json' })),
        )
      ).message,
    ).toBe('Invalid parameter: Message Structure - No default entry in JSON message body');
    expect(
      (await error(sns.send(new PublishCommand({ TopicArn: arn, Message: 'x', MessageGroupId: 'g' }))))
        .message,
    ).toContain('MessageGroupId');
    expect((await error(sns.send(new PublishCommand({ Message: 'x' })))).message).toBe(
      'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter',
    );
  });

  it('refuses publishes the topic policy explicitly denies with AuthorizationError', async () => {
    const arn = topicArn('locked');
    await sns.send(new CreateTopicCommand({ Name: 'locked' }));
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Principal: '*', Action: 'SNS:Publish', Resource: arn }],
    };
    await sns.send(
      new SetTopicAttributesCommand({
        TopicArn: arn,
        AttributeName: 'Policy',
        AttributeValue: JSON.stringify(policy),
      }),
    );
    expect(await error(sns.send(new PublishCommand({ TopicArn: arn, Message: 'x' })))).toEqual({
      name: 'AuthorizationErrorException',
      message: `User: arn:aws:iam::${ACCOUNT}:user/local-cloud is not authorized to perform: SNS:Publish on resource: ${arn} with an explicit deny`,
      status: 403,
    });
  });

  it('publishes batches with per-entry results', async () => {
    const arn = topicArn('batch');
    await sns.send(new CreateTopicCommand({ Name: 'batch' }));
    const url = await queueFor('batch-q', arn);
    await sns.send(
      new SubscribeCommand({
        TopicArn: arn,
        Protocol: 'sqs',
        Endpoint: queueArn('batch-q'),
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    const result = await sns.send(
      new PublishBatchCommand({
        TopicArn: arn,
        PublishBatchRequestEntries: [
          { Id: 'one', Message: 'first' },
          { Id: 'two', Message: '' },
          {
            Id: 'three',
            Message: 'third',
            MessageAttributes: { a: { DataType: 'String', StringValue: 'x' } },
          },
        ],
      }),
    );
    expect(result.Successful?.map((s) => s.Id)).toEqual(['one', 'three']);
    expect(result.Failed).toEqual([
      { Id: 'two', Code: 'InvalidParameter', Message: 'Invalid parameter: Empty message', SenderFault: true },
    ]);
    expect((await receive(url)).map((m) => m.Body).sort()).toEqual(['first', 'third']);

    const eleven = Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, Message: 'x' }));
    expect(
      await error(sns.send(new PublishBatchCommand({ TopicArn: arn, PublishBatchRequestEntries: eleven }))),
    ).toEqual({
      name: 'TooManyEntriesInBatchRequestException',
      message: 'The batch request contains more entries than permissible.',
      status: 400,
    });
    expect(
      await error(
        sns.send(
          new PublishBatchCommand({
            TopicArn: arn,
            PublishBatchRequestEntries: [
              { Id: 'a', Message: 'x' },
              { Id: 'a', Message: 'y' },
            ],
          }),
        ),
      ),
    ).toMatchObject({ name: 'BatchEntryIdsNotDistinctException', status: 400 });
  });
});

describe('FIFO topics', () => {
  it('requires a group id, deduplicates and delivers in order to a FIFO queue with sequence numbers', async () => {
    const arn = topicArn('events.fifo');
    const created = await sns.send(
      new CreateTopicCommand({
        Name: 'events.fifo',
        Attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'true' },
      }),
    );
    expect(created.TopicArn).toBe(arn);
    const attributes = (await sns.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes;
    expect(attributes).toMatchObject({ FifoTopic: 'true', ContentBasedDeduplication: 'true' });
    expect(
      (await error(sns.send(new CreateTopicCommand({ Name: 'bad', Attributes: { FifoTopic: 'true' } }))))
        .name,
    ).toBe('InvalidParameterException');

    const url = await queueFor('events-q.fifo', arn, { FifoQueue: 'true' });
    await sns.send(
      new SubscribeCommand({ TopicArn: arn, Protocol: 'sqs', Endpoint: queueArn('events-q.fifo') }),
    );
    expect((await error(sns.send(new PublishCommand({ TopicArn: arn, Message: 'x' })))).message).toBe(
      'Invalid parameter: The MessageGroupId parameter is required for FIFO topics',
    );
    const first = await sns.send(new PublishCommand({ TopicArn: arn, Message: 'one', MessageGroupId: 'g' }));
    const duplicate = await sns.send(
      new PublishCommand({ TopicArn: arn, Message: 'one', MessageGroupId: 'g' }),
    );
    const second = await sns.send(new PublishCommand({ TopicArn: arn, Message: 'two', MessageGroupId: 'g' }));
    expect(first.SequenceNumber).toMatch(/^\d{20}$/);
    expect(duplicate.MessageId).toBe(first.MessageId);
    expect(BigInt(second.SequenceNumber as string)).toBeGreaterThan(BigInt(first.SequenceNumber as string));
    const messages = await receive(url);
    const bodies = messages.map((m) => JSON.parse(m.Body ?? '{}'));
    expect(bodies.map((b) => b.Message)).toEqual(['one', 'two']);
    expect(bodies[0].SequenceNumber).toBe(first.SequenceNumber);
    expect(messages[0]?.Attributes?.MessageGroupId).toBe('g');

    expect(
      (
        await error(
          sns.send(
            new SubscribeCommand({
              TopicArn: arn,
              Protocol: 'lambda',
              Endpoint: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:f`,
            }),
          ),
        )
      ).message,
    ).toBe('Invalid parameter: Invalid protocol type: lambda');
  });
});

describe('delivery to Lambda and retries (fake lambda target)', () => {
  const fn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:consumer`;
  const received: Array<{ payload: DeliveryPayload; principal: Principal }> = [];
  let failuresLeft = 0;

  beforeAll(() => {
    // Stand-in for the Lambda engineer's target: records the payload; fails with a server error on demand.
    lc.cloud.delivery.registerTarget('lambda', {
      action: 'lambda:InvokeFunction',
      resourcePolicy: () =>
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'sns.amazonaws.com' },
              Action: 'lambda:InvokeFunction',
              Resource: fn,
              Condition: { ArnLike: { 'AWS:SourceArn': topicArn('to-lambda') } },
            },
          ],
        }),
      deliver: (_arn, payload, principal) => {
        if (failuresLeft > 0) {
          failuresLeft--;
          throw new AwsError('ServiceException', 'Lambda is busy', 500);
        }
        received.push({ payload, principal });
        return { id: `req-${received.length}` };
      },
    });
  });

  it('invokes with the SNS event, the topic as source ARN and the hop count from the trace header', async () => {
    const arn = topicArn('to-lambda');
    await sns.send(new CreateTopicCommand({ Name: 'to-lambda' }));
    const { SubscriptionArn } = await sns.send(
      new SubscribeCommand({ TopicArn: arn, Protocol: 'lambda', Endpoint: fn }),
    );
    // A handler's SDK forwards _X_AMZN_TRACE_ID as X-Amzn-Trace-Id; its Lineage carries the hops so far.
    const traced = new SNSClient({ endpoint: lc.endpoint, region: 'us-east-1', credentials });
    traced.middlewareStack.add(
      (next) => async (args) => {
        (args.request as { headers: Record<string, string> }).headers['x-amzn-trace-id'] =
          'Root=1-5e1b4151-5ac6c58f5b5d1f4c3e2b1a0d;Lineage=a87bd80c:3';
        return next(args);
      },
      { step: 'build' },
    );
    const published = await traced.send(
      new PublishCommand({ TopicArn: arn, Message: 'hello', Subject: 'Greeting' }),
    );
    traced.destroy();
    expect(received).toHaveLength(1);
    const [{ payload, principal }] = received as [{ payload: DeliveryPayload; principal: Principal }];
    expect(principal).toEqual({
      type: 'service',
      service: 'sns.amazonaws.com',
      sourceArn: arn,
      sourceAccount: ACCOUNT,
    });
    expect(payload.hops).toBe(4);
    const event = JSON.parse(payload.body);
    expect(event.Records[0]).toMatchObject({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: SubscriptionArn,
      Sns: {
        Type: 'Notification',
        MessageId: published.MessageId,
        TopicArn: arn,
        Subject: 'Greeting',
        Message: 'hello',
        MessageAttributes: {},
      },
    });
  });

  it('retries server-side failures with clock backoff, then records the failure', async () => {
    const arn = topicArn('to-lambda');
    received.length = 0;
    failuresLeft = 3;
    const ok = await sns.send(new PublishCommand({ TopicArn: arn, Message: 'eventually' }));
    expect(received).toHaveLength(0);
    expect(await lc.cloud.clock.settle(5000)).toBe(true);
    expect(received).toHaveLength(1);
    const okTrace = lc.cloud.trace.get(ok.MessageId as string) ?? [];
    expect(okTrace.filter((e) => e.kind === 'sns.delivery.retry')).toHaveLength(3);
    expect(okTrace.find((e) => e.kind === 'sns.delivered')).toMatchObject({ attempt: 4 });

    failuresLeft = 1000;
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const lost = await sns.send(new PublishCommand({ TopicArn: arn, Message: 'never' }));
      expect(await lc.cloud.clock.settle(10_000)).toBe(true);
      const trace = lc.cloud.trace.get(lost.MessageId as string) ?? [];
      expect(trace.filter((e) => e.kind === 'sns.delivery.retry')).toHaveLength(15);
      expect(trace.find((e) => e.kind === 'sns.delivery.failed')).toMatchObject({
        attempts: 16,
        error: 'ServiceException: Lambda is busy',
      });
      // 3 immediate + 2 × 1 s + 10 backoff retries up to 20 s: about 84 s of AWS time.
      const failed = trace.find((e) => e.kind === 'sns.delivery.failed');
      expect(failed?.awsOffsetMs).toBeGreaterThan(70_000);
      expect(stderr.mock.calls.filter((c) => String(c[0]).includes(lost.MessageId as string))).toHaveLength(
        1,
      );
    } finally {
      stderr.mockRestore();
      failuresLeft = 0;
    }
  });

  it('is a delivery target: Lambda destinations and EventBridge publish through the door', async () => {
    const arn = topicArn('dest');
    await sns.send(new CreateTopicCommand({ Name: 'dest' }));
    const url = await queueFor('dest-q', arn);
    await sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'sqs', Endpoint: queueArn('dest-q') }));
    // A service principal is refused by the default topic policy (it only admits the account itself).
    await expect(
      lc.cloud.delivery.deliver(
        arn,
        { body: '{}' },
        {
          type: 'service',
          service: 'events.amazonaws.com',
          sourceArn: 'arn:aws:events:us-east-1:000000000000:rule/r',
        },
      ),
    ).rejects.toMatchObject({ code: 'AccessDenied' });
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: arn,
        },
      ],
    };
    await sns.send(
      new SetTopicAttributesCommand({
        TopicArn: arn,
        AttributeName: 'Policy',
        AttributeValue: JSON.stringify(policy),
      }),
    );
    const result = await lc.cloud.delivery.deliver(
      arn,
      { body: '{"version":"1.0"}', hops: 2, traceId: 'lambda-request-1' },
      {
        type: 'service',
        service: 'events.amazonaws.com',
        sourceArn: 'arn:aws:events:us-east-1:000000000000:rule/r',
      },
    );
    expect(result.id).toMatch(/^[0-9a-f-]{36}$/);
    const [message] = await receive(url);
    expect(JSON.parse(message?.Body ?? '{}')).toMatchObject({
      MessageId: result.id,
      Message: '{"version":"1.0"}',
    });
    expect(lc.cloud.trace.get('lambda-request-1')?.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['sns.publish', 'sns.delivered']),
    );
    await expect(
      lc.cloud.delivery.deliver(
        topicArn('gone'),
        { body: 'x' },
        {
          type: 'service',
          service: 'events.amazonaws.com',
          sourceArn: 'arn:aws:events:us-east-1:000000000000:rule/r',
        },
      ),
    ).rejects.toMatchObject({ code: 'AccessDenied' });
  });
});

describe('durability and the AWS CLI', () => {
  it('keeps topics, attributes, tags and subscriptions across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sns-'));
    try {
      const first = await startLocalCloud({ port: 0, dataDir });
      const c1 = new SNSClient({ endpoint: first.endpoint, region: 'us-east-1', credentials });
      const arn = (
        await c1.send(
          new CreateTopicCommand({
            Name: 'kept',
            Attributes: { DisplayName: 'Kept' },
            Tags: [{ Key: 'k', Value: 'v' }],
          }),
        )
      ).TopicArn as string;
      const sub = await c1.send(
        new SubscribeCommand({
          TopicArn: arn,
          Protocol: 'sqs',
          Endpoint: queueArn('q'),
          Attributes: { FilterPolicy: '{"a":["b"]}' },
        }),
      );
      await c1.send(new CreateTopicCommand({ Name: 'dropped' }));
      await c1.send(new DeleteTopicCommand({ TopicArn: topicArn('dropped') }));
      c1.destroy();
      await first.stop();

      const second = await startLocalCloud({ port: 0, dataDir });
      const c2 = new SNSClient({ endpoint: second.endpoint, region: 'us-east-1', credentials });
      expect((await c2.send(new ListTopicsCommand({}))).Topics).toEqual([{ TopicArn: arn }]);
      expect((await c2.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes?.DisplayName).toBe(
        'Kept',
      );
      expect((await c2.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual([
        { Key: 'k', Value: 'v' },
      ]);
      const attributes = (
        await c2.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: sub.SubscriptionArn }))
      ).Attributes;
      expect(attributes?.FilterPolicy).toBe('{"a":["b"]}');
      c2.destroy();
      await second.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('answers `aws sns publish` and its errors', async () => {
    const run = promisify(execFile);
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    };
    const arn = topicArn('cli');
    await sns.send(new CreateTopicCommand({ Name: 'cli' }));
    const url = await queueFor('cli-q', arn);
    await sns.send(
      new SubscribeCommand({
        TopicArn: arn,
        Protocol: 'sqs',
        Endpoint: queueArn('cli-q'),
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    const out = await run(
      'aws',
      [
        '--endpoint-url',
        lc.endpoint,
        'sns',
        'publish',
        '--topic-arn',
        arn,
        '--message',
        'from the cli',
        '--message-attributes',
        '{"kind":{"DataType":"String","StringValue":"cli"}}',
      ],
      { env },
    );
    expect(JSON.parse(out.stdout).MessageId).toMatch(/^[0-9a-f-]{36}$/);
    const [message] = await receive(url);
    expect(message?.Body).toBe('from the cli');
    expect(message?.MessageAttributes?.kind).toMatchObject({ StringValue: 'cli' });
    const failed = await run(
      'aws',
      ['--endpoint-url', lc.endpoint, 'sns', 'publish', '--topic-arn', topicArn('nope'), '--message', 'x'],
      {
        env,
      },
    ).catch((e: { stderr: string; code: number }) => e);
    expect(failed).toMatchObject({ code: 255 });
    expect((failed as { stderr: string }).stderr).toContain(
      'An error occurred (NotFound) when calling the Publish operation: Topic does not exist',
    );
  }, 60_000);
});
