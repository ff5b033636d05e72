"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MAX_ATTRIBUTES = exports.validText = void 0;
exports.checkBody = checkBody;
exports.checkMessageAttributes = checkMessageAttributes;
exports.checkSystemAttributes = checkSystemAttributes;
exports.checkFifoId = checkFifoId;
exports.checkSize = checkSize;
const errors_1 = require("./errors");
/**
 * Message validation with AWS's limits and messages: body characters, size (body + attributes ≤ the
 * queue's MaximumMessageSize), ≤10 message attributes with reserved prefixes refused, AWSTraceHeader as
 * the only system attribute, FIFO id format. reference/aws-wire-and-event-shapes.md §2.
 */
// #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF (lone surrogates fail the `u` match).
const VALID_TEXT = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const PLAIN_ASCII = /^[\t\n\r\u0020-\u007e]*$/;
const validText = (text) => PLAIN_ASCII.test(text) || VALID_TEXT.test(text);
exports.validText = validText;
exports.MAX_ATTRIBUTES = 10;
const NAME_CHARS = /^[A-Za-z0-9_.-]+$/;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const FIFO_ID = /^[\x21-\x7e]{1,128}$/;
function checkBody(body) {
    if (body === undefined || body === null || body === '')
        throw (0, errors_1.missingParameter)('MessageBody');
    if (typeof body !== 'string')
        throw (0, errors_1.invalidParameter)('Value for parameter MessageBody is invalid. Reason: must be a string.');
    if (!(0, exports.validText)(body))
        throw (0, errors_1.invalidMessageContents)();
    return body;
}
/** Validates and normalises message attributes; returns them and their size in bytes. */
function checkMessageAttributes(raw) {
    if (raw === undefined || raw === null)
        return { attributes: undefined, bytes: 0 };
    if (typeof raw !== 'object' || Array.isArray(raw)) {
        throw (0, errors_1.invalidParameter)('Value for parameter MessageAttributes is invalid. Reason: must be a map.');
    }
    const entries = Object.entries(raw);
    if (entries.length === 0)
        return { attributes: undefined, bytes: 0 };
    if (entries.length > exports.MAX_ATTRIBUTES) {
        throw (0, errors_1.invalidParameter)(`Number of message attributes [${entries.length}] exceeds the allowed maximum [${exports.MAX_ATTRIBUTES}].`);
    }
    const attributes = {};
    let bytes = 0;
    for (const [name, value] of entries) {
        checkAttributeName(name);
        const checked = checkAttributeValue(name, value, 'message (user)');
        attributes[name] = checked.value;
        bytes += Buffer.byteLength(name) + checked.bytes;
    }
    return { attributes, bytes };
}
function checkAttributeName(name) {
    if (name.length === 0)
        throw (0, errors_1.invalidParameter)('Message (user) attribute name must not be empty.');
    if (Buffer.byteLength(name) > 256) {
        throw (0, errors_1.invalidParameter)('Message (user) attribute names must be shorter than 256 Bytes');
    }
    if (!NAME_CHARS.test(name)) {
        throw (0, errors_1.invalidParameter)('Message (user) attributes name can only contain upper and lower score characters, digits, periods, hyphens and underscores. ');
    }
    const lower = name.toLowerCase();
    if (lower.startsWith('aws.') ||
        lower.startsWith('amazon.') ||
        name.startsWith('.') ||
        name.endsWith('.') ||
        name.includes('..')) {
        throw (0, errors_1.invalidParameter)("You can't use message attribute names beginning with 'AWS.' or 'Amazon.'. These strings are reserved for internal use. Additionally, they cannot start or end with '.'.");
    }
}
function checkAttributeValue(name, raw, kind) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        throw (0, errors_1.invalidParameter)(`The ${kind} attribute '${name}' must be a structure.`);
    }
    const v = raw;
    const dataType = v.DataType;
    if (typeof dataType !== 'string' || dataType === '') {
        throw (0, errors_1.invalidParameter)(`The message attribute '${name}' must contain a non-empty message attribute type.`);
    }
    if (Buffer.byteLength(dataType) > 256) {
        throw (0, errors_1.invalidParameter)('Message (user) attribute types must be shorter than 256 Bytes');
    }
    const base = /^(String|Number|Binary)(\.[^.].*)?$/.exec(dataType)?.[1];
    if (!base || !(0, exports.validText)(dataType)) {
        throw (0, errors_1.invalidParameter)(`The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`);
    }
    const hasList = (Array.isArray(v.StringListValues) && v.StringListValues.length > 0) ||
        (Array.isArray(v.BinaryListValues) && v.BinaryListValues.length > 0);
    if (hasList) {
        throw (0, errors_1.invalidParameter)('Message attribute list values in SendMessage operation are not supported.');
    }
    const typeBytes = Buffer.byteLength(dataType);
    if (base === 'Binary') {
        const binary = v.BinaryValue;
        if (typeof binary !== 'string' || binary === '') {
            throw (0, errors_1.invalidParameter)(`The message attribute '${name}' with type 'Binary' must use field 'Binary'.`);
        }
        const decoded = Buffer.from(binary, 'base64');
        if (decoded.length === 0) {
            throw (0, errors_1.invalidParameter)(`The message attribute '${name}' with type 'Binary' must use field 'Binary'.`);
        }
        return {
            value: { DataType: dataType, BinaryValue: decoded.toString('base64') },
            bytes: typeBytes + decoded.length,
        };
    }
    const text = v.StringValue;
    if (typeof text !== 'string' || text === '') {
        throw (0, errors_1.invalidParameter)(`The message attribute '${name}' with type '${base}' must use field 'String'.`);
    }
    if (!(0, exports.validText)(text)) {
        const err = (0, errors_1.invalidMessageContents)();
        throw (0, errors_1.invalidParameter)(err.message);
    }
    if (base === 'Number' && (!NUMBER.test(text) || !Number.isFinite(Number(text)))) {
        throw (0, errors_1.invalidParameter)(`Can't cast the value of message (user) attribute '${name}' to a number.`);
    }
    return { value: { DataType: dataType, StringValue: text }, bytes: typeBytes + Buffer.byteLength(text) };
}
/** MessageSystemAttributes: only AWSTraceHeader (a String) may be sent [model]. */
function checkSystemAttributes(raw) {
    if (raw === undefined || raw === null)
        return undefined;
    if (typeof raw !== 'object' || Array.isArray(raw)) {
        throw (0, errors_1.invalidParameter)('Value for parameter MessageSystemAttributes is invalid. Reason: must be a map.');
    }
    const entries = Object.entries(raw);
    if (entries.length === 0)
        return undefined;
    const out = {};
    for (const [name, value] of entries) {
        if (name !== 'AWSTraceHeader') {
            throw (0, errors_1.invalidParameter)(`Message system attribute name '${name}' is invalid.`);
        }
        const checked = checkAttributeValue(name, value, 'message system');
        if (checked.value.DataType !== 'String') {
            throw (0, errors_1.invalidParameter)(`The message system attribute '${name}' must use the 'String' data type.`);
        }
        out[name] = checked.value;
    }
    return out;
}
function checkFifoId(value, parameter) {
    if (value === undefined || value === null)
        return undefined;
    if (typeof value !== 'string' || !FIFO_ID.test(value)) {
        throw (0, errors_1.invalidParameter)(`Value ${String(value)} for parameter ${parameter} is invalid. Reason: ${parameter} can only include alphanumeric and punctuation characters. 1 to 128 in length.`);
    }
    return value;
}
function checkSize(bodyBytes, attributeBytes, maximum) {
    if (bodyBytes + attributeBytes > maximum) {
        throw (0, errors_1.invalidParameter)(`One or more parameters are invalid. Reason: Message must be shorter than ${maximum} bytes.`);
    }
}
