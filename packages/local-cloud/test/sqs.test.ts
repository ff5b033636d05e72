import { createHash } from 'node:crypto';
import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  type ReceiveMessageCommandInput,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SendMessageCommandInput,
  SetQueueAttributesCommand,
  SQSClient,
  TagQueueCommand,
  UntagQueueCommand,
} from '@aws-sdk/client-sqs';
import { type RunningLocalCloud, startLocalCloud } from '../src/index';
import { md5OfAttributes } from '../src/services/sqs/md5';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

/** The error a call rejects with (fails the test when it resolves). */
async function failure(
  promise: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

let real: RunningLocalCloud; // AWS timing (time scale 1)
let fast: RunningLocalCloud; // 1 AWS second = 1 ms
let mid: RunningLocalCloud; // 1 AWS second = 10 ms: windows that must stay open for a few requests
let sqs: SQSClient;
let fastSqs: SQSClient;
let midSqs: SQSClient;
let counter = 0;
const unique = (base: string) => `${base}-${++counter}`;

beforeAll(async () => {
  real = await startLocalCloud({ port: 0 });
  fast = await startLocalCloud({ port: 0, timeScale: 0.001 });
  mid = await startLocalCloud({ port: 0, timeScale: 0.01 });
  sqs = new SQSClient({ endpoint: real.endpoint, region: 'us-east-1', credentials });
  fastSqs = new SQSClient({ endpoint: fast.endpoint, region: 'us-east-1', credentials });
  midSqs = new SQSClient({ endpoint: mid.endpoint, region: 'us-east-1', credentials });
});

afterAll(async () => {
  sqs.destroy();
  fastSqs.destroy();
  midSqs.destroy();
  await real.stop();
  await fast.stop();
  await mid.stop();
});

async function createQueue(client: SQSClient, name: string, Attributes?: Record<string, string>) {
  const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: name, Attributes }));
  return QueueUrl as string;
}

async function attributes(client: SQSClient, QueueUrl: string) {
  return (await client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] })))
    .Attributes as Record<string, string>;
}

/** Long-polls (through the server's clock) until a receive returns something, for at most 30 s of wall time. */
async function receiveSoon(client: SQSClient, input: ReceiveMessageCommandInput) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const { Messages } = await client.send(new ReceiveMessageCommand({ WaitTimeSeconds: 20, ...input }));
    if (Messages && Messages.length > 0) return Messages;
  }
  throw new Error('no message arrived');
}

