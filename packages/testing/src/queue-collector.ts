import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

export interface Collected<T> {
  messageId: string;
  body: string;
  value: T;
  attributes: Record<string, string>;
  messageAttributes: Record<string, { DataType?: string; StringValue?: string }>;
}

/**
 * Drains one queue and indexes every message by a key (e.g. the correlation id), so several scenarios can
 * share a terminal queue: each waits for its own key against a deadline (long polling, never fixed sleeps).
 * Messages are deleted once indexed; duplicates are kept and counted.
 */
export class QueueCollector<T> {
  private readonly byKey = new Map<string, Collected<T>[]>();
  private readonly unkeyed: Collected<T>[] = [];
  private polling: Promise<void> | undefined;

  constructor(
    private readonly sqs: SQSClient,
    readonly queueUrl: string,
    private readonly parse: (body: string) => T,
    private readonly keyOf: (value: T) => string | undefined,
    private readonly waitTimeSeconds = 2,
  ) {}

  /** Resolves with the first message for `key`, or rejects at the deadline naming the key and the queue. */
  async waitFor(key: string, timeoutMs: number): Promise<Collected<T>> {
    const [found] = await this.waitForAll([key], timeoutMs);
    return found as Collected<T>;
  }

  async waitForAll(keys: string[], timeoutMs: number, onProgress?: (seen: number) => void): Promise<Collected<T>[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const missing = keys.filter((key) => !this.byKey.has(key));
      onProgress?.(keys.length - missing.length);
      if (missing.length === 0) return keys.map((key) => (this.byKey.get(key) as Collected<T>[])[0] as Collected<T>);
      if (Date.now() >= deadline) {
        throw new Error(
          `timed out after ${timeoutMs} ms waiting for ${missing.length} message(s) on ${this.queueUrl}: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`,
        );
      }
      await this.pollOnce();
    }
  }

  /** Everything seen for a key (more than one means a duplicate delivery). */
  seen(key: string): Collected<T>[] {
    return this.byKey.get(key) ?? [];
  }

  duplicates(): number {
    let count = 0;
    for (const items of this.byKey.values()) count += items.length - 1;
    return count;
  }

  unkeyedMessages(): Collected<T>[] {
    return this.unkeyed;
  }

  /** One long poll (shared by concurrent waiters). */
  pollOnce(): Promise<void> {
    this.polling ??= this.receive().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  private async receive(): Promise<void> {
    const out = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: this.waitTimeSeconds,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    const messages = out.Messages ?? [];
    if (messages.length === 0) return;
    for (const message of messages) {
      const body = message.Body ?? '';
      const value = this.parse(body);
      const item: Collected<T> = {
        messageId: message.MessageId ?? '',
        body,
        value,
        attributes: (message.Attributes ?? {}) as Record<string, string>,
        messageAttributes: (message.MessageAttributes ?? {}) as Collected<T>['messageAttributes'],
      };
      const key = this.keyOf(value);
      if (key === undefined) this.unkeyed.push(item);
      else this.byKey.set(key, [...(this.byKey.get(key) ?? []), item]);
    }
    await this.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: this.queueUrl,
        Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
      }),
    );
  }
}
