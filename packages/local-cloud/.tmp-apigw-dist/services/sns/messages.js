"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.messageFor = exports.unsubscribeUrl = exports.signingCertUrl = exports.invalidParameter = exports.MAX_MESSAGE_BYTES = void 0;
exports.readMessageAttributes = readMessageAttributes;
exports.messageSize = messageSize;
exports.readMessageStructure = readMessageStructure;
exports.validateSubject = validateSubject;
exports.sqsEnvelope = sqsEnvelope;
exports.lambdaEvent = lambdaEvent;
const node_crypto_1 = require("node:crypto");
const errors_1 = require("../../core/errors");
/**
 * What a published SNS message is and how each protocol receives it
 * (reference/aws-wire-and-event-shapes.md §3): validation of message attributes and sizes, the
 * JSON envelope SQS receives, the raw form, and the Lambda event.
 */
/** A message + its attributes may not exceed 256 KB [model BC:sns]. */
exports.MAX_MESSAGE_BYTES = 262_144;
const invalidParameter = (message) => new errors_1.AwsError('InvalidParameter', `Invalid parameter: ${message}`, 400);
exports.invalidParameter = invalidParameter;
/** Validates and normalizes SNS message attributes (`MessageAttributes.entry.N.Name/Value.*`). */
function readMessageAttributes(raw) {
    if (raw === undefined || raw === null || raw === '')
        return {};
    if (typeof raw !== 'object' || Array.isArray(raw))
        throw (0, exports.invalidParameter)('MessageAttributes');
    const out = {};
    for (const [name, value] of Object.entries(raw)) {
        const reason = (text) => (0, exports.invalidParameter)(`MessageAttributes Reason: ${text}`);
        if (name.length < 1 || name.length > 256)
            throw reason(`Message attribute name '${name}' must be 1 to 256 characters long.`);
        if (!/^[A-Za-z0-9_.-]+$/.test(name)) {
            throw reason(`Invalid non-alphanumeric character was found in the message attribute name '${name}'. Can only include alphanumeric characters, hyphens, underscores, or dots.`);
        }
        if (/^(AWS\.|Amazon\.)/i.test(name))
            throw reason(`The message attribute name '${name}' uses a reserved prefix (AWS. or Amazon.).`);
        if (name.startsWith('.') || name.endsWith('.') || name.includes('..')) {
            throw reason(`The message attribute name '${name}' must not start or end with a period or contain consecutive periods.`);
        }
        const v = (value ?? {});
        const dataType = typeof v.DataType === 'string' ? v.DataType : '';
        if (dataType === '')
            throw reason(`The message attribute '${name}' must contain non-empty message attribute type.`);
        const base = dataType.split('.')[0];
        if (base !== 'String' && base !== 'Number' && base !== 'Binary') {
            throw reason(`The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`);
        }
        if (base === 'Binary') {
            if (typeof v.BinaryValue !== 'string' || v.BinaryValue === '') {
                throw reason(`The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}'.`);
            }
            out[name] = { DataType: dataType, BinaryValue: v.BinaryValue };
            continue;
        }
        if (typeof v.StringValue !== 'string' || v.StringValue === '') {
            throw reason(`The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}'.`);
        }
        if (base === 'Number') {
            const n = Number(v.StringValue);
            if (!Number.isFinite(n) || v.StringValue.trim() === '') {
                throw reason(`Could not cast message attribute '${name}' value to number.`);
            }
        }
        if (dataType === 'String.Array') {
            let parsed;
            try {
                parsed = JSON.parse(v.StringValue);
            }
            catch {
                parsed = undefined;
            }
            if (!Array.isArray(parsed) || parsed.some((item) => item !== null && typeof item === 'object')) {
                throw reason(`The message attribute '${name}' with type 'String.Array' has invalid value: ${v.StringValue}`);
            }
        }
        out[name] = { DataType: dataType, StringValue: v.StringValue };
    }
    return out;
}
/** Bytes counted against the 256 KB limit: the message plus every attribute's name, type and value. */
function messageSize(message, attributes) {
    let size = Buffer.byteLength(message);
    for (const [name, value] of Object.entries(attributes)) {
        size += Buffer.byteLength(name) + Buffer.byteLength(value.DataType);
        if (value.BinaryValue !== undefined)
            size += Buffer.from(value.BinaryValue, 'base64').length;
        else
            size += Buffer.byteLength(value.StringValue ?? '');
    }
    return size;
}
/** MessageStructure=json: `{"default": "...", "sqs": "...", "lambda": "..."}`. */
function readMessageStructure(message, structure) {
    if (structure === undefined || structure === '')
        return { message, perProtocol: {} };
    if (structure !== 'json')
        throw (0, exports.invalidParameter)(`MessageStructure Reason: Invalid value [${structure}]. Must be json.`);
    let parsed;
    try {
        parsed = JSON.parse(message);
    }
    catch {
        throw (0, exports.invalidParameter)('Message Structure - JSON message body failed to parse');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw (0, exports.invalidParameter)('Message Structure - JSON message body failed to parse');
    }
    const entries = parsed;
    if (typeof entries.default !== 'string')
        throw (0, exports.invalidParameter)('Message Structure - No default entry in JSON message body');
    const perProtocol = {};
    for (const [key, value] of Object.entries(entries)) {
        if (key === 'default')
            continue;
        if (typeof value !== 'string')
            throw (0, exports.invalidParameter)(`Message Structure - Value of ${key} must be a string`);
        perProtocol[key] = value;
    }
    return { message: entries.default, perProtocol };
}
function validateSubject(subject) {
    if (subject === undefined)
        return;
    // Subject: 1–100 printable ASCII characters, no line breaks or control characters [model BC:sns].
    if (subject.length < 1 || subject.length > 100 || !/^[\x20-\x7E]+$/.test(subject))
        throw (0, exports.invalidParameter)('Subject');
}
// -------------------------------------------------------------------------------------------------
// What each subscriber receives
const CERT_ID = (0, node_crypto_1.createHash)('md5').update('local-cloud sns signing certificate').digest('hex');
/** A stable, well-formed (256-byte, base64) stand-in for AWS's RSA signature; it cannot be verified. */
function signature(message) {
    const parts = [];
    let seed = `${message.messageId}\n${message.topicArn}\n${message.timestamp}\n${message.message}`;
    for (let i = 0; i < 8; i++) {
        const digest = (0, node_crypto_1.createHash)('sha256').update(seed).digest();
        parts.push(digest);
        seed = digest.toString('hex');
    }
    return Buffer.concat(parts).toString('base64');
}
function region(topicArn) {
    return topicArn.split(':')[3] ?? 'us-east-1';
}
const signingCertUrl = (topicArn) => `https://sns.${region(topicArn)}.amazonaws.com/SimpleNotificationService-${CERT_ID}.pem`;
exports.signingCertUrl = signingCertUrl;
const unsubscribeUrl = (topicArn, subscriptionArn) => `https://sns.${region(topicArn)}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`;
exports.unsubscribeUrl = unsubscribeUrl;
/** The message a protocol receives (MessageStructure=json picks its own entry when present). */
const messageFor = (message, protocol) => message.perProtocol[protocol] ?? message.message;
exports.messageFor = messageFor;
/** SNS message attributes as the envelope and the Lambda event carry them: `{Type, Value}`. */
function envelopeAttributes(attributes) {
    const out = {};
    for (const [name, value] of Object.entries(attributes)) {
        out[name] = { Type: value.DataType, Value: value.BinaryValue ?? value.StringValue ?? '' };
    }
    return out;
}
/**
 * The JSON envelope an SQS (or HTTP) subscriber receives when raw delivery is off, with AWS's key order
 * and AWS's pretty-printing (`"Key" : value`, two-space indent, attribute values compact).
 * FIFO topics carry `SequenceNumber` and no signature fields [UNCONFIRMED, from LocalStack].
 */
