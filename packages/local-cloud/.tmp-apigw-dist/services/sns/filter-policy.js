"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.FilterPolicyError = void 0;
exports.parseFilterPolicy = parseFilterPolicy;
exports.matchesFilterPolicy = matchesFilterPolicy;
class FilterPolicyError extends Error {
}
exports.FilterPolicyError = FilterPolicyError;
const MAX_KEYS = 5;
const MAX_COMBINATIONS = 150;
const MAX_POLICY_BYTES = 256 * 1024;
const NUMERIC_LIMIT = 1e9;
const OPERATORS = new Set([
    'prefix',
    'suffix',
    'anything-but',
    'numeric',
    'exists',
    'equals-ignore-case',
    'cidr',
]);
const fail = (reason) => {
    throw new FilterPolicyError(reason);
};
function checkRule(rule, key) {
    if (rule === null || typeof rule === 'string' || typeof rule === 'boolean')
        return;
    if (typeof rule === 'number') {
        if (!Number.isFinite(rule) || Math.abs(rule) > NUMERIC_LIMIT)
            fail(`Value of ${key} is out of the range [-1e9, 1e9]`);
        return;
    }
    if (typeof rule !== 'object' || Array.isArray(rule))
        fail(`Match value must be String, number, true, false, or null`);
    const entries = Object.entries(rule);
    if (entries.length !== 1)
        fail(`Only one operator is allowed in a match rule for ${key}`);
    const [operator, value] = entries[0];
    if (!OPERATORS.has(operator))
        fail(`Unrecognized match type ${operator}`);
    switch (operator) {
        case 'prefix':
        case 'suffix':
        case 'equals-ignore-case':
            if (typeof value !== 'string')
                fail(`${operator} match pattern must be a string`);
            return;
        case 'exists':
            if (typeof value !== 'boolean')
                fail('exists match pattern must be either true or false.');
            return;
        case 'cidr':
            if (typeof value !== 'string' || !parseCidr(value))
                fail(`Malformed CIDR, one '/' required`);
            return;
        case 'numeric': {
            if (!Array.isArray(value) || (value.length !== 2 && value.length !== 4)) {
                fail('Value of numeric must be an array with 2 or 4 elements.');
            }
            const parts = value;
            for (let i = 0; i < parts.length; i += 2) {
                const op = parts[i];
                const n = parts[i + 1];
                if (typeof op !== 'string' || !['=', '<', '<=', '>', '>='].includes(op))
                    fail(`Unrecognized numeric range operator: ${String(op)}`);
                if (typeof n !== 'number' || Math.abs(n) > NUMERIC_LIMIT)
                    fail('Value of numeric must be a number in the range [-1e9, 1e9]');
            }
            if (parts.length === 4) {
                if (!['>', '>='].includes(parts[0]) || !['<', '<='].includes(parts[2])) {
                    fail('Too many elements in numeric expression');
                }
                if (parts[1] >= parts[3])
                    fail('Bottom must be less than top');
            }
            return;
        }
        case 'anything-but': {
            if (typeof value === 'string' || typeof value === 'number')
                return;
            if (Array.isArray(value)) {
                if (value.length === 0)
                    fail('Empty arrays are not allowed');
                const strings = value.every((v) => typeof v === 'string');
                const numbers = value.every((v) => typeof v === 'number');
                if (!strings && !numbers)
                    fail('Inside anything but list, mixed types are not allowed');
                return;
            }
            if (typeof value === 'object' && value !== null) {
                const inner = Object.entries(value);
                if (inner.length !== 1)
                    fail('Value of anything-but must be an array or single string/number value.');
                const [innerOp, innerValue] = inner[0];
                if (innerOp === 'prefix' || innerOp === 'suffix') {
                    if (typeof innerValue !== 'string')
                        fail(`${innerOp} match pattern must be a string`);
                    return;
                }
                if (innerOp === 'equals-ignore-case') {
                    if (typeof innerValue === 'string')
                        return;
                    if (Array.isArray(innerValue) &&
                        innerValue.length > 0 &&
                        innerValue.every((v) => typeof v === 'string'))
                        return;
                    fail('equals-ignore-case match pattern must be a string or a list of strings');
                }
                fail(`Unsupported anything-but pattern: ${innerOp}`);
            }
            fail('Value of anything-but must be an array or single string/number value.');
        }
    }
}
/** Validates a policy and counts keys and combinations; returns the number of combinations. */
function checkNode(node, scope, depth, keys) {
    if (typeof node !== 'object' || node === null || Array.isArray(node))
        fail('Filter policy must be a JSON object');
    const entries = Object.entries(node);
    if (entries.length === 0)
        fail('Empty objects are not allowed');
    let combinations = 1;
    for (const [key, value] of entries) {
        if (key === '$or') {
            if (!Array.isArray(value) || value.length < 2)
                fail('$or must be an array of at least 2 objects');
            let sum = 0;
            for (const branch of value)
                sum += checkNode(branch, scope, depth, keys);
            combinations *= sum;
            continue;
        }
        if (Array.isArray(value)) {
            keys.count++;
            if (value.length === 0)
                fail(`Empty arrays are not allowed`);
            for (const rule of value)
                checkRule(rule, key);
            combinations *= value.length;
            continue;
        }
        if (scope === 'MessageAttributes') {
            fail('Filter policy scope MessageAttributes does not support nested filter policy');
        }
        combinations *= checkNode(value, scope, depth + 1, keys);
    }
    return combinations;
}
function parseFilterPolicy(text, scope) {
    if (Buffer.byteLength(text) > MAX_POLICY_BYTES)
        fail('Filter policy is too large');
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        return fail('failed to parse JSON.');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        fail('Filter policy must be a JSON object');
    if (Object.keys(value).length === 0)
        return {};
    const keys = { count: 0 };
    const combinations = checkNode(value, scope, 0, keys);
    if (keys.count > MAX_KEYS)
        fail(`Filter policy can not have more than ${MAX_KEYS} keys`);
    if (combinations > MAX_COMBINATIONS)
        fail('Filter policy is too complex');
    return value;
}
function parseCidr(text) {
    const [address, prefix] = text.split('/');
    if (address === undefined || prefix === undefined || !/^\d+$/.test(prefix))
        return undefined;
    const ip = parseIp(address);
    if (!ip)
        return undefined;
    const bits = Number(prefix);
    if (bits > ip.width)
        return undefined;
    return { base: ip.value, bits, width: ip.width };
}
function parseIp(text) {
    if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
        const parts = text.split('.').map(Number);
        if (parts.some((p) => p > 255))
            return undefined;
        return { value: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n), width: 32 };
    }
    if (text.includes(':')) {
        const [head, tail] = text.split('::');
        if (text.split('::').length > 2)
            return undefined;
        const headParts = head ? head.split(':') : [];
        const tailParts = tail ? tail.split(':') : [];
        const missing = 8 - headParts.length - tailParts.length;
        if (tail === undefined ? missing !== 0 : missing < 0)
            return undefined;
        const groups = [...headParts, ...Array(tail === undefined ? 0 : missing).fill('0'), ...tailParts];
        if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g)))
            return undefined;
        return {
            value: groups.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g, 16)), 0n),
            width: 128,
        };
    }
    return undefined;
}
function inCidr(cidr, value) {
    if (typeof value !== 'string')
        return false;
    const range = parseCidr(cidr);
    const ip = parseIp(value);
    if (!range || !ip || ip.width !== range.width)
        return false;
    const shift = BigInt(range.width - range.bits);
    return ip.value >> shift === range.base >> shift;
}
function numericMatches(parts, value) {
    if (typeof value !== 'number')
        return false;
    for (let i = 0; i < parts.length; i += 2) {
        const n = parts[i + 1];
        switch (parts[i]) {
            case '=':
                if (value !== n)
                    return false;
                break;
            case '<':
                if (!(value < n))
                    return false;
                break;
            case '<=':
                if (!(value <= n))
                    return false;
                break;
            case '>':
                if (!(value > n))
                    return false;
                break;
            case '>=':
                if (!(value >= n))
                    return false;
                break;
        }
    }
    return true;
}
function anythingBut(pattern, value) {
    if (Array.isArray(pattern))
        return !pattern.some((p) => p === value);
    if (typeof pattern === 'object' && pattern !== null) {
        if (typeof value !== 'string')
            return false;
        const [op, operand] = Object.entries(pattern)[0];
        if (op === 'prefix')
            return !value.startsWith(operand);
        if (op === 'suffix')
            return !value.endsWith(operand);
        const list = (Array.isArray(operand) ? operand : [operand]);
        return !list.some((s) => s.toLowerCase() === value.toLowerCase());
    }
    return pattern !== value;
}
function ruleMatches(rule, value) {
    if (rule === null || typeof rule !== 'object')
        return rule === value;
    const [op, operand] = Object.entries(rule)[0];
    switch (op) {
        case 'prefix':
            return typeof value === 'string' && value.startsWith(operand);
        case 'suffix':
            return typeof value === 'string' && value.endsWith(operand);
        case 'equals-ignore-case':
            return typeof value === 'string' && value.toLowerCase() === operand.toLowerCase();
        case 'numeric':
            return numericMatches(operand, value);
        case 'anything-but':
            return anythingBut(operand, value);
        case 'cidr':
            return inCidr(operand, value);
        case 'exists':
            return operand === true;
        default:
            return false;
    }
}
/** `undefined` = the key is absent. */
function leafMatches(rules, values) {
    if (values === undefined) {
        return rules.some((r) => typeof r === 'object' && r !== null && r.exists === false);
    }
    return rules.some((rule) => values.some((value) => ruleMatches(rule, value)));
}
function attributeValues(attribute) {
    if (!attribute)
        return undefined;
    const type = attribute.DataType;
    if (type.startsWith('Binary'))
        return undefined;
    const text = attribute.StringValue ?? '';
    if (type === 'String.Array') {
        try {
            const parsed = JSON.parse(text);
            if (Array.isArray(parsed)) {
                return parsed.filter((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v));
            }
        }
        catch {
            // Validated at publish; treat as absent otherwise.
        }
        return undefined;
    }
    if (type.startsWith('Number'))
        return [Number(text)];
    return [text];
}
function matchAttributes(node, attributes) {
    for (const [key, value] of Object.entries(node)) {
        if (key === '$or') {
            if (!value.some((branch) => matchAttributes(branch, attributes)))
                return false;
            continue;
        }
        if (!leafMatches(value, attributeValues(attributes[key])))
            return false;
    }
    return true;
}
function bodyValues(field) {
    if (field === undefined)
        return undefined;
    const list = Array.isArray(field) ? field : [field];
    return list.filter((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v));
}
function matchBody(node, body) {
    const object = typeof body === 'object' && body !== null && !Array.isArray(body)
        ? body
        : {};
    for (const [key, value] of Object.entries(node)) {
        if (key === '$or') {
            if (!value.some((branch) => matchBody(branch, body)))
                return false;
            continue;
        }
        const field = object[key];
        if (Array.isArray(value)) {
            if (!leafMatches(value, bodyValues(field)))
                return false;
            continue;
        }
        const nested = value;
        // An array of objects matches when one element matches the nested policy.
        const candidates = Array.isArray(field) ? field : [field];
        if (!candidates.some((candidate) => matchBody(nested, candidate)))
            return false;
    }
    return true;
}
/** Whether a message passes a (parsed) filter policy. A MessageBody policy never matches a non-JSON body. */
function matchesFilterPolicy(policy, scope, message) {
    if (Object.keys(policy).length === 0)
        return true;
    if (scope === 'MessageAttributes')
        return matchAttributes(policy, message.attributes);
    let body;
    try {
        body = JSON.parse(message.body);
    }
    catch {
        return false;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
        return false;
    return matchBody(policy, body);
}
