"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Reader = exports.unsupported = exports.invalid = void 0;
exports.jsonBody = jsonBody;
exports.constraintError = constraintError;
exports.paginate = paginate;
const errors_1 = require("../../core/errors");
/** Decodes a restJson1 request body (an empty body is `{}`). */
function jsonBody(request) {
    if (request.body.length === 0)
        return {};
    let parsed;
    try {
        parsed = JSON.parse(request.body.toString('utf8'));
    }
    catch {
        throw new errors_1.AwsError('InvalidRequestContentException', 'Could not parse request body into json', 400);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new errors_1.AwsError('InvalidRequestContentException', 'Could not parse request body into json', 400);
    }
    return parsed;
}
/** AWS's model-constraint message: `1 validation error detected: Value '…' at '…' failed to satisfy constraint: …`. */
function constraintError(value, member, constraint) {
    const shown = typeof value === 'string' ? value : JSON.stringify(value);
    return new errors_1.AwsError('ValidationException', `1 validation error detected: Value '${shown}' at '${member}' failed to satisfy constraint: ${constraint}`, 400);
}
const invalid = (message) => new errors_1.AwsError('InvalidParameterValueException', message, 400);
exports.invalid = invalid;
/** Refusal of a setting local-cloud does not emulate (never stored and ignored). */
const unsupported = (what) => new errors_1.AwsError('InvalidParameterValueException', `local-cloud does not support ${what}`, 400);
exports.unsupported = unsupported;
class Reader {
    input;
    constructor(input) {
        this.input = input;
    }
    has(key) {
        return this.input[key] !== undefined && this.input[key] !== null;
    }
    string(key, member = lowerFirst(key)) {
        const value = this.input[key];
        if (value === undefined || value === null)
            return undefined;
        if (typeof value !== 'string')
            throw constraintError(value, member, 'Member must be a string');
        return value;
    }
    integer(key, member = lowerFirst(key), range = {}) {
        const value = this.input[key];
        if (value === undefined || value === null)
            return undefined;
        if (typeof value !== 'number' || !Number.isInteger(value)) {
            throw constraintError(value, member, 'Member must be an integer');
        }
        if (range.min !== undefined && value < range.min) {
            throw constraintError(value, member, `Member must have value greater than or equal to ${range.min}`);
        }
        if (range.max !== undefined && value > range.max) {
            throw constraintError(value, member, `Member must have value less than or equal to ${range.max}`);
        }
        return value;
    }
    boolean(key) {
        const value = this.input[key];
        if (value === undefined || value === null)
            return undefined;
        if (typeof value !== 'boolean')
            throw constraintError(value, lowerFirst(key), 'Member must be a boolean');
        return value;
    }
    object(key) {
        const value = this.input[key];
        if (value === undefined || value === null)
            return undefined;
        if (typeof value !== 'object' || Array.isArray(value)) {
            throw constraintError(value, lowerFirst(key), 'Member must be an object');
        }
        return value;
    }
    stringMap(key, member = lowerFirst(key)) {
        const value = this.object(key);
        if (!value)
            return undefined;
        const out = {};
        for (const [k, v] of Object.entries(value)) {
            if (typeof v !== 'string')
                throw constraintError(v, `${member}.${k}`, 'Member must be a string');
            out[k] = v;
        }
        return out;
    }
    stringArray(key) {
        const value = this.input[key];
        if (value === undefined || value === null)
            return undefined;
        if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
            throw constraintError(value, lowerFirst(key), 'Member must be a list of strings');
        }
        return value;
    }
}
exports.Reader = Reader;
const lowerFirst = (key) => key.charAt(0).toLowerCase() + key.slice(1);
/** Pagination over a sorted list with an opaque marker (the index of the next item). */
function paginate(items, marker, maxItems, defaultMax = 50) {
    let start = 0;
    if (marker) {
        const decoded = Number(Buffer.from(marker, 'base64').toString('utf8'));
        if (!Number.isInteger(decoded) || decoded < 0)
            throw (0, exports.invalid)('Invalid marker');
        start = decoded;
    }
    let max = defaultMax;
    if (maxItems !== null && maxItems !== '') {
        max = Number(maxItems);
        if (!Number.isInteger(max) || max < 1 || max > 10_000) {
            throw constraintError(maxItems, 'maxItems', 'Member must have value between 1 and 10000');
        }
    }
    const page = items.slice(start, start + max);
    const next = start + max < items.length ? Buffer.from(String(start + max)).toString('base64') : undefined;
    return { page, nextMarker: next };
}
