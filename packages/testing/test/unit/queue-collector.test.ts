import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { QueueCollector } from '../../src/queue-collector';

/** A fake SQS: serves the given batches in order (then empty receives), records deletes. */
function fakeSqs(
  batches: Array<
    Array<{ body: string; attributes?: Record<string, { DataType: string; StringValue: string }> }>
  >,
) {
  const deleted: string[] = [];
  const receives: ReceiveMessageCommand[] = [];
  let n = 0;
  const client = {
    send: jest.fn(async (command: unknown) => {
      if (command instanceof ReceiveMessageCommand) {
        receives.push(command);
        const batch = batches.shift() ?? [];
        return {
          Messages: batch.map((m) => {
            n++;
            return {
              MessageId: `m${n}`,
              ReceiptHandle: `r${n}`,
              Body: m.body,
              MD5OfBody: 'x',
              MessageAttributes: m.attributes,
            };
          }),
        };
      }
      if (command instanceof DeleteMessageBatchCommand) {
        for (const entry of command.input.Entries ?? []) deleted.push(entry.ReceiptHandle ?? '');
        return {};
      }
      throw new Error('unexpected command');
    }),
  };
  return { client, deleted, receives };
}

const keyOf = (value: { id?: string }) => value.id;

describe('QueueCollector', () => {
  it('GIVEN messages for several keys WHEN waiting for one THEN indexes all, deletes them and returns the first', async () => {
    const { client, deleted } = fakeSqs([[{ body: '{"id":"a"}' }, { body: '{"id":"b"}' }]]);
    const collector = new QueueCollector<{ id?: string }>(client, 'http://q', { keyOf });
    const found = await collector.waitFor('b', 1000);
    expect(found.value).toEqual({ id: 'b' });
    expect(collector.seen('a')).toHaveLength(1);
    expect(deleted).toEqual(['r1', 'r2']);
  });

  it('GIVEN a duplicate delivery THEN it is kept and counted', async () => {
    const { client } = fakeSqs([[{ body: '{"id":"a"}' }], [{ body: '{"id":"a"}' }]]);
    const collector = new QueueCollector<{ id?: string }>(client, 'http://q', { keyOf });
    await collector.waitFor('a', 1000);
    await collector.pollOnce();
    expect(collector.duplicates()).toEqual([{ key: 'a', count: 2 }]);
    expect(collector.receivedCount).toBe(2);
  });

  it('GIVEN a body that does not parse THEN it is kept as unkeyed with the error (never lost)', async () => {
    const { client } = fakeSqs([[{ body: 'not json' }]]);
    const collector = new QueueCollector<{ id?: string }>(client, 'http://q', { keyOf });
    await collector.pollOnce();
    expect(collector.unkeyedMessages()).toEqual([
      expect.objectContaining({ body: 'not json', parseError: expect.any(String) }),
    ]);
  });

  it('GIVEN nothing arrives WHEN the deadline passes THEN rejects naming the missing keys and the queue', async () => {
    const { client } = fakeSqs([]);
    const collector = new QueueCollector<{ id?: string }>(client, 'http://q', { keyOf });
    await expect(collector.waitForAll(['x', 'y'], 30)).rejects.toThrow(
      /2 of 2 message\(s\) on http:\/\/q: x, y/,
    );
  });

  it('asks for long polls (capped at 20 s), all attributes and a visibility timeout', async () => {
    const { client, receives } = fakeSqs([[{ body: '{"id":"a"}' }]]);
    const collector = new QueueCollector<{ id?: string }>(client, 'http://q', { keyOf });
    await collector.waitFor('a', 60_000);
    expect(receives[0]?.input).toEqual(
      expect.objectContaining({
        WaitTimeSeconds: 20,
        VisibilityTimeout: 300,
        MessageAttributeNames: ['All'],
        MaxNumberOfMessages: 10,
      }),
    );
  });

  it('expectNone rejects when the key shows up, resolves otherwise', async () => {
    const { client } = fakeSqs([[{ body: '{"id":"a"}' }]]);
    const collector = new QueueCollector<{ id?: string }>(client, 'http://q', { keyOf });
    await expect(collector.expectNone('a', 10)).rejects.toThrow(/expected no message for "a"/);
    await expect(collector.expectNone('b', 10)).resolves.toBeUndefined();
  });

  it('keys by message attributes when asked (DLQ RequestID)', async () => {
    const { client } = fakeSqs([
      [{ body: '{"x": 1}', attributes: { RequestID: { DataType: 'String', StringValue: 'req-1' } } }],
    ]);
    const collector = new QueueCollector<string>(client, 'http://q', {
      parse: (body) => body,
      keyOf: (_body, message) => message.messageAttributes.RequestID?.StringValue,
    });
    expect((await collector.waitFor('req-1', 1000)).body).toBe('{"x": 1}');
  });
});

describe('QueueCollector.arrival', () => {
  it('resolves when a poll (by anyone) receives the key, at once when already seen', async () => {
    const { client } = fakeSqs([[{ body: '{"id":"a"}' }]]);
    const collector = new QueueCollector<{ id?: string }>(client, 'http://q', { keyOf });
    const arrived = collector.arrival('a');
    await collector.pollOnce();
    expect((await arrived).value).toEqual({ id: 'a' });
    expect((await collector.arrival('a')).value).toEqual({ id: 'a' });
  });
});

describe('QueueCollector poll errors', () => {
  it('a failing receive is counted and named at the deadline, never kills the waiter', async () => {
    const client = {
      send: jest.fn(async () => {
        throw new Error('connect ECONNREFUSED');
      }),
    };
    const collector = new QueueCollector<{ id?: string }>(client, 'http://q', { keyOf });
    await expect(collector.waitFor('a', 30)).rejects.toThrow(/failed poll\(s\), last: connect ECONNREFUSED/);
    expect(collector.pollErrors.count).toBeGreaterThan(0);
  });
});
