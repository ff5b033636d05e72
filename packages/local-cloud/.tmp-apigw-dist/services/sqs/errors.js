"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.entryCode = exports.batchError = exports.invalidMessageContents = exports.messageNotInflight = exports.invalidReceiptHandle = exports.invalidAttributeValue = exports.invalidAttributeName = exports.missingParameter = exports.invalidParameter = exports.queueDoesNotExist = void 0;
const errors_1 = require("../../core/errors");
/**
 * SQS errors in AWS's query-compatible JSON shape: `__type` is the model's shape name, the
 * `x-amzn-query-error` header carries the query code (reference/aws-wire-and-event-shapes.md §1.1).
 */
const queueDoesNotExist = () => new errors_1.AwsError('QueueDoesNotExist', 'The specified queue does not exist.', 400, {
    queryCode: 'AWS.SimpleQueueService.NonExistentQueue',
});
exports.queueDoesNotExist = queueDoesNotExist;
/** Unmodeled InvalidParameterValueException, sent as `InvalidParameterValue` in the query header. */
const invalidParameter = (message) => new errors_1.AwsError('InvalidParameterValueException', message, 400, { queryCode: 'InvalidParameterValue' });
exports.invalidParameter = invalidParameter;
const missingParameter = (name) => new errors_1.AwsError('MissingRequiredParameterException', `The request must contain the parameter ${name}.`, 400, {
    queryCode: 'MissingParameter',
});
exports.missingParameter = missingParameter;
const invalidAttributeName = (message) => new errors_1.AwsError('InvalidAttributeName', message, 400);
exports.invalidAttributeName = invalidAttributeName;
const invalidAttributeValue = (message) => new errors_1.AwsError('InvalidAttributeValue', message, 400);
exports.invalidAttributeValue = invalidAttributeValue;
const invalidReceiptHandle = (handle) => new errors_1.AwsError('ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`, 404, {
    queryCode: 'ReceiptHandleIsInvalid',
});
exports.invalidReceiptHandle = invalidReceiptHandle;
const messageNotInflight = () => new errors_1.AwsError('MessageNotInflight', "The specified message isn't in flight.", 400, {
    queryCode: 'AWS.SimpleQueueService.MessageNotInflight',
});
exports.messageNotInflight = messageNotInflight;
const invalidMessageContents = () => new errors_1.AwsError('InvalidMessageContents', 'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF', 400);
exports.invalidMessageContents = invalidMessageContents;
const batchError = (code, queryCode, message) => new errors_1.AwsError(code, message, 400, { queryCode: `AWS.SimpleQueueService.${queryCode}` });
exports.batchError = batchError;
/** The code a batch result entry reports for a failed entry (the query code, as AWS's `Code` member). */
const entryCode = (error) => error.queryCode ?? error.code;
exports.entryCode = entryCode;
