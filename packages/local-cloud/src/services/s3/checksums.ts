import { createHash } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { s3Error } from './errors';

/**
 * S3's additional checksums (CRC32, CRC32C, CRC64NVME, SHA1, SHA256), each sent and returned as the base64
 * of the big-endian digest in `x-amz-checksum-<algorithm>`; and the `aws-chunked` content encoding the
 * SDKs use to send a checksum as a trailer (Amazon S3 user guide, "Checking object integrity";
 * "Signature Version 4: streaming uploads").
 */

export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';

export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = [
  'CRC32',
  'CRC32C',
  'CRC64NVME',
  'SHA1',
  'SHA256',
];

/** Length in bytes of each algorithm's digest. */
const DIGEST_BYTES: Record<ChecksumAlgorithm, number> = {
  CRC32: 4,
  CRC32C: 4,
  CRC64NVME: 8,
  SHA1: 20,
  SHA256: 32,
};

export const checksumHeader = (algorithm: ChecksumAlgorithm): string =>
  `x-amz-checksum-${algorithm.toLowerCase()}`;

let crc32cTable: Uint32Array | undefined;

function crc32c(data: Uint8Array): number {
  if (!crc32cTable) {
    crc32cTable = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
      crc32cTable[i] = c >>> 0;
    }
  }
  const table = crc32cTable;
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++)
    crc = (table[(crc ^ (data[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

let crc64Tables: { hi: Uint32Array; lo: Uint32Array } | undefined;

/** CRC-64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5), as two 32-bit halves to stay off BigInt. */
function crc64nvme(data: Uint8Array): Buffer {
  if (!crc64Tables) {
    const hi = new Uint32Array(256);
    const lo = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let h = 0;
      let l = i;
      for (let k = 0; k < 8; k++) {
        const carry = l & 1;
        l = ((l >>> 1) | ((h & 1) << 31)) >>> 0;
        h = h >>> 1;
        if (carry) {
          h = (h ^ 0x9a6c9329) >>> 0;
          l = (l ^ 0xac4bc9b5) >>> 0;
        }
      }
      hi[i] = h;
      lo[i] = l;
    }
    crc64Tables = { hi, lo };
  }
  const { hi: thi, lo: tlo } = crc64Tables;
  let h = 0xffffffff;
  let l = 0xffffffff;
  for (let i = 0; i < data.length; i++) {
    const index = (l ^ (data[i] as number)) & 0xff;
    l = (((l >>> 8) | (h << 24)) ^ (tlo[index] as number)) >>> 0;
    h = ((h >>> 8) ^ (thi[index] as number)) >>> 0;
  }
  const out = Buffer.alloc(8);
  out.writeUInt32BE((h ^ 0xffffffff) >>> 0, 0);
  out.writeUInt32BE((l ^ 0xffffffff) >>> 0, 4);
  return out;
}

function uint32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0, 0);
  return out;
}

/** The base64 checksum of `data`, as S3 sends it. */
export function computeChecksum(algorithm: ChecksumAlgorithm, data: Uint8Array): string {
  switch (algorithm) {
    case 'CRC32':
      return uint32(zlibCrc32(data)).toString('base64');
    case 'CRC32C':
      return uint32(crc32c(data)).toString('base64');
    case 'CRC64NVME':
      return crc64nvme(data).toString('base64');
    case 'SHA1':
      return createHash('sha1').update(data).digest('base64');
    case 'SHA256':
      return createHash('sha256').update(data).digest('base64');
  }
}

export function parseAlgorithm(value: string, header: string): ChecksumAlgorithm {
  const upper = value.toUpperCase() as ChecksumAlgorithm;
  if (!CHECKSUM_ALGORITHMS.includes(upper)) {
    throw s3Error('InvalidRequest', `Value for ${header} header is invalid.`);
  }
  return upper;
}

/** Checks the form of a checksum value (base64 of the right length). */
export function validChecksumValue(algorithm: ChecksumAlgorithm, value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  return Buffer.from(value, 'base64').length === DIGEST_BYTES[algorithm];
}

export interface DecodedChunks {
  data: Buffer;
  /** Trailing headers (lower-case names), e.g. `x-amz-checksum-crc32`. */
  trailers: Record<string, string>;
}

const incomplete = () => s3Error('IncompleteBody', 'The request body terminated unexpectedly');

/**
 * Decodes an `aws-chunked` body: `<hex size>[;chunk-signature=…]\r\n<data>\r\n` repeated, a zero-size chunk,
 * then optional trailer lines `name:value\r\n` and a final `\r\n`. Chunk signatures are not verified (the
 * local cloud verifies no signature).
 */
export function decodeAwsChunked(body: Buffer): DecodedChunks {
  const parts: Buffer[] = [];
  let size = 0;
  let pos = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', pos, 'latin1');
    if (eol < 0) throw incomplete();
    const header = body.toString('latin1', pos, eol);
    const semicolon = header.indexOf(';');
    const hex = (semicolon < 0 ? header : header.slice(0, semicolon)).trim();
    if (!/^[0-9a-fA-F]+$/.test(hex)) throw incomplete();
    const length = Number.parseInt(hex, 16);
    pos = eol + 2;
    if (length === 0) break;
    if (pos + length > body.length) throw incomplete();
    parts.push(body.subarray(pos, pos + length));
    size += length;
    pos += length;
    if (body.toString('latin1', pos, pos + 2) !== '\r\n') throw incomplete();
    pos += 2;
  }
  const trailers: Record<string, string> = {};
  while (pos < body.length) {
    const eol = body.indexOf('\r\n', pos, 'latin1');
    const line = body.toString('latin1', pos, eol < 0 ? body.length : eol);
    pos = eol < 0 ? body.length : eol + 2;
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon < 0) throw incomplete();
    trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { data: parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, size), trailers };
}
