"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.md5OfBody = void 0;
exports.md5OfAttributes = md5OfAttributes;
const node_crypto_1 = require("node:crypto");
const md5OfBody = (body) => (0, node_crypto_1.createHash)('md5').update(body, 'utf8').digest('hex');
exports.md5OfBody = md5OfBody;
function lengthPrefixed(hash, bytes) {
    const length = Buffer.allocUnsafe(4);
    length.writeUInt32BE(bytes.length, 0);
    hash.update(length);
    hash.update(bytes);
}
/**
 * MD5OfMessageAttributes / MD5OfMessageSystemAttributes: attributes sorted by name; for each, name and
 * DataType as 4-byte big-endian length + UTF-8, one transport byte (1 String/Number, 2 Binary), then the
 * value (length + UTF-8, or length + raw bytes for Binary). reference/aws-wire-and-event-shapes.md §2.
 * Names sort by UTF-16 code unit, like the Java SDK's TreeMap (non-ASCII order is UNCONFIRMED there).
 */
function md5OfAttributes(attributes) {
    if (!attributes)
        return undefined;
    const names = Object.keys(attributes).sort();
    if (names.length === 0)
        return undefined;
    const hash = (0, node_crypto_1.createHash)('md5');
    for (const name of names) {
        const value = attributes[name];
        lengthPrefixed(hash, Buffer.from(name, 'utf8'));
        lengthPrefixed(hash, Buffer.from(value.DataType, 'utf8'));
        if (value.DataType.startsWith('Binary')) {
            hash.update(Buffer.from([2]));
            lengthPrefixed(hash, Buffer.from(value.BinaryValue ?? '', 'base64'));
        }
        else {
            hash.update(Buffer.from([1]));
            lengthPrefixed(hash, Buffer.from(value.StringValue ?? '', 'utf8'));
        }
    }
    return hash.digest('hex');
}
