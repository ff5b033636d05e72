import { createHash, randomBytes, randomUUID } from 'node:crypto';

export const uuid = (): string => randomUUID();

/** Lowercase hex of n random bytes. */
export const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/** Alphanumeric id of the given length (API Gateway, function URL ids). */
export function shortId(length = 10): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

export const md5Hex = (data: string | Uint8Array): string => createHash('md5').update(data).digest('hex');
export const sha256Base64 = (data: Uint8Array): string => createHash('sha256').update(data).digest('base64');
export const sha256Hex = (data: string | Uint8Array): string =>
  createHash('sha256').update(data).digest('hex');
