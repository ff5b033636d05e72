"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.UnsupportedIntegrationError = exports.ServiceRequestError = void 0;
exports.decodeServiceCall = decodeServiceCall;
exports.serviceSuccessBody = serviceSuccessBody;
exports.serviceErrorBody = serviceErrorBody;
const errors_1 = require("../../core/errors");
/** A request the service itself would refuse (its own 4xx, in its own error shape). */
class ServiceRequestError extends errors_1.AwsError {
}
exports.ServiceRequestError = ServiceRequestError;
/** Something the local cloud does not emulate: 500 with a clear execution log line. */
class UnsupportedIntegrationError extends Error {
}
exports.UnsupportedIntegrationError = UnsupportedIntegrationError;
const SNS_PUBLISH_KEYS = /^(Action|Version|TopicArn|TargetArn|Message|Subject|MessageAttributes\.entry\.\d+\.(Name|Value\.DataType|Value\.StringValue|Value\.BinaryValue))$/;
const SQS_SEND_KEYS = /^(Action|Version|QueueUrl|MessageBody|DelaySeconds|MessageAttribute\.\d+\.(Name|Value\.DataType|Value\.StringValue|Value\.BinaryValue))$/;
function attributes(params, prefix) {
    const byIndex = new Map();
    for (const [key, value] of params) {
        const match = prefix.exec(key);
        if (!match)
            continue;
        const index = match[1];
        const entry = byIndex.get(index) ?? {};
        entry[match[2]] = value;
        byIndex.set(index, entry);
    }
    if (byIndex.size === 0)
        return undefined;
    const out = {};
    for (const entry of byIndex.values()) {
        const name = entry.Name;
        const dataType = entry['Value.DataType'];
        if (!name || !dataType) {
            throw new ServiceRequestError('InvalidParameterValue', 'The message attribute must have a name and a data type.', 400);
        }
        out[name] = {
            DataType: dataType,
            ...(entry['Value.StringValue'] !== undefined ? { StringValue: entry['Value.StringValue'] } : {}),
            ...(entry['Value.BinaryValue'] !== undefined ? { BinaryValue: entry['Value.BinaryValue'] } : {}),
        };
    }
    return out;
}
/**
 * Decodes the integration request into a service call. `accountId`/`region` resolve SQS path-style URIs.
 */
function decodeServiceCall(uri, params, where) {
    if (uri.kind === 'action' && !params.has('Action'))
        params.set('Action', uri.rest);
    const action = params.get('Action');
    if (!action) {
        throw new ServiceRequestError('MissingAction', 'The request must contain the parameter Action.', 400);
    }
    if (uri.service === 'sns') {
        if (action !== 'Publish') {
            throw new UnsupportedIntegrationError(`SNS action ${action} is not supported by the local API Gateway (Publish is)`);
        }
        for (const key of params.keys()) {
            if (!SNS_PUBLISH_KEYS.test(key)) {
                throw new UnsupportedIntegrationError(`SNS Publish parameter ${key} is not supported by the local API Gateway`);
            }
        }
        const targetArn = params.get('TopicArn') ?? params.get('TargetArn');
        if (!targetArn) {
            throw new ServiceRequestError('InvalidParameter', 'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter', 400);
        }
        const message = params.get('Message');
        if (message === null || message === '') {
            throw new ServiceRequestError('InvalidParameter', 'Invalid parameter: Empty message', 400);
        }
        const subject = params.get('Subject');
        const messageAttributes = attributes(params, /^MessageAttributes\.entry\.(\d+)\.(Name|Value\.DataType|Value\.StringValue|Value\.BinaryValue)$/);
        return {
            service: 'sns',
            action,
            targetArn,
            payload: {
                body: message,
                ...(subject ? { subject } : {}),
                ...(messageAttributes ? { messageAttributes } : {}),
            },
        };
    }
    if (uri.service === 'sqs') {
        if (action !== 'SendMessage') {
            throw new UnsupportedIntegrationError(`SQS action ${action} is not supported by the local API Gateway (SendMessage is)`);
        }
        for (const key of params.keys()) {
            if (!SQS_SEND_KEYS.test(key)) {
                throw new UnsupportedIntegrationError(`SQS SendMessage parameter ${key} is not supported by the local API Gateway`);
            }
        }
        const delay = params.get('DelaySeconds');
        if (delay && delay !== '0') {
            throw new UnsupportedIntegrationError('SQS SendMessage DelaySeconds through API Gateway is not supported locally');
        }
        let account;
        let queueName;
        if (uri.kind === 'path') {
            const match = /^(\d{12})\/([^/]+)$/.exec(uri.rest);
            if (match)
                [, account, queueName] = match;
        }
        const queueUrl = params.get('QueueUrl');
        if (!queueName && queueUrl) {
            const match = /\/(\d{12})\/([^/?]+)$/.exec(queueUrl);
            if (match)
                [, account, queueName] = match;
        }
        if (!queueName || !account) {
            throw new ServiceRequestError('MissingParameter', 'The request must contain the parameter QueueUrl.', 400);
        }
        const body = params.get('MessageBody');
        if (body === null || body === '') {
            throw new ServiceRequestError('MissingParameter', 'The request must contain the parameter MessageBody.', 400);
        }
        const messageAttributes = attributes(params, /^MessageAttribute\.(\d+)\.(Name|Value\.DataType|Value\.StringValue|Value\.BinaryValue)$/);
        return {
            service: 'sqs',
            action,
            targetArn: `arn:aws:sqs:${uri.region || where.region}:${account}:${queueName}`,
            payload: { body, ...(messageAttributes ? { messageAttributes } : {}) },
        };
    }
    throw new UnsupportedIntegrationError(`AWS integrations with ${uri.service} are not supported by the local API Gateway`);
}
/** The service's JSON answer for a successful call (what `$input` sees in integration response templates). */
function serviceSuccessBody(call, messageId, requestId, md5OfBody) {
    if (call.service === 'sns') {
        return JSON.stringify({
            PublishResponse: {
                PublishResult: { MessageId: messageId, SequenceNumber: null },
                ResponseMetadata: { RequestId: requestId },
            },
        });
    }
    return JSON.stringify({
        SendMessageResponse: {
            SendMessageResult: {
                MD5OfMessageAttributes: null,
                MD5OfMessageBody: md5OfBody,
                MD5OfMessageSystemAttributes: null,
                MessageId: messageId,
                SequenceNumber: null,
            },
            ResponseMetadata: { RequestId: requestId },
        },
    });
}
/** The service's JSON error answer: `{"Error":{"Code","Message","Type"},"RequestId"}`. */
function serviceErrorBody(service, error, requestId) {
    // SNS reports a denied role as AuthorizationError (reference/aws-wire-and-event-shapes.md §1.2).
    const code = service === 'sns' && error.code === 'AccessDenied' ? 'AuthorizationError' : error.code;
    return JSON.stringify({ Error: { Code: code, Message: error.message, Type: error.fault }, RequestId: requestId });
}