describe('queues', () => {
  it('creates a queue at http://127.0.0.1:<port>/<account>/<name> with AWS defaults', async () => {
    const url = await createQueue(sqs, 'defaults');
    expect(url).toBe(`${real.endpoint}/000000000000/defaults`);
    const attrs = await attributes(sqs, url);
    const now = Math.floor(Date.now() / 1000);
    expect(attrs).toEqual({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesDelayed: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
      CreatedTimestamp: expect.stringMatching(/^\d{10}$/),
      DelaySeconds: '0',
      LastModifiedTimestamp: expect.stringMatching(/^\d{10}$/),
      MaximumMessageSize: '1048576',
      MessageRetentionPeriod: '345600',
      QueueArn: 'arn:aws:sqs:us-east-1:000000000000:defaults',
      ReceiveMessageWaitTimeSeconds: '0',
      SqsManagedSseEnabled: 'true',
      VisibilityTimeout: '30',
    });
    expect(Math.abs(Number(attrs.CreatedTimestamp) - now)).toBeLessThan(5);
    const some = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['VisibilityTimeout', 'QueueArn'] }),
    );
    expect(some.Attributes).toEqual({
      VisibilityTimeout: '30',
      QueueArn: 'arn:aws:sqs:us-east-1:000000000000:defaults',
    });
  });

  it('stores exactly what Terraform sends and answers GetQueueAttributes(All) with the same strings', async () => {
    const dlqUrl = await createQueue(sqs, 'tf-dlq');
    const dlqArn = (await attributes(sqs, dlqUrl)).QueueArn;
    const sent = {
      DelaySeconds: '0',
      MaximumMessageSize: '262144',
      MessageRetentionPeriod: '345600',
      ReceiveMessageWaitTimeSeconds: '0',
      VisibilityTimeout: '30',
      RedrivePolicy: `{"deadLetterTargetArn":"${dlqArn}","maxReceiveCount":3}`,
      SqsManagedSseEnabled: 'true',
    };
    const url = await createQueue(sqs, 'tf-work', sent);
    // The provider's propagation waiter needs several identical answers in a row.
    for (let i = 0; i < 3; i++) {
      const attrs = await attributes(sqs, url);
      for (const [key, value] of Object.entries(sent)) expect(attrs[key]).toBe(value);
    }
    // Same attributes again: idempotent, same URL.
    expect(await createQueue(sqs, 'tf-work', sent)).toBe(url);
  });

  it('refuses CreateQueue with different attributes (QueueNameExists / QueueAlreadyExists)', async () => {
    await createQueue(sqs, 'exists', { VisibilityTimeout: '30' });
    const error = await failure(createQueue(sqs, 'exists', { VisibilityTimeout: '31' }));
    expect(error.name).toBe('QueueNameExists');
    expect(error.message).toBe(
      'A queue already exists with the same name and a different value for attribute VisibilityTimeout',
    );
  });

  it('validates queue names', async () => {
    for (const [name, attrs, message] of [
      [
        'bad.name',
        undefined,
        'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
      ],
      [
        'x'.repeat(81),
        undefined,
        'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
      ],
      ['plain', { FifoQueue: 'true' }, expect.stringContaining('must end with .fifo suffix')],
      [
        'named.fifo',
        undefined,
        'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
      ],
    ] as const) {
      const error = await failure(createQueue(sqs, name, attrs));
      expect(error.name).toBe('InvalidParameterValue');
      expect(error.message).toEqual(message);
    }
    const fifoFalse = await failure(createQueue(sqs, 'x.fifo', { FifoQueue: 'false' }));
    expect(fifoFalse.name).toBe('InvalidAttributeName');
    expect(fifoFalse.message).toBe('Unknown Attribute FifoQueue.');
  });

  it('validates attribute names and values with AWS errors', async () => {
    const cases: Array<[Record<string, string>, string, string]> = [
      [
        { VisibilityTimeout: '43201' },
        'InvalidAttributeValue',
        'Invalid value for the parameter VisibilityTimeout.',
      ],
      [{ DelaySeconds: '-1' }, 'InvalidAttributeValue', 'Invalid value for the parameter DelaySeconds.'],
      [{ DelaySeconds: ' 6' }, 'InvalidAttributeValue', 'Invalid value for the parameter DelaySeconds.'],
      [
        { MaximumMessageSize: '1023' },
        'InvalidAttributeValue',
        'Invalid value for the parameter MaximumMessageSize.',
      ],
      [
        { MessageRetentionPeriod: '1209601' },
        'InvalidAttributeValue',
        'Invalid value for the parameter MessageRetentionPeriod.',
      ],
      [
        { ReceiveMessageWaitTimeSeconds: '21' },
        'InvalidAttributeValue',
        'Invalid value for the parameter ReceiveMessageWaitTimeSeconds.',
      ],
      [{ Policy: 'nope' }, 'InvalidAttributeValue', 'Invalid value for the parameter Policy.'],
      [{ Colour: 'blue' }, 'InvalidAttributeName', 'Unknown Attribute Colour.'],
      [{ QueueArn: 'x' }, 'InvalidAttributeName', 'Unknown Attribute QueueArn.'],
      [
        { ContentBasedDeduplication: 'true' },
        'InvalidAttributeName',
        'Unknown Attribute ContentBasedDeduplication.',
      ],
      [
        { DeduplicationScope: 'queue' },
        'InvalidAttributeName',
        'You can specify the DeduplicationScope only when FifoQueue is set to true.',
      ],
      [
        { RedrivePolicy: '{"maxReceiveCount":5}' },
        'InvalidParameterValue',
        'Value {"maxReceiveCount":5} for parameter RedrivePolicy is invalid. Reason: Redrive policy does not contain mandatory attribute: deadLetterTargetArn.',
      ],
      [
        {
          RedrivePolicy:
            '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:nope","maxReceiveCount":5}',
        },
        'InvalidParameterValue',
        'Value {"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:nope","maxReceiveCount":5} for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.',
      ],
      [
        {
          RedrivePolicy: '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:x","maxReceiveCount":0}',
        },
        'InvalidParameterValue',
        expect.stringContaining(
          'Invalid value for maxReceiveCount: 0, valid values are from 1 to 1000 both inclusive.',
        ),
      ],
      [
        { RedriveAllowPolicy: '{"redrivePermission":"byQueue"}' },
        'InvalidParameterValue',
        expect.stringContaining('you must also specify one or more sourceQueueArns values'),
      ],
    ];
    for (const [attrs, name, message] of cases) {
      const error = await failure(createQueue(sqs, unique('invalid'), attrs));
      expect([error.name, error.message]).toEqual([name, message]);
    }
    const url = await createQueue(sqs, 'set-invalid');
    const error = await failure(
      sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { VisibilityTimeout: 'abc' } })),
    );
    expect(error.name).toBe('InvalidAttributeValue');
    const typeChange = await failure(
      sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { FifoQueue: 'true' } })),
    );
    expect(typeChange.message).toContain('Modifying queue type is not supported');
  });

  it('sets attributes, keeps policies as sent, removes them when set to ""', async () => {
    const dlqUrl = await createQueue(sqs, 'set-dlq');
    const dlqArn = (await attributes(sqs, dlqUrl)).QueueArn;
    const url = await createQueue(sqs, 'set-attrs');
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'sns.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: '*',
        },
      ],
    });
    const redrive = `{"deadLetterTargetArn":"${dlqArn}","maxReceiveCount":"5"}`;
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: url,
        Attributes: {
          Policy: policy,
          RedrivePolicy: redrive,
          VisibilityTimeout: '45',
          KmsMasterKeyId: 'alias/aws/sqs',
        },
      }),
    );
    let attrs = await attributes(sqs, url);
    expect(attrs.Policy).toBe(policy);
    expect(attrs.RedrivePolicy).toBe(redrive);
    expect(attrs.VisibilityTimeout).toBe('45');
    expect(attrs.KmsMasterKeyId).toBe('alias/aws/sqs');
    expect(attrs.KmsDataKeyReusePeriodSeconds).toBe('300');
    expect(attrs.SqsManagedSseEnabled).toBe('false');
    await sqs.send(
      new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: '', RedrivePolicy: '' } }),
    );
    attrs = await attributes(sqs, url);
    expect(attrs.Policy).toBeUndefined();
    expect(attrs.RedrivePolicy).toBeUndefined();
    const sources = await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlqUrl }));
    expect(sources.queueUrls).toEqual([]);
  });

  it('gets URLs, lists with prefix and pagination, deletes', async () => {
    for (const name of ['list-a', 'list-b', 'list-c']) await createQueue(sqs, name);
    expect((await sqs.send(new GetQueueUrlCommand({ QueueName: 'list-b' }))).QueueUrl).toBe(
      `${real.endpoint}/000000000000/list-b`,
    );
    const all = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'list-' }));
    expect(all.QueueUrls?.map((u) => u.split('/').pop())).toEqual(['list-a', 'list-b', 'list-c']);
    expect(all.NextToken).toBeUndefined();
    const first = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'list-', MaxResults: 2 }));
    expect(first.QueueUrls).toHaveLength(2);
    const second = await sqs.send(
      new ListQueuesCommand({ QueueNamePrefix: 'list-', MaxResults: 2, NextToken: first.NextToken }),
    );
    expect(second.QueueUrls?.map((u) => u.split('/').pop())).toEqual(['list-c']);
    expect(second.NextToken).toBeUndefined();
    expect(
      (await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'none-such' }))).QueueUrls,
    ).toBeUndefined();

    const url = `${real.endpoint}/000000000000/list-c`;
    await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    const gone = await failure(
      sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] })),
    );
    expect(gone.name).toBe('QueueDoesNotExist');
    expect(gone.message).toBe('The specified queue does not exist.');
    const malformed = await failure(
      sqs.send(new GetQueueAttributesCommand({ QueueUrl: `${real.endpoint}/000000000000/%E0%A4%A` })),
    );
    expect(malformed.name).toBe('QueueDoesNotExist');
    expect((await failure(sqs.send(new GetQueueUrlCommand({ QueueName: 'list-c' })))).name).toBe(
      'QueueDoesNotExist',
    );
    const recreate = await failure(createQueue(sqs, 'list-c'));
    expect(recreate.name).toBe('QueueDeletedRecently');
  });

  it('answers a missing queue with the query-compatible header Terraform waits for', async () => {
    const response = await fetch(real.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AmazonSQS.GetQueueAttributes',
        'x-amzn-query-mode': 'true',
      },
      body: JSON.stringify({ QueueUrl: `${real.endpoint}/000000000000/never`, AttributeNames: ['All'] }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-query-error')).toBe('AWS.SimpleQueueService.NonExistentQueue;Sender');
    expect(await response.json()).toEqual({
      __type: 'com.amazonaws.sqs#QueueDoesNotExist',
      message: 'The specified queue does not exist.',
    });
  });

  it('tags queues', async () => {
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({ QueueName: 'tagged', tags: { team: 'core' } }),
    );
    await sqs.send(new TagQueueCommand({ QueueUrl, Tags: { env: 'test', tier: '1' } }));
    expect((await sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags).toEqual({
      team: 'core',
      env: 'test',
      tier: '1',
    });
    await sqs.send(new UntagQueueCommand({ QueueUrl, TagKeys: ['team', 'tier'] }));
    expect((await sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags).toEqual({ env: 'test' });
    await sqs.send(new UntagQueueCommand({ QueueUrl, TagKeys: ['env'] }));
    expect((await sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags).toBeUndefined();
  });
});

describe('messages', () => {
  it('computes MD5s that match the documented test vectors', async () => {
    expect(md5OfAttributes({ attribName1: { DataType: 'String', StringValue: 'attribValue 1' } })).toBe(
      '19e27d4e946b072f3f58da80d94fd778',
    );
    expect(
      md5OfAttributes({
        binaryAttribute: {
          DataType: 'Binary',
          BinaryValue: Buffer.from('Hello binary world!').toString('base64'),
        },
      }),
    ).toBe('31a92b15d92f8db860eda32aceb656c3');
    const url = await createQueue(sqs, 'md5');
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'Test message.',
        MessageAttributes: { attribName1: { DataType: 'String', StringValue: 'attribValue 1' } },
        MessageSystemAttributes: {
          AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-5759e988-bd862e3fe1be46a994272793' },
        },
      }),
    );
    expect(sent.MD5OfMessageBody).toBe('e4e68fb7bd0e697a0ae8f1bb342846b3');
    expect(sent.MD5OfMessageAttributes).toBe('19e27d4e946b072f3f58da80d94fd778');
    expect(sent.MD5OfMessageSystemAttributes).toBe(
      md5OfAttributes({
        AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-5759e988-bd862e3fe1be46a994272793' },
      }),
    );
    const [message] = await receiveSoon(sqs, {
      QueueUrl: url,
      MessageAttributeNames: ['All'],
      MessageSystemAttributeNames: ['All'],
    });
    expect(message?.MD5OfBody).toBe('e4e68fb7bd0e697a0ae8f1bb342846b3');
    expect(message?.MD5OfMessageAttributes).toBe('19e27d4e946b072f3f58da80d94fd778');
    expect(message?.Attributes?.AWSTraceHeader).toBe('Root=1-5759e988-bd862e3fe1be46a994272793');
  });

  it('returns system attributes and filters message attributes (All, prefix.*, exact names)', async () => {
    const url = await createQueue(sqs, 'filters');
    const before = Date.now();
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'hello',
        MessageAttributes: {
          'order.id': { DataType: 'Number', StringValue: '42' },
          'order.kind': { DataType: 'String.custom', StringValue: 'book' },
          other: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2, 3]) },
        },
      }),
    );
    const [message] = await receiveSoon(sqs, {
      QueueUrl: url,
      MessageAttributeNames: ['order.*'],
      MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
      VisibilityTimeout: 0,
    });
    expect(Object.keys(message?.MessageAttributes ?? {}).sort()).toEqual(['order.id', 'order.kind']);
    expect(message?.MD5OfMessageAttributes).toBe(
      md5OfAttributes({
        'order.id': { DataType: 'Number', StringValue: '42' },
        'order.kind': { DataType: 'String.custom', StringValue: 'book' },
      }),
    );
    expect(Object.keys(message?.Attributes ?? {}).sort()).toEqual([
      'ApproximateReceiveCount',
      'SentTimestamp',
    ]);
    expect(Number(message?.Attributes?.SentTimestamp)).toBeGreaterThanOrEqual(before - 5);
    const [again] = await receiveSoon(sqs, {
      QueueUrl: url,
      MessageAttributeNames: ['other'],
      AttributeNames: ['All'],
      VisibilityTimeout: 0,
    });
    expect(again?.MessageAttributes).toEqual({
      other: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) },
    });
    expect(again?.Attributes).toEqual({
      SenderId: expect.stringMatching(/^AIDA/),
      SentTimestamp: message?.Attributes?.SentTimestamp,
      ApproximateReceiveCount: '2',
      ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d{13}$/),
    });
    const [none] = await receiveSoon(sqs, { QueueUrl: url });
    expect(none?.MessageAttributes).toBeUndefined();
    expect(none?.Attributes).toBeUndefined();
  });

  it('validates messages like AWS', async () => {
    const url = await createQueue(sqs, 'validate', { MaximumMessageSize: '1024' });
    const cases: Array<[SendMessageCommandInput, string, string]> = [
      [
        { QueueUrl: url, MessageBody: 'x'.repeat(1025) },
        'InvalidParameterValue',
        'One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.',
      ],
      [
        { QueueUrl: url, MessageBody: 'bad \u0000 char' },
        'InvalidMessageContents',
        'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
      ],
      [
        { QueueUrl: url, MessageBody: '' },
        'MissingParameter',
        'The request must contain the parameter MessageBody.',
      ],
      [
        { QueueUrl: url, MessageBody: 'x', DelaySeconds: 901 },
        'InvalidParameterValue',
        'Value 901 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.',
      ],
      [
        {
          QueueUrl: url,
          MessageBody: 'x',
          MessageAttributes: Object.fromEntries(
            Array.from({ length: 11 }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: 'v' }]),
          ),
        },
        'InvalidParameterValue',
        'Number of message attributes [11] exceeds the allowed maximum [10].',
      ],
      [
        {
          QueueUrl: url,
          MessageBody: 'x',
          MessageAttributes: { 'AWS.x': { DataType: 'String', StringValue: 'v' } },
        },
        'InvalidParameterValue',
        expect.stringContaining("You can't use message attribute names beginning with 'AWS.' or 'Amazon.'"),
      ],
      [
        {
          QueueUrl: url,
          MessageBody: 'x',
          MessageAttributes: { n: { DataType: 'Number', StringValue: 'abc' } },
        },
        'InvalidParameterValue',
        "Can't cast the value of message (user) attribute 'n' to a number.",
      ],
      [
        { QueueUrl: url, MessageBody: 'x', MessageDeduplicationId: 'd' },
        'InvalidParameterValue',
        'Value d for parameter MessageDeduplicationId is invalid. Reason: The request includes a parameter that is not valid for this queue type.',
      ],
    ];
    for (const [input, name, message] of cases) {
      const error = await failure(sqs.send(new SendMessageCommand(input)));
      expect([error.name, error.message]).toEqual([name, message]);
    }
    // Emoji (astral plane) and the allowed control characters are fine; 1024 bytes exactly is fine.
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'ok \t\r\n 😀' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(1024) }));
  });

  it('long polling waits and wakes on send', async () => {
    // Waits the whole (scaled) WaitTimeSeconds on an empty queue: 20 AWS seconds = 200 ms here.
    const midUrl = await createQueue(midSqs, 'long-poll');
    const started = Date.now();
    const empty = await midSqs.send(new ReceiveMessageCommand({ QueueUrl: midUrl, WaitTimeSeconds: 20 }));
    expect(empty.Messages).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);

    // At AWS timing, a parked 20 s poll wakes on the send. The queues port's receive is the same long poll as
    // ReceiveMessage and parks synchronously, so the send below certainly finds it waiting.
    const url = await createQueue(sqs, 'long-poll');
    const t0 = Date.now();
    const polling = real.cloud.ports
      .get('queues')
      .receive('arn:aws:sqs:us-east-1:000000000000:long-poll', { max: 1, waitSeconds: 20 });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'wake up' }));
    const messages = await polling;
    expect(messages.map((m) => m.body)).toEqual(['wake up']);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('receives at most MaxNumberOfMessages and validates receive parameters', async () => {
    const url = await createQueue(sqs, 'receive-max');
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: `body ${i}` })),
      }),
    );
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 4 }));
    expect(Messages).toHaveLength(4);
    const tooMany = await failure(
      sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 11 })),
    );
    expect([tooMany.name, tooMany.message]).toEqual([
      'InvalidParameterValue',
      'Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.',
    ]);
    const wait = await failure(sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 21 })));
    expect(wait.message).toBe(
      'Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.',
    );
    const attrs = await attributes(sqs, url);
    expect([attrs.ApproximateNumberOfMessages, attrs.ApproximateNumberOfMessagesNotVisible]).toEqual([
      '6',
      '4',
    ]);
  });

  it('deletes messages, tolerates repeated deletes, refuses invalid receipt handles', async () => {
    const url = await createQueue(sqs, 'delete');
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'bye' }));
    const [message] = await receiveSoon(sqs, { QueueUrl: url });
    const handle = message?.ReceiptHandle as string;
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: handle }));
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: handle }));
    const invalid = await failure(
      sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'garbage' })),
    );
    expect(invalid.name).toBe('ReceiptHandleIsInvalid');
    expect(invalid.message).toBe('The input receipt handle "garbage" is not a valid receipt handle.');
    expect(invalid.$metadata?.httpStatusCode).toBe(404);
    const attrs = await attributes(sqs, url);
    expect([attrs.ApproximateNumberOfMessages, attrs.ApproximateNumberOfMessagesNotVisible]).toEqual([
      '0',
      '0',
    ]);
  });

  it('changes visibility and refuses messages not in flight', async () => {
    const url = await createQueue(sqs, 'visibility');
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'v' }));
    const [message] = await receiveSoon(sqs, { QueueUrl: url });
    const handle = message?.ReceiptHandle as string;
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();
    await sqs.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: handle, VisibilityTimeout: 0 }),
    );
    const [again] = await receiveSoon(sqs, {
      QueueUrl: url,
      MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      VisibilityTimeout: 0,
    });
    expect(again?.Attributes?.ApproximateReceiveCount).toBe('2');
    const beyond = await failure(
      sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: url,
          ReceiptHandle: again?.ReceiptHandle as string,
          VisibilityTimeout: 43_200,
        }),
      ),
    );
    expect(beyond.name).toBe('MessageNotInflight'); // VisibilityTimeout 0 on receive: not in flight
    const notInFlight = await failure(
      sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: url,
          ReceiptHandle: again?.ReceiptHandle as string,
          VisibilityTimeout: 10,
        }),
      ),
    );
    expect(notInFlight.name).toBe('MessageNotInflight');
    const stale = await failure(
      sqs.send(
        new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: handle, VisibilityTimeout: 10 }),
      ),
    );
    expect(stale.name).toBe('InvalidParameterValue');
  });

  it('handles batches with per-entry failures and AWS batch errors', async () => {
    const url = await createQueue(sqs, 'batch', { MaximumMessageSize: '1024' });
    const result = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'ok-1', MessageBody: 'one' },
          { Id: 'too_big', MessageBody: 'x'.repeat(2000) },
          { Id: 'ok-2', MessageBody: 'two', DelaySeconds: 0 },
          { Id: 'bad-chars', MessageBody: '\u0001' },
        ],
      }),
    );
    expect(result.Successful?.map((e) => [e.Id, e.MD5OfMessageBody])).toEqual([
      ['ok-1', md5('one')],
      ['ok-2', md5('two')],
    ]);
    expect(result.Failed).toEqual([
      {
        Id: 'too_big',
        SenderFault: true,
        Code: 'InvalidParameterValue',
        Message: 'One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.',
      },
      {
        Id: 'bad-chars',
        SenderFault: true,
        Code: 'InvalidMessageContents',
        Message: expect.stringContaining('Invalid characters'),
      },
    ]);
    const batchErrors: Array<[unknown[], string, string]> = [
      [[], 'EmptyBatchRequest', 'There should be at least one SendMessageBatchRequestEntry in the request.'],
      [
        Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, MessageBody: 'x' })),
        'TooManyEntriesInBatchRequest',
        'Maximum number of entries per request are 10. You have sent 11.',
      ],
      [
        [
          { Id: 'same', MessageBody: 'a' },
          { Id: 'same', MessageBody: 'b' },
        ],
        'BatchEntryIdsNotDistinct',
        'Id same repeated.',
      ],
      [
        [{ Id: 'not valid!', MessageBody: 'a' }],
        'InvalidBatchEntryId',
        'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
      ],
      [
        Array.from({ length: 2 }, (_, i) => ({ Id: `big${i}`, MessageBody: 'x'.repeat(600_000) })),
        'BatchRequestTooLong',
        'Batch requests cannot be longer than 1048576 bytes. You have sent 1200000 bytes.',
      ],
    ];
    for (const [Entries, name, message] of batchErrors) {
      const error = await failure(
        sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: url,
            Entries: Entries as { Id: string; MessageBody: string }[],
          }),
        ),
      );
      expect([error.name, error.message]).toEqual([name, message]);
    }

    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    expect(received.Messages).toHaveLength(2);
    const [first, second] = received.Messages ?? [];
    const visibility = await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'a', ReceiptHandle: first?.ReceiptHandle as string, VisibilityTimeout: 100 },
          { Id: 'b', ReceiptHandle: 'nonsense', VisibilityTimeout: 100 },
        ],
      }),
    );
    expect(visibility.Successful).toEqual([{ Id: 'a' }]);
    expect(visibility.Failed?.[0]).toMatchObject({
      Id: 'b',
      SenderFault: true,
      Code: 'ReceiptHandleIsInvalid',
    });
    const deleted = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'a', ReceiptHandle: first?.ReceiptHandle as string },
          { Id: 'b', ReceiptHandle: second?.ReceiptHandle as string },
          { Id: 'c', ReceiptHandle: 'nonsense' },
        ],
      }),
    );
    expect(deleted.Successful).toEqual([{ Id: 'a' }, { Id: 'b' }]);
    expect(deleted.Failed).toEqual([
      {
        Id: 'c',
        SenderFault: true,
        Code: 'ReceiptHandleIsInvalid',
        Message: 'The input receipt handle "nonsense" is not a valid receipt handle.',
      },
    ]);
    expect((await attributes(sqs, url)).ApproximateNumberOfMessagesNotVisible).toBe('0');
  });

  it('purges a queue once per 60 seconds', async () => {
    const url = await createQueue(midSqs, 'purge');
    await midSqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'a' }));
    await midSqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    expect((await attributes(midSqs, url)).ApproximateNumberOfMessages).toBe('0');
    const again = await failure(midSqs.send(new PurgeQueueCommand({ QueueUrl: url })));
    expect(again.name).toBe('PurgeQueueInProgress');
    expect(again.$metadata?.httpStatusCode).toBe(403);
    await mid.cloud.clock.sleep(60_000);
    await midSqs.send(new PurgeQueueCommand({ QueueUrl: url }));
  });
});

