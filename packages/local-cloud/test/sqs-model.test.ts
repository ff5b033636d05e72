import { SqsModel, type SqsRecord } from '../src/services/sqs/model';

/**
 * The model on its own: every change is one journaled record, and replaying the journal (or restoring a
 * snapshot) rebuilds the same state, in-flight receipts and FIFO bookkeeping included.
 */
function harness(now: () => number) {
  const journal: SqsRecord[] = [];
  const model: SqsModel = new SqsModel({
    accountId: '000000000000',
    region: 'us-east-1',
    now,
    toWall: (ms) => ms,
    commit: (record) => {
      journal.push(JSON.parse(JSON.stringify(record)) as SqsRecord);
      model.apply(record);
    },
  });
  return { model, journal };
}

const defaults = { VisibilityTimeout: '30', MessageRetentionPeriod: '345600', DelaySeconds: '0' };

it('replaying the journal and restoring a snapshot rebuild the same state', () => {
  let clock = 1_700_000_000_000;
  const { model, journal } = harness(() => clock);
  const std = model.createQueue('std', false, { ...defaults }, { team: 'a' });
  const fifo = model.createQueue(
    'f.fifo',
    true,
    { ...defaults, FifoQueue: 'true', DeduplicationScope: 'queue' },
    {},
  );
  model.send(
    std,
    Array.from({ length: 5 }, (_, i) => ({ body: `m${i}`, sender: 'AIDA' })),
  );
  model.send(fifo, [
    { body: 'a', group: 'g', dedup: 'd1', sender: 'AIDA' },
    { body: 'b', group: 'g', dedup: 'd2', sender: 'AIDA' },
  ]);
  clock += 10;
  const received = model.receive(std, 2, 60);
  expect(received).toHaveLength(2);
  const firstId = model.checkDelete(std, received[0]?.receipt as string);
  model.deleteMessages(std, [firstId as string]);
  const fifoReceived = model.receive(fifo, 10, 30);
  expect(fifoReceived.map((r) => r.msg.body)).toEqual(['a', 'b']);

  const replayed = harness(() => clock).model;
  for (const record of journal) replayed.apply(record);
  expect(replayed.snapshot()).toEqual(model.snapshot());

  const restored = harness(() => clock).model;
  restored.restore(JSON.parse(JSON.stringify(model.snapshot())));
  expect(restored.snapshot()).toEqual(model.snapshot());

  // The restored model behaves the same: the in-flight message is still in flight, its receipt still valid.
  const queue = restored.queues.get('std');
  if (!queue) throw new Error('missing queue');
  expect(restored.counts(queue)).toEqual({ visible: 3, notVisible: 1, delayed: 0 });
  expect(restored.checkDelete(queue, received[1]?.receipt as string)).toBe(received[1]?.msg.id);
  // FIFO dedup survives: the same dedup id answers with the original message id.
  const fifoQueue = restored.queues.get('f.fifo');
  if (!fifoQueue) throw new Error('missing queue');
  const [dup] = restored.send(fifoQueue, [{ body: 'again', group: 'g', dedup: 'd1', sender: 'AIDA' }]);
  expect(dup?.id).toBe(fifoReceived[0]?.msg.id);
  // After the visibility timeout (60 s) the received message comes back with its count kept.
  clock += 61_000;
  const again = restored.receive(queue, 10, 30);
  expect(again.find((r) => r.msg.id === received[1]?.msg.id)?.msg.receives).toBe(2);
});
