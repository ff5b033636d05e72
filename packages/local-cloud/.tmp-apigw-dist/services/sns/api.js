"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.defaultTopicPolicy = defaultTopicPolicy;
exports.hopsFromTraceHeader = hopsFromTraceHeader;
exports.installSns = installSns;
const node_crypto_1 = require("node:crypto");
const arn_1 = require("../../core/arn");
const errors_1 = require("../../core/errors");
const ids_1 = require("../../core/ids");
const xml_1 = require("../../protocols/xml");
const policy_1 = require("../iam/policy");
const filter_policy_1 = require("./filter-policy");
const messages_1 = require("./messages");
const model_1 = require("./model");
const publisher_1 = require("./publisher");
/**
 * SNS over awsQuery (xmlns http://sns.amazonaws.com/doc/2010-03-31/, signing name sns): topics,
 * subscriptions for the `sqs` and `lambda` protocols, Publish/PublishBatch with fan-out through the
 * delivery door, filter policies, tags (reference/aws-wire-and-event-shapes.md §1.2 and §3; the
 * Terraform calls in reference/terraform-provider-calls.md). Registers the `sns` delivery target so
 * Lambda destinations, EventBridge and API Gateway can publish.
 */
const XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';
const PAGE_SIZE = 100;
const MAX_TAGS = 50;
const FIFO_DEDUP_WINDOW_MS = 5 * 60_000;
const notFound = (message = 'Topic does not exist') => new errors_1.AwsError('NotFound', message, 404);
/** The delivery policy AWS reports for every topic until one is set. */
const DEFAULT_EFFECTIVE_DELIVERY_POLICY = JSON.stringify({
    http: {
        defaultHealthyRetryPolicy: {
            minDelayTarget: 20,
            maxDelayTarget: 20,
            numRetries: 3,
            numMaxDelayRetries: 0,
            numNoDelayRetries: 0,
            numMinDelayRetries: 0,
            backoffFunction: 'linear',
        },
        disableSubscriptionOverrides: false,
        defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' },
    },
});
function defaultTopicPolicy(topicArn, accountId) {
    return JSON.stringify({
        Version: '2008-10-17',
        Id: '__default_policy_ID',
        Statement: [
            {
                Sid: '__default_statement_ID',
                Effect: 'Allow',
                Principal: { AWS: '*' },
                Action: [
                    'SNS:GetTopicAttributes',
                    'SNS:SetTopicAttributes',
                    'SNS:AddPermission',
                    'SNS:RemovePermission',
                    'SNS:DeleteTopic',
                    'SNS:Subscribe',
                    'SNS:ListSubscriptionsByTopic',
                    'SNS:Publish',
                ],
                Resource: topicArn,
                Condition: { StringEquals: { 'AWS:SourceOwner': accountId } },
            },
        ],
    });
}
const FEEDBACK_PROTOCOLS = ['Application', 'Firehose', 'HTTP', 'Lambda', 'SQS'];
const SAMPLE_RATE_ATTRIBUTES = new Set(FEEDBACK_PROTOCOLS.map((p) => `${p}SuccessFeedbackSampleRate`));
const FEEDBACK_ROLE_ATTRIBUTES = new Set(FEEDBACK_PROTOCOLS.flatMap((p) => [`${p}SuccessFeedbackRoleArn`, `${p}FailureFeedbackRoleArn`]));
/** Parses `Lineage=<hash>:<hops>` from an X-Amzn-Trace-Id header: a publish from a handler is one hop further. */
function hopsFromTraceHeader(header) {
    const match = header ? /(?:^|;)\s*Lineage=[^:;]*:(\d+)/.exec(header) : null;
    return match ? Number(match[1]) + 1 : undefined;
}
function str(input, name) {
    const value = input[name];
    if (value === undefined || value === null)
        return undefined;
    if (typeof value !== 'string')
        throw (0, messages_1.invalidParameter)(name);
    return value;
}
function required(input, name) {
    const value = str(input, name);
    if (value === undefined || value === '')
        throw (0, messages_1.invalidParameter)(`${name} Reason: no value for required parameter`);
    return value;
}
function stringMap(input, name) {
    const value = input[name];
    if (value === undefined || value === null || value === '')
        return {};
    if (typeof value !== 'object' || Array.isArray(value))
        throw (0, messages_1.invalidParameter)(name);
    const out = {};
    for (const [key, item] of Object.entries(value)) {
        out[key] = typeof item === 'string' ? item : item === undefined || item === null ? '' : String(item);
    }
    return out;
}
function readTags(input, name = 'Tags') {
    const value = input[name];
    if (value === undefined || value === null || value === '')
        return [];
    if (!Array.isArray(value))
        throw (0, messages_1.invalidParameter)(name);
    const tags = value.map((item) => {
        const entry = (item ?? {});
        if (typeof entry.Key !== 'string' || entry.Key.length < 1 || entry.Key.length > 128) {
            throw (0, messages_1.invalidParameter)('Tags Reason: Tag keys must be between 1 and 128 characters');
        }
        const tagValue = typeof entry.Value === 'string' ? entry.Value : '';
        if (tagValue.length > 256)
            throw (0, messages_1.invalidParameter)('Tags Reason: Tag values must be at most 256 characters');
        return { Key: entry.Key, Value: tagValue };
    });
    if (new Set(tags.map((t) => t.Key)).size !== tags.length)
        throw (0, messages_1.invalidParameter)('Duplicated keys are not allowed.');
    return tags;
}
function page(items, token) {
    let start = 0;
    if (token !== undefined && token !== '') {
        start = Number(Buffer.from(token, 'base64').toString('utf8'));
        if (!Number.isInteger(start) || start < 0)
            throw (0, messages_1.invalidParameter)('NextToken');
    }
    const slice = items.slice(start, start + PAGE_SIZE);
    const next = start + slice.length;
    return next < items.length
        ? { items: slice, NextToken: Buffer.from(String(next)).toString('base64') }
        : { items: slice };
}
function installSns(cloud) {
    const accountId = cloud.config.accountId;
    const region = cloud.config.region;
    const model = new model_1.SnsModel(cloud.store);
    const publisher = new publisher_1.SnsPublisher(cloud, model);
    const callerArn = `arn:aws:iam::${accountId}:user/local-cloud`;
    /** FIFO deduplication (5 minutes on the clock); kept in memory: a restart forgets the window. */
    const dedup = new Map();
    let sequenceCounter = 0n;
    const topicArnFor = (name) => `arn:aws:sns:${region}:${accountId}:${name}`;
    const topicFromArn = (arn, parameter = 'TopicArn') => {
        if (arn === undefined || arn === '')
            throw (0, messages_1.invalidParameter)(`${parameter} Reason: no value for required parameter`);
        const parsed = (0, arn_1.parseArn)(arn);
        if (parsed?.service !== 'sns' || parsed.resource.includes(':'))
            throw (0, messages_1.invalidParameter)(parameter);
        const topic = model.topics.get(arn);
        if (!topic)
            throw notFound();
        return topic;
    };
    const subscriptionFromArn = (arn) => {
        if (arn === undefined || arn === '')
            throw (0, messages_1.invalidParameter)('SubscriptionArn Reason: no value for required parameter');
        const parsed = (0, arn_1.parseArn)(arn);
        if (parsed?.service !== 'sns' || !parsed.resource.includes(':'))
            throw (0, messages_1.invalidParameter)('SubscriptionArn');
        const subscription = model.subscriptions.get(arn);
        if (!subscription)
            throw notFound('Subscription does not exist');
        return subscription;
    };
    const policyOf = (topic) => topic.attributes.Policy ?? defaultTopicPolicy(topic.arn, accountId);
    /** The account's own calls are allowed unless the topic policy explicitly denies them. */
    const checkNotDenied = (topic, action) => {
        const authorizer = cloud.delivery.getAuthorizer();
        if (!authorizer || topic.attributes.Policy === undefined)
            return;
        const decision = authorizer.resourcePolicyAllows(policyOf(topic), { type: 'role', arn: callerArn }, action, topic.arn);
        if (!decision.allowed && decision.reason.startsWith('explicitly denied')) {
            throw new errors_1.AwsError('AuthorizationError', `User: ${callerArn} is not authorized to perform: ${action} on resource: ${topic.arn} with an explicit deny`, 403);
        }
    };
    // ------------------------------------------------------------------------------------------------
    // Attributes
    /** Validates one topic attribute; returns the value to store. */
    const checkTopicAttribute = (name, value, topic, creating) => {
        const bad = (reason) => (0, messages_1.invalidParameter)(`Attributes Reason: ${reason}`);
        if (SAMPLE_RATE_ATTRIBUTES.has(name)) {
            // Terraform sets all five to 0 on create. Delivery status logging is not emulated, so only 0 (off) is accepted.
            if (!/^\d+$/.test(value) || Number(value) > 100)
                throw bad(`${name}: Invalid value [${value}]. Must be between 0 and 100.`);
            if (Number(value) !== 0) {
                throw bad(`${name}: local cloud does not implement SNS delivery status logging; only 0 is supported`);
            }
            return value;
        }
        if (FEEDBACK_ROLE_ATTRIBUTES.has(name)) {
            if (value !== '')
                throw bad(`${name}: local cloud does not implement SNS delivery status logging`);
            return value;
        }
        switch (name) {
            case 'DisplayName':
                if (value.length > 100)
                    throw bad('DisplayName: must be at most 100 characters');
                return value;
            case 'Policy':
                if (value === '')
                    return value;
                try {
                    (0, policy_1.parsePolicy)(value, 'resource');
                }
                catch (error) {
                    if (error instanceof policy_1.PolicyError)
                        throw bad(`Policy: ${error.message}`);
                    throw error;
                }
                return value;
            case 'DeliveryPolicy':
                if (value === '')
                    return value;
                try {
                    const parsed = JSON.parse(value);
                    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
                        throw new Error('not an object');
                }
                catch {
                    throw bad('DeliveryPolicy: Invalid JSON');
                }
                return value;
            case 'SignatureVersion':
                if (value !== '1' && value !== '2')
                    throw bad(`SignatureVersion: Invalid value [${value}]. Must be 1 or 2.`);
                return value;
            case 'TracingConfig':
                if (value === 'Active')
                    throw bad('TracingConfig: local cloud does not implement X-Ray active tracing; use PassThrough');
                if (value !== 'PassThrough')
                    throw bad(`TracingConfig: Invalid value [${value}]. Must be PassThrough or Active.`);
                return value;
            case 'FifoTopic':
                if (!creating)
                    throw (0, messages_1.invalidParameter)('AttributeName');
                if (value !== 'true' && value !== 'false')
                    throw bad(`FifoTopic: Invalid value [${value}]. Must be true or false.`);
                return value;
            case 'ContentBasedDeduplication':
                // "false" on a standard topic is what it already is (stored as unset); "true" is refused.
                if (!topic.fifo && value === 'false')
                    return '';
                if (!topic.fifo)
                    throw bad('ContentBasedDeduplication: Content-based deduplication can only be set for FIFO topics');
                if (value !== 'true' && value !== 'false')
                    throw bad(`ContentBasedDeduplication: Invalid value [${value}]. Must be true or false.`);
                return value;
            case 'FifoThroughputScope':
                if (!topic.fifo)
                    throw bad('FifoThroughputScope: can only be set for FIFO topics');
                if (value !== 'Topic' && value !== 'MessageGroup')
                    throw bad(`FifoThroughputScope: Invalid value [${value}]. Must be Topic or MessageGroup.`);
                return value;
            case 'KmsMasterKeyId':
                if (value === '')
                    return value;
                throw bad('KmsMasterKeyId: local cloud does not encrypt topics with KMS; remove the key');
            case 'ArchivePolicy':
            case 'DataProtectionPolicy':
                throw bad(`${name}: not implemented by local cloud`);
            default:
                throw (0, messages_1.invalidParameter)('AttributeName');
        }
    };
    const topicAttributes = (topic) => {
        const subscriptions = model.subscriptionsOf(topic.arn).length;
        const out = {
            Policy: policyOf(topic),
            Owner: accountId,
            SubscriptionsPending: '0',
            TopicArn: topic.arn,
            EffectiveDeliveryPolicy: topic.attributes.DeliveryPolicy ?? DEFAULT_EFFECTIVE_DELIVERY_POLICY,
            SubscriptionsConfirmed: String(subscriptions),
            DisplayName: topic.attributes.DisplayName ?? '',
            SubscriptionsDeleted: '0',
        };
        for (const [name, value] of Object.entries(topic.attributes)) {
            if (name !== 'Policy' && name !== 'FifoTopic')
                out[name] = value;
        }
        if (topic.fifo) {
            out.FifoTopic = 'true';
            out.ContentBasedDeduplication = topic.attributes.ContentBasedDeduplication ?? 'false';
        }
        return out;
    };
    const checkSubscriptionAttribute = (name, value, protocol, topic, scope) => {
        const bad = (reason) => (0, messages_1.invalidParameter)(`Attributes Reason: ${reason}`);
        switch (name) {
            case 'RawMessageDelivery':
                if (value !== 'true' && value !== 'false')
                    throw bad(`RawMessageDelivery: Invalid value [${value}]. Must be true or false.`);
                if (value === 'true' && protocol === 'lambda')
                    throw bad('Delivery protocol [lambda] does not support raw message delivery.');
                return value;
            case 'FilterPolicyScope':
                if (value !== 'MessageAttributes' && value !== 'MessageBody') {
                    throw bad(`FilterPolicyScope: Invalid value [${value}]. Please use either MessageBody or MessageAttributes`);
                }
                return value;
            case 'FilterPolicy':
                if (value === '')
                    return value;
                try {
                    (0, filter_policy_1.parseFilterPolicy)(value, (scope ?? 'MessageAttributes'));
                }
                catch (error) {
                    if (error instanceof filter_policy_1.FilterPolicyError)
                        throw (0, messages_1.invalidParameter)(`FilterPolicy: ${error.message}`);
                    throw error;
                }
                return value;
            case 'RedrivePolicy': {
                if (value === '')
                    return value;
                let target;
                try {
                    target = JSON.parse(value).deadLetterTargetArn;
                }
                catch {
                    throw (0, messages_1.invalidParameter)('RedrivePolicy: Redrive policy is not a valid JSON');
                }
                const arn = typeof target === 'string' ? (0, arn_1.parseArn)(target) : undefined;
                if (arn?.service !== 'sqs')
                    throw (0, messages_1.invalidParameter)('RedrivePolicy: deadLetterTargetArn is an invalid arn');
                if (topic?.fifo && !arn.resource.endsWith('.fifo')) {
                    throw (0, messages_1.invalidParameter)('RedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription to a FIFO Topic.');
                }
                return value;
            }
            case 'DeliveryPolicy':
                throw bad(`DeliveryPolicy: Delivery protocol [${protocol}] does not support delivery policies.`);
            case 'SubscriptionRoleArn':
                throw bad(`SubscriptionRoleArn: Delivery protocol [${protocol}] does not support subscription roles.`);
            case 'ReplayPolicy':
                throw bad('ReplayPolicy: not implemented by local cloud');
            default:
                throw (0, messages_1.invalidParameter)('AttributeName');
        }
    };
    const subscriptionAttributes = (subscription) => {
        const out = {
            Owner: subscription.owner,
            RawMessageDelivery: subscription.attributes.RawMessageDelivery ?? 'false',
            TopicArn: subscription.topicArn,
            Endpoint: subscription.endpoint,
            Protocol: subscription.protocol,
            PendingConfirmation: 'false',
            ConfirmationWasAuthenticated: 'true',
            SubscriptionArn: subscription.arn,
            SubscriptionPrincipal: callerArn,
        };
        if (subscription.attributes.FilterPolicy) {
            out.FilterPolicy = subscription.attributes.FilterPolicy;
            out.FilterPolicyScope = subscription.attributes.FilterPolicyScope ?? 'MessageAttributes';
        }
        if (subscription.attributes.RedrivePolicy)
            out.RedrivePolicy = subscription.attributes.RedrivePolicy;
        return out;
    };
    /** Validates a publish against a topic; throws InvalidParameter. */
    const prepare = (topic, request) => {
        if (request.message === undefined || request.message === '')
            throw (0, messages_1.invalidParameter)('Empty message');
        (0, messages_1.validateSubject)(request.subject);
        const attributes = (0, messages_1.readMessageAttributes)(request.attributes);
        const { message, perProtocol } = (0, messages_1.readMessageStructure)(request.message, request.structure);
        if ((0, messages_1.messageSize)(request.message, attributes) > messages_1.MAX_MESSAGE_BYTES)
            throw (0, messages_1.invalidParameter)('Message too long');
        const prepared = {
            topicArn: topic.arn,
            message,
            perProtocol,
            attributes,
            signatureVersion: topic.attributes.SignatureVersion ?? '1',
        };
        if (request.subject !== undefined)
            prepared.subject = request.subject;
        if (topic.fifo) {
            if (!request.groupId)
                throw (0, messages_1.invalidParameter)('The MessageGroupId parameter is required for FIFO topics');
            if (request.groupId.length > 128 || !/^[\x21-\x7E]+$/.test(request.groupId))
                throw (0, messages_1.invalidParameter)('MessageGroupId');
            let dedupId = request.dedupId;
            if (!dedupId) {
                if (topic.attributes.ContentBasedDeduplication !== 'true') {
                    throw (0, messages_1.invalidParameter)('The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
                }
                dedupId = (0, node_crypto_1.createHash)('sha256').update(request.message).digest('hex');
            }
            else if (dedupId.length > 128 || !/^[\x21-\x7E]+$/.test(dedupId)) {
                throw (0, messages_1.invalidParameter)('MessageDeduplicationId');
            }
            prepared.messageGroupId = request.groupId;
            prepared.messageDeduplicationId = dedupId;
        }
        else {
            if (request.dedupId !== undefined) {
                throw (0, messages_1.invalidParameter)('MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type');
            }
            if (request.groupId !== undefined) {
                throw (0, messages_1.invalidParameter)('MessageGroupId Reason: The request includes MessageGroupId parameter that is not valid for this topic type');
            }
        }
        return prepared;
    };
    /** Publishes a validated message: deduplication (FIFO), ids, then the fan-out's first attempts. */
    const publish = async (topic, prepared, context) => {
        let sequenceNumber;
        let dedupKey;
        if (topic.fifo) {
            const window = dedup.get(topic.arn) ?? new Map();
            dedup.set(topic.arn, window);
            for (const [key, entry] of window)
                if (cloud.clock.awsElapsedSince(entry.at) >= FIFO_DEDUP_WINDOW_MS)
                    window.delete(key);
            dedupKey =
                topic.attributes.FifoThroughputScope === 'MessageGroup'
                    ? `${prepared.messageGroupId}\u0000${prepared.messageDeduplicationId}`
                    : prepared.messageDeduplicationId;
            const duplicate = window.get(dedupKey);
            if (duplicate) {
                cloud.trace.record(duplicate.messageId, 'sns.deduplicated', {
                    messageDeduplicationId: prepared.messageDeduplicationId,
                });
                return { messageId: duplicate.messageId, sequenceNumber: duplicate.sequenceNumber };
            }
            // 20-digit, increasing across restarts (time-based).
            sequenceCounter = (sequenceCounter + 1n) % 1000000n;
            sequenceNumber = (BigInt(cloud.clock.now()) * 1000000n + sequenceCounter)
                .toString()
                .padStart(20, '0');
        }
        const message = {
            ...prepared,
            messageId: (0, ids_1.uuid)(),
            timestamp: new Date(cloud.clock.now()).toISOString(),
        };
        if (sequenceNumber !== undefined)
            message.sequenceNumber = sequenceNumber;
        if (context.hops !== undefined)
            message.hops = context.hops;
        if (context.traceId !== undefined)
            message.traceId = context.traceId;
        if (dedupKey !== undefined && sequenceNumber !== undefined) {
            dedup
                .get(topic.arn)
                ?.set(dedupKey, { messageId: message.messageId, sequenceNumber, at: cloud.clock.now() });
        }
        await cloud.clock.track(publisher.publish(message, topic.fifo));
        return { messageId: message.messageId, ...(sequenceNumber !== undefined ? { sequenceNumber } : {}) };
    };
    const checkTagCount = (existing, added) => {
        if (new Set([...existing.map((t) => t.Key), ...added.map((t) => t.Key)]).size > MAX_TAGS) {
            throw new errors_1.AwsError('TagLimitExceeded', 'Could not complete request: tag quota of per resource exceeded', 400);
        }
    };
    const publishTopic = (input) => {
        const topicArn = str(input, 'TopicArn');
        const targetArn = str(input, 'TargetArn');
        if (str(input, 'PhoneNumber') !== undefined) {
            throw (0, messages_1.invalidParameter)('PhoneNumber Reason: local cloud does not send SMS messages');
        }
        if (topicArn !== undefined && targetArn !== undefined) {
            throw (0, messages_1.invalidParameter)('Only one of TopicArn or TargetArn may be specified');
        }
        const arn = topicArn ?? targetArn;
        if (arn === undefined)
            throw (0, messages_1.invalidParameter)('TopicArn or TargetArn Reason: no value for required parameter');
        if (targetArn !== undefined && (0, arn_1.parseArn)(targetArn)?.resource.startsWith('endpoint/')) {
            throw (0, messages_1.invalidParameter)('TargetArn Reason: local cloud does not deliver to mobile push endpoints');
        }
        return topicFromArn(arn, topicArn !== undefined ? 'TopicArn' : 'TargetArn');
    };
    const service = {
        protocol: 'query',
        signingName: 'sns',
        xmlns: XMLNS,
        operations: {
            CreateTopic: (input) => {
                const name = required(input, 'Name');
                const attributes = stringMap(input, 'Attributes');
                const tags = readTags(input);
                const fifo = attributes.FifoTopic === 'true';
                const nameOk = /^[A-Za-z0-9_-]{1,256}$/.test(fifo ? name.replace(/\.fifo$/, '') : name) && name.length <= 256;
                if (!nameOk) {
                    throw (0, messages_1.invalidParameter)('Topic Name');
                }
                if (fifo !== name.endsWith('.fifo')) {
                    throw (0, messages_1.invalidParameter)(fifo
                        ? 'Topic Name Reason: Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.'
                        : 'Topic Name');
                }
                const arn = topicArnFor(name);
                const stored = {};
                for (const [key, value] of Object.entries(attributes)) {
                    const checked = checkTopicAttribute(key, value, { fifo, arn }, true);
                    if (checked !== '' || key === 'DisplayName')
                        stored[key] = checked;
                }
                checkTagCount([], tags);
                const existing = model.topics.get(arn);
                if (existing) {
                    // CreateTopic is idempotent for the same attributes and tags [doc API_CreateTopic].
                    for (const [key, value] of Object.entries(stored)) {
                        const current = key === 'FifoTopic' ? String(existing.fifo) : existing.attributes[key];
                        if ((current ?? '') !== value) {
                            throw (0, messages_1.invalidParameter)('Attributes Reason: Topic already exists with different attributes');
                        }
                    }
                    for (const tag of tags) {
                        if (existing.tags.find((t) => t.Key === tag.Key)?.Value !== tag.Value) {
                            throw (0, messages_1.invalidParameter)('Tags Reason: Topic already exists with different tags');
                        }
                    }
                    return { TopicArn: arn };
                }
                delete stored.FifoTopic;
                model.commit({ t: 'createTopic', topic: { arn, name, fifo, attributes: stored, tags } });
                return { TopicArn: arn };
            },
            DeleteTopic: (input) => {
                const arn = required(input, 'TopicArn');
                const parsed = (0, arn_1.parseArn)(arn);
                if (parsed?.service !== 'sns')
                    throw (0, messages_1.invalidParameter)('TopicArn');
                // Deleting a topic that does not exist is not an error [doc API_DeleteTopic].
                if (model.topics.has(arn)) {
                    model.commit({ t: 'deleteTopic', arn });
                    dedup.delete(arn);
                }
                return undefined;
            },
            ListTopics: (input) => {
                const topics = [...model.topics.keys()].sort().map((arn) => ({ TopicArn: arn }));
                const result = page(topics, str(input, 'NextToken'));
                return { Topics: result.items, NextToken: result.NextToken };
            },
            GetTopicAttributes: (input) => {
                const topic = topicFromArn(str(input, 'TopicArn'));
                return { Attributes: new xml_1.XmlMap(topicAttributes(topic)) };
            },
            SetTopicAttributes: (input) => {
                const topic = topicFromArn(str(input, 'TopicArn'));
                const name = required(input, 'AttributeName');
                const value = checkTopicAttribute(name, str(input, 'AttributeValue') ?? '', topic, false);
                model.commit({ t: 'topicAttribute', arn: topic.arn, name, value });
                return undefined;
            },
            Subscribe: (input, ctx) => {
                const topic = topicFromArn(str(input, 'TopicArn'));
                const protocol = required(input, 'Protocol');
                const endpoint = str(input, 'Endpoint') ?? '';
                const attributes = stringMap(input, 'Attributes');
                checkNotDenied(topic, 'SNS:Subscribe');
                switch (protocol) {
                    case 'sqs': {
                        const arn = (0, arn_1.parseArn)(endpoint);
                        if (arn?.service !== 'sqs')
                            throw (0, messages_1.invalidParameter)('SQS endpoint ARN');
                        if (!topic.fifo && arn.resource.endsWith('.fifo')) {
                            throw (0, messages_1.invalidParameter)('Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics');
                        }
                        break;
                    }
                    case 'lambda': {
                        const arn = (0, arn_1.parseArn)(endpoint);
                        if (arn?.service !== 'lambda' || !/^function:[^:]+(:[^:]+)?$/.test(arn.resource)) {
                            throw (0, messages_1.invalidParameter)('Lambda endpoint ARN');
                        }
                        if (topic.fifo)
                            throw (0, messages_1.invalidParameter)('Invalid protocol type: lambda');
                        break;
                    }
                    case 'http':
                    case 'https':
                    case 'email':
                    case 'email-json':
                    case 'sms':
                    case 'application':
                    case 'firehose':
                        throw (0, messages_1.invalidParameter)(`Protocol Reason: local cloud does not deliver to ${protocol} endpoints; subscribe an sqs queue or a lambda function`);
                    default:
                        throw (0, messages_1.invalidParameter)(`Amazon SNS does not support this protocol string: ${protocol}`);
                }
                const stored = {};
                const scope = attributes.FilterPolicyScope;
                for (const [key, value] of Object.entries(attributes)) {
                    const checked = checkSubscriptionAttribute(key, value, protocol, topic, scope);
                    if (checked !== '' && !(key === 'RawMessageDelivery' && checked === 'false'))
                        stored[key] = checked;
                }
                const existing = model
                    .subscriptionsOf(topic.arn)
                    .find((s) => s.protocol === protocol && s.endpoint === endpoint);
                if (existing) {
                    const same = (a, b) => Object.keys({ ...a, ...b }).every((k) => (a[k] ?? '') === (b[k] ?? ''));
                    if (!same(existing.attributes, stored)) {
                        throw (0, messages_1.invalidParameter)('Attributes Reason: Subscription already exists with different attributes');
                    }
                    return { SubscriptionArn: existing.arn };
                }
                const subscription = {
                    arn: `${topic.arn}:${(0, ids_1.uuid)()}`,
                    topicArn: topic.arn,
                    protocol: protocol,
                    endpoint,
                    owner: ctx.accountId,
                    attributes: stored,
                };
                model.commit({ t: 'subscribe', subscription });
                return { SubscriptionArn: subscription.arn };
            },
            ConfirmSubscription: () => {
                throw (0, messages_1.invalidParameter)('Token Reason: local cloud confirms sqs and lambda subscriptions at once and has no pending confirmations');
            },
            Unsubscribe: (input) => {
                const arn = required(input, 'SubscriptionArn');
                const parsed = (0, arn_1.parseArn)(arn);
                if (parsed?.service !== 'sns' || !parsed.resource.includes(':'))
                    throw (0, messages_1.invalidParameter)('SubscriptionArn');
                if (model.subscriptions.has(arn))
                    model.commit({ t: 'unsubscribe', arn });
                return undefined;
            },
            GetSubscriptionAttributes: (input) => {
                const subscription = subscriptionFromArn(str(input, 'SubscriptionArn'));
                return { Attributes: new xml_1.XmlMap(subscriptionAttributes(subscription)) };
            },
            SetSubscriptionAttributes: (input) => {
                const subscription = subscriptionFromArn(str(input, 'SubscriptionArn'));
                const name = required(input, 'AttributeName');
                const value = str(input, 'AttributeValue') ?? '';
                const topic = model.topics.get(subscription.topicArn);
                const scope = name === 'FilterPolicy' ? subscription.attributes.FilterPolicyScope : value;
                const checked = checkSubscriptionAttribute(name, value, subscription.protocol, topic, scope);
                if (name === 'FilterPolicyScope' && subscription.attributes.FilterPolicy) {
                    // Changing the scope re-validates the current policy under the new scope.
                    checkSubscriptionAttribute('FilterPolicy', subscription.attributes.FilterPolicy, subscription.protocol, topic, checked);
                }
                // RawMessageDelivery=false is the default: stored as unset, so Subscribe stays idempotent.
                const stored = name === 'RawMessageDelivery' && checked === 'false' ? '' : checked;
                model.commit({ t: 'subscriptionAttribute', arn: subscription.arn, name, value: stored });
                return undefined;
            },
            ListSubscriptions: (input) => {
                const subscriptions = [...model.subscriptions.values()].map(subscriptionSummary);
                const result = page(subscriptions, str(input, 'NextToken'));
                return { Subscriptions: result.items, NextToken: result.NextToken };
            },
            ListSubscriptionsByTopic: (input) => {
                const topic = topicFromArn(str(input, 'TopicArn'));
                const result = page(model.subscriptionsOf(topic.arn).map(subscriptionSummary), str(input, 'NextToken'));
                return { Subscriptions: result.items, NextToken: result.NextToken };
            },
            Publish: async (input, ctx) => {
                const topic = publishTopic(input);
                checkNotDenied(topic, 'SNS:Publish');
                const prepared = prepare(topic, {
                    message: str(input, 'Message'),
                    subject: str(input, 'Subject'),
                    structure: str(input, 'MessageStructure'),
                    attributes: input.MessageAttributes,
                    groupId: str(input, 'MessageGroupId'),
                    dedupId: str(input, 'MessageDeduplicationId'),
                });
                const hops = hopsFromTraceHeader(ctx.traceHeader);
                const result = await publish(topic, prepared, hops !== undefined ? { hops } : {});
                return { MessageId: result.messageId, SequenceNumber: result.sequenceNumber };
            },
            PublishBatch: async (input, ctx) => {
                const topic = topicFromArn(str(input, 'TopicArn'));
                checkNotDenied(topic, 'SNS:Publish');
                const raw = input.PublishBatchRequestEntries;
                const entries = Array.isArray(raw) ? raw : [];
                if (entries.length === 0) {
                    throw new errors_1.AwsError('EmptyBatchRequest', "The batch request doesn't contain any entries.", 400);
                }
                if (entries.length > 10) {
                    throw new errors_1.AwsError('TooManyEntriesInBatchRequest', 'The batch request contains more entries than permissible.', 400);
                }
                const ids = entries.map((entry) => str(entry, 'Id') ?? '');
                if (new Set(ids).size !== ids.length) {
                    throw new errors_1.AwsError('BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.', 400);
                }
                if (ids.some((id) => !/^[A-Za-z0-9_-]{1,80}$/.test(id))) {
                    throw new errors_1.AwsError('InvalidBatchEntryId', "The Id of a batch entry in a batch request doesn't abide by the specification.", 400);
                }
                let total = 0;
                for (const entry of entries) {
                    total += (0, messages_1.messageSize)(str(entry, 'Message') ?? '', readMessageAttributesSafe(entry.MessageAttributes));
                }
                if (total > messages_1.MAX_MESSAGE_BYTES) {
                    throw new errors_1.AwsError('BatchRequestTooLong', 'The length of all the messages put together is more than the limit.', 400);
                }
                const hops = hopsFromTraceHeader(ctx.traceHeader);
                const successful = [];
                const failed = [];
                for (const [index, entry] of entries.entries()) {
                    const id = ids[index];
                    try {
                        const prepared = prepare(topic, {
                            message: str(entry, 'Message'),
                            subject: str(entry, 'Subject'),
                            structure: str(entry, 'MessageStructure'),
                            attributes: entry.MessageAttributes,
                            groupId: str(entry, 'MessageGroupId'),
                            dedupId: str(entry, 'MessageDeduplicationId'),
                        });
                        const result = await publish(topic, prepared, hops !== undefined ? { hops } : {});
                        successful.push({ Id: id, MessageId: result.messageId, SequenceNumber: result.sequenceNumber });
                    }
                    catch (error) {
                        if (!(error instanceof errors_1.AwsError))
                            throw error;
                        failed.push({
                            Id: id,
                            Code: error.code,
                            Message: error.message,
                            SenderFault: error.fault === 'Sender',
                        });
                    }
                }
                return { Successful: successful, Failed: failed };
            },
            TagResource: (input) => {
                const topic = tagTarget(str(input, 'ResourceArn'));
                const tags = readTags(input);
                checkTagCount(topic.tags, tags);
                model.commit({ t: 'tag', arn: topic.arn, tags });
                return {};
            },
            UntagResource: (input) => {
                const topic = tagTarget(str(input, 'ResourceArn'));
                const keys = Array.isArray(input.TagKeys)
                    ? input.TagKeys.filter((k) => typeof k === 'string')
                    : [];
                model.commit({ t: 'untag', arn: topic.arn, keys });
                return {};
            },
            ListTagsForResource: (input) => ({ Tags: tagTarget(str(input, 'ResourceArn')).tags }),
        },
    };
    cloud.addService(service);
    function tagTarget(arn) {
        if (arn === undefined || arn === '')
            throw (0, messages_1.invalidParameter)('ResourceArn Reason: no value for required parameter');
        const topic = model.topics.get(arn);
        if (!topic)
            throw new errors_1.AwsError('ResourceNotFound', 'Resource does not exist', 404);
        return topic;
    }
    function subscriptionSummary(subscription) {
        return {
            SubscriptionArn: subscription.arn,
            Owner: subscription.owner,
            Protocol: subscription.protocol,
            Endpoint: subscription.endpoint,
            TopicArn: subscription.topicArn,
        };
    }
    // Lambda destinations, EventBridge targets and API Gateway integrations publish through the door;
    // the door has already checked the caller against the role's policies or this topic's policy.
    cloud.delivery.registerTarget('sns', {
        action: 'sns:Publish',
        resourcePolicy: (arn) => {
            const topic = model.topics.get(`arn:${arn.partition}:${arn.service}:${arn.region}:${arn.accountId}:${arn.resource}`);
            return topic ? policyOf(topic) : undefined;
        },
        deliver: async (arn, payload) => {
            const topic = model.topics.get(`arn:${arn.partition}:${arn.service}:${arn.region}:${arn.accountId}:${arn.resource}`);
            if (!topic)
                throw notFound();
            const prepared = prepare(topic, {
                message: payload.body,
                subject: payload.subject,
                structure: undefined,
                attributes: payload.messageAttributes,
                groupId: payload.messageGroupId,
                dedupId: payload.messageDeduplicationId,
            });
            const result = await publish(topic, prepared, {
                ...(payload.hops !== undefined ? { hops: payload.hops } : {}),
                ...(payload.traceId !== undefined ? { traceId: payload.traceId } : {}),
            });
            return { id: result.messageId };
        },
    });
    return model;
}
function readMessageAttributesSafe(raw) {
    try {
        return (0, messages_1.readMessageAttributes)(raw);
    }
    catch {
        return {};
    }
}