describe('time: visibility, delays, retention (scaled clock)', () => {
  it('hides a received message for its visibility timeout, then delivers it again with a higher count', async () => {
    const url = await createQueue(fastSqs, 'vis-timeout', { VisibilityTimeout: '2000' });
    await fastSqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'again' }));
    const [first] = await receiveSoon(fastSqs, { QueueUrl: url, AttributeNames: ['All'] });
    expect(first?.Attributes?.ApproximateReceiveCount).toBe('1');
    expect((await fastSqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();
    expect((await attributes(fastSqs, url)).ApproximateNumberOfMessagesNotVisible).toBe('1');
    const [second] = await receiveSoon(fastSqs, { QueueUrl: url, AttributeNames: ['All'] });
    expect(second?.MessageId).toBe(first?.MessageId);
    expect(second?.Attributes?.ApproximateReceiveCount).toBe('2');
    expect(second?.Attributes?.ApproximateFirstReceiveTimestamp).toBe(
      first?.Attributes?.ApproximateFirstReceiveTimestamp,
    );
    expect(second?.ReceiptHandle).not.toBe(first?.ReceiptHandle);
  });

  it('delays messages (queue default and per message); settle waits for them', async () => {
    const url = await createQueue(fastSqs, 'delayed', { DelaySeconds: '900' });
    await fastSqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'queue delay' }));
    await fastSqs.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'own delay', DelaySeconds: 800 }),
    );
    await fastSqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'no delay', DelaySeconds: 0 }));
    const attrs = await attributes(fastSqs, url);
    expect([attrs.ApproximateNumberOfMessages, attrs.ApproximateNumberOfMessagesDelayed]).toEqual(['1', '2']);
    expect(await fast.cloud.clock.settle(10_000)).toBe(true);
    const { Messages } = await fastSqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }),
    );
    expect(Messages?.map((m) => m.Body).sort()).toEqual(['no delay', 'own delay', 'queue delay']);
  });

  it('drops messages older than the retention period', async () => {
    const url = await createQueue(midSqs, 'retention', { MessageRetentionPeriod: '60' });
    await midSqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'old' }));
    expect((await attributes(midSqs, url)).ApproximateNumberOfMessages).toBe('1');
    await mid.cloud.clock.sleep(61_000);
    expect((await attributes(midSqs, url)).ApproximateNumberOfMessages).toBe('0');
    expect((await midSqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();
  });
});

