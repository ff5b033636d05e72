"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEFAULT_BUS = exports.EventsEngine = exports.eventTime = exports.DEFAULT_MAX_AGE_SECONDS = exports.DEFAULT_MAX_RETRIES = exports.NAMESPACE = void 0;
exports.retryDelayMs = retryDelayMs;
exports.isRetryable = isRetryable;
exports.parseRate = parseRate;
const errors_1 = require("../../core/errors");
const ids_1 = require("../../core/ids");
const model_1 = require("./model");
Object.defineProperty(exports, "DEFAULT_BUS", { enumerable: true, get: function () { return model_1.DEFAULT_BUS; } });
const pattern_1 = require("./pattern");
const transform_1 = require("./transform");
exports.NAMESPACE = 'events';
/** AWS defaults for a target without RetryPolicy: 185 retries within 24 h (eb-rule-event-delivery). */
exports.DEFAULT_MAX_RETRIES = 185;
exports.DEFAULT_MAX_AGE_SECONDS = 86_400;
/** Bus → bus forwarding stops here (a loop between buses would otherwise never end). */
const MAX_BUS_HOPS = 16;
/**
 * Backoff before retry n (1-based). AWS documents "exponential back off and jitter" without the
 * constants (UNCONFIRMED): we double from 1 s up to 5 min, without jitter so tests are reproducible.
 */
function retryDelayMs(retry) {
    return Math.min(1000 * 2 ** (retry - 1), 300_000);
}
/**
 * AWS does not retry missing targets or permission errors; they go straight to the DLQ (eb-rule-dlq).
 * A target service this process has not registered yet (`UnsupportedTarget`, e.g. while starting) is retried.
 */
