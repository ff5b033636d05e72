import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

export interface Collected<T> {
  messageId: string;
  body: string;
  /** The parsed body (or `undefined` when `parse` threw: see `parseError`). */
  value: T;
  parseError?: string;
  /** `MD5OfBody` as SQS returned it. */
  md5OfBody: string | undefined;
  attributes: Record<string, string>;
  messageAttributes: Record<string, { DataType?: string; StringValue?: string }>;
  /** Wall-clock ms when this client received it. */
  receivedAt: number;
}

export interface QueueCollectorOptions<T> {
  /** Parses a body; a throw is kept on the message (`parseError`), never lost. Default: JSON.parse. */
  parse?: (body: string) => T;
  /** The key a scenario waits for (e.g. the correlation id); undefined → kept as unkeyed. */
  keyOf: (value: T, message: Collected<T>) => string | undefined;
  /** Receives in flight at once per poll (throughput runs use several). Default 1. */
  parallelism?: number;
  /** Visibility timeout asked on receive, in AWS seconds (scaled locally). Long enough to delete first. */
  visibilityTimeoutSeconds?: number;
  /** Longest long poll, in (AWS) seconds: 1-20, default 20. Shorter makes a graceful `stop` quicker. */
  maxWaitSeconds?: number;
}

/**
 * Drains one queue and indexes every message by a key (e.g. the correlation id), so several scenarios can
 * share a terminal queue: each waits for its own key against a deadline (SQS long polling, never fixed
 * sleeps). Messages are deleted once indexed; duplicates are kept and counted.
 */
export class QueueCollector<T = unknown> {
  private readonly byKey = new Map<string, Collected<T>[]>();
  private readonly unkeyed: Collected<T>[] = [];
  private polling: Promise<void> | undefined;
  private readonly parse: (body: string) => T;
  private readonly keyOf: QueueCollectorOptions<T>['keyOf'];
  private readonly parallelism: number;
  private readonly visibilityTimeoutSeconds: number;
  private readonly maxWaitSeconds: number;
  private received = 0;
  private failedPolls = 0;
  private lastPollError: Error | undefined;
  private readonly arrivals = new Map<string, Array<(item: Collected<T>) => void>>();

  constructor(
    private readonly sqs: Pick<SQSClient, 'send'>,
    readonly queueUrl: string,
    options: QueueCollectorOptions<T>,
  ) {
    this.parse = options.parse ?? ((body) => JSON.parse(body) as T);
    this.keyOf = options.keyOf;
    this.parallelism = Math.max(1, options.parallelism ?? 1);
    this.visibilityTimeoutSeconds = options.visibilityTimeoutSeconds ?? 300;
    this.maxWaitSeconds = Math.max(1, Math.min(20, options.maxWaitSeconds ?? 20));
  }

  /** Resolves with the first message for `key`, or rejects at the deadline naming the key and the queue. */
  async waitFor(key: string, timeoutMs: number): Promise<Collected<T>> {
    const [found] = await this.waitForAll([key], timeoutMs);
    return found as Collected<T>;
  }