describe('redrive', () => {
  it('moves a message to the dead-letter queue on the receive after maxReceiveCount', async () => {
    const dlqUrl = await createQueue(sqs, 'redrive-dlq');
    const dlqArn = (await attributes(sqs, dlqUrl)).QueueArn;
    const url = await createQueue(sqs, 'redrive-src', {
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }),
    });
    const srcArn = (await attributes(sqs, url)).QueueArn;
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'poison',
        MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } },
      }),
    );
    for (let i = 1; i <= 2; i++) {
      const { Messages } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          VisibilityTimeout: 0,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      );
      expect(Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe(String(i));
    }
    // Third attempt: the message exceeds maxReceiveCount and moves instead of being returned.
    expect(
      (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 0 }))).Messages,
    ).toBeUndefined();
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: dlqUrl,
        AttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    expect(Messages?.[0]).toMatchObject({
      MessageId: sent.MessageId,
      Body: 'poison',
      MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } },
    });
    expect(Messages?.[0]?.Attributes?.DeadLetterQueueSourceArn).toBe(srcArn);
    expect((await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlqUrl }))).queueUrls).toEqual([
      url,
    ]);
  });

  it('requires the dead-letter queue to be of the same type and to allow the source', async () => {
    const fifoDlq = await createQueue(sqs, 'typed-dlq.fifo', { FifoQueue: 'true' });
    const fifoArn = (await attributes(sqs, fifoDlq)).QueueArn;
    const mismatch = await failure(
      createQueue(sqs, 'typed-src', {
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: fifoArn, maxReceiveCount: 1 }),
      }),
    );
    expect(mismatch.message).toContain('Reason: Dead-letter queue must be same type of queue as the source.');
    const closed = await createQueue(sqs, 'closed-dlq', {
      RedriveAllowPolicy: '{"redrivePermission":"denyAll"}',
    });
    const closedArn = (await attributes(sqs, closed)).QueueArn;
    const denied = await failure(
      createQueue(sqs, 'denied-src', {
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: closedArn, maxReceiveCount: 1 }),
      }),
    );
    expect(denied.name).toBe('InvalidParameterValue');
  });
});

