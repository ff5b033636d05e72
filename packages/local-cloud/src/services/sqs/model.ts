import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Journaled } from '../../core/store';
import { parseRedrivePolicy, type QueueRef, redriveAllowed } from './attributes';
import { invalidParameter, invalidReceiptHandle, messageNotInflight } from './errors';
import { MinHeap } from './heap';
import { md5OfAttributes, md5OfBody, type SqsAttributeValue } from './md5';

/**
 * SQS state and rules: queues, messages, visibility, delays, retention, FIFO groups and deduplication,
 * redrive. No HTTP or JSON encoding here. Every change goes through one journaled record (`commit`), and
 * `apply` is the one code path for live changes and replay, so ids, receipt handles and deadlines are
 * decided before the commit and carried in the record.
 *
 * Times: `sentAt`, `visibleAt`, `firstReceiveAt` are wall-clock epoch ms. AWS durations (visibility
 * timeout, delay, retention, dedup window) become wall durations through the clock's scale.
 */

export interface SqsMessage {
  id: string;
  body: string;
  md5: string;
  attrs?: Record<string, SqsAttributeValue>;
  md5Attrs?: string;
  /** Message system attributes sent by the producer (AWSTraceHeader). */
  sys?: Record<string, SqsAttributeValue>;
  md5Sys?: string;
  sender: string;
  sentAt: number;
  /** Until then the message is delayed (never received) or in flight (received). */
  visibleAt: number;
  group?: string;
  dedup?: string;
  seq?: string;
  dlqSource?: string;
  /** Lambda/SQS/SNS hops this message has travelled (recursive-loop guard), when known. */
  hops?: number;
  receives: number;
  firstReceiveAt?: number;
  lastReceiveAt?: number;
  /** The most recent receipt handle. */
  receipt?: string;
}

/** Runtime-only bookkeeping per message (not journaled or snapshotted). */
interface Slot {
  msg: SqsMessage;
  /** Bumped on each visibility change, so stale heap entries are recognised. */
  gen: number;
}

interface DedupEntry {
  id: string;
  seq?: string;
  at: number;
}

export interface QueueSnapshot {
  name: string;
  fifo: boolean;
  attributes: Record<string, string>;
  tags: Record<string, string>;
  created: number;
  lastModified: number;
  purgedAt?: number;
  seqCounter: number;
  messages: SqsMessage[];
  dedup: Array<[string, DedupEntry]>;
}

export type SqsRecord =
  | {
      t: 'cq';
      n: string;
      fifo: boolean;
      a: Record<string, string>;
      tags: Record<string, string>;
      at: number;
    }
  | { t: 'dq'; n: string; at: number }
  | { t: 'sa'; n: string; a: Record<string, string | null>; at: number }
  | { t: 'tag'; n: string; tags: Record<string, string> }
  | { t: 'untag'; n: string; keys: string[] }
  | { t: 'send'; n: string; m: SqsMessage[] }
  | { t: 'recv'; n: string; r: Array<[string, string, number]>; at: number }
  | { t: 'move'; n: string; d: string; m: Array<[string, string | null]>; at: number }
  | { t: 'del'; n: string; ids: string[] }
  | { t: 'vis'; n: string; v: Array<[string, number]> }
  | { t: 'purge'; n: string; at: number };

export class Queue {
  readonly messages = new Map<string, Slot>();
  /** Standard queues: messages visible now, in arrival order. */
  readonly available = new Map<string, Slot>();
  /** Standard queues: messages that become visible later (delayed or in flight). */
  readonly pending = new MinHeap<{ slot: Slot; gen: number }>();
  /** FIFO queues: each group's messages in sequence order. */
  readonly groups = new Map<string, Slot[]>();
  readonly dedup = new Map<string, DedupEntry>();
  /** Long polls waiting for this queue (called, deferred, when something may have become receivable). */
  readonly waiters = new Set<() => void>();
  /** FIFO ReceiveRequestAttemptId → the answer given (in memory only, 5 minutes). */
  readonly attempts = new Map<string, { at: number; ids: string[]; receipts: string[] }>();
  seqCounter = 0;
  purgedAt: number | undefined;
  private notifyQueued = false;