  /**
   * Resolves with the first message of every key, or rejects at the deadline listing the missing ones.
   * `onProgress(seen)` is called after every poll.
   */
  async waitForAll(
    keys: readonly string[],
    timeoutMs: number,
    onProgress?: (seen: number) => void,
  ): Promise<Collected<T>[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const missing = this.missing(keys);
      onProgress?.(keys.length - missing.length);
      if (missing.length === 0)
        return keys.map((key) => (this.byKey.get(key) as Collected<T>[])[0] as Collected<T>);
      if (Date.now() >= deadline) {
        throw new Error(
          `timed out after ${timeoutMs} ms waiting for ${missing.length} of ${keys.length} message(s) on ${this.queueUrl}: ` +
            `${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}` +
            (this.lastPollError
              ? ` (${this.failedPolls} failed poll(s), last: ${this.lastPollError.message})`
              : ''),
        );
      }
      await this.pollOnce(deadline);
    }
  }

  /**
   * Resolves when a message for `key` has been received by whoever polls (this does not poll: pair it with
   * a polling loop, as a closed-loop load generator does).
   */
  arrival(key: string): Promise<Collected<T>> {
    const seen = this.byKey.get(key)?.[0];
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const list = this.arrivals.get(key);
      if (list) list.push(resolve);
      else this.arrivals.set(key, [resolve]);
    });
  }

  /** Keys of `keys` not seen yet. */
  missing(keys: readonly string[]): string[] {
    return keys.filter((key) => !this.byKey.has(key));
  }

  /**
   * Asserts that nothing arrives for `key` until the deadline (polling all along). For the local cloud,
   * call it after `settle`: the window then only needs to cover one receive.
   */
  async expectNone(key: string, windowMs: number): Promise<void> {
    const deadline = Date.now() + windowMs;
    do {
      await this.pollOnce(deadline);
      const seen = this.byKey.get(key);
      if (seen) {
        throw new Error(
          `expected no message for "${key}" on ${this.queueUrl}, received: ${seen.map((m) => m.body).join('\n')}`,
        );
      }
    } while (Date.now() < deadline);
  }

  /** Everything seen for a key (more than one means a duplicate delivery). */
  seen(key: string): Collected<T>[] {
    return this.byKey.get(key) ?? [];
  }

  /** Keys delivered more than once, with their counts. */
  duplicates(): Array<{ key: string; count: number }> {
    const out: Array<{ key: string; count: number }> = [];
    for (const [key, items] of this.byKey) if (items.length > 1) out.push({ key, count: items.length });
    return out;
  }

  unkeyedMessages(): Collected<T>[] {
    return this.unkeyed;
  }

  /** Messages received so far (duplicates and unkeyed included). */
  get receivedCount(): number {
    return this.received;
  }

  /** Polls that failed (the error is kept, and named when a wait times out), so a poller never dies silently. */
  get pollErrors(): { count: number; last: Error | undefined } {
    return { count: this.failedPolls, last: this.lastPollError };
  }

  /**
   * One round of long polls (shared by concurrent waiters), never past `deadline` on AWS by more than 1 s.
   * A failed receive or delete does not reject: it is counted (`pollErrors`) and the next round retries.
   */
  pollOnce(deadline = Date.now() + 20_000, signal?: AbortSignal): Promise<void> {
    const remainingSeconds = Math.ceil((deadline - Date.now()) / 1000);
    const waitSeconds = Math.max(1, Math.min(this.maxWaitSeconds, remainingSeconds));
    this.polling ??= Promise.all(
      Array.from({ length: this.parallelism }, () =>
        this.receive(waitSeconds, signal).catch(async (error: unknown) => {
          if (signal?.aborted) return; // stopped on purpose (see startPolling)
          this.failedPolls++;
          this.lastPollError = error instanceof Error ? error : new Error(String(error));
          // Back off before the next round (100 ms doubling to 2 s) instead of hammering a failing endpoint.
          const pause = Math.min(2000, 100 * 2 ** Math.min(5, this.failedPolls - 1));
          await new Promise((resolve) => setTimeout(resolve, pause));
        }),
      ),
    )
      .then(() => undefined)
      .finally(() => {
        this.polling = undefined;
      });
    return this.polling;
  }

  private async receive(waitTimeSeconds: number, signal?: AbortSignal): Promise<void> {
    const out = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: waitTimeSeconds,
        VisibilityTimeout: this.visibilityTimeoutSeconds,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
      signal ? { abortSignal: signal } : {},
    );
    const messages = out.Messages ?? [];
    if (messages.length === 0) return;
    const receivedAt = Date.now();
    for (const message of messages) {
      this.received++;
      const body = message.Body ?? '';
      const item: Collected<T> = {
        messageId: message.MessageId ?? '',
        body,
        value: undefined as T,
        md5OfBody: message.MD5OfBody,
        attributes: (message.Attributes ?? {}) as Record<string, string>,
        messageAttributes: (message.MessageAttributes ?? {}) as Collected<T>['messageAttributes'],
        receivedAt,
      };
      let key: string | undefined;
      try {
        item.value = this.parse(body);
        key = this.keyOf(item.value, item);
      } catch (error) {
        item.parseError = error instanceof Error ? error.message : String(error);
      }
      if (key === undefined) this.unkeyed.push(item);
      else {
        const list = this.byKey.get(key);
        if (list) list.push(item);
        else this.byKey.set(key, [item]);
        const waiters = this.arrivals.get(key);
        if (waiters) {
          this.arrivals.delete(key);
          for (const resolve of waiters) resolve(item);
        }
      }
    }
    await this.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: this.queueUrl,
        Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
      }),
    );
  }
}

export interface Poller {
  /**
   * Stops polling. By default gracefully: the long polls in flight are left to return (their messages are
   * indexed), which takes at most one long poll. `abort: true` cancels them at once — but a cancelled long
   * poll may still take messages on the server side (the local cloud keeps the waiter of a client that went
   * away; so may AWS), and those stay invisible for the visibility timeout: only abort when nobody needs
   * that queue's next messages.
   */
  stop(options?: { abort?: boolean }): Promise<void>;
}

/**
 * Keeps every collector polling on its own loop until `stop()` or the deadline: one loop per queue, so an
 * idle queue's 20 s long poll never holds up the busy one (waiters use `arrival`).
 */
export function startPolling(collectors: readonly QueueCollector<unknown>[], deadline: number): Poller {
  let running = true;
  const abort = new AbortController();
  const loops = collectors.map(async (collector) => {
    while (running && Date.now() < deadline) await collector.pollOnce(deadline, abort.signal);
  });
  return {
    stop: async (options = {}) => {
      running = false;
      if (options.abort) abort.abort();
      await Promise.all(loops);
    },
  };
}
