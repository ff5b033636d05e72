"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.AsyncQueue = exports.MAX_HOPS = exports.QUEUE_NAMESPACE = void 0;
const node_buffer_1 = require("node:buffer");
const errors_1 = require("../../../core/errors");
const deque_1 = require("./deque");
const destinations_1 = require("./destinations");
const policy_1 = require("./policy");
const record_1 = require("./record");
exports.QUEUE_NAMESPACE = 'lambda-async-queue';
/** AWS stops a chain after about 16 Lambda/SQS/SNS hops (recursive loop detection). */
exports.MAX_HOPS = 16;
class AsyncQueue {
    cloud;
    engine;
    configs;
    failures;
    options;
    events = new Map();
    ready = new Map();
    readyCount = 0;
    inflight = new Map();
    timers = new Map();
    dirty = new Set();
    pumpScheduled = false;
    pendingDone = [];
    doneScheduled = false;
    started = false;
    stopped = false;
    destinations;
    constructor(cloud, engine, configs, failures, options) {
        this.cloud = cloud;
        this.engine = engine;
        this.configs = configs;
        this.failures = failures;
        this.options = options;
        this.destinations = new destinations_1.Destinations(cloud, failures);
        cloud.store.register(exports.QUEUE_NAMESPACE, {
            apply: (record) => this.apply(record),
            snapshot: () => [...this.events.values()],
            restore: (state) => {
                this.events.clear();
                for (const event of state)
                    this.events.set(event.id, event);
            },
        });
        cloud.clock.addBusyProbe(() => this.readyCount > 0 || this.pendingDone.length > 0);
    }
    /** Pending (accepted, not finished) events. */
    get size() {
        return this.events.size;
    }
    stats() {
        let inFlight = 0;
        for (const count of this.inflight.values())
            inFlight += count;
        return { pending: this.events.size, ready: this.readyCount, inFlight, waiting: this.timers.size };
    }
    pendingEvents() {
        return [...this.events.values()];
    }
    enqueue(fn, payload, options) {
        const hops = Number.isFinite(options.hops) ? Math.max(0, Math.floor(options.hops)) : 0;
        if (hops >= exports.MAX_HOPS && this.recursiveLoop(fn) !== 'Allow') {
            this.stopLoop(fn, payload, options.requestId, hops, options.source);
            return;
        }
        const text = (0, node_buffer_1.isUtf8)(payload) ? payload.toString('utf8') : undefined;
        const event = {
            id: options.requestId,
            fn: fn.functionName,
            arn: fn.functionArn,
            ver: fn.version,
            body: text ?? payload.toString('base64'),
            at: this.cloud.clock.now(),
            hops,
            n: 0,
            th: 0,
            due: 0,
        };
        if (text === undefined)
            event.b64 = 1;
        if (options.qualifier)
            event.q = options.qualifier;
        if (options.source)
            event.src = options.source;
        // Durable before we return: the caller answers 202 only after this line.
        this.cloud.store.commit(exports.QUEUE_NAMESPACE, { o: 'e', e: event });
        this.cloud.trace.record(event.id, 'enqueued', {
            function: this.qualifiedArn(event),
            bytes: payload.length,
            hops,
            ...(options.source ? { source: options.source } : {}),
        });
        if (this.started && !this.stopped)
            this.makeReady(event);
    }
    /** Resumes every accepted event (after a restart: with its original age, attempts and request id). */
    start() {
        if (this.started)
            return;
        this.started = true;
        const now = this.cloud.clock.now();
        const events = [...this.events.values()].sort((a, b) => a.at - b.at);
        for (const event of events) {
            if (event.due <= now)
                this.makeReady(event);
            else
                this.wait(event, (event.due - now) / this.cloud.clock.scale);
        }
    }
    stop() {
        this.stopped = true;
        for (const timer of this.timers.values())
            timer.cancel();
        this.timers.clear();
        this.flushDone();
    }
    /** Drops a deleted function's queued events (in-flight attempts finish on their own). */
    dropFunction(functionName) {
        const ids = [];
        for (const event of this.events.values()) {
            if (event.fn !== functionName)
                continue;
            ids.push(event.id);
            const timer = this.timers.get(event.id);
            if (timer) {
                timer.cancel();
                this.timers.delete(event.id);
            }
            this.cloud.trace.record(event.id, 'dropped', { reason: 'function deleted' });
        }
        const queue = this.ready.get(functionName);
        if (queue)
            this.readyCount -= queue.removeWhere(() => true);
        if (ids.length > 0)
            this.cloud.store.commit(exports.QUEUE_NAMESPACE, { o: 'd', ids });
    }
    // ---------------------------------------------------------------------------------------------------
    apply(record) {
        if (record.o === 'e') {
            this.events.set(record.e.id, record.e);
        }
        else if (record.o === 'r') {
            const event = this.events.get(record.id);
            if (!event)
                return;
            event.n = record.n;
            event.th = record.th;
            event.due = record.due;
            if (record.last)
                event.last = record.last;
            if (record.err)
                event.err = record.err;
        }
        else {
            for (const id of record.ids)
                this.events.delete(id);
        }
    }
    makeReady(event) {
        let queue = this.ready.get(event.fn);
        if (!queue) {
            queue = new deque_1.Deque();
            this.ready.set(event.fn, queue);
        }
        queue.push(event.id);
        this.readyCount++;
        this.dirty.add(event.fn);
        if (!this.pumpScheduled) {
            this.pumpScheduled = true;
            setImmediate(() => this.pump());
        }
    }
    pump() {
        this.pumpScheduled = false;
        const functions = [...this.dirty];
        this.dirty.clear();
        for (const fn of functions)
            this.pumpFunction(fn);
    }
    limit(functionName) {
        const fn = this.engine.resolve(functionName);
        const reserved = fn?.reservedConcurrency;
        const max = this.options.concurrencyPerFunction;
        // Reserved concurrency 0 is handled per event (ZeroReservedConcurrency, at once).
        return reserved !== undefined && reserved > 0 ? Math.min(reserved, max) : max;
    }
    pumpFunction(functionName) {
        if (this.stopped)
            return;
        const queue = this.ready.get(functionName);
        if (!queue || queue.length === 0)
            return;
        const limit = this.limit(functionName);
        let running = this.inflight.get(functionName) ?? 0;
        while (queue.length > 0 && running < limit) {
            const id = queue.shift();
            this.readyCount--;
            const event = this.events.get(id);
            if (!event)
                continue;
            running++;
            this.inflight.set(functionName, running);
            this.cloud.clock
                .track(this.attempt(event))
                .catch((error) => {
                process.stderr.write(`local-cloud: lambda async engine error for request ${id}: ${error?.stack ?? error}\n`);
            })
                .finally(() => {
                this.inflight.set(functionName, (this.inflight.get(functionName) ?? 1) - 1);
                this.pumpFunction(functionName);
            });
        }
    }
    async attempt(event) {
        const fn = this.engine.resolve(event.fn, event.ver);
        if (!fn) {
            this.drop(event, 'the function no longer exists');
            return;
        }
        const settings = this.configs.settings(event.fn, this.configQualifier(event));
        const ageMs = this.cloud.clock.awsElapsedSince(event.at);
        if ((0, policy_1.isExpired)(ageMs, settings)) {
            await this.finish(event, fn, 'EventAgeExceeded');
            return;
        }
        // DG-async: with reserved concurrency 0, events go to the DLQ / on-failure destination without any
        // retries; the record has condition ZeroReservedConcurrency and count 0 (recorded).
        if (fn.reservedConcurrency === 0) {
            event.err = { code: 429, message: 'Rate Exceeded.' };
            await this.finish(event, fn, 'ZeroReservedConcurrency');
            return;
        }
        const attempt = event.n + 1;
        this.cloud.trace.record(event.id, 'attempt', {
            attempt,
            ...(event.th > 0 ? { afterThrottles: event.th } : {}),
        });
        const startedWall = this.cloud.clock.now();
        let outcome;
        try {
            outcome = await this.engine.invoke(fn, this.payload(event), {
                requestId: event.id,
                invocationType: 'Event',
                hops: event.hops,
                ...(event.q ? { qualifier: event.q } : {}),
            });
        }
        catch (error) {
            if (this.stopped)
                return;
            await this.invokeFailed(event, fn, error, attempt, startedWall);
            return;
        }
        if (this.stopped)
            return;
        const last = {
            executedVersion: outcome.executedVersion,
            payload: outcome.payload.toString('utf8'),
        };
        if (outcome.functionError) {
            last.functionError = outcome.functionError;
            if (outcome.errorType !== undefined)
                last.errorType = outcome.errorType;
            if (outcome.errorMessage !== undefined)
                last.errorMessage = outcome.errorMessage;
        }
        this.cloud.trace.record(event.id, 'attempt-result', {
            attempt,
            outcome: outcome.functionError ? 'FunctionError' : 'Success',
            durationMs: outcome.durationMs,
            ...(outcome.functionError
                ? {
                    functionError: outcome.functionError,
                    errorType: last.errorType,
                    errorMessage: (0, record_1.functionErrorMessage)(last),
                }
                : {}),
        });
        event.n = attempt;
        event.th = 0;
        event.last = last;
        if (!outcome.functionError) {
            await this.finish(event, fn, 'Success');
            return;
        }
        // Function errors (including timeouts and runtime crashes) follow the 60 s / 120 s retry path.
        event.err = { code: 200, message: (0, record_1.functionErrorMessage)(last) };
        const decision = (0, policy_1.afterFunctionError)(attempt, this.cloud.clock.awsElapsedSince(event.at), settings);
        if (decision.kind === 'retry')
            this.reschedule(event, decision.delayMs, 'function error retry');
        else
            await this.finish(event, fn, decision.condition);
    }
    /** A throttle (429) or a system error (5xx): backoff, not counted as a retry attempt. */
    async invokeFailed(event, fn, error, attempt, startedWall) {
        const err = error instanceof errors_1.AwsError ? error : undefined;
        if (!err) {
            process.stderr.write(`local-cloud: lambda invoke failed unexpectedly for request ${event.id}: ${error?.stack ?? error}\n`);
        }
        const status = err?.status ?? 500;
        const code = err?.code ?? 'ServiceException';
        const message = err?.message ?? String(error?.message ?? error);
        if (status === 404 && code === 'ResourceNotFoundException') {
            this.cloud.trace.record(event.id, 'attempt-result', {
                attempt,
                outcome: 'NotFound',
                errorType: code,
                errorMessage: message,
            });
            this.drop(event, `the function no longer exists (${message})`);
            return;
        }
        const throttled = status === 429;
        this.cloud.trace.record(event.id, 'attempt-result', {
            attempt,
            outcome: throttled ? 'Throttled' : 'SystemError',
            statusCode: status,
            errorType: code,
            errorMessage: message,
            durationMs: this.cloud.clock.now() - startedWall,
        });
        event.th += 1;
        event.err = { code: status, message };
        const settings = this.configs.settings(event.fn, this.configQualifier(event));
        const decision = (0, policy_1.afterThrottle)(event.th, this.cloud.clock.awsElapsedSince(event.at), settings);
        if (decision.kind === 'retry')
            this.reschedule(event, decision.delayMs, throttled ? 'throttle backoff' : 'system error backoff');
        else
            await this.finish(event, fn, decision.condition);
    }
    reschedule(event, delayMs, reason) {
        event.due = this.cloud.clock.now() + this.cloud.clock.toWall(delayMs);
        this.cloud.store.commit(exports.QUEUE_NAMESPACE, {
            o: 'r',
            id: event.id,
            n: event.n,
            th: event.th,
            due: event.due,
            last: event.last,
            err: event.err,
        });
        this.cloud.trace.record(event.id, 'wait', { awsMs: delayMs, reason, nextAttempt: event.n + 1 });
        this.wait(event, delayMs);
    }
    wait(event, awsMs) {
        const timer = this.cloud.clock.schedule(awsMs, () => {
            this.timers.delete(event.id);
            if (!this.stopped && this.events.has(event.id))
                this.makeReady(event);
        }, { work: true });
        this.timers.set(event.id, timer);
    }
    async finish(event, fn, condition) {
        const qualifiedFunctionArn = this.qualifiedArn(event);
        // ZeroReservedConcurrency: count 0 and no response (recorded). Otherwise the invocations that ran.
        const count = condition === 'ZeroReservedConcurrency' ? 0 : event.n;
        const record = (0, record_1.buildRecord)({
            requestId: event.id,
            qualifiedFunctionArn,
            condition,
            approximateInvokeCount: count,
            requestPayload: this.text(event),
            response: condition === 'ZeroReservedConcurrency' ? undefined : event.last,
            timestamp: new Date(this.cloud.clock.now()),
        });
        this.cloud.trace.record(event.id, 'condition', { condition, approximateInvokeCount: count });
        const config = this.configs.get(event.fn, this.configQualifier(event));
        const ctx = {
            requestId: event.id,
            functionName: event.fn,
            qualifiedFunctionArn,
            role: fn.role,
            hops: event.hops + 1,
        };
        // Destination first, then the DLQ (both fire when both are set: §4).
        const destination = condition === 'Success' ? config?.onSuccess : config?.onFailure;
        if (destination) {
            await this.destinations.sendRecord(ctx, destination, condition === 'Success' ? 'OnSuccess' : 'OnFailure', condition, record);
        }
        if (condition !== 'Success' && fn.deadLetterTargetArn) {
            const err = event.err ?? { code: 200, message: event.last ? (0, record_1.functionErrorMessage)(event.last) : '' };
            await this.destinations.sendToDlq(ctx, fn.deadLetterTargetArn, condition, this.text(event), err.code, err.message);
        }
        if (this.stopped)
            return;
        this.markDone(event.id);
    }
    drop(event, reason) {
        this.cloud.trace.record(event.id, 'dropped', { reason });
        this.failures.add({ requestId: event.id, functionName: event.fn, kind: 'dropped', reason });
        this.markDone(event.id);
    }
    /** Finished events leave the journal in batches (at-least-once: a crash before the batch re-runs them). */
    markDone(id) {
        this.pendingDone.push(id);
        if (!this.doneScheduled) {
            this.doneScheduled = true;
            setImmediate(() => this.flushDone());
        }
    }
    flushDone() {
        this.doneScheduled = false;
        if (this.pendingDone.length === 0)
            return;
        const ids = this.pendingDone;
        this.pendingDone = [];
        this.cloud.store.commit(exports.QUEUE_NAMESPACE, { o: 'd', ids });
    }
    stopLoop(fn, payload, requestId, hops, source) {
        // reference/local-emulation-peers.md §5.7: with RecursiveLoop = Terminate (the default), Lambda stops the
        // invocation and notifies. Where AWS forwards the stopped event (DLQ / on-failure destination) and in which
        // record shape is [UNCONFIRMED]; here the event is recorded (trace, failure log with its payload, stderr).
        this.cloud.trace.record(requestId, 'recursive-loop', {
            function: fn.functionArn,
            hops,
            action: 'Terminate',
            ...(source ? { source } : {}),
            payload: payload.toString('utf8').slice(0, 1024),
        });
        this.failures.add({
            requestId,
            functionName: fn.functionName,
            kind: 'recursive-loop',
            reason: `recursive loop detected after ${hops} hops (RecursiveLoop=Terminate): the invocation was stopped`,
        });
    }
    /** `Allow` when the control plane exposes the function's recursion config as Allow; else Terminate. */
    recursiveLoop(fn) {
        const fromEngine = this.engine.recursiveLoop?.(fn.functionName);
        const fromVersion = fn.recursiveLoop;
        return (fromEngine ?? fromVersion) === 'Allow' ? 'Allow' : 'Terminate';
    }
    configQualifier(event) {
        return event.q ?? event.ver;
    }
    qualifiedArn(event) {
        return `${event.arn}:${event.q ?? event.ver}`;
    }
    payload(event) {
        return Buffer.from(event.body, event.b64 ? 'base64' : 'utf8');
    }
    text(event) {
        return event.b64 ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    }
}
exports.AsyncQueue = AsyncQueue;
