"use strict";
/**
 * CloudWatch Logs filter patterns (reference/aws-wire-and-event-shapes.md §7; AWS
 * `FilterAndPatternSyntax.html`), compiled to a predicate over an event's message:
 *
 * - terms, case-sensitive: `ERROR Exception` (all), `?ERROR ?WARN` (any), `-DEBUG` (none), `"a phrase"`;
 * - JSON: `{ $.level = "ERROR" && ($.ms > 100 || $.retry IS TRUE) }` with `=`, `!=`, `<`, `<=`, `>`, `>=`
 *   (strings with `*` wildcards, numbers), `IS NULL`, `IS TRUE`, `IS FALSE`, `NOT EXISTS`, `&&`, `||`
 *   and parentheses; selectors `$.a.b`, `$.a[0]`, `$.a.*`-free;
 * - regular expressions: `%ERROR|WARN%`;
 * - space-delimited patterns (`[ip, user, ...]`) are refused with a clear error (not implemented).
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.FilterPatternError = void 0;
exports.compileFilterPattern = compileFilterPattern;
class FilterPatternError extends Error {
}
exports.FilterPatternError = FilterPatternError;
function compileFilterPattern(pattern) {
    const text = (pattern ?? '').trim();
    if (text === '')
        return () => true;
    if (text.startsWith('{'))
        return compileJson(text);
    if (text.startsWith('[')) {
        throw new FilterPatternError('Invalid filter pattern: local cloud does not implement space-delimited filter patterns ([field, ...]); use terms, JSON or %regex% patterns');
    }
    if (text.length >= 2 && text.startsWith('%') && text.endsWith('%')) {
        let regex;
        try {
            regex = new RegExp(text.slice(1, -1));
        }
        catch {
            throw new FilterPatternError(`Invalid regular expression in filter pattern: ${text}`);
        }
        return (message) => regex.test(message);
    }
    return compileTerms(text);
}
function compileTerms(text) {
    const terms = [];
    let i = 0;
    while (i < text.length) {
        while (i < text.length && /\s/.test(text[i]))
            i++;
        if (i >= text.length)
            break;
        let kind = 'required';
        if (text[i] === '?') {
            kind = 'optional';
            i++;
        }
        else if (text[i] === '-' && i + 1 < text.length && !/\s/.test(text[i + 1])) {
            kind = 'excluded';
            i++;
        }
        let value = '';
        if (text[i] === '"') {
            i++;
            let closed = false;
            while (i < text.length) {
                const c = text[i];
                if (c === '\\' && i + 1 < text.length) {
                    value += text[i + 1];
                    i += 2;
                    continue;
                }
                if (c === '"') {
                    closed = true;
                    i++;
                    break;
                }
                value += c;
                i++;
            }
            if (!closed)
                throw new FilterPatternError(`Invalid filter pattern: unterminated quoted term in ${text}`);
        }
        else {
            while (i < text.length && !/\s/.test(text[i]))
                value += text[i++];
        }
        if (value === '')
            throw new FilterPatternError(`Invalid filter pattern: empty term in ${text}`);
        terms.push({ text: value, kind });
    }
    const required = terms.filter((t) => t.kind === 'required').map((t) => t.text);
    const optional = terms.filter((t) => t.kind === 'optional').map((t) => t.text);
    const excluded = terms.filter((t) => t.kind === 'excluded').map((t) => t.text);
    return (message) => required.every((t) => message.includes(t)) &&
        !excluded.some((t) => message.includes(t)) &&
        (optional.length === 0 || optional.some((t) => message.includes(t)));
}
function tokenize(body) {
    const tokens = [];
    let i = 0;
    const fail = (why) => {
        throw new FilterPatternError(`Invalid filter pattern: ${why} in { ${body.trim()} }`);
    };
    while (i < body.length) {
        const c = body[i];
        if (/\s/.test(c)) {
            i++;
            continue;
        }
        if (body.startsWith('&&', i)) {
            tokens.push({ type: 'and' });
            i += 2;
        }
        else if (body.startsWith('||', i)) {
            tokens.push({ type: 'or' });
            i += 2;
        }
        else if (c === '(') {
            tokens.push({ type: 'lparen' });
            i++;
        }
        else if (c === ')') {
            tokens.push({ type: 'rparen' });
            i++;
        }
        else if (['!=', '<=', '>='].some((op) => body.startsWith(op, i))) {
            tokens.push({ type: 'op', value: body.slice(i, i + 2) });
            i += 2;
        }
        else if (c === '=' || c === '<' || c === '>') {
            tokens.push({ type: 'op', value: c });
            i++;
        }
        else if (c === '$') {
            i++;
            const path = [];
            while (i < body.length) {
                if (body[i] === '.') {
                    i++;
                    let name = '';
                    while (i < body.length && /[A-Za-z0-9_\-@]/.test(body[i]))
                        name += body[i++];
                    if (name === '')
                        fail('empty selector segment');
                    path.push(name);
                }
                else if (body[i] === '[') {
                    const end = body.indexOf(']', i);
                    if (end < 0)
                        fail('unterminated [');
                    const index = Number(body.slice(i + 1, end));
                    if (!Number.isInteger(index) || index < 0)
                        fail('array index must be a non-negative integer');
                    path.push(index);
                    i = end + 1;
                }
                else
                    break;
            }
            if (path.length === 0)
                fail('a selector must name a field ($.field)');
            tokens.push({ type: 'selector', path });
        }
        else if (c === '"') {
            let value = '';
            i++;
            let closed = false;
            while (i < body.length) {
                const d = body[i];
                if (d === '\\' && i + 1 < body.length) {
                    value += body[i + 1];
                    i += 2;
                    continue;
                }
                if (d === '"') {
                    closed = true;
                    i++;
                    break;
                }
                value += d;
                i++;
            }
            if (!closed)
                fail('unterminated string');
            tokens.push({ type: 'string', value });
        }
        else {
            let word = '';
            while (i < body.length && !/[\s()=!<>&|"]/.test(body[i]))
                word += body[i++];
            if (word === '')
                fail(`unexpected character ${c}`);
            if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(word))
                tokens.push({ type: 'number', value: Number(word) });
            else
                tokens.push({ type: 'word', value: word });
        }
    }
    return tokens;
}
const MISSING = Symbol('missing');
function select(value, path) {
    let node = value;
    for (const segment of path) {
        if (typeof segment === 'number') {
            if (!Array.isArray(node) || segment >= node.length)
                return MISSING;
            node = node[segment];
        }
        else {
            if (typeof node !== 'object' || node === null || Array.isArray(node) || !(segment in node))
                return MISSING;
            node = node[segment];
        }
    }
    return node;
}
function wildcardEquals(pattern, value) {
    if (!pattern.includes('*'))
        return pattern === value;
    const source = pattern
        .split('*')
        .map((part) => part.replace(/[\\^$.|+?()[\]{}]/g, '\\$&'))
        .join('.*');
    return new RegExp(`^${source}$`, 's').test(value);
}
function evaluate(node, doc) {
    switch (node.kind) {
        case 'and':
            return evaluate(node.left, doc) && evaluate(node.right, doc);
        case 'or':
            return evaluate(node.left, doc) || evaluate(node.right, doc);
        case 'is': {
            const value = select(doc, node.path);
            if (node.what === 'NOT EXISTS')
                return value === MISSING;
            if (node.what === 'NULL')
                return value === null;
            return value === (node.what === 'TRUE');
        }
        case 'compare': {
            const value = select(doc, node.path);
            if (value === MISSING || value === null || typeof value === 'object')
                return false;
            if (typeof node.value === 'number') {
                if (typeof value !== 'number')
                    return false;
                switch (node.op) {
                    case '=':
                        return value === node.value;
                    case '!=':
                        return value !== node.value;
                    case '<':
                        return value < node.value;
                    case '<=':
                        return value <= node.value;
                    case '>':
                        return value > node.value;
                    default:
                        return value >= node.value;
                }
            }
            const text = String(value);
            return node.op === '=' ? wildcardEquals(node.value, text) : !wildcardEquals(node.value, text);
        }
    }
}
function compileJson(text) {
    if (!text.endsWith('}'))
        throw new FilterPatternError(`Invalid filter pattern: missing } in ${text}`);
    const body = text.slice(1, -1);
    const tokens = tokenize(body);
    let pos = 0;
    const fail = (why) => {
        throw new FilterPatternError(`Invalid filter pattern: ${why} in ${text}`);
    };
    const peek = () => tokens[pos];
    const parseOr = () => {
        let left = parseAnd();
        while (peek()?.type === 'or') {
            pos++;
            left = { kind: 'or', left, right: parseAnd() };
        }
        return left;
    };
    const parseAnd = () => {
        let left = parsePrimary();
        while (peek()?.type === 'and') {
            pos++;
            left = { kind: 'and', left, right: parsePrimary() };
        }
        return left;
    };
    const parsePrimary = () => {
        const token = tokens[pos++];
        if (!token)
            return fail('expression expected');
        if (token.type === 'lparen') {
            const inner = parseOr();
            if (tokens[pos++]?.type !== 'rparen')
                fail('missing )');
            return inner;
        }
        if (token.type !== 'selector')
            return fail('a comparison must start with a $ selector');
        const next = tokens[pos++];
        if (next?.type === 'word' && next.value.toUpperCase() === 'IS') {
            const what = tokens[pos++];
            const word = what?.type === 'word' ? what.value.toUpperCase() : '';
            if (word !== 'NULL' && word !== 'TRUE' && word !== 'FALSE')
                fail('IS must be followed by NULL, TRUE or FALSE');
            return { kind: 'is', path: token.path, what: word };
        }
        if (next?.type === 'word' && next.value.toUpperCase() === 'NOT') {
            const what = tokens[pos++];
            if (what?.type !== 'word' || what.value.toUpperCase() !== 'EXISTS')
                fail('NOT must be followed by EXISTS');
            return { kind: 'is', path: token.path, what: 'NOT EXISTS' };
        }
        if (next?.type !== 'op')
            return fail('a comparison operator is expected after a selector');
        const value = tokens[pos++];
        if (!value || (value.type !== 'string' && value.type !== 'number' && value.type !== 'word')) {
            return fail('a value is expected after the operator');
        }
        if (value.type !== 'number' && !['=', '!='].includes(next.value)) {
            fail(`the ${next.value} operator needs a number`);
        }
        return { kind: 'compare', path: token.path, op: next.value, value: value.value };
    };
    const tree = parseOr();
    if (pos !== tokens.length)
        fail('unexpected text after the expression');
    return (message) => {
        let doc;
        try {
            doc = JSON.parse(message);
        }
        catch {
            return false;
        }
        if (typeof doc !== 'object' || doc === null)
            return false;
        return evaluate(tree, doc);
    };
}
