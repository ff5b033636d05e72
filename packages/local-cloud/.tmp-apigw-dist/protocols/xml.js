"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.XmlFlatList = exports.XmlMap = void 0;
exports.escapeXml = escapeXml;
exports.toXml = toXml;
/**
 * XML for awsQuery responses. Plain objects become nested elements, arrays become `<member>` lists
 * and `XmlMap` becomes the `<entry><key/><value/></entry>` form (reference/aws-wire-and-event-shapes.md §1.2).
 */
class XmlMap {
    entries;
    keyName;
    valueName;
    constructor(entries, keyName = 'key', valueName = 'value') {
        this.entries = entries;
        this.keyName = keyName;
        this.valueName = valueName;
    }
}
exports.XmlMap = XmlMap;
/** An array serialized as repeated elements with this name instead of `<member>`. */
class XmlFlatList {
    name;
    items;
    constructor(name, items) {
        this.name = name;
        this.items = items;
    }
}
exports.XmlFlatList = XmlFlatList;
function escapeXml(value) {
    return value.replace(/[&<>"'\r]/g, (c) => {
        switch (c) {
            case '&':
                return '&amp;';
            case '<':
                return '&lt;';
            case '>':
                return '&gt;';
            case '"':
                return '&quot;';
            case "'":
                return '&apos;';
            default:
                return '&#xD;';
        }
    });
}
function toXml(value) {
    if (value === undefined || value === null)
        return '';
    if (value instanceof XmlMap) {
        let out = '';
        for (const [key, item] of Object.entries(value.entries)) {
            if (item === undefined)
                continue;
            out += `<entry><${value.keyName}>${escapeXml(key)}</${value.keyName}><${value.valueName}>${toXml(item)}</${value.valueName}></entry>`;
        }
        return out;
    }
    if (Array.isArray(value))
        return value.map((item) => `<member>${toXml(item)}</member>`).join('');
    if (value instanceof Date)
        return value.toISOString();
    if (typeof value === 'object') {
        let out = '';
        for (const [key, item] of Object.entries(value)) {
            if (item === undefined)
                continue;
            if (item instanceof XmlFlatList) {
                for (const element of item.items)
                    out += `<${item.name}>${toXml(element)}</${item.name}>`;
                continue;
            }
            out += `<${key}>${toXml(item)}</${key}>`;
        }
        return out;
    }
    return escapeXml(String(value));
}
