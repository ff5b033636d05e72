"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseQueryParams = parseQueryParams;
exports.queryResponse = queryResponse;
exports.queryError = queryError;
exports.unknownAction = unknownAction;
const errors_1 = require("../core/errors");
const xml_1 = require("./xml");
/**
 * Turns flattened query parameters into a nested input: `A.member.1.B=x` → `{A:[{B:'x'}]}`,
 * `Attributes.entry.1.key=k&Attributes.entry.1.value=v` → `{Attributes:{k:'v'}}`, and SNS message
 * attributes `MessageAttributes.entry.1.Name/Value.*` → `{MessageAttributes:{name:{DataType,...}}}`.
 * Flat lists (`Attribute.1.Name`) come out as arrays too.
 */
function parseQueryParams(params) {
    const root = {};
    for (const [key, value] of params) {
        if (key === 'Action' || key === 'Version')
            continue;
        const parts = key.split('.');
        let node = root;
        for (let i = 0; i < parts.length - 1; i++) {
            const part = parts[i];
            const next = node[part];
            if (typeof next !== 'object' || next === null) {
                const created = {};
                node[part] = created;
                node = created;
            }
            else {
                node = next;
            }
        }
        node[parts[parts.length - 1]] = value;
    }
    return normalize(root);
}
function isIndexed(node) {
    const keys = Object.keys(node);
    return keys.length > 0 && keys.every((k) => /^\d+$/.test(k));
}
function indexedToArray(node) {
    return Object.keys(node)
        .map(Number)
        .sort((a, b) => a - b)
        .map((k) => normalize(node[String(k)]));
}
function normalize(node) {
    if (typeof node !== 'object' || node === null)
        return node;
    const record = node;
    const keys = Object.keys(record);
    if (keys.length === 1 && keys[0] === 'member') {
        const members = record.member;
        if (typeof members === 'object' && members !== null && isIndexed(members)) {
            return indexedToArray(members);
        }
    }
    if (keys.length === 1 && keys[0] === 'entry') {
        const entries = record.entry;
        const out = {};
        for (const item of indexedToArray(entries)) {
            const entry = item;
            const key = (entry.key ?? entry.Name ?? entry.Key);
            if (key === undefined)
                continue;
            out[key] = entry.value ?? entry.Value;
        }
        return out;
    }
    if (isIndexed(record))
        return indexedToArray(record);
    const out = {};
    for (const key of keys)
        out[key] = normalize(record[key]);
    return out;
}
function queryResponse(service, operation, output, ctx) {
    const result = output === undefined || output === null
        ? ''
        : `<${operation}Result>${(0, xml_1.toXml)(output)}</${operation}Result>`;
    return `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="${service.xmlns}">${result}<ResponseMetadata><RequestId>${ctx.requestId}</RequestId></ResponseMetadata></${operation}Response>`;
}
function queryError(service, error, requestId) {
    const xmlns = service ? ` xmlns="${service.xmlns}"` : '';
    return `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse${xmlns}><Error><Type>${error.fault}</Type><Code>${(0, xml_1.escapeXml)(error.code)}</Code><Message>${(0, xml_1.escapeXml)(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}
function unknownAction(action) {
    return action
        ? new errors_1.AwsError('InvalidAction', `The action ${action} is not valid for this web service.`, 400)
        : new errors_1.AwsError('MissingAction', 'The request must contain the parameter Action.', 400);
}