  constructor(
    readonly name: string,
    readonly fifo: boolean,
    public attributes: Record<string, string>,
    public tags: Record<string, string>,
    public created: number,
    public lastModified: number,
  ) {}

  int(name: string): number {
    return Number(this.attributes[name] ?? 0);
  }

  notify(): void {
    if (this.waiters.size === 0 || this.notifyQueued) return;
    this.notifyQueued = true;
    queueMicrotask(() => {
      this.notifyQueued = false;
      for (const waiter of [...this.waiters]) waiter();
    });
  }
}

export interface ReceivedCopy {
  msg: SqsMessage;
  receipt: string;
}

export interface SqsEnv {
  accountId: string;
  region: string;
  now(): number;
  /** Wall milliseconds for an AWS duration in milliseconds. */
  toWall(awsMs: number): number;
  commit(record: SqsRecord): void;
}

const DEDUP_WINDOW_MS = 5 * 60 * 1000;
const MAX_VISIBILITY_MS = 12 * 60 * 60 * 1000;
const RECEIPT = /^([0-9a-f-]{36}):([A-Za-z0-9_-]{1,80}(?:\.fifo)?):[0-9a-f]{12}$/;
/** AWS's sequence numbers are large, increasing per queue; ours start at 10^19. */
const SEQUENCE_BASE = 10n ** 19n;

export class SqsModel implements Journaled<SqsRecord> {
  readonly queues = new Map<string, Queue>();
  /** Deleted queue names → wall ms of deletion (QueueDeletedRecently). */
  readonly deletedAt = new Map<string, number>();

  constructor(private readonly env: SqsEnv) {}

  arnOf(name: string): string {
    return `arn:aws:sqs:${this.env.region}:${this.env.accountId}:${name}`;
  }

  queueByArn(arn: string): Queue | undefined {
    const prefix = `arn:aws:sqs:${this.env.region}:${this.env.accountId}:`;
    return arn.startsWith(prefix) ? this.queues.get(arn.slice(prefix.length)) : undefined;
  }

  ref(queue: Queue): QueueRef {
    return { arn: this.arnOf(queue.name), fifo: queue.fifo, attributes: queue.attributes };
  }

  // ---------------------------------------------------------------------------------------------
  // Journal

