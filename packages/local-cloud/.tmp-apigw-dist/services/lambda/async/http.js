"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.epochSeconds = void 0;
exports.jsonBody = jsonBody;
exports.constraintError = constraintError;
exports.optionalInteger = optionalInteger;
exports.optionalString = optionalString;
exports.optionalObject = optionalObject;
const errors_1 = require("../../../core/errors");
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
/** An optional integer member within [min, max], with AWS's validation messages. */
function optionalInteger(input, key, member, min, max) {
    const value = input[key];
    if (value === undefined || value === null)
        return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
        throw new errors_1.AwsError('InvalidParameterValueException', `${key} must be an integer.`, 400);
    }
    if (value < min)
        throw constraintError(value, member, `Member must have value greater than or equal to ${min}`);
    if (value > max)
        throw constraintError(value, member, `Member must have value less than or equal to ${max}`);
    return value;
}
function optionalString(input, key) {
    const value = input[key];
    if (value === undefined || value === null)
        return undefined;
    if (typeof value !== 'string') {
        throw new errors_1.AwsError('InvalidParameterValueException', `${key} must be a string.`, 400);
    }
    return value;
}
function optionalObject(input, key) {
    const value = input[key];
    if (value === undefined || value === null)
        return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
        throw new errors_1.AwsError('InvalidParameterValueException', `${key} must be an object.`, 400);
    }
    return value;
}
const epochSeconds = (wallMs) => Math.round(wallMs) / 1000;
exports.epochSeconds = epochSeconds;
