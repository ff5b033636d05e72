"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.QUEUE_ATTRIBUTE_NAMES = void 0;
exports.defaultAttributes = defaultAttributes;
exports.attributeText = attributeText;
exports.isFifoRequested = isFifoRequested;
exports.validateAttributes = validateAttributes;
exports.parseRedrivePolicy = parseRedrivePolicy;
exports.redriveAllowed = redriveAllowed;
const arn_1 = require("../../core/arn");
const errors_1 = require("../../core/errors");
const errors_2 = require("./errors");
/**
 * Queue attributes: names, defaults, validation. Values are kept as the strings the caller sent (Terraform
 * compares them byte for byte, RedrivePolicy included), after validation with AWS's errors.
 * reference/aws-wire-and-event-shapes.md §2; reference/terraform-provider-calls.md (waiter, perpetual diffs).
 */
/** Every name GetQueueAttributes accepts (besides `All`). */
exports.QUEUE_ATTRIBUTE_NAMES = new Set([
    'Policy',
    'VisibilityTimeout',
    'MaximumMessageSize',
    'MessageRetentionPeriod',
    'ApproximateNumberOfMessages',
    'ApproximateNumberOfMessagesNotVisible',
    'CreatedTimestamp',
    'LastModifiedTimestamp',
    'QueueArn',
    'ApproximateNumberOfMessagesDelayed',
    'DelaySeconds',
    'ReceiveMessageWaitTimeSeconds',
    'RedrivePolicy',
    'FifoQueue',
    'ContentBasedDeduplication',
    'KmsMasterKeyId',
    'KmsDataKeyReusePeriodSeconds',
    'DeduplicationScope',
    'FifoThroughputLimit',
    'RedriveAllowPolicy',
    'SqsManagedSseEnabled',
]);
const READ_ONLY = new Set([
    'ApproximateNumberOfMessages',
    'ApproximateNumberOfMessagesNotVisible',
    'ApproximateNumberOfMessagesDelayed',
    'CreatedTimestamp',
    'LastModifiedTimestamp',
    'QueueArn',
]);
const FIFO_ONLY = new Set(['ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit']);
/** Integer attributes and their inclusive ranges [model]. */
const INTEGER_RANGES = {
    DelaySeconds: [0, 900],
    MaximumMessageSize: [1024, 1_048_576],
    MessageRetentionPeriod: [60, 1_209_600],
    ReceiveMessageWaitTimeSeconds: [0, 20],
    VisibilityTimeout: [0, 43_200],
    KmsDataKeyReusePeriodSeconds: [60, 86_400],
};
function defaultAttributes(fifo) {
    const defaults = {
        DelaySeconds: '0',
        MaximumMessageSize: '1048576',
        MessageRetentionPeriod: '345600',
        ReceiveMessageWaitTimeSeconds: '0',
        VisibilityTimeout: '30',
        SqsManagedSseEnabled: 'true',
    };
    if (fifo) {
        defaults.FifoQueue = 'true';
        defaults.ContentBasedDeduplication = 'false';
        defaults.DeduplicationScope = 'queue';
        defaults.FifoThroughputLimit = 'perQueue';
    }
    return defaults;
}
/** Attribute values arrive as strings; JSON numbers and booleans are accepted as their text, as AWS does. */
function attributeText(name, value) {
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number' || typeof value === 'boolean')
        return String(value);
    if (value === null)
        return '';
    throw new errors_1.AwsError('SerializationException', `Start of structure or map found where not expected (attribute ${name}).`, 400);
}
function isFifoRequested(raw) {
    const value = raw.FifoQueue;
    if (value === undefined)
        return undefined;
    return value.toLowerCase() === 'true';
}
/**
 * Validates attributes for CreateQueue (`creating`) or SetQueueAttributes and returns the changes:
 * a string to store, or null to remove (an empty Policy/RedrivePolicy/RedriveAllowPolicy/KmsMasterKeyId).
 */