describe('FIFO', () => {
  it('keeps order per group, blocks a group while in flight, numbers messages', async () => {
    const url = await createQueue(sqs, 'order.fifo', {
      FifoQueue: 'true',
      ContentBasedDeduplication: 'true',
    });
    const seqs: string[] = [];
    for (const [group, body] of [
      ['g1', 'a1'],
      ['g2', 'b1'],
      ['g1', 'a2'],
      ['g1', 'a3'],
      ['g2', 'b2'],
    ]) {
      const sent = await sqs.send(
        new SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageGroupId: group }),
      );
      seqs.push(sent.SequenceNumber as string);
    }
    expect(seqs.every((s) => /^\d{20}$/.test(s))).toBe(true);
    const asBig = seqs.map((s) => BigInt(s));
    expect(asBig.every((s, i) => i === 0 || s > (asBig[i - 1] as bigint))).toBe(true);

    const first = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 2, AttributeNames: ['All'] }),
    );
    expect(first.Messages?.map((m) => m.Body)).toEqual(['a1', 'a2']);
    expect(first.Messages?.[0]?.Attributes).toMatchObject({ MessageGroupId: 'g1', SequenceNumber: seqs[0] });
    // g1 is blocked while a1/a2 are in flight: only g2 is served.
    const second = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    expect(second.Messages?.map((m) => m.Body)).toEqual(['b1', 'b2']);
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();
    for (const m of first.Messages ?? []) {
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle as string }));
    }
    const third = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    expect(third.Messages?.map((m) => m.Body)).toEqual(['a3']);
  });

  it('deduplicates within the 5-minute window (explicit and content-based ids)', async () => {
    const url = await createQueue(midSqs, 'dedup.fifo', { FifoQueue: 'true' });
    const a = await midSqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'x',
        MessageGroupId: 'g',
        MessageDeduplicationId: 'd1',
      }),
    );
    const b = await midSqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'other body',
        MessageGroupId: 'g',
        MessageDeduplicationId: 'd1',
      }),
    );
    expect(b.MessageId).toBe(a.MessageId);
    expect((await attributes(midSqs, url)).ApproximateNumberOfMessages).toBe('1');
    const missing = await failure(
      midSqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g' })),
    );
    expect(missing.message).toBe(
      'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
    );
    const noGroup = await failure(
      midSqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageDeduplicationId: 'z' })),
    );
    expect([noGroup.name, noGroup.message]).toEqual([
      'MissingParameter',
      'The request must contain the parameter MessageGroupId.',
    ]);
    const delay = await failure(
      midSqs.send(
        new SendMessageCommand({
          QueueUrl: url,
          MessageBody: 'x',
          MessageGroupId: 'g',
          MessageDeduplicationId: 'q',
          DelaySeconds: 5,
        }),
      ),
    );
    expect(delay.name).toBe('InvalidParameterValue');

    await mid.cloud.clock.sleep(5 * 60_000 + 1000);
    const c = await midSqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'x',
        MessageGroupId: 'g',
        MessageDeduplicationId: 'd1',
      }),
    );
    expect(c.MessageId).not.toBe(a.MessageId);

    const content = await createQueue(midSqs, 'content.fifo', {
      FifoQueue: 'true',
      ContentBasedDeduplication: 'true',
    });
    const batch = await midSqs.send(
      new SendMessageBatchCommand({
        QueueUrl: content,
        Entries: [
          { Id: '1', MessageBody: 'same', MessageGroupId: 'g' },
          { Id: '2', MessageBody: 'same', MessageGroupId: 'g' },
          { Id: '3', MessageBody: 'different', MessageGroupId: 'g' },
        ],
      }),
    );
    const ids = batch.Successful?.map((e) => e.MessageId) ?? [];
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
    expect((await attributes(midSqs, content)).ApproximateNumberOfMessages).toBe('2');
  });

  it('applies a changed queue delay to waiting FIFO messages (retroactive) and caps visibility at 12 hours', async () => {
    const url = await createQueue(midSqs, 'retro.fifo', {
      FifoQueue: 'true',
      ContentBasedDeduplication: 'true',
      DelaySeconds: '900',
      VisibilityTimeout: '600',
    });
    await midSqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'waiting', MessageGroupId: 'g' }));
    expect((await attributes(midSqs, url)).ApproximateNumberOfMessagesDelayed).toBe('1');
    await midSqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { DelaySeconds: '0' } }));
    const { Messages } = await midSqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    expect(Messages?.[0]?.Body).toBe('waiting');
    await mid.cloud.clock.sleep(10_000);
    const capped = await failure(
      midSqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: url,
          ReceiptHandle: Messages?.[0]?.ReceiptHandle as string,
          VisibilityTimeout: 43_200,
        }),
      ),
    );
    expect(capped.message).toBe(
      'Value 43200 for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [43200 seconds]',
    );
  });

  it('a FIFO receive request attempt id returns the same messages when retried', async () => {
    const url = await createQueue(sqs, 'attempt.fifo', {
      FifoQueue: 'true',
      ContentBasedDeduplication: 'true',
    });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'once', MessageGroupId: 'g' }));
    const a = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, ReceiveRequestAttemptId: 'try-1' }));
    const b = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, ReceiveRequestAttemptId: 'try-1' }));
    expect(b.Messages?.[0]?.ReceiptHandle).toBe(a.Messages?.[0]?.ReceiptHandle);
  });
});

