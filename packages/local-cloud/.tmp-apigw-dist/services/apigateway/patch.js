"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.badRequest = void 0;
exports.pointerSegments = pointerSegments;
exports.checkOp = checkOp;
exports.requireValue = requireValue;
exports.parseBoolean = parseBoolean;
exports.parseInteger = parseInteger;
exports.patchStringMap = patchStringMap;
exports.patchBooleanMap = patchBooleanMap;
exports.patchStringList = patchStringList;
exports.unsupportedPath = unsupportedPath;
exports.readPatchOperations = readPatchOperations;
const errors_1 = require("../../core/errors");
/**
 * API Gateway's Update* operations take JSON-Patch-like `patchOperations` (`op` add/remove/replace, `path` a
 * JSON pointer with `~1` for `/` and `~0` for `~`, `value` always a string). Each entity declares the paths it
 * accepts; anything else is refused with AWS's BadRequestException instead of being silently ignored.
 */
const badRequest = (message) => new errors_1.AwsError('BadRequestException', message, 400);
exports.badRequest = badRequest;
/** Splits `/requestTemplates/application~1json` into `['requestTemplates', 'application/json']`. */
function pointerSegments(path) {
    if (!path.startsWith('/'))
        throw (0, exports.badRequest)(`Invalid patch path '${path}' specified`);
    return path
        .slice(1)
        .split('/')
        .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}
function checkOp(op, allowed) {
    if (!['add', 'remove', 'replace', 'move', 'copy', 'test'].includes(op.op)) {
        throw (0, exports.badRequest)(`Invalid patch operation specified. Must be one of: [add, remove, replace, move, copy]`);
    }
    if (!allowed.includes(op.op)) {
        throw (0, exports.badRequest)(`Invalid patch operation specified. Must be one of: [${allowed.join(', ')}]`);
    }
}
function requireValue(op) {
    if (op.value === undefined || op.value === null) {
        throw (0, exports.badRequest)(`Invalid null or empty value in patch operation for path ${op.path}`);
    }
    return op.value;
}
function parseBoolean(op) {
    const value = requireValue(op);
    if (value === 'true')
        return true;
    if (value === 'false')
        return false;
    throw (0, exports.badRequest)(`Invalid boolean value '${value}' for path ${op.path}`);
}
function parseInteger(op, min, max) {
    const value = requireValue(op);
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
        throw (0, exports.badRequest)(`Invalid value '${value}' for path ${op.path}: must be an integer between ${min} and ${max}`);
    }
    return n;
}
/** add/replace/remove of one key of a string map (`/requestTemplates/<key>`). */
function patchStringMap(map, op, key) {
    const out = { ...(map ?? {}) };
    if (op.op === 'remove') {
        if (!(key in out))
            throw (0, exports.badRequest)(`Invalid patch path ${op.path}: no such key`);
        delete out[key];
    }
    else {
        out[key] = op.value ?? '';
    }
    return Object.keys(out).length > 0 ? out : undefined;
}
/** add/replace/remove of one key of a boolean map (`/requestParameters/method.request.header.x`). */
function patchBooleanMap(map, op, key) {
    const out = { ...(map ?? {}) };
    if (op.op === 'remove') {
        if (!(key in out))
            throw (0, exports.badRequest)(`Invalid patch path ${op.path}: no such key`);
        delete out[key];
    }
    else {
        const value = op.value ?? 'false';
        if (value !== 'true' && value !== 'false') {
            throw (0, exports.badRequest)(`Invalid boolean value '${value}' for path ${op.path}`);
        }
        out[key] = value === 'true';
    }
    return Object.keys(out).length > 0 ? out : undefined;
}
/** add/remove of a member of a string list (`/binaryMediaTypes/image~1png`). */
function patchStringList(list, op, member) {
    const item = member && member !== '' ? member : op.value;
    if (!item)
        throw (0, exports.badRequest)(`Invalid patch path ${op.path}`);
    if (op.op === 'remove')
        return list.filter((existing) => existing !== item);
    if (op.op === 'replace') {
        if (!op.value)
            throw (0, exports.badRequest)(`Invalid null or empty value in patch operation for path ${op.path}`);
        return list.map((existing) => (existing === member ? op.value : existing));
    }
    return list.includes(item) ? list : [...list, item];
}
function unsupportedPath(op) {
    return (0, exports.badRequest)(`Invalid patch path '${op.path}' specified for op '${op.op}'. Must be one of the supported paths`);
}
function readPatchOperations(input) {
    if (input === undefined || input === null)
        return [];
    if (!Array.isArray(input))
        throw (0, exports.badRequest)('patchOperations must be a list');
    return input.map((raw, index) => {
        if (typeof raw !== 'object' || raw === null)
            throw (0, exports.badRequest)(`patchOperations[${index}] must be an object`);
        const { op, path, value, from } = raw;
        if (typeof op !== 'string' || typeof path !== 'string') {
            throw (0, exports.badRequest)(`patchOperations[${index}] needs an op and a path`);
        }
        return {
            op,
            path,
            ...(typeof value === 'string' ? { value } : {}),
            ...(typeof from === 'string' ? { from } : {}),
        };
    });
}
