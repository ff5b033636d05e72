"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.util = exports.base64Decode = exports.base64Encode = exports.BodyParseError = exports.TemplateError = void 0;
exports.escapeJavaScript = escapeJavaScript;
exports.urlEncode = urlEncode;
exports.urlDecode = urlDecode;
exports.parseJson = parseJson;
exports.makeInput = makeInput;
exports.renderTemplate = renderTemplate;
const velocityjs_1 = require("velocityjs");
const jsonpath_1 = require("./jsonpath");
/**
 * API Gateway mapping templates: Velocity (velocityjs) with API Gateway's variables — `$input` (body, json(),
 * path(), params()), `$util`, `$context` and `$stageVariables` — and the Java string/collection methods templates
 * commonly call (`length()`, `isEmpty()`, `matches()`, `replaceAll()`...). Null and undefined references render
 * as empty strings, as in API Gateway.
 */
/** A template could not be parsed or evaluated: API Gateway answers 500 "Internal server error". */
class TemplateError extends Error {
}
exports.TemplateError = TemplateError;
/** `$input.json()`/`$input.path()` on a body that is not JSON: API Gateway answers 400 with this message. */
class BodyParseError extends Error {
}
exports.BodyParseError = BodyParseError;
// ---- $util ----
/** `$util.escapeJavaScript`: JavaScript string escaping as Apache Commons Lang does it (`'` → `\'`, `/` → `\/`). */
function escapeJavaScript(value) {
    const text = stringify(value);
    let out = '';
    for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        const char = text[i];
        if (code > 0x7f)
            out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
        else if (code < 32) {
            const named = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };
            out += named[code] ?? `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
        }
        else if (char === "'" || char === '"' || char === '\\' || char === '/')
            out += `\\${char}`;
        else
            out += char;
    }
    return out;
}
/** `$util.urlEncode`: Java's `URLEncoder.encode(s, "UTF-8")` (space → `+`, only `A-Za-z0-9.-*_` kept). */
function urlEncode(value) {
    let out = '';
    for (const byte of Buffer.from(stringify(value), 'utf8')) {
        const char = String.fromCharCode(byte);
        if (/[A-Za-z0-9.\-*_]/.test(char))
            out += char;
        else if (byte === 0x20)
            out += '+';
        else
            out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    return out;
}
/** `$util.urlDecode`: Java's `URLDecoder.decode(s, "UTF-8")`. */
function urlDecode(value) {
    const text = stringify(value);
    const bytes = [];
    for (let i = 0; i < text.length; i++) {
        const char = text[i];
        if (char === '+')
            bytes.push(0x20);
        else if (char === '%') {
            const hex = text.slice(i + 1, i + 3);
            if (!/^[0-9a-fA-F]{2}$/.test(hex))
                throw new TemplateError(`URLDecoder: Illegal hex characters in escape (%) pattern: ${hex}`);
            bytes.push(Number.parseInt(hex, 16));
            i += 2;
        }
        else
            bytes.push(...Buffer.from(char, 'utf8'));
    }
    return Buffer.from(bytes).toString('utf8');
}
const base64Encode = (value) => Buffer.from(stringify(value), 'utf8').toString('base64');
exports.base64Encode = base64Encode;
const base64Decode = (value) => Buffer.from(stringify(value), 'base64').toString('utf8');
exports.base64Decode = base64Decode;
function parseJson(value) {
    try {
        return nullToUndefined(JSON.parse(stringify(value)));
    }
    catch (error) {
        throw new TemplateError(`$util.parseJson: ${error.message}`);
    }
}
function stringify(value) {
    if (value === undefined || value === null)
        return '';
    if (typeof value === 'string')
        return value;
    if (typeof value === 'object')
        return JSON.stringify(value);
    return String(value);
}
/** Velocity renders null as the literal reference; API Gateway renders nothing. */
function nullToUndefined(value) {
    return value === null ? undefined : value;
}
exports.util = { escapeJavaScript, urlEncode, urlDecode, base64Encode: exports.base64Encode, base64Decode: exports.base64Decode, parseJson };
// ---- $input ----
function makeInput(variables) {
    let parsed;
    const json = () => {
        if (parsed)
            return parsed.value;
        const text = variables.body.trim();
        if (text === '')
            parsed = { value: {} };
        else {
            try {
                parsed = { value: JSON.parse(text) };
            }
            catch (error) {
                throw new BodyParseError(`Could not parse request body into json: ${error.message}`);
            }
        }
        return parsed.value;
    };
    const select = (path) => {
        try {
            return (0, jsonpath_1.evaluateJsonPath)(json(), stringify(path));
        }
        catch (error) {
            if (error instanceof jsonpath_1.JsonPathError)
                throw new TemplateError(error.message);
            throw error;
        }
    };
    const headerLookup = (name) => {
        const wanted = name.toLowerCase();
        for (const [key, value] of Object.entries(variables.params.header))
            if (key.toLowerCase() === wanted)
                return value;
        return undefined;
    };
    return {
        body: variables.body,
        json: (path) => {
            const value = select(path);
            return value === undefined ? '' : JSON.stringify(value);
        },
        path: (path) => nullToUndefined(select(path)),
        params: (name) => {
            if (name === undefined)
                return variables.params;
            const key = stringify(name);
            return variables.params.path[key] ?? variables.params.querystring[key] ?? headerLookup(key) ?? '';
        },
    };
}
const javaMethodTable = {
    length: (target) => (typeof target === 'string' ? { value: target.length } : undefined),
    isEmpty: (target) => {
        if (typeof target === 'string' || Array.isArray(target))
            return { value: target.length === 0 };
        if (target && typeof target === 'object')
            return { value: Object.keys(target).length === 0 };
        return undefined;
    },
    size: (target) => (typeof target === 'string' ? { value: target.length } : undefined),
    containsKey: (target, [key]) => target && typeof target === 'object' && !Array.isArray(target)
        ? { value: Object.hasOwn(target, stringify(key)) }
        : undefined,
    contains: (target, [item]) => {
        if (typeof target === 'string')
            return { value: target.includes(stringify(item)) };
        if (Array.isArray(target))
            return { value: target.includes(item) };
        return undefined;
    },
    equals: (target, [other]) => (typeof target === 'string' ? { value: target === other } : undefined),
    equalsIgnoreCase: (target, [other]) => typeof target === 'string' ? { value: target.toLowerCase() === stringify(other).toLowerCase() } : undefined,
    matches: (target, [regex]) => typeof target === 'string' ? { value: new RegExp(`^(?:${stringify(regex)})$`, 'u').test(target) } : undefined,
    replaceAll: (target, [regex, replacement]) => typeof target === 'string'
        ? { value: target.replace(new RegExp(stringify(regex), 'gu'), stringify(replacement)) }
        : undefined,
    replace: (target, [search, replacement]) => typeof target === 'string' ? { value: target.split(stringify(search)).join(stringify(replacement)) } : undefined,
    split: (target, [regex]) => typeof target === 'string' ? { value: target.split(new RegExp(stringify(regex), 'u')) } : undefined,
    toString: (target) => (target !== undefined && target !== null ? { value: stringify(target) } : undefined),
};
const javaMethods = new Map(Object.entries(javaMethodTable));
const customMethodHandlers = [
    {
        uid: 'apigateway-java-methods',
        match: ({ property, context }) => {
            const method = javaMethods.get(property);
            return method !== undefined && method(context, []) !== undefined;
        },
        resolve: ({ property, context, params }) => javaMethods.get(property)?.(context, params)?.value,
    },
];
const compiled = new Map();
function compile(template) {
    let found = compiled.get(template);
    if (!found) {
        try {
            found = new velocityjs_1.Compile((0, velocityjs_1.parse)(template), { customMethodHandlers });
        }
        catch (error) {
            throw new TemplateError(`Unable to parse the mapping template: ${error.message.split('\n').slice(0, 3).join(' ')}`);
        }
        if (compiled.size > 500)
            compiled.clear();
        compiled.set(template, found);
    }
    return found;
}
/** Renders a mapping template; throws TemplateError (→ 500) or BodyParseError (→ 400). */
function renderTemplate(template, variables) {
    const engine = compile(template);
    try {
        return engine.render({
            input: makeInput(variables),
            util: exports.util,
            context: variables.context,
            stageVariables: variables.stageVariables,
        }, undefined, true);
    }
    catch (error) {
        if (error instanceof BodyParseError || error instanceof TemplateError)
            throw error;
        throw new TemplateError(`Mapping template evaluation failed: ${error.message}`);
    }
}