describe('in-process ports', () => {
  it('keeps the caller X-Amzn-Trace-Id as AWSTraceHeader and counts its Lineage hops', async () => {
    const url = await createQueue(sqs, 'traced');
    const arn = (await attributes(sqs, url)).QueueArn as string;
    const trace =
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0;Lineage=a87bd80c:3';
    const response = await fetch(real.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AmazonSQS.SendMessage',
        'x-amzn-trace-id': trace,
      },
      body: JSON.stringify({ QueueUrl: url, MessageBody: 'from a handler' }),
    });
    expect(response.status).toBe(200);
    const [message] = await real.cloud.ports.get('queues').receive(arn, { max: 1, waitSeconds: 0 });
    expect(message?.attributes.AWSTraceHeader).toBe(trace);
    expect(message?.hops).toBe(4);
  });

  it('the queues port receives, changes visibility and deletes; the delivery door sends', async () => {
    const cloud = real.cloud;
    const Policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'sns.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: '*',
        },
      ],
    });
    const url = await createQueue(sqs, 'ported', { Policy });
    const arn = (await attributes(sqs, url)).QueueArn as string;
    const port = cloud.ports.get('queues');
    expect(port.get(arn)).toEqual({ arn, url, name: 'ported', fifo: false, visibilityTimeoutSeconds: 30 });
    expect(port.hasVisible(arn)).toBe(false);
    const { id } = await cloud.delivery.deliver(
      arn,
      { body: '{"hello":1}', messageAttributes: { RequestID: { DataType: 'String', StringValue: 'r-1' } } },
      { type: 'service', service: 'sns.amazonaws.com', sourceArn: 'arn:aws:sns:us-east-1:000000000000:t' },
    );
    expect(port.hasVisible(arn)).toBe(true);
    await cloud.delivery.deliver(
      arn,
      { body: 'hop', hops: 2 },
      { type: 'service', service: 'sns.amazonaws.com', sourceArn: 'arn:aws:sns:us-east-1:000000000000:t' },
    );
    const [message, hopped] = await port.receive(arn, { max: 10, waitSeconds: 0 });
    expect(hopped).toMatchObject({ body: 'hop', hops: 2 });
    port.delete(arn, hopped?.receiptHandle as string);
    expect(message).toMatchObject({
      messageId: id,
      body: '{"hello":1}',
      md5OfBody: md5('{"hello":1}'),
      messageAttributes: { RequestID: { DataType: 'String', StringValue: 'r-1' } },
      attributes: { ApproximateReceiveCount: '1' },
    });
    port.changeVisibility(arn, message?.receiptHandle as string, 0);
    expect(port.hasVisible(arn)).toBe(true);
    const [again] = await port.receive(arn, { max: 1, waitSeconds: 1 });
    port.delete(arn, again?.receiptHandle as string);
    expect(port.hasVisible(arn)).toBe(false);
    expect(() => port.delete(arn, 'junk')).toThrow('is not a valid receipt handle');

    const fifoUrl = await createQueue(sqs, 'ported.fifo', {
      FifoQueue: 'true',
      ContentBasedDeduplication: 'true',
      Policy,
    });
    const fifoArn = (await attributes(sqs, fifoUrl)).QueueArn as string;
    const principal = {
      type: 'service',
      service: 'sns.amazonaws.com',
      sourceArn: 'arn:aws:sns:us-east-1:000000000000:t',
    } as const;
    await expect(cloud.delivery.deliver(fifoArn, { body: 'x' }, principal)).rejects.toMatchObject({
      code: 'InvalidParameterValueException',
    });
    await cloud.delivery.deliver(fifoArn, { body: 'x', messageGroupId: 'g' }, principal);
    expect(port.hasVisible(fifoArn)).toBe(true);
    // A missing queue has no policy either: the door refuses it before the queue is looked up.
    await expect(cloud.delivery.deliver(`${arn}-missing`, { body: 'x' }, principal)).rejects.toThrow();
  });
});
