import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { s3Error } from './errors';
import type { BucketState, Tags } from './model';
import { children, childText, type XmlElement, type XmlValue, xmlDocument } from './xml';

/** One decoded S3 request (path-style: `/<bucket>/<key…>`). */
export interface S3Request {
  method: string;
  /** '' for service-level calls (ListBuckets). */
  bucket: string;
  /** undefined for bucket-level calls. */
  key: string | undefined;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The region of the SigV4 credential scope. */
  region: string;
  accountId: string;
  /** Epoch ms of the request, whole seconds (S3 keeps second precision). */
  now: number;
}

export interface S3Response {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export function header(request: S3Request, name: string): string | undefined {
  const value = request.headers[name];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(',') : value;
}

export function xmlResponse(
  root: string,
  value: XmlValue,
  headers: Record<string, string> = {},
  status = 200,
): S3Response {
  return {
    status,
    headers: { 'content-type': 'application/xml', ...headers },
    body: xmlDocument(root, value),
  };
}

export const empty = (status: number, headers: Record<string, string> = {}): S3Response => ({
  status,
  headers,
});

/** The account's canonical user id (64 hex characters, stable per account). */
export const canonicalId = (accountId: string): string =>
  createHash('sha256').update(`local-cloud:${accountId}`).digest('hex');

export const owner = (accountId: string): { ID: string } => ({ ID: canonicalId(accountId) });

/** `2009-10-12T17:50:30.000Z`, as S3 writes times in XML. */
export const isoTime = (ms: number): string => new Date(ms).toISOString();

/** RFC 7231 date, as S3 writes `Last-Modified`. */
export const httpDate = (ms: number): string => new Date(ms).toUTCString();

/** The bucket, checked against the region the request was signed for (S3 answers other regions with this). */
export function inRegion(bucket: BucketState, request: S3Request): BucketState {
  if (bucket.region !== request.region) {
    throw s3Error(
      'AuthorizationHeaderMalformed',
      `The authorization header is malformed; the region '${request.region}' is wrong; expecting '${bucket.region}'`,
      { Region: bucket.region },
      { 'x-amz-bucket-region': bucket.region },
    );
  }
  return bucket;
}

// -----------------------------------------------------------------------------------------------
// Tags (Amazon S3 user guide, "Categorizing your storage using tags"; bucket tags: AWS tagging rules)

const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export function validateTags(tags: Tags, kind: 'bucket' | 'object'): Tags {
  const max = kind === 'object' ? 10 : 50;
  if (tags.length > max) {
    throw s3Error(
      kind === 'object' ? 'BadRequest' : 'InvalidTag',
      kind === 'object'
        ? 'Object tags cannot be greater than 10'
        : 'Bucket tag count cannot be greater than 50',
    );
  }
  const seen = new Set<string>();
  for (const [key, value] of tags) {
    if (key.length === 0 || key.length > 128) {
      throw s3Error('InvalidTag', 'The TagKey you have provided is invalid', { TagKey: key });
    }
    if (value.length > 256) {
      throw s3Error('InvalidTag', 'The TagValue you have provided is invalid', {
        TagKey: key,
        TagValue: value,
      });
    }
    if (!TAG_CHARS.test(key)) {
      throw s3Error('InvalidTag', 'The TagKey you have provided is invalid', { TagKey: key });
    }
    if (!TAG_CHARS.test(value)) {
      throw s3Error('InvalidTag', 'The TagValue you have provided is invalid', {
        TagKey: key,
        TagValue: value,
      });
    }
    if (key.toLowerCase().startsWith('aws:')) {
      throw s3Error('InvalidTag', 'System tags cannot be added/updated by requester');
    }
    if (seen.has(key)) throw s3Error('InvalidTag', 'Cannot provide multiple Tags with the same key');
    seen.add(key);
  }
  return tags;
}

/** `<Tagging><TagSet><Tag><Key/><Value/></Tag>…</TagSet></Tagging>`. */
export function parseTagging(root: XmlElement): Tags {
  const tagSet = children(root, 'TagSet');
  if (tagSet.length !== 1) {
    throw s3Error(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
    );
  }
  const tags: Tags = [];
  for (const tag of children(tagSet[0] as XmlElement, 'Tag')) {
    const key = childText(tag, 'Key');
    const value = children(tag, 'Value')[0]?.text ?? '';
    if (key === undefined) {
      throw s3Error(
        'MalformedXML',
        'The XML you provided was not well-formed or did not validate against our published schema',
      );
    }
    tags.push([key, value]);
  }
  return tags;
}

/** The `x-amz-tagging` header: URL-encoded query parameters. */
export function parseTaggingHeader(value: string): Tags {
  const tags: Tags = [];
  const seen = new Set<string>();
  for (const part of value.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    let key: string;
    let tagValue: string;
    try {
      key = decodeURIComponent((eq < 0 ? part : part.slice(0, eq)).replace(/\+/g, ' '));
      tagValue = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '));
    } catch {
      key = '';
      tagValue = '';
    }
    if (key === '' || seen.has(key)) {
      throw s3Error(
        'InvalidArgument',
        "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.",
        { ArgumentName: 'x-amz-tagging', ArgumentValue: value },
      );
    }
    seen.add(key);
    tags.push([key, tagValue]);
  }
  return tags;
}

export const tagSetXml = (tags: Tags): XmlValue => ({
  TagSet: { Tag: tags.map(([Key, Value]) => ({ Key, Value })) },
});

// -----------------------------------------------------------------------------------------------
// Integrity of small request documents

/** Checks `Content-MD5` when given (BadDigest / InvalidDigest), as S3 does for every request with a body. */
export function checkContentMd5(request: S3Request, data: Uint8Array): void {
  const md5 = header(request, 'content-md5');
  if (md5 === undefined) return;
  const digest = /^[A-Za-z0-9+/]+={0,2}$/.test(md5.trim()) ? Buffer.from(md5.trim(), 'base64') : undefined;
  if (digest?.length !== 16) {
    throw s3Error('InvalidDigest', 'The Content-MD5 you specified was invalid.', { 'Content-MD5': md5 });
  }
  const actual = createHash('md5').update(data).digest();
  if (!actual.equals(digest)) {
    throw s3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.', {
      ExpectedDigest: digest.toString('hex'),
      CalculatedDigest: actual.toString('hex'),
    });
  }
}