function validateAttributes(raw, ctx, creating) {
    const out = {};
    for (const [name, value] of Object.entries(raw)) {
        if (!exports.QUEUE_ATTRIBUTE_NAMES.has(name) || READ_ONLY.has(name)) {
            throw (0, errors_2.invalidAttributeName)(`Unknown Attribute ${name}.`);
        }
        if (name === 'FifoQueue') {
            if (!creating) {
                throw (0, errors_2.invalidAttributeValue)('Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.');
            }
            if (!ctx.fifo)
                throw (0, errors_2.invalidAttributeName)('Unknown Attribute FifoQueue.');
            out.FifoQueue = 'true';
            continue;
        }
        if (FIFO_ONLY.has(name) && !ctx.fifo) {
            if (name === 'ContentBasedDeduplication')
                throw (0, errors_2.invalidAttributeName)(`Unknown Attribute ${name}.`);
            throw (0, errors_2.invalidAttributeName)(`You can specify the ${name} only when FifoQueue is set to true.`);
        }
        const range = INTEGER_RANGES[name];
        if (range) {
            const n = /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN;
            if (!(n >= range[0] && n <= range[1])) {
                throw (0, errors_2.invalidAttributeValue)(`Invalid value for the parameter ${name}.`);
            }
            out[name] = value;
            continue;
        }
        switch (name) {
            case 'ContentBasedDeduplication':
            case 'SqsManagedSseEnabled': {
                const lower = value.toLowerCase();
                if (lower !== 'true' && lower !== 'false')
                    throw (0, errors_2.invalidAttributeValue)(`Invalid value for the parameter ${name}.`);
                out[name] = lower;
                break;
            }
            case 'DeduplicationScope':
                if (value !== 'messageGroup' && value !== 'queue')
                    throw (0, errors_2.invalidAttributeValue)(`Invalid value for the parameter ${name}.`);
                out[name] = value;
                break;
            case 'FifoThroughputLimit':
                if (value !== 'perQueue' && value !== 'perMessageGroupId')
                    throw (0, errors_2.invalidAttributeValue)(`Invalid value for the parameter ${name}.`);
                out[name] = value;
                break;
            case 'Policy':
                out[name] = value === '' ? null : validatePolicy(value);
                break;
            case 'RedrivePolicy':
                out[name] = value === '' ? null : validateRedrivePolicy(value, ctx);
                break;
            case 'RedriveAllowPolicy':
                out[name] = value === '' ? null : validateRedriveAllowPolicy(value);
                break;
            case 'KmsMasterKeyId':
                out[name] = value === '' ? null : value;
                break;
            default:
                throw (0, errors_2.invalidAttributeName)(`Unknown Attribute ${name}.`);
        }
    }
    // High-throughput FIFO: perMessageGroupId needs deduplication per message group.
    const scope = out.DeduplicationScope ?? ctx.current.DeduplicationScope;
    const limit = out.FifoThroughputLimit ?? ctx.current.FifoThroughputLimit;
    if (ctx.fifo && limit === 'perMessageGroupId' && scope !== 'messageGroup') {
        throw (0, errors_2.invalidAttributeValue)('Invalid value for the parameter FifoThroughputLimit. Reason: The perMessageGroupId value is allowed only when the value for DeduplicationScope is messageGroup.');
    }
    // One kind of server-side encryption at a time: a KMS key turns SQS-managed SSE off.
    if (typeof out.KmsMasterKeyId === 'string') {
        if (out.SqsManagedSseEnabled === 'true') {
            throw (0, errors_2.invalidAttributeValue)('Invalid value for the parameter SqsManagedSseEnabled. Reason: You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.');
        }
        out.SqsManagedSseEnabled ??= 'false';
    }
    else if (out.SqsManagedSseEnabled === 'true' &&
        out.KmsMasterKeyId === undefined &&
        ctx.current.KmsMasterKeyId) {
        out.KmsMasterKeyId = null;
    }
    return out;
}
function validatePolicy(value) {
    let parsed;
    try {
        parsed = JSON.parse(value);
    }
    catch {
        throw (0, errors_2.invalidAttributeValue)('Invalid value for the parameter Policy.');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw (0, errors_2.invalidAttributeValue)('Invalid value for the parameter Policy.');
    }
    const statement = parsed.Statement;
    const statements = Array.isArray(statement) ? statement : statement === undefined ? [] : [statement];
    if (statements.length === 0 || statements.some((s) => typeof s !== 'object' || s === null)) {
        throw (0, errors_2.invalidAttributeValue)('Invalid value for the parameter Policy.');
    }
    if (statements.length > 20) {
        throw (0, errors_2.invalidAttributeValue)(`${statements.length} statements were found in the submitted policy, max allowed is 20`);
    }
    return value;
}
/** Parses a stored (already validated) RedrivePolicy. */
function parseRedrivePolicy(value) {
    if (!value)
        return undefined;
    const parsed = JSON.parse(value);
    return { deadLetterTargetArn: parsed.deadLetterTargetArn, maxReceiveCount: Number(parsed.maxReceiveCount) };
}
function validateRedrivePolicy(value, ctx) {
    let parsed;
    try {
        parsed = JSON.parse(value);
    }
    catch {
        parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw (0, errors_2.invalidAttributeValue)('Invalid value for the parameter RedrivePolicy. Reason: Redrive policy is not a valid JSON map.');
    }
    const policy = parsed;
    const invalid = (reason) => (0, errors_2.invalidParameter)(`Value ${value} for parameter RedrivePolicy is invalid. Reason: ${reason}`);
    for (const key of Object.keys(policy)) {
        if (key !== 'maxReceiveCount' && key !== 'deadLetterTargetArn') {
            throw invalid('Only following attributes are supported: [maxReceiveCount, deadLetterTargetArn].');
        }
    }
    if (policy.maxReceiveCount === undefined) {
        throw invalid('Redrive policy does not contain mandatory attribute: maxReceiveCount.');
    }
    if (policy.deadLetterTargetArn === undefined) {
        throw invalid('Redrive policy does not contain mandatory attribute: deadLetterTargetArn.');
    }
    const count = policy.maxReceiveCount;
    const n = typeof count === 'number'
        ? count
        : typeof count === 'string' && /^-?\d+$/.test(count)
            ? Number(count)
            : NaN;
    if (!Number.isInteger(n) || n < 1 || n > 1000) {
        throw invalid(`Invalid value for maxReceiveCount: ${String(count)}, valid values are from 1 to 1000 both inclusive.`);
    }
    const target = policy.deadLetterTargetArn;
    const arn = typeof target === 'string' ? (0, arn_1.parseArn)(target) : undefined;
    if (arn?.service !== 'sqs') {
        throw invalid('Only SQS queues are valid resources for deadLetterTargetArn.');
    }
    const dlq = ctx.findQueue(target);
    if (!dlq)
        throw invalid('Dead letter target does not exist.');
    if (dlq.fifo !== ctx.fifo)
        throw invalid('Dead-letter queue must be same type of queue as the source..');
    if (!redriveAllowed(dlq, ctx.queueArn)) {
        throw invalid(`Queue ${dlq.arn} does not allow this queue to use it as a dead-letter queue (see its RedriveAllowPolicy).`);
    }
    return value;
}
/** Whether a dead-letter queue's RedriveAllowPolicy lets `sourceArn` use it. */
function redriveAllowed(dlq, sourceArn) {
    const text = dlq.attributes.RedriveAllowPolicy;
    if (!text)
        return true;
    const policy = JSON.parse(text);
    if (policy.redrivePermission === 'allowAll')
        return true;
    if (policy.redrivePermission === 'denyAll')
        return false;
    return (policy.sourceQueueArns ?? []).includes(sourceArn);
}
function validateRedriveAllowPolicy(value) {
    const unsupported = () => (0, errors_2.invalidAttributeValue)("Invalid value for the parameter RedriveAllowPolicy. Reason: Amazon SQS can't create the redrive allow policy, as it’s in an unsupported format.");
    const invalid = (reason) => (0, errors_2.invalidParameter)(`Value ${value} for parameter RedriveAllowPolicy is invalid. Reason: Amazon SQS can't create the redrive allow policy. ${reason}`);
    let parsed;
    try {
        parsed = JSON.parse(value);
    }
    catch {
        throw unsupported();
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw unsupported();
    const policy = parsed;
    for (const key of Object.keys(policy)) {
        if (key !== 'redrivePermission' && key !== 'sourceQueueArns')
            throw unsupported();
    }
    const permission = policy.redrivePermission;
    if (permission !== 'allowAll' && permission !== 'denyAll' && permission !== 'byQueue')
        throw unsupported();
    const arns = policy.sourceQueueArns;
    if (arns !== undefined && (!Array.isArray(arns) || arns.some((a) => typeof a !== 'string'))) {
        throw unsupported();
    }
    if (permission === 'byQueue') {
        if (!arns || arns.length === 0) {
            throw invalid('When you specify the byQueue permission type, you must also specify one or more sourceQueueArns values.');
        }
        if (arns.length > 10)
            throw invalid('The maximum number of source queue ARNs you can specify is 10.');
    }
    else if (arns !== undefined) {
        throw invalid('To specify one or more source queue ARNs, you must set redrivePermission to byQueue.');
    }
    return value;
}