function isRetryable(error) {
    if (error.status === 403 || error.status === 404 || error.status === 413)
        return false;
    return !/NotFound|NonExistent|DoesNotExist|AccessDenied|NotAuthorized|InvalidParameter|Validation|TooLarge|Malformed|KmsDisabled/i.test(error.code);
}
/** `rate(5 minutes)` → ms; undefined when not a valid rate expression. */
function parseRate(expression) {
    const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
    if (!match)
        return undefined;
    const value = Number(match[1]);
    const unit = match[2];
    if (value < 1)
        return undefined;
    // AWS wants the singular unit for 1 and the plural otherwise.
    if ((value === 1) !== !unit.endsWith('s'))
        return undefined;
    const unitMs = unit.startsWith('minute') ? 60_000 : unit.startsWith('hour') ? 3_600_000 : 86_400_000;
    return value * unitMs;
}
/** `2017-12-22T18:43:48Z`: EventBridge event times have no milliseconds. */
const eventTime = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
exports.eventTime = eventTime;
class EventsEngine {
    cloud;
    model;
    timers = new Set();
    scheduleTimers = new Map();
    warnedBuses = new Set();
    started = false;
    stopped = false;
    constructor(cloud, model) {
        this.cloud = cloud;
        this.model = model;
        model.onRuleChanged = (region, bus, name) => {
            if (this.started && !this.stopped)
                this.armSchedule(region, bus, name);
        };
    }
    commit(record) {
        this.cloud.store.commit(exports.NAMESPACE, record);
    }
    // --- lifecycle ---------------------------------------------------------------------------------
    start() {
        this.started = true;
        // Deliveries acknowledged before a restart resume now (reference: "loses nothing it acknowledged").
        for (const job of this.model.pendingJobs()) {
            this.cloud.trace.record(job.traceId, 'events.delivery-resumed', {
                jobId: job.id,
                targetArn: job.targetArn,
            });
            this.later(0, job.id);
        }
        for (const { region, rule } of this.model.allRules())
            this.armSchedule(region, rule.bus, rule.name);
    }
    stop() {
        this.stopped = true;
        for (const timer of this.timers)
            timer.cancel();
        this.timers.clear();
        for (const timer of this.scheduleTimers.values())
            timer.cancel();
        this.scheduleTimers.clear();
    }
    // --- events and routing ------------------------------------------------------------------------
    buildEvent(region, fields) {
        // reference/aws-wire-and-event-shapes.md §5: AWS key order; `time` is the entry's Time or the call time.
        return {
            version: '0',
            id: (0, ids_1.uuid)(),
            'detail-type': fields.detailType,
            source: fields.source,
            account: this.cloud.config.accountId,
            time: (0, exports.eventTime)(fields.time ?? this.cloud.clock.now()),
            region,
            resources: fields.resources ?? [],
            detail: fields.detail,
        };
    }
    /** The deliveries an event on a bus causes: every enabled rule whose pattern matches, every target. */
    route(region, busName, event, traceId, hops) {
        const jobs = [];
        const matched = [];
        for (const rule of this.model.listRules(region, busName)) {
            if (rule.state === 'DISABLED')
                continue;
            const pattern = this.model.pattern(region, rule);
            if (!pattern || !(0, pattern_1.matchesPattern)(pattern, event))
                continue;
            matched.push(rule.name);
            jobs.push(...this.jobsForRule(region, rule, event, traceId, hops));
        }
        this.cloud.trace.record(traceId, 'events.routed', {
            eventId: event.id,
            bus: busName,
            source: event.source,
            detailType: event['detail-type'],
            matchedRules: matched,
            deliveries: jobs.length,
        });
        return jobs;
    }
    jobsForRule(region, rule, event, traceId, hops) {
        const ingestedAt = this.cloud.clock.now();
        const eventJson = JSON.stringify(event);
        return rule.targets.map((target) => {
            const principal = target.RoleArn
                ? { type: 'role', arn: target.RoleArn }
                : {
                    type: 'service',
                    service: 'events.amazonaws.com',
                    sourceArn: rule.arn,
                    sourceAccount: this.cloud.config.accountId,
                };
            const job = {
                id: (0, ids_1.uuid)(),
                traceId,
                region,
                ruleArn: rule.arn,
                ruleName: rule.name,
                targetId: target.Id,
                targetArn: target.Arn,
                eventJson,
                principal,
                maxRetries: target.RetryPolicy?.MaximumRetryAttempts ?? exports.DEFAULT_MAX_RETRIES,
                maxAgeSeconds: target.RetryPolicy?.MaximumEventAgeInSeconds ?? exports.DEFAULT_MAX_AGE_SECONDS,
                ingestedAt,
                attempts: 0,
            };
            if (hops !== undefined)
                job.hops = hops;
            if (target.DeadLetterConfig?.Arn)
                job.dlqArn = target.DeadLetterConfig.Arn;
            if (target.SqsParameters) {
                job.messageGroupId = target.SqsParameters.MessageGroupId;
                job.messageDeduplicationId = event.id;
            }
            if (target.Arn.split(':')[2] === 'events') {
                // Bus → bus: the event itself travels (its fields, detail as the body).
                job.body = JSON.stringify(event.detail);
                job.event = { source: event.source, detailType: event['detail-type'], resources: event.resources };
                job.hops = (hops ?? 0) + 1;
            }
            else {
                const rendered = (0, transform_1.renderTargetInput)(target, event, {
                    ruleArn: rule.arn,
                    ruleName: rule.name,
                    ingestionTime: (0, exports.eventTime)(ingestedAt),
                });
                if (rendered.ok)
                    job.body = rendered.body;
                else
                    job.renderError = rendered.reason;
            }
            return job;
        });
    }
    /**
     * Journals the deliveries (so an acknowledged event survives a crash) and starts them at once: the
     * synchronous part of each target's `deliver` (an SQS enqueue, Lambda's async queue) runs before the
     * caller answers, and nothing here waits for the targets themselves.
     */
    dispatch(jobs) {
        if (jobs.length === 0)
            return;
        this.commit({ t: 'jobs.add', jobs });
        for (const job of jobs)
            void this.cloud.clock.track(this.attempt(job.id));
    }
    /** Routes an event that reached a bus through the delivery door (Lambda destinations, bus → bus). */
    deliverToBus(region, busName, payload) {
        const bus = this.model.getBus(region, busName);
        if (!bus)
            throw new errors_1.AwsError('ResourceNotFoundException', `Event bus ${busName} does not exist.`, 400);
        if (!payload.event) {
            throw new errors_1.AwsError('ValidationException', 'local-cloud: a delivery to an event bus needs the event fields (source, detail-type, resources)', 400);
        }
        if ((payload.hops ?? 0) > MAX_BUS_HOPS) {
            throw new errors_1.AwsError('ValidationException', `local-cloud: event forwarded through ${payload.hops} event buses; stopping a probable loop`, 400);
        }
        let detail;
        try {
            detail = JSON.parse(payload.body);
        }
        catch {
            detail = undefined;
        }
        if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
            throw new errors_1.AwsError('MalformedDetail', 'Detail is malformed.', 400);
        }
        const event = this.buildEvent(region, {
            source: payload.event.source,
            detailType: payload.event.detailType,
            detail,
            resources: payload.event.resources,
        });
        const traceId = payload.traceId ?? event.id;
        this.dispatch(this.route(region, busName, event, traceId, payload.hops));
        return { id: event.id };
    }
    warnMissingBus(busName, traceId, eventId) {
        // AWS answers PutEvents for a bus that does not exist with an EventId and drops the event
        // (recorded in LocalStack's AWS-validated test_put_events_nonexistent_event_bus). We say so.
        this.cloud.trace.record(traceId, 'events.dropped', {
            eventId,
            reason: `event bus ${busName} does not exist`,
        });
        if (this.warnedBuses.has(busName))
            return;
        this.warnedBuses.add(busName);
        process.stderr.write(`local-cloud: events: PutEvents to event bus "${busName}", which does not exist; AWS accepts and drops such events (event ${eventId})\n`);
    }
    // --- delivery with retries -----------------------------------------------------------------------
    later(awsMs, jobId) {
        const timer = this.cloud.clock.schedule(awsMs, () => {
            this.timers.delete(timer);
            void this.cloud.clock.track(this.attempt(jobId));
        }, { work: true });
        this.timers.add(timer);
    }
    async attempt(jobId) {
        const job = this.model.job(jobId);
        if (!job || this.stopped)
            return;
        const attempt = job.attempts + 1;
        if (job.renderError !== undefined) {
            this.finalFailure(job, new errors_1.AwsError('InputTransformationFailed', job.renderError, 400), attempt, undefined);
            return;
        }
        const payload = { body: job.body ?? '', traceId: job.traceId };
        if (job.event)
            payload.event = job.event;
        if (job.hops !== undefined)
            payload.hops = job.hops;
        if (job.messageGroupId !== undefined)
            payload.messageGroupId = job.messageGroupId;
        if (job.messageDeduplicationId !== undefined)
            payload.messageDeduplicationId = job.messageDeduplicationId;
        try {
            const result = await this.cloud.delivery.deliver(job.targetArn, payload, job.principal);
            if (this.stopped)
                return;
            this.commit({ t: 'job.done', id: job.id });
            this.cloud.trace.record(job.traceId, 'events.delivered', {
                jobId: job.id,
                ruleArn: job.ruleArn,
                targetId: job.targetId,
                targetArn: job.targetArn,
                attempt,
                ...(result.id ? { targetMessageId: result.id } : {}),
            });
        }
        catch (error) {
            if (this.stopped)
                return; // stays journaled; it resumes after a restart
            const err = (0, errors_1.toAwsError)(error);
            this.cloud.trace.record(job.traceId, 'events.delivery-failed', {
                jobId: job.id,
                ruleArn: job.ruleArn,
                targetId: job.targetId,
                targetArn: job.targetArn,
                attempt,
                errorCode: err.code,
                errorMessage: err.message,
            });
            if (!isRetryable(err)) {
                this.finalFailure(job, err, attempt, undefined);
                return;
            }
            if (attempt > job.maxRetries) {
                this.finalFailure(job, err, attempt, 'MaximumRetryAttemptsExhausted');
                return;
            }
            const delay = retryDelayMs(attempt);
            if (this.cloud.clock.awsElapsedSince(job.ingestedAt) + delay > job.maxAgeSeconds * 1000) {
                this.finalFailure(job, err, attempt, 'MaximumEventAgeExhausted');
                return;
            }
            this.commit({ t: 'job.attempt', id: job.id, attempts: attempt });
            this.cloud.trace.record(job.traceId, 'events.retry-scheduled', {
                jobId: job.id,
                targetArn: job.targetArn,
                retry: attempt,
                delayMs: delay,
            });
            this.later(delay, job.id);
        }
    }
    /** No more attempts: to the target's DLQ when it has one, and always into the trace and onto stderr. */
    finalFailure(job, err, attempts, condition) {
        this.commit({ t: 'job.done', id: job.id });
        const base = {
            jobId: job.id,
            ruleArn: job.ruleArn,
            targetId: job.targetId,
            targetArn: job.targetArn,
            attempts,
            errorCode: err.code,
            errorMessage: err.message,
            ...(condition ? { condition } : {}),
        };
        const summary = `event for rule ${job.ruleArn} could not be delivered to ${job.targetArn} after ${attempts} attempt(s)${condition ? ` (${condition})` : ''}: ${err.code}: ${err.message}`;
        if (!job.dlqArn) {
            this.cloud.trace.record(job.traceId, 'events.dropped', base);
            process.stderr.write(`local-cloud: events: ${summary}; no dead-letter queue, event dropped\n`);
            return;
        }
        const dlqArn = job.dlqArn;
        // Dead-letter message: the event as body plus these attributes (docs eb-rule-dlq).
        const attributes = {
            RULE_ARN: { DataType: 'String', StringValue: job.ruleArn },
            TARGET_ARN: { DataType: 'String', StringValue: job.targetArn },
            ERROR_CODE: { DataType: 'String', StringValue: err.code },
            ERROR_MESSAGE: { DataType: 'String', StringValue: err.message.slice(0, 1024) || err.code },
            RETRY_ATTEMPTS: { DataType: 'String', StringValue: String(Math.max(0, attempts - 1)) },
        };
        if (condition)
            attributes.EXHAUSTED_RETRY_CONDITION = { DataType: 'String', StringValue: condition };
        const principal = {
            type: 'service',
            service: 'events.amazonaws.com',
            sourceArn: job.ruleArn,
            sourceAccount: this.cloud.config.accountId,
        };
        const send = async () => {
            try {
                await this.cloud.delivery.deliver(dlqArn, { body: job.eventJson, messageAttributes: attributes, traceId: job.traceId }, principal);
                this.cloud.trace.record(job.traceId, 'events.dead-lettered', { ...base, dlqArn });
                process.stderr.write(`local-cloud: events: ${summary}; sent to dead-letter queue ${dlqArn}\n`);
            }
            catch (dlqError) {
                const dlqErr = (0, errors_1.toAwsError)(dlqError);
                this.cloud.trace.record(job.traceId, 'events.dropped', {
                    ...base,
                    dlqArn,
                    dlqErrorCode: dlqErr.code,
                    dlqErrorMessage: dlqErr.message,
                });
                process.stderr.write(`local-cloud: events: ${summary}; the dead-letter queue ${dlqArn} refused it too (${dlqErr.code}: ${dlqErr.message}), event dropped\n`);
            }
        };
        void this.cloud.clock.track(send());
    }
    // --- schedules -------------------------------------------------------------------------------------
    armSchedule(region, bus, name) {
        const key = `${region}\u0000${bus}\u0000${name}`;
        this.scheduleTimers.get(key)?.cancel();
        this.scheduleTimers.delete(key);
        const rule = this.model.getRule(region, bus, name);
        if (!rule?.scheduleExpression || rule.state === 'DISABLED')
            return;
        const period = parseRate(rule.scheduleExpression);
        if (period === undefined)
            return;
        // A passive timer: a recurring schedule is not pending work, so `settle` does not wait for it.
        const timer = this.cloud.clock.schedule(period, () => {
            this.scheduleTimers.delete(key);
            const current = this.model.getRule(region, bus, name);
            if (!current || current.state === 'DISABLED' || this.stopped)
                return;
            const event = this.buildEvent(region, {
                source: 'aws.events',
                detailType: 'Scheduled Event',
                detail: {},
                resources: [current.arn],
            });
            this.cloud.trace.record(event.id, 'events.scheduled', { ruleArn: current.arn, eventId: event.id });
            this.dispatch(this.jobsForRule(region, current, event, event.id));
            this.armSchedule(region, bus, name);
        });
        this.scheduleTimers.set(key, timer);
    }
}
exports.EventsEngine = EventsEngine;
