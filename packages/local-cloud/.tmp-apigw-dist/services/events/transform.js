"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RESERVED_VARIABLES = void 0;
exports.parseJsonPath = parseJsonPath;
exports.evaluateJsonPath = evaluateJsonPath;
exports.scanTemplate = scanTemplate;
exports.validateTargetInput = validateTargetInput;
exports.applyTransformer = applyTransformer;
exports.renderTargetInput = renderTargetInput;
const errors_1 = require("../../core/errors");
exports.RESERVED_VARIABLES = new Set([
    'aws.events.rule-arn',
    'aws.events.rule-name',
    'aws.events.event.ingestion-time',
    'aws.events.event',
    'aws.events.event.json',
]);
const validation = (message) => new errors_1.AwsError('ValidationException', message, 400);
function parseJsonPath(path) {
    if (!path.startsWith('$'))
        return undefined;
    const segments = [];
    let i = 1;
    while (i < path.length) {
        const ch = path[i];
        if (ch === '.') {
            const match = /^[^.[\]]+/.exec(path.slice(i + 1));
            if (!match)
                return undefined;
            segments.push(match[0]);
            i += 1 + match[0].length;
        }
        else if (ch === '[') {
            const rest = path.slice(i);
            const index = /^\[(\d+)\]/.exec(rest);
            const quoted = /^\[\s*'([^']*)'\s*\]/.exec(rest) ?? /^\[\s*"([^"]*)"\s*\]/.exec(rest);
            if (index?.[1] !== undefined) {
                segments.push(Number(index[1]));
                i += index[0].length;
            }
            else if (quoted?.[1] !== undefined) {
                segments.push(quoted[1]);
                i += quoted[0].length;
            }
            else {
                return undefined;
            }
        }
        else {
            return undefined;
        }
    }
    return segments;
}
function evaluateJsonPath(root, segments) {
    let node = root;
    for (const segment of segments) {
        if (typeof segment === 'number') {
            if (!Array.isArray(node) || segment >= node.length)
                return { found: false };
            node = node[segment];
        }
        else {
            if (typeof node !== 'object' || node === null || Array.isArray(node))
                return { found: false };
            if (!Object.hasOwn(node, segment))
                return { found: false };
            node = node[segment];
        }
    }
    return { found: true, value: node };
}
const PLACEHOLDER = /^<([A-Za-z0-9_.-]+)>/;
/** Finds `<name>` placeholders and whether each sits inside a JSON string literal. */
function scanTemplate(template) {
    const out = [];
    let inString = false;
    for (let i = 0; i < template.length; i++) {
        const ch = template[i];
        if (inString && ch === '\\') {
            i++;
            continue;
        }
        if (ch === '"') {
            inString = !inString;
            continue;
        }
        if (ch === '<') {
            const match = PLACEHOLDER.exec(template.slice(i));
            if (match?.[1]) {
                out.push({ name: match[1], start: i, end: i + match[0].length, quoted: inString });
                i += match[0].length - 1;
            }
        }
    }
    return out;
}
/** PutTargets-time validation of one target's input settings (messages recorded on AWS). */
function validateTargetInput(targetId, input) {
    const set = [input.Input, input.InputPath, input.InputTransformer].filter((v) => v !== undefined);
    if (set.length > 1) {
        throw validation(`Only one of Input, InputPath, or InputTransformer must be provided for target ${targetId}.`);
    }
    if (input.Input !== undefined) {
        if (input.Input.length > 8192)
            throw validation(`Input for target ${targetId} is longer than 8192 characters.`);
        try {
            JSON.parse(input.Input);
        }
        catch {
            throw validation(`Input for target ${targetId} is not valid JSON text.`);
        }
    }
    if (input.InputPath !== undefined && !parseJsonPath(input.InputPath)) {
        throw validation(`InputPath for target ${targetId} is not a valid JSONPath: ${input.InputPath}`);
    }
    const transformer = input.InputTransformer;
    if (transformer) {
        if (typeof transformer.InputTemplate !== 'string') {
            throw validation(`InputTemplate for target ${targetId} is required.`);
        }
        if (transformer.InputTemplate.length > 8192) {
            throw validation(`InputTemplate for target ${targetId} is longer than 8192 characters.`);
        }
        const paths = transformer.InputPathsMap ?? {};
        const keys = Object.keys(paths);
        if (keys.length > 100)
            throw validation(`InputPathsMap for target ${targetId} has more than 100 keys.`);
        for (const key of keys) {
            if (exports.RESERVED_VARIABLES.has(key) || key.startsWith('aws.')) {
                throw validation(`InputPathsMap for target ${targetId} contains reserved key ${key}.`);
            }
            if (!/^[A-Za-z0-9_-]+$/.test(key)) {
                throw validation(`InputPathsMap for target ${targetId} contains invalid key ${key}.`);
            }
            const path = paths[key];
            if (typeof path !== 'string' || !parseJsonPath(path)) {
                throw validation(`InputPathsMap for target ${targetId} contains invalid path ${String(path)} for key ${key}.`);
            }
        }
        for (const placeholder of scanTemplate(transformer.InputTemplate)) {
            if (!Object.hasOwn(paths, placeholder.name) && !exports.RESERVED_VARIABLES.has(placeholder.name)) {
                throw validation(`InputTemplate for target ${targetId} contains invalid placeholder ${placeholder.name}.`);
            }
        }
    }
}
/** A value as it appears inside quotes: raw text; objects/arrays without quotes (`{acc_id:0a78…,sf_id:baz}`). */
function rawText(value) {
    if (value === undefined)
        return '';
    if (typeof value === 'string')
        return JSON.stringify(value).slice(1, -1);
    if (Array.isArray(value))
        return `[${value.map(rawText).join(',')}]`;
    if (typeof value === 'object' && value !== null) {
        return `{${Object.entries(value)
            .map(([key, item]) => `${rawText(key)}:${rawText(item)}`)
            .join(',')}}`;
    }
    return String(value);
}
/** A value unquoted in JSON: strings are quoted, objects and arrays go in as JSON; an unmatched path is "". */
function jsonText(value) {
    if (value === undefined)
        return '""';
    return JSON.stringify(value);
}
function reservedValue(name, event, ctx) {
    switch (name) {
        case 'aws.events.rule-arn':
            return ctx.ruleArn;
        case 'aws.events.rule-name':
            return ctx.ruleName;
        case 'aws.events.event.ingestion-time':
            return ctx.ingestionTime;
        case 'aws.events.event':
            // Recorded shape and key order: the event without `detail`, `detail-type` spelled `detailType`.
            return {
                id: event.id,
                account: event.account,
                detailType: event['detail-type'],
                time: ctx.ingestionTime,
                source: event.source,
                region: event.region,
                resources: event.resources,
                version: event.version,
            };
        case 'aws.events.event.json':
            return event;
        default:
            return undefined;
    }
}
/** Applies an InputTransformer to an event. A template that does not yield JSON delivers nothing (recorded). */
function applyTransformer(transformer, event, ctx) {
    const template = transformer.InputTemplate;
    const placeholders = scanTemplate(template);
    const values = new Map();
    for (const placeholder of placeholders) {
        if (values.has(placeholder.name))
            continue;
        const path = transformer.InputPathsMap?.[placeholder.name];
        if (path !== undefined) {
            const segments = parseJsonPath(path);
            const result = segments ? evaluateJsonPath(event, segments) : { found: false };
            values.set(placeholder.name, result.found ? result.value : undefined);
        }
        else {
            values.set(placeholder.name, reservedValue(placeholder.name, event, ctx));
        }
    }
    // Decide the template's kind from its shape: a JSON document, a JSON string, or neither.
    let probe = '';
    let cursor = 0;
    for (const p of placeholders) {
        probe += template.slice(cursor, p.start) + (p.quoted ? '' : 'null');
        cursor = p.end;
    }
    probe += template.slice(cursor);
    let kind;
    try {
        kind = typeof JSON.parse(probe) === 'string' ? 'string' : 'json';
    }
    catch {
        return { ok: false, reason: 'InputTemplate is neither JSON nor a quoted string; nothing was delivered' };
    }
    let body = '';
    cursor = 0;
    for (const p of placeholders) {
        const value = values.get(p.name);
        if (p.quoted && kind === 'json' && Array.isArray(value)) {
            return {
                ok: false,
                reason: `placeholder <${p.name}> is a list inside quotes in a JSON template; nothing was delivered`,
            };
        }
        body += template.slice(cursor, p.start) + (p.quoted ? rawText(value) : jsonText(value));
        cursor = p.end;
    }
    body += template.slice(cursor);
    try {
        JSON.parse(body);
    }
    catch {
        return { ok: false, reason: 'the transformed input is not valid JSON; nothing was delivered' };
    }
    return { ok: true, body };
}
/** The body a target receives for an event (reference/aws-wire-and-event-shapes.md §5 "Target input"). */
function renderTargetInput(input, event, ctx) {
    if (input.Input !== undefined)
        return { ok: true, body: input.Input };
    if (input.InputPath !== undefined) {
        const segments = parseJsonPath(input.InputPath);
        const result = segments ? evaluateJsonPath(event, segments) : { found: false };
        // UNCONFIRMED: what AWS sends for an InputPath that matches nothing; we deliver nothing and record it.
        if (!result.found)
            return { ok: false, reason: `InputPath ${input.InputPath} matched nothing in the event` };
        return { ok: true, body: JSON.stringify(result.value) };
    }
    if (input.InputTransformer)
        return applyTransformer(input.InputTransformer, event, ctx);
    return { ok: true, body: JSON.stringify(event) };
}
