import { createHash } from 'node:crypto';

/** A message attribute as SQS stores and returns it (BinaryValue is base64, as on the JSON wire). */
export interface SqsAttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

export const md5OfBody = (body: string): string => createHash('md5').update(body, 'utf8').digest('hex');

function lengthPrefixed(hash: ReturnType<typeof createHash>, bytes: Buffer): void {
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
export function md5OfAttributes(
  attributes: Record<string, SqsAttributeValue> | undefined,
): string | undefined {
  if (!attributes) return undefined;
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const hash = createHash('md5');
  for (const name of names) {
    const value = attributes[name] as SqsAttributeValue;
    lengthPrefixed(hash, Buffer.from(name, 'utf8'));
    lengthPrefixed(hash, Buffer.from(value.DataType, 'utf8'));
    if (value.DataType.startsWith('Binary')) {
      hash.update(Buffer.from([2]));
      lengthPrefixed(hash, Buffer.from(value.BinaryValue ?? '', 'base64'));
    } else {
      hash.update(Buffer.from([1]));
      lengthPrefixed(hash, Buffer.from(value.StringValue ?? '', 'utf8'));
    }
  }
  return hash.digest('hex');
}