  apply(record: SqsRecord): void {
    switch (record.t) {
      case 'cq': {
        this.deletedAt.delete(record.n);
        this.queues.set(
          record.n,
          new Queue(record.n, record.fifo, { ...record.a }, { ...record.tags }, record.at, record.at),
        );
        return;
      }
      case 'dq': {
        const queue = this.queues.get(record.n);
        this.queues.delete(record.n);
        this.deletedAt.set(record.n, record.at);
        queue?.notify();
        return;
      }
      case 'sa': {
        const queue = this.queues.get(record.n);
        if (!queue) return;
        for (const [name, value] of Object.entries(record.a)) {
          if (value === null) delete queue.attributes[name];
          else queue.attributes[name] = value;
        }
        queue.lastModified = record.at;
        // FIFO queues apply a changed DelaySeconds to messages already waiting (AWS delay-queue docs);
        // standard queues keep the delay each message was sent with.
        const delay = record.a.DelaySeconds;
        if (queue.fifo && typeof delay === 'string') {
          for (const slot of queue.messages.values()) {
            if (slot.msg.receives === 0)
              slot.msg.visibleAt = slot.msg.sentAt + this.env.toWall(Number(delay) * 1000);
          }
        }
        queue.notify();
        return;
      }
      case 'tag': {
        const queue = this.queues.get(record.n);
        if (queue) Object.assign(queue.tags, record.tags);
        return;
      }
      case 'untag': {
        const queue = this.queues.get(record.n);
        if (queue) for (const key of record.keys) delete queue.tags[key];
        return;
      }
      case 'send': {
        const queue = this.queues.get(record.n);
        if (!queue) return;
        for (const msg of record.m) this.insert(queue, { ...msg });
        queue.notify();
        return;
      }
      case 'recv': {
        const queue = this.queues.get(record.n);
        if (!queue) return;
        for (const [id, receipt, visibleAt] of record.r) {
          const slot = queue.messages.get(id);
          if (!slot) continue;
          slot.msg.receives++;
          slot.msg.firstReceiveAt ??= record.at;
          slot.msg.lastReceiveAt = record.at;
          slot.msg.receipt = receipt;
          this.setVisibleAt(queue, slot, visibleAt);
        }
        return;
      }
      case 'move': {
        const source = this.queues.get(record.n);
        const target = this.queues.get(record.d);
        if (!source) return;
        const sourceArn = this.arnOf(source.name);
        for (const [id, seq] of record.m) {
          const slot = source.messages.get(id);
          if (!slot) continue;
          this.remove(source, slot);
          if (!target) continue;
          const moved: SqsMessage = { ...slot.msg, dlqSource: sourceArn, visibleAt: record.at };
          delete moved.receipt;
          // FIFO dead-letter queues reset the enqueue time; standard ones keep it (AWS DLQ docs).
          if (target.fifo) moved.sentAt = record.at;
          if (seq !== null) moved.seq = seq;
          else delete moved.seq;
          this.insert(target, moved);
        }
        target?.notify();
        return;
      }
      case 'del': {
        const queue = this.queues.get(record.n);
        if (!queue) return;
        for (const id of record.ids) {
          const slot = queue.messages.get(id);
          if (slot) this.remove(queue, slot);
        }
        if (queue.fifo) queue.notify();
        return;
      }
      case 'vis': {
        const queue = this.queues.get(record.n);
        if (!queue) return;
        for (const [id, visibleAt] of record.v) {
          const slot = queue.messages.get(id);
          if (slot) this.setVisibleAt(queue, slot, visibleAt);
        }
        queue.notify();
        return;
      }
      case 'purge': {
        const queue = this.queues.get(record.n);
        if (!queue) return;
        queue.messages.clear();
        queue.available.clear();
        queue.pending.clear();
        queue.groups.clear();
        queue.purgedAt = record.at;
        return;
      }
    }
  }

  snapshot(): unknown {
    const now = this.env.now();
    const queues: QueueSnapshot[] = [];
    for (const queue of this.queues.values()) {
      const messages: SqsMessage[] = [];
      for (const slot of queue.messages.values())
        if (!this.expired(queue, slot.msg, now)) messages.push(slot.msg);
      const dedup: Array<[string, DedupEntry]> = [];
      for (const [key, entry] of queue.dedup)
        if (now - entry.at < this.env.toWall(DEDUP_WINDOW_MS)) dedup.push([key, entry]);
      queues.push({
        name: queue.name,
        fifo: queue.fifo,
        attributes: queue.attributes,
        tags: queue.tags,
        created: queue.created,
        lastModified: queue.lastModified,
        ...(queue.purgedAt !== undefined ? { purgedAt: queue.purgedAt } : {}),
        seqCounter: queue.seqCounter,
        messages,
        dedup,
      });
    }
    const recent = [...this.deletedAt].filter(([, at]) => now - at < this.env.toWall(60_000));
    return { queues, deleted: recent };
  }

