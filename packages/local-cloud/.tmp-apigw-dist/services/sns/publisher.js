"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SnsPublisher = exports.RETRY_DELAYS_MS = void 0;
const errors_1 = require("../../core/errors");
const filter_policy_1 = require("./filter-policy");
const messages_1 = require("./messages");
/**
 * Fan-out of one published message to the topic's subscriptions, through the delivery door
 * (`cloud.delivery.deliver`, principal sns.amazonaws.com with the topic as source ARN).
 *
 * - Every subscription's first attempt happens before Publish answers, so an acknowledged message is
 *   already in the SQS queue or in Lambda's durable async queue.
 * - Retries follow AWS's policy for AWS-managed endpoints (SQS, Lambda) [doc `sns-message-delivery-retries.html`]:
 *   server-side errors (5xx, throttling) are retried — 3 times at once, 2 times 1 s apart, then 10 times
 *   with exponential backoff from 1 s to 20 s — on the one clock as pending work. AWS then keeps trying
 *   every 20 s for 23 days; local cloud stops after the backoff phase and records the failure.
 * - Client-side errors (no permission, missing queue or function) are not retried, as on AWS
 *   [doc `sns-dead-letter-queues.html`].
 * - A final failure goes to the subscription's dead-letter queue when it has a RedrivePolicy, is recorded
 *   in the trace (`sns.delivery.failed`) and logged once on stderr. Nothing is dropped silently.
 */
