"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SqsModel = exports.Queue = void 0;
const node_crypto_1 = require("node:crypto");
const attributes_1 = require("./attributes");
const errors_1 = require("./errors");
const heap_1 = require("./heap");
const md5_1 = require("./md5");
class Queue {
    name;
    fifo;
    attributes;
    tags;
    created;
    lastModified;
    messages = new Map();
    /** Standard queues: messages visible now, in arrival order. */
    available = new Map();
    /** Standard queues: messages that become visible later (delayed or in flight). */
    pending = new heap_1.MinHeap();
    /** FIFO queues: each group's messages in sequence order. */
    groups = new Map();
    dedup = new Map();
    /** Long polls waiting for this queue (called, deferred, when something may have become receivable). */
    waiters = new Set();
    /** FIFO ReceiveRequestAttemptId → the answer given (in memory only, 5 minutes). */
    attempts = new Map();
    seqCounter = 0;
    purgedAt;
    notifyQueued = false;
    constructor(name, fifo, attributes, tags, created, lastModified) {
        this.name = name;
        this.fifo = fifo;
        this.attributes = attributes;
        this.tags = tags;
        this.created = created;
        this.lastModified = lastModified;
    }
    int(name) {
        return Number(this.attributes[name] ?? 0);
    }
    notify() {
        if (this.waiters.size === 0 || this.notifyQueued)
            return;
        this.notifyQueued = true;
        queueMicrotask(() => {
            this.notifyQueued = false;
            for (const waiter of [...this.waiters])
                waiter();
        });
    }
}
exports.Queue = Queue;
const DEDUP_WINDOW_MS = 5 * 60 * 1000;
const RECEIPT = /^([0-9a-f-]{36}):([A-Za-z0-9_-]{1,80}(?:\.fifo)?):[0-9a-f]{12}$/;
/** AWS's sequence numbers are large, increasing per queue; ours start at 10^19. */
const SEQUENCE_BASE = 10n ** 19n;
class SqsModel {
    env;
    queues = new Map();
    /** Deleted queue names → wall ms of deletion (QueueDeletedRecently). */
    deletedAt = new Map();
    constructor(env) {
        this.env = env;
    }
    arnOf(name) {
        return `arn:aws:sqs:${this.env.region}:${this.env.accountId}:${name}`;
    }
    queueByArn(arn) {
        const prefix = `arn:aws:sqs:${this.env.region}:${this.env.accountId}:`;
        return arn.startsWith(prefix) ? this.queues.get(arn.slice(prefix.length)) : undefined;
    }
    ref(queue) {
        return { arn: this.arnOf(queue.name), fifo: queue.fifo, attributes: queue.attributes };
    }
    // ---------------------------------------------------------------------------------------------
    // Journal
    apply(record) {
        switch (record.t) {
            case 'cq': {
                this.deletedAt.delete(record.n);
                this.queues.set(record.n, new Queue(record.n, record.fifo, { ...record.a }, { ...record.tags }, record.at, record.at));
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
                if (!queue)
                    return;
                for (const [name, value] of Object.entries(record.a)) {
                    if (value === null)
                        delete queue.attributes[name];
                    else
                        queue.attributes[name] = value;
                }
                queue.lastModified = record.at;
                queue.notify();
                return;
            }
            case 'tag': {
                const queue = this.queues.get(record.n);
                if (queue)
                    Object.assign(queue.tags, record.tags);
                return;
            }
            case 'untag': {
                const queue = this.queues.get(record.n);
                if (queue)
                    for (const key of record.keys)
                        delete queue.tags[key];
                return;
            }
            case 'send': {
                const queue = this.queues.get(record.n);
                if (!queue)
                    return;
                for (const msg of record.m)
                    this.insert(queue, { ...msg });
                queue.notify();
                return;
            }
            case 'recv': {
                const queue = this.queues.get(record.n);
                if (!queue)
                    return;
                for (const [id, receipt, visibleAt] of record.r) {
                    const slot = queue.messages.get(id);
                    if (!slot)
                        continue;
                    slot.msg.receives++;
                    slot.msg.firstReceiveAt ??= record.at;
                    slot.msg.receipt = receipt;
                    this.setVisibleAt(queue, slot, visibleAt);
                }
                return;
            }
            case 'move': {
                const source = this.queues.get(record.n);
                const target = this.queues.get(record.d);
                if (!source)
                    return;
                const sourceArn = this.arnOf(source.name);
                for (const [id, seq] of record.m) {
                    const slot = source.messages.get(id);
                    if (!slot)
                        continue;
                    this.remove(source, slot);
                    if (!target)
                        continue;
                    const moved = { ...slot.msg, dlqSource: sourceArn, visibleAt: record.at };
                    delete moved.receipt;
                    // FIFO dead-letter queues reset the enqueue time; standard ones keep it (AWS DLQ docs).
                    if (target.fifo)
                        moved.sentAt = record.at;
                    if (seq !== null)
                        moved.seq = seq;
                    else
                        delete moved.seq;
                    this.insert(target, moved);
                }
                target?.notify();
                return;
            }
            case 'del': {
                const queue = this.queues.get(record.n);
                if (!queue)
                    return;
                for (const id of record.ids) {
                    const slot = queue.messages.get(id);
                    if (slot)
                        this.remove(queue, slot);
                }
                if (queue.fifo)
                    queue.notify();
                return;
            }
            case 'vis': {
                const queue = this.queues.get(record.n);
                if (!queue)
                    return;
                for (const [id, visibleAt] of record.v) {
                    const slot = queue.messages.get(id);
                    if (slot)
                        this.setVisibleAt(queue, slot, visibleAt);
                }
                queue.notify();
                return;
            }
            case 'purge': {
                const queue = this.queues.get(record.n);
                if (!queue)
                    return;
                queue.messages.clear();
                queue.available.clear();
                queue.pending.clear();
                queue.groups.clear();
                queue.purgedAt = record.at;
                return;
            }
        }
    }
    snapshot() {
        const now = this.env.now();
        const queues = [];
        for (const queue of this.queues.values()) {
            const messages = [];
            for (const slot of queue.messages.values())
                if (!this.expired(queue, slot.msg, now))
                    messages.push(slot.msg);
            const dedup = [];
            for (const [key, entry] of queue.dedup)
                if (now - entry.at < this.env.toWall(DEDUP_WINDOW_MS))
                    dedup.push([key, entry]);
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
    restore(state) {
        const data = state;
        this.queues.clear();
        this.deletedAt.clear();
        for (const [name, at] of data.deleted ?? [])
            this.deletedAt.set(name, at);
        for (const q of data.queues ?? []) {
            const queue = new Queue(q.name, q.fifo, q.attributes, q.tags, q.created, q.lastModified);
            queue.seqCounter = q.seqCounter;
            queue.purgedAt = q.purgedAt;
            for (const [key, entry] of q.dedup)
                queue.dedup.set(key, entry);
            this.queues.set(q.name, queue);
            for (const msg of q.messages)
                this.insert(queue, msg, false);
        }
    }
    // ---------------------------------------------------------------------------------------------
    // Placement (derived indexes; never journaled)
    insert(queue, msg, recordDedup = true) {
        const slot = { msg, gen: 0 };
        queue.messages.set(msg.id, slot);
        if (queue.fifo) {
            const group = msg.group;
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
                if (n > queue.seqCounter)
                    queue.seqCounter = n;
            }
            return;
        }
        this.place(queue, slot);
    }
    place(queue, slot) {
        queue.available.delete(slot.msg.id);
        if (slot.msg.visibleAt <= this.env.now())
            queue.available.set(slot.msg.id, slot);
        else
            queue.pending.push(slot.msg.visibleAt, { slot, gen: slot.gen });
    }
    setVisibleAt(queue, slot, visibleAt) {
        slot.msg.visibleAt = visibleAt;
        slot.gen++;
        if (!queue.fifo)
            this.place(queue, slot);
    }
    remove(queue, slot) {
        queue.messages.delete(slot.msg.id);
        slot.gen++;
        if (!queue.fifo) {
            queue.available.delete(slot.msg.id);
            return;
        }
        const group = slot.msg.group;
        const list = queue.groups.get(group);
        if (!list)
            return;
        const index = list[0] === slot ? 0 : list.indexOf(slot);
        if (index === 0)
            list.shift();
        else if (index > 0)
            list.splice(index, 1);
        if (list.length === 0)
            queue.groups.delete(group);
    }
    /** Moves standard-queue messages whose deadline passed into `available`. */
    promote(queue, now) {
        for (;;) {
            const top = queue.pending.peek();
            if (!top || top.key > now)
                return;
            queue.pending.pop();
            const { slot, gen } = top.value;
            if (slot.gen !== gen || queue.messages.get(slot.msg.id) !== slot)
                continue;
            queue.available.set(slot.msg.id, slot);
        }
    }
    expired(queue, msg, now) {
        return now - msg.sentAt >= this.env.toWall(queue.int('MessageRetentionPeriod') * 1000);
    }
    /** Retention expiry needs no record: replay expires the same messages again, time only moves forward. */
    expire(queue, slot) {
        this.remove(queue, slot);
    }
    dedupKey(queue, group, dedup) {
        return queue.attributes.DeduplicationScope === 'messageGroup' ? `${group}\u0000${dedup}` : dedup;
    }
    /** The next wall time something in this queue may become receivable (for long polls). */
    nextChange(queue) {
        const now = this.env.now();
        if (!queue.fifo) {
            for (;;) {
                const top = queue.pending.peek();
                if (!top)
                    return undefined;
                const { slot, gen } = top.value;
                if (slot.gen === gen && queue.messages.get(slot.msg.id) === slot)
                    return top.key;
                queue.pending.pop();
            }
        }
        let next;
        for (const slot of queue.messages.values()) {
            const at = slot.msg.visibleAt;
            if (at > now && (next === undefined || at < next))
                next = at;
        }
        return next;
    }
    // ---------------------------------------------------------------------------------------------
    // Reads
    counts(queue) {
        const now = this.env.now();
        let visible = 0;
        let notVisible = 0;
        let delayed = 0;
        for (const slot of queue.messages.values()) {
            const msg = slot.msg;
            if (this.expired(queue, msg, now))
                continue;
            if (msg.visibleAt <= now)
                visible++;
            else if (msg.receives > 0)
                notVisible++;
            else
                delayed++;
        }
        return { visible, notVisible, delayed };
    }
    /** True when a receive would return a message now. */
    hasVisible(queue) {
        const now = this.env.now();
        if (!queue.fifo) {
            this.promote(queue, now);
            for (const slot of queue.available.values()) {
                if (!this.expired(queue, slot.msg, now))
                    return true;
                this.expire(queue, slot);
            }
            return false;
        }
        for (const list of queue.groups.values()) {
            if (this.groupBlocked(list, now))
                continue;
            const head = list[0];
            if (head && head.msg.visibleAt <= now)
                return true;
        }
        return false;
    }
    groupBlocked(list, now) {
        // Received messages are always a prefix of the group: a group is blocked while one is in flight.
        for (const slot of list) {
            if (slot.msg.receives === 0)
                return false;
            if (slot.msg.visibleAt > now)
                return true;
        }
        return false;
    }
    // ---------------------------------------------------------------------------------------------
    // Changes
    createQueue(name, fifo, attributes, tags) {
        this.env.commit({ t: 'cq', n: name, fifo, a: attributes, tags, at: Math.floor(this.env.now() / 1000) });
        return this.queues.get(name);
    }
    deleteQueue(queue) {
        this.env.commit({ t: 'dq', n: queue.name, at: this.env.now() });
    }
    setAttributes(queue, changes) {
        this.env.commit({ t: 'sa', n: queue.name, a: changes, at: Math.floor(this.env.now() / 1000) });
    }
    tag(queue, tags) {
        this.env.commit({ t: 'tag', n: queue.name, tags });
    }
    untag(queue, keys) {
        this.env.commit({ t: 'untag', n: queue.name, keys });
    }
    purge(queue) {
        this.env.commit({ t: 'purge', n: queue.name, at: this.env.now() });
    }
    /**
     * Sends validated messages (one journal record for the whole batch). FIFO duplicates inside the
     * 5-minute window are answered with the original message id and not stored again.
     */
    send(queue, inputs) {
        const now = this.env.now();
        const window = this.env.toWall(DEDUP_WINDOW_MS);
        const fresh = [];
        const seenInBatch = new Map();
        const results = [];
        let counter = queue.seqCounter;
        for (const input of inputs) {
            const md5 = (0, md5_1.md5OfBody)(input.body);
            const md5Attrs = (0, md5_1.md5OfAttributes)(input.attrs);
            const md5Sys = (0, md5_1.md5OfAttributes)(input.sys);
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
            const msg = {
                id: (0, node_crypto_1.randomUUID)(),
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
            if (input.group !== undefined)
                msg.group = input.group;
            if (queue.fifo) {
                msg.dedup = input.dedup;
                counter++;
                msg.seq = String(SEQUENCE_BASE + BigInt(counter));
                seenInBatch.set(this.dedupKey(queue, input.group, msg.dedup), msg);
            }
            fresh.push(msg);
            results.push({ id: msg.id, ...base, ...(msg.seq ? { seq: msg.seq } : {}) });
        }
        if (fresh.length > 0)
            this.env.commit({ t: 'send', n: queue.name, m: fresh });
        return results;
    }
    /** Content-based deduplication id: SHA-256 of the body (AWS FIFO docs). */
    static contentDedupId(body) {
        return (0, node_crypto_1.createHash)('sha256').update(body, 'utf8').digest('hex');
    }
    /**
     * Receives up to `max` messages now (no waiting). Messages received more than the redrive policy's
     * maxReceiveCount move to the dead-letter queue on this attempt instead, as AWS does.
     */
    receive(queue, max, visibilitySeconds, attemptId) {
        const now = this.env.now();
        if (attemptId !== undefined && queue.fifo) {
            const replay = this.replayAttempt(queue, attemptId, now);
            if (replay)
                return replay;
        }
        const taken = [];
        const moved = [];
        const redrive = (0, attributes_1.parseRedrivePolicy)(queue.attributes.RedrivePolicy);
        let dlq;
        if (redrive) {
            const target = this.queueByArn(redrive.deadLetterTargetArn);
            if (target && target.fifo === queue.fifo && (0, attributes_1.redriveAllowed)(this.ref(target), this.arnOf(queue.name)))
                dlq = target;
        }
        const toDlq = (slot) => dlq !== undefined && redrive !== undefined && slot.msg.receives >= redrive.maxReceiveCount;
        if (!queue.fifo) {
            this.promote(queue, now);
            for (const slot of queue.available.values()) {
                if (taken.length >= max)
                    break;
                if (this.expired(queue, slot.msg, now)) {
                    this.expire(queue, slot);
                    continue;
                }
                if (toDlq(slot))
                    moved.push(slot);
                else
                    taken.push(slot);
            }
        }
        else {
            const served = [];
            for (const [groupId, list] of queue.groups) {
                if (taken.length >= max)
                    break;
                if (this.groupBlocked(list, now))
                    continue;
                let took = false;
                for (const slot of [...list]) {
                    if (taken.length >= max)
                        break;
                    if (this.expired(queue, slot.msg, now)) {
                        this.expire(queue, slot);
                        continue;
                    }
                    if (slot.msg.visibleAt > now)
                        break;
                    if (toDlq(slot))
                        moved.push(slot);
                    else {
                        taken.push(slot);
                        took = true;
                    }
                }
                if (took)
                    served.push(groupId);
            }
            // Groups just served go to the back, so other groups get their turn.
            for (const groupId of served) {
                const list = queue.groups.get(groupId);
                if (!list)
                    continue;
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
        if (taken.length === 0)
            return [];
        const timeout = visibilitySeconds ?? queue.int('VisibilityTimeout');
        const visibleAt = now + this.env.toWall(timeout * 1000);
        const out = [];
        const rows = [];
        for (const slot of taken) {
            const receipt = this.receiptFor(queue, slot.msg.id);
            rows.push([slot.msg.id, receipt, visibleAt]);
        }
        this.env.commit({ t: 'recv', n: queue.name, r: rows, at: now });
        for (const [i, slot] of taken.entries())
            out.push({ msg: slot.msg, receipt: rows[i][1] });
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
    replayAttempt(queue, attemptId, now) {
        // Entries are in insertion (time) order: drop expired ones from the front.
        for (const [key, entry] of queue.attempts) {
            if (now - entry.at < this.env.toWall(DEDUP_WINDOW_MS))
                break;
            queue.attempts.delete(key);
        }
        const entry = queue.attempts.get(attemptId);
        if (!entry || now - entry.at >= this.env.toWall(DEDUP_WINDOW_MS))
            return undefined;
        const out = [];
        for (const [i, id] of entry.ids.entries()) {
            const slot = queue.messages.get(id);
            const receipt = entry.receipts[i];
            if (!slot || slot.msg.receipt !== receipt || slot.msg.visibleAt <= now)
                return undefined;
            out.push({ msg: slot.msg, receipt });
        }
        return out;
    }
    receiptFor(queue, id) {
        return Buffer.from(`${id}:${queue.name}:${(0, node_crypto_1.randomBytes)(6).toString('hex')}`, 'utf8').toString('base64');
    }
    /** Resolves a receipt handle to its message slot (undefined when the message is gone). */
    resolveReceipt(queue, handle) {
        const match = RECEIPT.exec(Buffer.from(handle, 'base64').toString('utf8'));
        if (!match || match[2] !== queue.name || handle.length > 1024)
            throw (0, errors_1.invalidReceiptHandle)(handle);
        return queue.messages.get(match[1]);
    }
    /** Validates a delete; returns the message id to delete, or undefined when there is nothing to do. */
    checkDelete(queue, handle) {
        const slot = this.resolveReceipt(queue, handle);
        if (!slot)
            return undefined; // already deleted: AWS answers success
        if (queue.fifo && (slot.msg.receipt !== handle || slot.msg.visibleAt <= this.env.now())) {
            throw (0, errors_1.invalidParameter)(`Value ${handle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.`);
        }
        return slot.msg.id;
    }
    deleteMessages(queue, ids) {
        if (ids.length > 0)
            this.env.commit({ t: 'del', n: queue.name, ids });
    }
    /** Validates a visibility change; returns [message id, new deadline]. */
    checkVisibility(queue, handle, seconds) {
        const slot = this.resolveReceipt(queue, handle);
        const now = this.env.now();
        if (!slot || slot.msg.receipt !== handle) {
            throw (0, errors_1.invalidParameter)(`Value ${handle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`);
        }
        if (slot.msg.visibleAt <= now)
            throw (0, errors_1.messageNotInflight)();
        return [slot.msg.id, now + this.env.toWall(seconds * 1000)];
    }
    changeVisibility(queue, changes) {
        if (changes.length > 0)
            this.env.commit({ t: 'vis', n: queue.name, v: changes });
    }
}
exports.SqsModel = SqsModel;
