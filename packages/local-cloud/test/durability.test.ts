import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';

/**
 * What the local cloud acknowledged survives `kill -9`: the real CLI (built dist) is started on a data
 * dir, messages are sent and some received (in flight) or deleted, the process is killed with SIGKILL,
 * restarted on the same dir, and every acknowledged message is still there; in-flight ones come back
 * after their visibility timeout with their receive count kept. Requires `pnpm build` first.
 */

const CLI = join(__dirname, '..', 'dist', 'cli.js');
const TIME_SCALE = '0.01'; // 1 AWS second = 10 ms

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface Running {
  child: ChildProcess;
  output: () => string;
}

async function start(port: number, dataDir: string): Promise<Running> {
  const child = spawn(
    process.execPath,
    [CLI, 'start', '--port', String(port), '--data-dir', dataDir, '--time-scale', TIME_SCALE],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout?.on('data', (d) => {
    log += d;
  });
  child.stderr?.on('data', (d) => {
    log += d;
  });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`local-cloud exited early:\n${log}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/_local-cloud/health`);
      if (response.ok) return { child, output: () => log };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`local-cloud did not become healthy:\n${log}`);
}

function killHard(running: Running): Promise<void> {
  return new Promise((resolve) => {
    if (running.child.exitCode !== null || running.child.signalCode !== null) return resolve();
    running.child.once('exit', () => resolve());
    running.child.kill('SIGKILL');
  });
}

const builtMissing = !existsSync(CLI);
if (builtMissing) throw new Error(`durability.test.ts needs the built CLI at ${CLI}: run the build first`);

let dataDir: string;
let current: Running | undefined;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'local-cloud-durability-'));
});

afterAll(async () => {
  if (current) await killHard(current);
  rmSync(dataDir, { recursive: true, force: true });
});

function client(port: number): SQSClient {
  return new SQSClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

async function drain(sqs: SQSClient, QueueUrl: string, expected: number): Promise<Message[]> {
  const out: Message[] = [];
  for (let i = 0; i < 400 && out.length < expected; i++) {
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 20,
        AttributeNames: ['All'],
        MessageAttributeNames: ['All'],
        VisibilityTimeout: 43_200,
      }),
    );
    out.push(...(Messages ?? []));
  }
  return out;
}

it('keeps every acknowledged message, in-flight receipt and deletion across kill -9', async () => {
  const port = await freePort();
  current = await start(port, dataDir);
  let sqs = client(port);
  const url = (await sqs.send(new CreateQueueCommand({ QueueName: 'durable' }))).QueueUrl as string;
  const fifoUrl = (
    await sqs.send(
      new CreateQueueCommand({
        QueueName: 'durable.fifo',
        Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' },
      }),
    )
  ).QueueUrl as string;

  // 1. Acknowledged sends: single and batched, with attributes.
  const acknowledged = new Map<string, string>(); // MessageId → body
  for (let i = 0; i < 60; i++) {
    const body = `single ${i}`;
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: body,
        MessageAttributes: { n: { DataType: 'Number', StringValue: String(i) } },
      }),
    );
    acknowledged.set(sent.MessageId as string, body);
  }
  for (let b = 0; b < 6; b++) {
    const result = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: Array.from({ length: 10 }, (_, i) => ({ Id: `e${i}`, MessageBody: `batch ${b}-${i}` })),
      }),
    );
    for (const entry of result.Successful ?? [])
      acknowledged.set(entry.MessageId as string, `batch ${b}-${entry.Id?.slice(1)}`);
  }
  const fifoIds: string[] = [];
  for (let i = 0; i < 5; i++) {
    const sent = await sqs.send(
      new SendMessageCommand({ QueueUrl: fifoUrl, MessageBody: `fifo ${i}`, MessageGroupId: 'g' }),
    );
    fifoIds.push(sent.MessageId as string);
  }

  // 2. Receive 20 (in flight for 200 AWS s = 2 s wall), delete 5 of them.
  const inFlight = new Map<string, Message>();
  while (inFlight.size < 20) {
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: Math.min(10, 20 - inFlight.size),
        VisibilityTimeout: 200,
      }),
    );
    for (const m of Messages ?? []) inFlight.set(m.MessageId as string, m);
  }
  const deleted = [...inFlight.values()].slice(0, 5);
  for (const m of deleted) {
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle as string }));
    inFlight.delete(m.MessageId as string);
  }

  // 3. Concurrent senders while the process is killed: whatever was acknowledged must survive.
  // The kill lands once 40 racing sends were acknowledged, with 8 more in flight.
  let stop = false;
  let raced = 0;
  let enoughRaced: () => void = () => {};
  const raceUnderway = new Promise<void>((resolve) => {
    enoughRaced = resolve;
  });
  const racers = Array.from({ length: 8 }, async (_, w) => {
    let i = 0;
    while (!stop) {
      const body = `race ${w}-${i++}`;
      try {
        const sent = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
        acknowledged.set(sent.MessageId as string, body);
        if (++raced >= 40) enoughRaced();
      } catch {
        return; // the server died mid-request: not acknowledged
      }
    }
  });
  await raceUnderway;
  await killHard(current);
  stop = true;
  await Promise.all(racers);
  sqs.destroy();

  // 4. Restart on the same data dir.
  current = await start(port, dataDir);
  sqs = client(port);
  const expectedTotal = acknowledged.size - deleted.length;
  const attrs = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] })))
    .Attributes as Record<string, string>;
  const total =
    Number(attrs.ApproximateNumberOfMessages) + Number(attrs.ApproximateNumberOfMessagesNotVisible);
  // A racing send the server committed but whose answer the kill cut off may be there too (one per racer
  // at most): durable without being acknowledged, which is allowed; losing an acknowledged one is not.
  expect(total).toBeGreaterThanOrEqual(expectedTotal);
  expect(total).toBeLessThanOrEqual(expectedTotal + 8);

  const drained = await drain(sqs, url, total);
  const byId = new Map(drained.map((m) => [m.MessageId as string, m]));
  expect(byId.size).toBe(total);
  const unacknowledged = drained.filter((m) => !acknowledged.has(m.MessageId as string));
  for (const m of unacknowledged) expect(m.Body).toMatch(/^race \d+-\d+$/);
  for (const [id, body] of acknowledged) {
    if (deleted.some((d) => d.MessageId === id)) {
      expect(byId.has(id)).toBe(false);
      continue;
    }
    expect(byId.get(id)?.Body).toBe(body);
  }
  // In-flight messages came back after their visibility timeout, with their first receive counted.
  for (const id of inFlight.keys()) expect(byId.get(id)?.Attributes?.ApproximateReceiveCount).toBe('2');
  const [withAttributes] = [...acknowledged].find(([id, body]) => body === 'single 59' && byId.has(id)) ?? [];
  expect(byId.get(withAttributes as string)?.MessageAttributes?.n?.StringValue).toBe('59');

  // FIFO order and the deduplication window survive too.
  const again = await sqs.send(
    new SendMessageCommand({ QueueUrl: fifoUrl, MessageBody: 'fifo 0', MessageGroupId: 'g' }),
  );
  expect(again.MessageId).toBe(fifoIds[0]);
  const fifo = await sqs.send(new ReceiveMessageCommand({ QueueUrl: fifoUrl, MaxNumberOfMessages: 10 }));
  expect(fifo.Messages?.map((m) => m.MessageId)).toEqual(fifoIds);
  sqs.destroy();
}, 120_000);
