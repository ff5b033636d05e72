"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.InputReader = void 0;
const errors_1 = require("./errors");
/**
 * Small readers for decoded operation input. Each names the parameter in its error, in the shape of
 * AWS's own messages, so a malformed call gets a clear 400 instead of a crash.
 */
class InputReader {
    input;
    errorCode;
    constructor(input, errorCode = 'InvalidParameterValue') {
        this.input = input;
        this.errorCode = errorCode;
    }
    raw(name) {
        return this.input[name];
    }
    has(name) {
        return this.input[name] !== undefined && this.input[name] !== null;
    }
    string(name) {
        const value = this.input[name];
        if (value === undefined || value === null)
            return undefined;
        if (typeof value !== 'string')
            throw this.invalid(name, 'must be a string');
        return value;
    }
    requiredString(name) {
        const value = this.string(name);
        if (value === undefined)
            throw this.missing(name);
        return value;
    }
    number(name, range) {
        const value = this.input[name];
        if (value === undefined || value === null)
            return undefined;
        const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
        if (typeof n !== 'number' || !Number.isFinite(n))
            throw this.invalid(name, 'must be a number');
        if (range?.min !== undefined && n < range.min)
            throw this.invalid(name, `must be at least ${range.min}`);
        if (range?.max !== undefined && n > range.max)
            throw this.invalid(name, `must be at most ${range.max}`);
        return n;
    }
    integer(name, range) {
        const n = this.number(name, range);
        if (n !== undefined && !Number.isInteger(n))
            throw this.invalid(name, 'must be an integer');
        return n;
    }
    boolean(name) {
        const value = this.input[name];
        if (value === undefined || value === null)
            return undefined;
        if (typeof value === 'boolean')
            return value;
        if (value === 'true')
            return true;
        if (value === 'false')
            return false;
        throw this.invalid(name, 'must be a boolean');
    }
    object(name) {
        const value = this.input[name];
        if (value === undefined || value === null)
            return undefined;
        if (typeof value !== 'object' || Array.isArray(value))
            throw this.invalid(name, 'must be an object');
        return value;
    }
    stringMap(name) {
        const value = this.object(name);
        if (!value)
            return undefined;
        const out = {};
        for (const [key, item] of Object.entries(value)) {
            if (typeof item !== 'string')
                throw this.invalid(`${name}.${key}`, 'must be a string');
            out[key] = item;
        }
        return out;
    }
    array(name) {
        const value = this.input[name];
        if (value === undefined || value === null)
            return undefined;
        if (!Array.isArray(value))
            throw this.invalid(name, 'must be a list');
        return value;
    }
    stringArray(name) {
        const value = this.array(name);
        if (!value)
            return undefined;
        return value.map((item, index) => {
            if (typeof item !== 'string')
                throw this.invalid(`${name}.${index + 1}`, 'must be a string');
            return item;
        });
    }
    missing(name) {
        return new errors_1.AwsError(this.errorCode === 'InvalidParameterValue' ? 'MissingParameter' : this.errorCode, `The request must contain the parameter ${name}.`, 400);
    }
    invalid(name, reason) {
        return new errors_1.AwsError(this.errorCode, `Value for parameter ${name} is invalid. Reason: ${name} ${reason}.`, 400);
    }
}
exports.InputReader = InputReader;