const BACKOFF = Array.from({ length: 10 }, (_, i) => Math.round(1000 * 20 ** (i / 9)));
/** AWS time to wait before each retry (15 retries). */
exports.RETRY_DELAYS_MS = [0, 0, 0, 1000, 1000, ...BACKOFF];
function isServerSide(error) {
    return error.status >= 500 || error.status === 429 || /Throttl|TooManyRequests/i.test(error.code);
}
class SnsPublisher {
    cloud;
    model;
    constructor(cloud, model) {
        this.cloud = cloud;
        this.model = model;
    }
    trace(message, kind, detail) {
        this.cloud.trace.record(message.messageId, kind, detail);
        if (message.traceId && message.traceId !== message.messageId)
            this.cloud.trace.record(message.traceId, kind, detail);
    }
    principal(message) {
        return {
            type: 'service',
            service: 'sns.amazonaws.com',
            sourceArn: message.topicArn,
            sourceAccount: this.cloud.config.accountId,
        };
    }
    /** The payload a subscription receives for this message, or a reason it cannot be delivered. */
    payloadFor(subscription, message, fifo) {
        const payload = { body: '', traceId: message.traceId ?? message.messageId };
        if (message.hops !== undefined)
            payload.hops = message.hops;
        if (subscription.protocol === 'lambda') {
            payload.body = (0, messages_1.lambdaEvent)(message, subscription.arn);
            return payload;
        }
        if (subscription.attributes.RawMessageDelivery === 'true') {
            // Raw delivery: the message is the body and attributes become SQS message attributes; SQS takes at
            // most 10, so a message with more is discarded (AWS `sns-large-payload-raw-message-delivery.html`).
            if (Object.keys(message.attributes).length > 10) {
                return `raw message delivery to SQS carries at most 10 message attributes; this message has ${Object.keys(message.attributes).length}`;
            }
            payload.body = (0, messages_1.messageFor)(message, 'sqs');
            if (Object.keys(message.attributes).length > 0)
                payload.messageAttributes = { ...message.attributes };
        }
        else {
            payload.body = (0, messages_1.sqsEnvelope)(message, subscription.arn, fifo);
        }
        if (message.messageGroupId !== undefined)
            payload.messageGroupId = message.messageGroupId;
        if (message.messageDeduplicationId !== undefined)
            payload.messageDeduplicationId = message.messageDeduplicationId;
        return payload;
    }
    /** Delivers to every matching subscription; resolves once each has had its first attempt. */
    async publish(message, fifo) {
        const subscriptions = this.model.subscriptionsOf(message.topicArn);
        this.trace(message, 'sns.publish', {
            topicArn: message.topicArn,
            subscriptions: subscriptions.length,
            ...(message.sequenceNumber ? { sequenceNumber: message.sequenceNumber } : {}),
        });
        const attempts = [];
        for (const subscription of subscriptions) {
            const filter = this.model.filterOf(subscription.arn);
            if (filter &&
                !(0, filter_policy_1.matchesFilterPolicy)(filter.policy, filter.scope, {
                    attributes: message.attributes,
                    body: (0, messages_1.messageFor)(message, subscription.protocol),
                })) {
                this.trace(message, 'sns.filtered', {
                    subscriptionArn: subscription.arn,
                    endpoint: subscription.endpoint,
                });
                continue;
            }
            const payload = this.payloadFor(subscription, message, fifo);
            if (typeof payload === 'string') {
                attempts.push(this.fail(subscription, message, undefined, payload, 0));
                continue;
            }
            attempts.push(this.attempt(subscription, message, payload, 1));
        }
        await Promise.all(attempts);
    }
    async attempt(subscription, message, payload, attempt) {
        if (attempt > 1 && !this.model.subscriptions.has(subscription.arn)) {
            this.trace(message, 'sns.delivery.abandoned', {
                subscriptionArn: subscription.arn,
                reason: 'the subscription was deleted',
                attempt,
            });
            return;
        }
        try {
            const result = await this.cloud.delivery.deliver(subscription.endpoint, payload, this.principal(message));
            this.trace(message, 'sns.delivered', {
                subscriptionArn: subscription.arn,
                endpoint: subscription.endpoint,
                attempt,
                ...(result.id ? { targetId: result.id } : {}),
            });
        }
        catch (thrown) {
            const error = (0, errors_1.toAwsError)(thrown);
            const delay = exports.RETRY_DELAYS_MS[attempt - 1];
            if (isServerSide(error) && delay !== undefined) {
                this.trace(message, 'sns.delivery.retry', {
                    subscriptionArn: subscription.arn,
                    endpoint: subscription.endpoint,
                    attempt,
                    error: `${error.code}: ${error.message}`,
                    retryInMs: delay,
                });
                this.cloud.clock.schedule(delay, () => {
                    void this.cloud.clock.track(this.attempt(subscription, message, payload, attempt + 1));
                }, { work: true });
                return;
            }
            await this.fail(subscription, message, payload, `${error.code}: ${error.message}`, attempt);
        }
    }
    async fail(subscription, message, payload, reason, attempts) {
        const detail = {
            subscriptionArn: subscription.arn,
            endpoint: subscription.endpoint,
            attempts,
            error: reason,
        };
        this.trace(message, 'sns.delivery.failed', detail);
        process.stderr.write(`local-cloud: sns: message ${message.messageId} from ${message.topicArn} was not delivered to ${subscription.endpoint} after ${attempts} attempt(s): ${reason}\n`);
        const dlq = deadLetterTarget(subscription);
        if (!dlq)
            return;
        // The dead-letter queue receives what the subscription would have received [UNCONFIRMED for Lambda
        // subscriptions: the SQS-style envelope].
        const body = payload && subscription.protocol === 'sqs'
            ? payload
            : { ...(payload ?? {}), body: (0, messages_1.sqsEnvelope)(message, subscription.arn, false) };
        const dlqPayload = { ...body, traceId: message.traceId ?? message.messageId };
        if (subscription.protocol === 'lambda')
            delete dlqPayload.messageAttributes;
        try {
            const result = await this.cloud.delivery.deliver(dlq, dlqPayload, this.principal(message));
            this.trace(message, 'sns.dead-lettered', {
                subscriptionArn: subscription.arn,
                deadLetterTargetArn: dlq,
                ...(result.id ? { targetId: result.id } : {}),
            });
        }
        catch (thrown) {
            const error = (0, errors_1.toAwsError)(thrown);
            this.trace(message, 'sns.dead-letter.failed', {
                subscriptionArn: subscription.arn,
                deadLetterTargetArn: dlq,
                error: `${error.code}: ${error.message}`,
            });
            process.stderr.write(`local-cloud: sns: message ${message.messageId} could not be moved to the dead-letter queue ${dlq}: ${error.code}: ${error.message}\n`);
        }
    }
}
exports.SnsPublisher = SnsPublisher;
function deadLetterTarget(subscription) {
    const text = subscription.attributes.RedrivePolicy;
    if (!text)
        return undefined;
    try {
        const policy = JSON.parse(text);
        return typeof policy.deadLetterTargetArn === 'string' ? policy.deadLetterTargetArn : undefined;
    }
    catch {
        return undefined;
    }
}