  restore(state: unknown): void {
    const data = state as { queues: QueueSnapshot[]; deleted: Array<[string, number]> };
    this.queues.clear();
    this.deletedAt.clear();
    for (const [name, at] of data.deleted ?? []) this.deletedAt.set(name, at);
    for (const q of data.queues ?? []) {
      const queue = new Queue(q.name, q.fifo, q.attributes, q.tags, q.created, q.lastModified);
      queue.seqCounter = q.seqCounter;
      queue.purgedAt = q.purgedAt;
      for (const [key, entry] of q.dedup) queue.dedup.set(key, entry);
      this.queues.set(q.name, queue);
      for (const msg of q.messages) this.insert(queue, msg, false);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Placement (derived indexes; never journaled)

  private insert(queue: Queue, msg: SqsMessage, recordDedup = true): void {
    const slot: Slot = { msg, gen: 0 };
    queue.messages.set(msg.id, slot);
    if (queue.fifo) {
      const group = msg.group as string;
      let list = queue.groups.get(group);
      if (!list) {
        list = [];
        queue.groups.set(group, list);
      }
      list.push(slot);
      if (recordDedup && msg.dedup !== undefined && msg.dlqSource === undefined) {
        queue.dedup.set(this.dedupKey(queue, msg.group, msg.dedup), {
          id: msg.id,
          ...(msg.seq !== undefined ? { seq: msg.seq } : {}),
          at: msg.sentAt,
        });
      }
      if (msg.seq !== undefined) {
        const n = Number(BigInt(msg.seq) - SEQUENCE_BASE);
        if (n > queue.seqCounter) queue.seqCounter = n;
      }
      return;
    }
    this.place(queue, slot);
  }

  private place(queue: Queue, slot: Slot): void {
    queue.available.delete(slot.msg.id);
    if (slot.msg.visibleAt <= this.env.now()) queue.available.set(slot.msg.id, slot);
    else queue.pending.push(slot.msg.visibleAt, { slot, gen: slot.gen });
  }

  private setVisibleAt(queue: Queue, slot: Slot, visibleAt: number): void {
    slot.msg.visibleAt = visibleAt;
    slot.gen++;
    if (!queue.fifo) this.place(queue, slot);
  }

  private remove(queue: Queue, slot: Slot): void {
    queue.messages.delete(slot.msg.id);
    slot.gen++;
    if (!queue.fifo) {
      queue.available.delete(slot.msg.id);
      return;
    }
    const group = slot.msg.group as string;
    const list = queue.groups.get(group);
    if (!list) return;
    const index = list[0] === slot ? 0 : list.indexOf(slot);
    if (index === 0) list.shift();
    else if (index > 0) list.splice(index, 1);
    if (list.length === 0) queue.groups.delete(group);
  }

  /** Moves standard-queue messages whose deadline passed into `available`. */
  private promote(queue: Queue, now: number): void {
    for (;;) {
      const top = queue.pending.peek();
      if (!top || top.key > now) return;
      queue.pending.pop();
      const { slot, gen } = top.value;
      if (slot.gen !== gen || queue.messages.get(slot.msg.id) !== slot) continue;
      queue.available.set(slot.msg.id, slot);
    }
  }

  private expired(queue: Queue, msg: SqsMessage, now: number): boolean {
    return now - msg.sentAt >= this.env.toWall(queue.int('MessageRetentionPeriod') * 1000);
  }

  /** Retention expiry needs no record: replay expires the same messages again, time only moves forward. */
  private expire(queue: Queue, slot: Slot): void {
    this.remove(queue, slot);
  }

  private dedupKey(queue: Queue, group: string | undefined, dedup: string): string {
    return queue.attributes.DeduplicationScope === 'messageGroup' ? `${group}\u0000${dedup}` : dedup;
  }

  /** The next wall time something in this queue may become receivable (for long polls). */
  nextChange(queue: Queue): number | undefined {
    const now = this.env.now();
    if (!queue.fifo) {
      for (;;) {
        const top = queue.pending.peek();
        if (!top) return undefined;
        const { slot, gen } = top.value;
        if (slot.gen === gen && queue.messages.get(slot.msg.id) === slot) return top.key;
        queue.pending.pop();
      }
    }
    let next: number | undefined;
    for (const slot of queue.messages.values()) {
      const at = slot.msg.visibleAt;
      if (at > now && (next === undefined || at < next)) next = at;
    }
    return next;
  }

  // ---------------------------------------------------------------------------------------------
  // Reads

  counts(queue: Queue): { visible: number; notVisible: number; delayed: number } {
    const now = this.env.now();
    let visible = 0;
    let notVisible = 0;
    let delayed = 0;
    for (const slot of queue.messages.values()) {
      const msg = slot.msg;
      if (this.expired(queue, msg, now)) continue;
      if (msg.visibleAt <= now) visible++;
      else if (msg.receives > 0) notVisible++;
      else delayed++;
    }
    return { visible, notVisible, delayed };
  }

  /** True when a receive would return a message now. */
  hasVisible(queue: Queue): boolean {
    const now = this.env.now();
    if (!queue.fifo) {
      this.promote(queue, now);
      for (const slot of queue.available.values()) {
        if (!this.expired(queue, slot.msg, now)) return true;
        this.expire(queue, slot);
      }
      return false;
    }
    for (const list of queue.groups.values()) {
      if (this.groupBlocked(list, now)) continue;
      const head = list[0];
      if (head && head.msg.visibleAt <= now) return true;
    }
    return false;
  }

  private groupBlocked(list: Slot[], now: number): boolean {
    // Received messages are always a prefix of the group: a group is blocked while one is in flight.
    for (const slot of list) {
      if (slot.msg.receives === 0) return false;
      if (slot.msg.visibleAt > now) return true;
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------
  // Changes

  createQueue(
    name: string,
    fifo: boolean,
    attributes: Record<string, string>,
    tags: Record<string, string>,
  ): Queue {
    this.env.commit({ t: 'cq', n: name, fifo, a: attributes, tags, at: Math.floor(this.env.now() / 1000) });
    return this.queues.get(name) as Queue;
  }

  deleteQueue(queue: Queue): void {
    this.env.commit({ t: 'dq', n: queue.name, at: this.env.now() });
  }

  setAttributes(queue: Queue, changes: Record<string, string | null>): void {
    this.env.commit({ t: 'sa', n: queue.name, a: changes, at: Math.floor(this.env.now() / 1000) });
  }

  tag(queue: Queue, tags: Record<string, string>): void {
    this.env.commit({ t: 'tag', n: queue.name, tags });
  }

  untag(queue: Queue, keys: string[]): void {
    this.env.commit({ t: 'untag', n: queue.name, keys });
  }

  purge(queue: Queue): void {
    this.env.commit({ t: 'purge', n: queue.name, at: this.env.now() });
  }

  /**
   * Sends validated messages (one journal record for the whole batch). FIFO duplicates inside the
   * 5-minute window are answered with the original message id and not stored again.
   */
  send(
    queue: Queue,
    inputs: Array<{
      body: string;
      attrs?: Record<string, SqsAttributeValue> | undefined;
      sys?: Record<string, SqsAttributeValue> | undefined;
      /** X-Amzn-Trace-Id of the call, kept as AWSTraceHeader when the producer did not send one. */
      traceHeader?: string | undefined;
      hops?: number | undefined;
      delaySeconds?: number | undefined;
      group?: string | undefined;
      dedup?: string | undefined;
      sender: string;
    }>,
  ): Array<{ id: string; md5: string; md5Attrs?: string; md5Sys?: string; seq?: string }> {
    const now = this.env.now();
    const window = this.env.toWall(DEDUP_WINDOW_MS);
    const fresh: SqsMessage[] = [];
    const seenInBatch = new Map<string, SqsMessage>();
    const results: Array<{ id: string; md5: string; md5Attrs?: string; md5Sys?: string; seq?: string }> = [];
    let counter = queue.seqCounter;
    for (const input of inputs) {
      const md5 = md5OfBody(input.body);
      const md5Attrs = md5OfAttributes(input.attrs);
      const md5Sys = md5OfAttributes(input.sys);
      const base = {
        md5,
        ...(md5Attrs ? { md5Attrs } : {}),
        ...(md5Sys ? { md5Sys } : {}),
      };
      if (queue.fifo && input.dedup !== undefined) {
        const key = this.dedupKey(queue, input.group, input.dedup);
        const earlier = seenInBatch.get(key);
        if (earlier) {
          results.push({ id: earlier.id, ...base, ...(earlier.seq ? { seq: earlier.seq } : {}) });
          continue;
        }
        const entry = queue.dedup.get(key);
        if (entry && now - entry.at < window) {
          results.push({ id: entry.id, ...base, ...(entry.seq ? { seq: entry.seq } : {}) });
          continue;
        }
      }
      const delay = input.delaySeconds ?? queue.int('DelaySeconds');
      const msg: SqsMessage = {
        id: randomUUID(),
        body: input.body,
        ...base,
        ...(input.attrs ? { attrs: input.attrs } : {}),
        ...(input.sys
          ? { sys: input.sys }
          : input.traceHeader
            ? { sys: { AWSTraceHeader: { DataType: 'String', StringValue: input.traceHeader } } }
            : {}),
        ...(input.hops !== undefined ? { hops: input.hops } : {}),
        sender: input.sender,
        sentAt: now,
        visibleAt: delay > 0 ? now + this.env.toWall(delay * 1000) : now,
        receives: 0,
      };
      if (input.group !== undefined) msg.group = input.group;
      if (queue.fifo) {
        msg.dedup = input.dedup as string;
        counter++;
        msg.seq = String(SEQUENCE_BASE + BigInt(counter));
        seenInBatch.set(this.dedupKey(queue, input.group, msg.dedup), msg);
      }
      fresh.push(msg);
      results.push({ id: msg.id, ...base, ...(msg.seq ? { seq: msg.seq } : {}) });
    }
    if (fresh.length > 0) this.env.commit({ t: 'send', n: queue.name, m: fresh });
    return results;
  }

  /** Content-based deduplication id: SHA-256 of the body (AWS FIFO docs). */
  static contentDedupId(body: string): string {
    return createHash('sha256').update(body, 'utf8').digest('hex');
  }

  /**
   * Receives up to `max` messages now (no waiting). Messages received more than the redrive policy's
   * maxReceiveCount move to the dead-letter queue on this attempt instead, as AWS does.
   */
  receive(
    queue: Queue,
    max: number,
    visibilitySeconds: number | undefined,
    attemptId?: string,
  ): ReceivedCopy[] {
    const now = this.env.now();
    if (attemptId !== undefined && queue.fifo) {
      const replay = this.replayAttempt(queue, attemptId, now);
      if (replay) return replay;
    }
    const taken: Slot[] = [];
    const moved: Slot[] = [];
    const redrive = parseRedrivePolicy(queue.attributes.RedrivePolicy);
    let dlq: Queue | undefined;
    if (redrive) {
      const target = this.queueByArn(redrive.deadLetterTargetArn);
      if (target && target.fifo === queue.fifo && redriveAllowed(this.ref(target), this.arnOf(queue.name)))
        dlq = target;
    }
    const toDlq = (slot: Slot): boolean =>
      dlq !== undefined && redrive !== undefined && slot.msg.receives >= redrive.maxReceiveCount;

    if (!queue.fifo) {
      this.promote(queue, now);
      for (const slot of queue.available.values()) {
        if (taken.length >= max) break;
        if (this.expired(queue, slot.msg, now)) {
          this.expire(queue, slot);
          continue;
        }
        if (toDlq(slot)) moved.push(slot);
        else taken.push(slot);
      }
    } else {
      const served: string[] = [];
      for (const [groupId, list] of queue.groups) {
        if (taken.length >= max) break;
        if (this.groupBlocked(list, now)) continue;
        let took = false;
        for (const slot of [...list]) {
          if (taken.length >= max) break;
          if (this.expired(queue, slot.msg, now)) {
            this.expire(queue, slot);
            continue;
          }
          if (slot.msg.visibleAt > now) break;
          if (toDlq(slot)) moved.push(slot);
          else {
            taken.push(slot);
            took = true;
          }
        }
        if (took) served.push(groupId);
      }
      // Groups just served go to the back, so other groups get their turn.
      for (const groupId of served) {
        const list = queue.groups.get(groupId);
        if (!list) continue;
        queue.groups.delete(groupId);
        queue.groups.set(groupId, list);
      }
    }

    if (moved.length > 0 && dlq) {
      let counter = dlq.seqCounter;
      this.env.commit({
        t: 'move',
        n: queue.name,
        d: dlq.name,
        m: moved.map((slot) => [slot.msg.id, dlq.fifo ? String(SEQUENCE_BASE + BigInt(++counter)) : null]),
        at: now,
      });
    }
    if (taken.length === 0) return [];
    const timeout = visibilitySeconds ?? queue.int('VisibilityTimeout');
    const visibleAt = now + this.env.toWall(timeout * 1000);
    const out: ReceivedCopy[] = [];
    const rows: Array<[string, string, number]> = [];
    for (const slot of taken) {
      const receipt = this.receiptFor(queue, slot.msg.id);
      rows.push([slot.msg.id, receipt, visibleAt]);
    }
    this.env.commit({ t: 'recv', n: queue.name, r: rows, at: now });
    for (const [i, slot] of taken.entries())
      out.push({ msg: slot.msg, receipt: (rows[i] as [string, string, number])[1] });
    if (attemptId !== undefined && queue.fifo) {
      queue.attempts.delete(attemptId);
      queue.attempts.set(attemptId, {
        at: now,
        ids: out.map((r) => r.msg.id),
        receipts: out.map((r) => r.receipt),
      });
    }
    return out;
  }

  /** FIFO ReceiveRequestAttemptId: a retried receive gets the same messages while they stay in flight. */
  private replayAttempt(queue: Queue, attemptId: string, now: number): ReceivedCopy[] | undefined {
    // Entries are in insertion (time) order: drop expired ones from the front.
    for (const [key, entry] of queue.attempts) {
      if (now - entry.at < this.env.toWall(DEDUP_WINDOW_MS)) break;
      queue.attempts.delete(key);
    }
    const entry = queue.attempts.get(attemptId);
    if (!entry || now - entry.at >= this.env.toWall(DEDUP_WINDOW_MS)) return undefined;
    const out: ReceivedCopy[] = [];
    for (const [i, id] of entry.ids.entries()) {
      const slot = queue.messages.get(id);
      const receipt = entry.receipts[i] as string;
      if (!slot || slot.msg.receipt !== receipt || slot.msg.visibleAt <= now) return undefined;
      out.push({ msg: slot.msg, receipt });
    }
    return out;
  }

  private receiptFor(queue: Queue, id: string): string {
    return Buffer.from(`${id}:${queue.name}:${randomBytes(6).toString('hex')}`, 'utf8').toString('base64');
  }

  /** Resolves a receipt handle to its message slot (undefined when the message is gone). */
  private resolveReceipt(queue: Queue, handle: string): Slot | undefined {
    const match = RECEIPT.exec(Buffer.from(handle, 'base64').toString('utf8'));
    if (!match || match[2] !== queue.name || handle.length > 1024) throw invalidReceiptHandle(handle);
    return queue.messages.get(match[1] as string);
  }

  /** Validates a delete; returns the message id to delete, or undefined when there is nothing to do. */
  checkDelete(queue: Queue, handle: string): string | undefined {
    const slot = this.resolveReceipt(queue, handle);
    if (!slot) return undefined; // already deleted: AWS answers success
    if (queue.fifo && (slot.msg.receipt !== handle || slot.msg.visibleAt <= this.env.now())) {
      throw invalidParameter(
        `Value ${handle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.`,
      );
    }
    return slot.msg.id;
  }

  deleteMessages(queue: Queue, ids: string[]): void {
    if (ids.length > 0) this.env.commit({ t: 'del', n: queue.name, ids });
  }

  /** Validates a visibility change; returns [message id, new deadline]. */
  checkVisibility(queue: Queue, handle: string, seconds: number): [string, number] {
    const slot = this.resolveReceipt(queue, handle);
    const now = this.env.now();
    if (!slot || slot.msg.receipt !== handle) {
      throw invalidParameter(
        `Value ${handle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`,
      );
    }
    if (slot.msg.visibleAt <= now) throw messageNotInflight();
    // A message stays in flight at most 12 hours from the receive that took it [doc ChangeMessageVisibility].
    const sinceReceive = slot.msg.lastReceiveAt !== undefined ? now - slot.msg.lastReceiveAt : 0;
    if (sinceReceive + this.env.toWall(seconds * 1000) > this.env.toWall(MAX_VISIBILITY_MS)) {
      throw invalidParameter(
        `Value ${seconds} for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [43200 seconds]`,
      );
    }
    return [slot.msg.id, now + this.env.toWall(seconds * 1000)];
  }

  changeVisibility(queue: Queue, changes: Array<[string, number]>): void {
    if (changes.length > 0) this.env.commit({ t: 'vis', n: queue.name, v: changes });
  }
}
