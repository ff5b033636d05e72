"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.PatternError = void 0;
exports.compilePattern = compilePattern;
exports.flattenEvent = flattenEvent;
exports.matchesPattern = matchesPattern;
exports.testPattern = testPattern;
const node_net_1 = require("node:net");
/**
 * EventBridge event patterns: compile (with AWS's validation messages) and match.
 *
 * Semantics follow aws/event-ruler, the engine EventBridge runs (reference/aws-wire-and-event-shapes.md §5
 * "Patterns"): the event is flattened into leaf (dot-joined path, value) pairs; a pattern is compiled into
 * one or more branches (`$or` forks them), each a map path → allowed values. A branch matches when every
 * path has a leaf value matching one of its values (or is absent, for `exists:false`), and all the chosen
 * leaves come from the same element of any array they share ("array consistency").
 * Messages are those of event-ruler's JsonRuleCompiler, as AWS returns them after
 * "Event pattern is not valid. Reason: " (recorded in LocalStack's AWS-validated snapshots).
 */
class PatternError extends Error {
}
exports.PatternError = PatternError;
/** event-ruler's ComparableNumber range. */
const NUMBER_LIMIT = 5e9;
const OPERATORS = new Set([
    'prefix',
    'suffix',
    'equals-ignore-case',
    'wildcard',
    'numeric',
    'cidr',
    'exists',
    'anything-but',
]);
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const fail = (reason) => {
    throw new PatternError(reason);
};
/** Parses and validates a pattern. Throws PatternError with AWS's reason text. */
function compilePattern(text) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (error) {
        throw new PatternError(error.message);
    }
    if (!isObject(parsed))
        fail('Filter is not an object');
    const branches = compileObject(parsed, [], [new Map()], false);
    return { branches };
}
/** `$or` is an or-relationship only when it holds ≥2 objects that are not match expressions; otherwise a plain field. */
function isOrRelationship(value) {
    if (!Array.isArray(value) || value.length < 2)
        return false;
    return value.every((item) => isObject(item) && !Object.keys(item).some((key) => OPERATORS.has(key)));
}
function compileObject(object, path, branches, insideOr) {
    const keys = Object.keys(object);
    if (keys.length === 0)
        fail('Empty objects are not allowed');
    let current = branches;
    for (const key of keys) {
        const value = object[key];
        if (key === '$or' && isOrRelationship(value)) {
            const forked = [];
            for (const alternative of value) {
                const copies = current.map((branch) => new Map(branch));
                forked.push(...compileObject(alternative, path, copies, true));
            }
            current = forked;
            continue;
        }
        if (insideOr && OPERATORS.has(key)) {
            fail(`${key} is Ruler reserved fieldName which cannot be used inside $or.`);
        }
        if (Array.isArray(value)) {
            const matchers = compileLeaf(value);
            const name = [...path, key].join('.');
            for (const branch of current)
                branch.set(name, matchers);
        }
        else if (isObject(value)) {
            current = compileObject(value, [...path, key], current, insideOr);
        }
        else {
            fail(`"${key}" must be an object or an array`);
        }
    }
    return current;
}
function compileLeaf(values) {
    const matchers = [];
    for (const value of values) {
        if (isObject(value)) {
            matchers.push(compileExpression(value));
        }
        else if (typeof value === 'string') {
            const ip = ipRangeIfPossible(value);
            matchers.push(ip ? { k: 'exact', v: value, ip } : { k: 'exact', v: value });
        }
        else if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
            matchers.push({ k: 'exact', v: value });
        }
        else {
            fail('Match value must be String, number, true, false, or null');
        }
    }
    if (matchers.length === 0)
        fail('Empty arrays are not allowed');
    return matchers;
}
function onlyOneKey(expression) {
    if (Object.keys(expression).length > 1)
        fail('Only one key allowed in match expression');
}
function compileExpression(expression) {
    const keys = Object.keys(expression);
    const type = keys[0];
    if (type === undefined)
        return fail('Match expression name not found');
    const operand = expression[type];
    switch (type) {
        case 'prefix':
        case 'suffix': {
            onlyOneKey(expression);
            if (typeof operand === 'string')
                return { k: type, v: operand, ci: false };
            if (isObject(operand) && Object.keys(operand).length === 1) {
                const inner = operand['equals-ignore-case'];
                if (typeof inner === 'string')
                    return { k: type, v: inner.toLowerCase(), ci: true };
            }
            return fail(`${type} match pattern must be a string`);
        }
        case 'equals-ignore-case':
            onlyOneKey(expression);
            if (typeof operand !== 'string')
                fail('equals-ignore-case match pattern must be a string');
            return { k: 'eic', v: operand.toLowerCase() };
        case 'wildcard':
            onlyOneKey(expression);
            if (typeof operand !== 'string')
                fail('wildcard match pattern must be a string');
            return { k: 'wildcard', re: wildcardRegExp(operand) };
        case 'numeric':
            if (keys.length > 1)
                fail('Too many elements in numeric expression');
            if (!Array.isArray(operand))
                fail('Value of numeric must be an array.');
            return compileNumeric(operand);
        case 'exists':
            if (typeof operand !== 'boolean')
                fail('exists match pattern must be either true or false.');
            onlyOneKey(expression);
            return { k: 'exists', v: operand };
        case 'cidr':
            // event-ruler reports a non-string CIDR with the prefix message (recorded on AWS).
            if (typeof operand !== 'string')
                fail('prefix match pattern must be a string');
            onlyOneKey(expression);
            return { k: 'cidr', range: parseCidr(operand) };
        case 'anything-but':
            if (keys.length > 1)
                fail('Too many elements in numeric expression');
            return compileAnythingBut(operand);
        default:
            return fail(`Unrecognized match type ${type}`);
    }
}
function compileAnythingBut(operand) {
    if (isObject(operand)) {
        const keys = Object.keys(operand);
        const op = keys[0];
        if (op === undefined)
            return fail('Anything-But expression name not found');
        if (keys.length > 1)
            fail('Only one key allowed in match expression');
        const value = operand[op];
        const list = Array.isArray(value) ? value : [value];
        switch (op) {
            case 'prefix':
            case 'suffix': {
                if (isObject(value))
                    fail('Value of anything-but must be an array or single string/number value.');
                const strings = list.map((item) => typeof item === 'string' ? item : fail('prefix/suffix match pattern must be a string'));
                if (strings.length === 0 || strings.some((s) => s === ''))
                    fail('Null prefix/suffix not allowed');
                return { k: op === 'prefix' ? 'but-prefix' : 'but-suffix', v: strings, ci: false };
            }
            case 'equals-ignore-case': {
                const strings = list.map((item) => typeof item === 'string'
                    ? item.toLowerCase()
                    : fail('Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.'));
                if (strings.length === 0)
                    fail('Empty arrays are not allowed');
                return { k: 'but-eic', v: new Set(strings) };
            }
            case 'wildcard': {
                const patterns = list.map((item) => typeof item === 'string' ? wildcardRegExp(item) : fail('wildcard match pattern must be a string'));
                if (patterns.length === 0)
                    fail('Empty arrays are not allowed');
                return { k: 'but-wildcard', re: patterns };
            }
            default:
                return fail(`Unsupported anything-but pattern: ${op}`);
        }
    }
    if (typeof operand === 'string')
        return { k: 'but-values', strings: new Set([operand]), numbers: [] };
    if (typeof operand === 'number') {
        checkNumber(operand);
        return { k: 'but-values', strings: new Set(), numbers: [operand] };
    }
    if (Array.isArray(operand)) {
        let hasString = false;
        let hasNumber = false;
        const strings = new Set();
        const numbers = [];
        for (const item of operand) {
            if (typeof item === 'string') {
                hasString = true;
                strings.add(item);
            }
            else if (typeof item === 'number') {
                checkNumber(item);
                hasNumber = true;
                numbers.push(item);
            }
            else {
                fail('Inside anything but list, start|null|boolean is not supported.');
            }
        }
        if (hasString === hasNumber) {
            fail('Inside anything but list, either all values are number or string, mixed type is not supported');
        }
        return { k: 'but-values', strings, numbers };
    }
    return fail('Value of anything-but must be an array or single string/number value.');
}
function checkNumber(value) {
    if (value < -NUMBER_LIMIT || value > NUMBER_LIMIT)
        fail('Value must be between -5.0E9 and 5.0E9, inclusive');
}
function compileNumeric(terms) {
    const [op, value, op2, value2, ...rest] = terms;
    if (typeof op !== 'string')
        return fail(`Invalid member in numeric match: ${JSON.stringify(op)}`);
    const numeric = (v, name) => {
        if (typeof v !== 'number')
            fail(`Value of ${name} must be numeric`);
        checkNumber(v);
        return v;
    };
    switch (op) {
        case '=': {
            const n = numeric(value, 'equals');
            if (terms.length > 2)
                fail('Too many elements in numeric expression');
            return { k: 'numeric', lo: n, loOpen: false, hi: n, hiOpen: false };
        }
        case '<':
        case '<=': {
            const n = numeric(value, op);
            if (terms.length > 2)
                fail('Too many elements in numeric expression');
            return { k: 'numeric', hi: n, hiOpen: op === '<' };
        }
        case '>':
        case '>=': {
            const lo = numeric(value, op);
            if (terms.length === 2)
                return { k: 'numeric', lo, loOpen: op === '>' };
            if (typeof op2 !== 'string')
                return fail(`Bad value in numeric range: ${JSON.stringify(op2)}`);
            if (op2 !== '<' && op2 !== '<=')
                return fail(`Bad numeric range operator: ${op2}`);
            const hi = numeric(value2, op2);
            if (rest.length > 0)
                fail('Too many terms in numeric range expression');
            if (!(lo < hi))
                fail('Bottom must be less than top');
            return { k: 'numeric', lo, loOpen: op === '>', hi, hiOpen: op2 === '<' };
        }
        default:
            return fail(`Unrecognized numeric range operator: ${op}`);
    }
}
/** `*` matches any run of characters; `\*` is a literal star and `\\` a literal backslash. */
function wildcardRegExp(pattern) {
    let source = '';
    let previousStar = false;
    for (let i = 0; i < pattern.length; i++) {
        const ch = pattern[i];
        if (ch === '\\') {
            const next = pattern[i + 1];
            if (next !== '*' && next !== '\\')
                fail(`Invalid escape character at pos ${i}`);
            source += `\\${next}`;
            i++;
            previousStar = false;
            continue;
        }
        if (ch === '*') {
            if (previousStar)
                fail(`Consecutive wildcard characters at pos ${i}`);
            source += '.*';
            previousStar = true;
            continue;
        }
        previousStar = false;
        source += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
    return new RegExp(`^${source}$`, 's');
}
// --- IP addresses and CIDR ----------------------------------------------------------------------
function ipToBigInt(ip) {
    const kind = (0, node_net_1.isIP)(ip);
    if (kind === 4) {
        const parts = ip.split('.').map(Number);
        return { v6: false, value: parts.reduce((acc, part) => (acc << 8n) + BigInt(part), 0n) };
    }
    if (kind === 6) {
        let text = ip;
        // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hextets.
        const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
        if (v4?.[1]) {
            const n = ipToBigInt(v4[1])?.value ?? 0n;
            text = `${text.slice(0, -v4[1].length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
        }
        const [head, tail] = text.split('::');
        const headParts = head ? head.split(':') : [];
        const tailParts = tail ? tail.split(':') : [];
        const missing = 8 - headParts.length - tailParts.length;
        const parts = [...headParts, ...Array(tail === undefined ? 0 : missing).fill('0'), ...tailParts];
        return { v6: true, value: parts.reduce((acc, part) => (acc << 16n) + BigInt(`0x${part || '0'}`), 0n) };
    }
    return undefined;
}
function ipRangeIfPossible(value) {
    const ip = ipToBigInt(value);
    return ip ? { v6: ip.v6, lo: ip.value, hi: ip.value } : undefined;
}
function parseCidr(text) {
    const parts = text.split('/');
    if (parts.length !== 2)
        fail("Malformed CIDR, one '/' required");
    const [address, bitsText] = parts;
    if (!/^\d+$/.test(bitsText))
        fail('Malformed CIDR, mask bits must be an integer');
    const ip = ipToBigInt(address);
    if (!ip)
        return fail(`Nonstandard IP address: ${address}`);
    const width = ip.v6 ? 128 : 32;
    const bits = Number(bitsText);
    if (bits < 0 || bits > width)
        fail(`Malformed CIDR, mask bits must be between 0 and ${width}`);
    const hostBits = BigInt(width - bits);
    const lo = (ip.value >> hostBits) << hostBits;
    const hi = lo + (1n << hostBits) - 1n;
    return { v6: ip.v6, lo, hi };
}
function inRange(range, value) {
    const ip = ipToBigInt(value);
    return ip !== undefined && ip.v6 === range.v6 && ip.value >= range.lo && ip.value <= range.hi;
}
/** Flattens an event into dot-joined leaf paths (event-ruler joins nested keys with '.'). */
function flattenEvent(event) {
    const out = new Map();
    let nextArrayId = 0;
    const visit = (node, path, arrays) => {
        if (Array.isArray(node)) {
            const id = nextArrayId++;
            node.forEach((element, index) => {
                const inner = new Map(arrays);
                inner.set(id, index);
                visit(element, path, inner);
            });
            return;
        }
        if (isObject(node)) {
            for (const [key, value] of Object.entries(node))
                visit(value, path ? `${path}.${key}` : key, arrays);
            return;
        }
        if (path === '')
            return;
        let leaves = out.get(path);
        if (!leaves) {
            leaves = [];
            out.set(path, leaves);
        }
        leaves.push({ value: node, arrays });
    };
    visit(event, '', new Map());
    return out;
}
function valueMatches(matcher, value) {
    switch (matcher.k) {
        case 'exact':
            if (matcher.ip && typeof value === 'string' && value !== matcher.v) {
                const ip = matcher.ip;
                return inRange(ip, value);
            }
            return value === matcher.v;
        case 'prefix':
            return typeof value === 'string' && (matcher.ci ? value.toLowerCase() : value).startsWith(matcher.v);
        case 'suffix':
            return typeof value === 'string' && (matcher.ci ? value.toLowerCase() : value).endsWith(matcher.v);
        case 'eic':
            return typeof value === 'string' && value.toLowerCase() === matcher.v;
        case 'wildcard':
            return typeof value === 'string' && matcher.re.test(value);
        case 'numeric': {
            if (typeof value !== 'number' || value < -NUMBER_LIMIT || value > NUMBER_LIMIT)
                return false;
            if (matcher.lo !== undefined && (matcher.loOpen ? value <= matcher.lo : value < matcher.lo))
                return false;
            if (matcher.hi !== undefined && (matcher.hiOpen ? value >= matcher.hi : value > matcher.hi))
                return false;
            return true;
        }
        case 'cidr':
            return typeof value === 'string' && inRange(matcher.range, value);
        case 'exists':
            return matcher.v;
        // anything-but matches every present value (null, numbers, booleans included) except the excluded ones.
        case 'but-values':
            if (typeof value === 'string')
                return !matcher.strings.has(value);
            if (typeof value === 'number')
                return !matcher.numbers.includes(value);
            return true;
        case 'but-prefix':
            if (typeof value !== 'string')
                return true;
            return !matcher.v.some((prefix) => value.startsWith(prefix));
        case 'but-suffix':
            if (typeof value !== 'string')
                return true;
            return !matcher.v.some((suffix) => value.endsWith(suffix));
        case 'but-eic':
            return typeof value !== 'string' || !matcher.v.has(value.toLowerCase());
        case 'but-wildcard':
            return typeof value !== 'string' || !matcher.re.some((re) => re.test(value));
    }
}
function consistent(a, b) {
    for (const [id, index] of a.arrays) {
        const other = b.arrays.get(id);
        if (other !== undefined && other !== index)
            return false;
    }
    return true;
}
function branchMatches(branch, leaves) {
    // For each path: the leaves that satisfy it, or "absent" (null) when exists:false allows absence.
    const options = [];
    for (const [path, matchers] of branch) {
        const present = leaves.get(path) ?? [];
        const choices = present.filter((leaf) => matchers.some((matcher) => valueMatches(matcher, leaf.value)));
        if (present.length === 0 && matchers.some((m) => m.k === 'exists' && !m.v))
            choices.push(null);
        if (choices.length === 0)
            return false;
        options.push(choices);
    }
    options.sort((a, b) => a.length - b.length);
    const chosen = [];
    const search = (index) => {
        if (index === options.length)
            return true;
        for (const choice of options[index]) {
            if (choice === null) {
                if (search(index + 1))
                    return true;
                continue;
            }
            if (!chosen.every((leaf) => consistent(leaf, choice)))
                continue;
            chosen.push(choice);
            if (search(index + 1))
                return true;
            chosen.pop();
        }
        return false;
    };
    return search(0);
}
function matchesPattern(pattern, event) {
    const leaves = flattenEvent(event);
    return pattern.branches.some((branch) => branchMatches(branch, leaves));
}
/** Convenience for tests and TestEventPattern: compile and match in one call. */
function testPattern(patternText, event) {
    return matchesPattern(compilePattern(patternText), event);
}