function sqsEnvelope(message, subscriptionArn, fifo) {
    const fields = [
        ['Type', 'Notification'],
        ['MessageId', message.messageId],
    ];
    if (fifo && message.sequenceNumber !== undefined)
        fields.push(['SequenceNumber', message.sequenceNumber]);
    fields.push(['TopicArn', message.topicArn]);
    if (message.subject !== undefined)
        fields.push(['Subject', message.subject]);
    fields.push(['Message', (0, exports.messageFor)(message, 'sqs')], ['Timestamp', message.timestamp]);
    if (!fifo) {
        fields.push(['SignatureVersion', message.signatureVersion], ['Signature', signature(message)], ['SigningCertURL', (0, exports.signingCertUrl)(message.topicArn)]);
    }
    fields.push(['UnsubscribeURL', (0, exports.unsubscribeUrl)(message.topicArn, subscriptionArn)]);
    const lines = fields.map(([key, value]) => `  ${JSON.stringify(key)} : ${JSON.stringify(value)}`);
    const attributes = Object.entries(envelopeAttributes(message.attributes));
    if (attributes.length > 0) {
        const inner = attributes
            .map(([name, value]) => `    ${JSON.stringify(name)} : ${JSON.stringify(value)}`)
            .join(',\n');
        lines.push(`  "MessageAttributes" : {\n${inner}\n  }`);
    }
    return `{\n${lines.join(',\n')}\n}`;
}
/** The event a Lambda subscriber is invoked with (note `SigningCertUrl`/`UnsubscribeUrl` spelling). */
function lambdaEvent(message, subscriptionArn) {
    return JSON.stringify({
        Records: [
            {
                EventSource: 'aws:sns',
                EventVersion: '1.0',
                EventSubscriptionArn: subscriptionArn,
                Sns: {
                    Type: 'Notification',
                    MessageId: message.messageId,
                    TopicArn: message.topicArn,
                    // A missing Subject is null [UNCONFIRMED, from LocalStack].
                    Subject: message.subject ?? null,
                    Message: (0, exports.messageFor)(message, 'lambda'),
                    Timestamp: message.timestamp,
                    SignatureVersion: message.signatureVersion,
                    Signature: signature(message),
                    SigningCertUrl: (0, exports.signingCertUrl)(message.topicArn),
                    UnsubscribeUrl: (0, exports.unsubscribeUrl)(message.topicArn, subscriptionArn),
                    MessageAttributes: envelopeAttributes(message.attributes),
                },
            },
        ],
    });
}
