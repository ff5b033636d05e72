"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.sha256Hex = exports.sha256Base64 = exports.md5Hex = exports.hex = exports.uuid = void 0;
exports.shortId = shortId;
const node_crypto_1 = require("node:crypto");
const uuid = () => (0, node_crypto_1.randomUUID)();
exports.uuid = uuid;
/** Lowercase hex of n random bytes. */
const hex = (bytes) => (0, node_crypto_1.randomBytes)(bytes).toString('hex');
exports.hex = hex;
/** Alphanumeric id of the given length (API Gateway, function URL ids). */
function shortId(length = 10) {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    const bytes = (0, node_crypto_1.randomBytes)(length);
    let out = '';
    for (const byte of bytes)
        out += alphabet[byte % alphabet.length];
    return out;
}
const md5Hex = (data) => (0, node_crypto_1.createHash)('md5').update(data).digest('hex');
exports.md5Hex = md5Hex;
const sha256Base64 = (data) => (0, node_crypto_1.createHash)('sha256').update(data).digest('base64');
exports.sha256Base64 = sha256Base64;
const sha256Hex = (data) => (0, node_crypto_1.createHash)('sha256').update(data).digest('hex');
exports.sha256Hex = sha256Hex;
