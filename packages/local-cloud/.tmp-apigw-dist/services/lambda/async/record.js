"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SNS_MESSAGE_LIMIT_BYTES = void 0;
exports.parseJsonish = parseJsonish;
exports.buildRecord = buildRecord;
exports.recordForSns = recordForSns;
exports.eventBridgeDetailType = eventBridgeDetailType;
exports.truncateUtf8 = truncateUtf8;
exports.dlqAttributes = dlqAttributes;
exports.functionErrorMessage = functionErrorMessage;
/** Parses JSON when it is JSON; AWS puts the parsed value in the record (non-JSON stays a string). */
function parseJsonish(text) {
    if (text.length === 0)
        return null;
    try {
        return JSON.parse(text);
    }
    catch {
        return text;
    }
}
/**
 * The invocation record, fields in AWS's order (recorded SQS bodies, §3 / §7):
 * version, timestamp, requestContext{requestId, functionArn, condition, approximateInvokeCount},
 * requestPayload, responseContext{statusCode, executedVersion, functionError?}, responsePayload.
 * `ZeroReservedConcurrency` (and any ending where the function never ran) has no responseContext or
 * responsePayload.
 */
function buildRecord(input) {
    const record = {
        version: '1.0',
        timestamp: input.timestamp.toISOString(),
        requestContext: {
            requestId: input.requestId,
            functionArn: input.qualifiedFunctionArn,
            condition: input.condition,
            approximateInvokeCount: input.approximateInvokeCount,
        },
        requestPayload: parseJsonish(input.requestPayload),
    };
    if (input.condition !== 'ZeroReservedConcurrency' && input.response) {
        const responseContext = {
            statusCode: 200,
            executedVersion: input.response.executedVersion,
        };
        if (input.response.functionError)
            responseContext.functionError = input.response.functionError;
        record.responseContext = responseContext;
        record.responsePayload = parseJsonish(input.response.payload);
    }
    return record;
}
/** SNS messages are limited to 256 KB: Lambda "will drop the payload" (BC OnFailure doc). */
exports.SNS_MESSAGE_LIMIT_BYTES = 262_144;
/**
 * The record for an SNS destination: when it is over 256 KB, the request and response payloads are dropped
 * (BC: "Lambda will drop the payload when sending OnFailure event"). The exact resulting shape is
 * [UNCONFIRMED]; we keep every other field, in order, and omit `requestPayload` and `responsePayload`.
 */
function recordForSns(record) {
    const body = JSON.stringify(record);
    if (Buffer.byteLength(body, 'utf8') <= exports.SNS_MESSAGE_LIMIT_BYTES)
        return { body, dropped: false };
    const { requestPayload: _request, responsePayload: _response, ...rest } = record;
    return { body: JSON.stringify(rest), dropped: true };
}
/** `Lambda Function Invocation Result - Success|Failure`, with an ASCII hyphen U+002D (§3, recorded). */
function eventBridgeDetailType(condition) {
    return condition === 'Success'
        ? 'Lambda Function Invocation Result - Success'
        : 'Lambda Function Invocation Result - Failure';
}
/** Truncates to at most `maxBytes` of UTF-8 without splitting a character. */
function truncateUtf8(text, maxBytes) {
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length <= maxBytes)
        return text;
    let end = maxBytes;
    // Step back over continuation bytes (10xxxxxx) so the cut lands on a character boundary.
    while (end > 0 && (bytes[end] & 0xc0) === 0x80)
        end--;
    return bytes.subarray(0, end).toString('utf8');
}
/**
 * DLQ message attributes (DG, §4): `RequestID` (String, the invocation's request id), `ErrorCode` (Number,
 * the HTTP status code: "200" for a function error, recorded), `ErrorMessage` (String, first 1 KB).
 */
function dlqAttributes(requestId, errorCode, errorMessage) {
    return {
        RequestID: { DataType: 'String', StringValue: requestId },
        ErrorCode: { DataType: 'Number', StringValue: String(errorCode) },
        ErrorMessage: { DataType: 'String', StringValue: truncateUtf8(errorMessage, 1024) },
    };
}
/** The error message of a function error: the runtime's `errorMessage`, else the payload text. */
function functionErrorMessage(response) {
    if (response.errorMessage !== undefined)
        return response.errorMessage;
    const parsed = parseJsonish(response.payload);
    if (parsed &&
        typeof parsed === 'object' &&
        typeof parsed.errorMessage === 'string') {
        return parsed.errorMessage;
    }
    return response.payload;
}
