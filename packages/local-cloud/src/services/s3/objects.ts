import { createHash } from 'node:crypto';
import type { Store } from '../../core/store';
import {
  CHECKSUM_ALGORITHMS,
  type ChecksumAlgorithm,
  checksumHeader,
  computeChecksum,
  decodeAwsChunked,
  parseAlgorithm,
  validChecksumValue,
} from './checksums';
import {
  invalidVersionId,
  malformedXml,
  noSuchBucket,
  noSuchKey,
  noSuchVersion,
  notImplemented,
  s3Error,
} from './errors';
import {
  type BucketState,
  blobKeyOf,
  isVersionIdFormat,
  type ListItem,
  type ObjectVersion,
  type S3Model,
  type Tags,
} from './model';
import {
  checkContentMd5,
  empty,
  header,
  httpDate,
  inRegion,
  isoTime,
  owner,
  parseTagging,
  parseTaggingHeader,
  type S3Request,
  type S3Response,
  tagSetXml,
  validateTags,
  xmlResponse,
} from './request';
import { children, childText, INLINE, parseBody, type XmlValue } from './xml';

/**
 * Object operations: Put (plain, Content-MD5, additional checksums, `aws-chunked` with a trailing checksum),
 * Get/Head (ranges, conditions, checksum mode), Delete, DeleteObjects, Copy, tagging, and the three listings.
 * Versioning follows the bucket: Enabled → each put is a new version, delete adds a delete marker;
 * Suspended / never enabled → the `null` version is replaced.
 */

const STORAGE_CLASSES = new Set([
  'STANDARD',
  'REDUCED_REDUNDANCY',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'DEEP_ARCHIVE',
  'OUTPOSTS',
  'GLACIER_IR',
  'SNOW',
  'EXPRESS_ONEZONE',
  'FSX_OPENZFS',
]);

const METADATA_LIMIT_BYTES = 2048;
const MAX_KEY_BYTES = 1024;

const preconditionFailed = (condition: string): Error =>
  s3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
    Condition: condition,
  });

/** Does an If-Match / If-None-Match list match this ETag (`*` matches any)? */
function etagMatches(list: string, etag: string): boolean {
  return list.split(',').some((item) => {
    const candidate = item.trim().replace(/^W\//, '');
    return candidate === '*' || candidate === etag || `"${candidate}"` === etag;
  });
}

function parseHttpDate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

interface DecodedBody {
  data: Buffer;
  trailers: Record<string, string>;
  /** Content-Encoding to store, with `aws-chunked` removed. */
  contentEncoding: string | undefined;
}

export class ObjectApi {
  constructor(
    private readonly model: S3Model,
    private readonly store: Store,
  ) {}

  private bucket(request: S3Request): BucketState {
    const bucket = this.model.bucket(request.bucket);
    if (!bucket) throw noSuchBucket(request.bucket);
    return inRegion(bucket, request);
  }

  private key(request: S3Request): string {
    const key = request.key as string;
    const size = Buffer.byteLength(key);
    if (size > MAX_KEY_BYTES) {
      throw s3Error('KeyTooLongError', 'Your key is too long', {
        Size: String(size),
        MaxSizeAllowed: String(MAX_KEY_BYTES),
      });
    }
    return key;
  }

  private versionParam(request: S3Request): string | undefined {
    const versionId = request.query.get('versionId');
    if (versionId === null) return undefined;
    if (versionId === '' || !isVersionIdFormat(versionId)) throw invalidVersionId(versionId);
    return versionId;
  }

  /** The version a read addresses: `versionId` or the current one. Delete markers answer as S3 does. */
  private readable(bucket: BucketState, key: string, versionId: string | undefined): ObjectVersion {
    if (versionId !== undefined) {
      const version = this.model.findVersion(bucket, key, versionId);
      if (!version) throw noSuchVersion(key, versionId);
      if (version.deleteMarker) {
        throw s3Error(
          'MethodNotAllowed',
          'The specified method is not allowed against this resource.',
          { Method: 'GET', ResourceType: 'DeleteMarker' },
          {
            'x-amz-delete-marker': 'true',
            'x-amz-version-id': version.versionId,
            'last-modified': httpDate(version.lastModified),
          },
        );
      }
      return version;
    }
    const current = this.model.current(bucket, key);
    if (!current) throw noSuchKey(key);
    if (current.deleteMarker) {
      throw noSuchKey(key, { 'x-amz-delete-marker': 'true', 'x-amz-version-id': current.versionId });
    }
    return current;
  }

  // ---------------------------------------------------------------------------------------------
  // PutObject

  /** Decodes the payload: `aws-chunked` (signed or unsigned, with trailers) or plain, checking x-amz-content-sha256. */
  private decodeBody(request: S3Request): DecodedBody {
    const sha = header(request, 'x-amz-content-sha256');
    const encodings = (header(request, 'content-encoding') ?? '')
      .split(',')
      .map((e) => e.trim())
      .filter((e) => e !== '');
    const chunked = encodings.includes('aws-chunked') || (sha?.startsWith('STREAMING-') ?? false);
    const rest = encodings.filter((e) => e !== 'aws-chunked');
    const contentEncoding = rest.length > 0 ? rest.join(',') : undefined;
    if (chunked) {
      const declared = header(request, 'x-amz-decoded-content-length');
      if (declared === undefined) {
        throw s3Error('MissingContentLength', 'You must provide the Content-Length HTTP header.');
      }
      const decoded = decodeAwsChunked(request.body);
      if (Number(declared) !== decoded.data.length) {
        throw s3Error(
          'IncompleteBody',
          'You did not provide the number of bytes specified by the Content-Length HTTP header',
        );
      }
      return { ...decoded, contentEncoding };
    }
    if (sha && /^[0-9a-f]{64}$/i.test(sha)) {
      const actual = createHash('sha256').update(request.body).digest('hex');
      if (actual !== sha.toLowerCase()) {
        throw s3Error(
          'XAmzContentSHA256Mismatch',
          "The provided 'x-amz-content-sha256' header does not match what was computed.",
          { ClientComputedContentSHA256: sha, S3ComputedContentSHA256: actual },
        );
      }
    }
    return { data: request.body, trailers: {}, contentEncoding };
  }

  /**
   * The additional checksum: given in a header or a trailer (verified: BadDigest), or asked for with
   * x-amz-sdk-checksum-algorithm / x-amz-checksum-algorithm; otherwise S3's default CRC64NVME
   * (S3 user guide, "Checking object integrity": default data integrity protections).
   */
  private checksumOf(
    request: S3Request,
    data: Uint8Array,
    trailers: Record<string, string>,
  ): { algorithm: ChecksumAlgorithm; value: string } {
    let given: { algorithm: ChecksumAlgorithm; value: string } | undefined;
    for (const algorithm of CHECKSUM_ALGORITHMS) {
      const name = checksumHeader(algorithm);
      const value = header(request, name) ?? trailers[name];
      if (value === undefined) continue;
      if (given) {
        throw s3Error(
          'InvalidRequest',
          'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.',
        );
      }
      if (!validChecksumValue(algorithm, value)) {
        throw s3Error('InvalidRequest', `Value for ${name} header is invalid.`);
      }
      given = { algorithm, value };
    }
    const trailer = header(request, 'x-amz-trailer');
    if (trailer?.startsWith('x-amz-checksum-') && trailers[trailer.toLowerCase()] === undefined) {
      throw s3Error('IncompleteBody', 'The request body terminated unexpectedly');
    }
    const asked =
      header(request, 'x-amz-sdk-checksum-algorithm') ?? header(request, 'x-amz-checksum-algorithm');
    const askedAlgorithm = asked ? parseAlgorithm(asked, 'x-amz-sdk-checksum-algorithm') : undefined;
    if (given) {
      if (askedAlgorithm && askedAlgorithm !== given.algorithm) {
        throw s3Error('InvalidRequest', 'Value for x-amz-sdk-checksum-algorithm header is invalid.');
      }
      const actual = computeChecksum(given.algorithm, data);
      if (actual !== given.value) {
        throw s3Error(
          'BadDigest',
          `The ${given.algorithm} you specified did not match the calculated checksum.`,
        );
      }
      return given;
    }
    const algorithm = askedAlgorithm ?? 'CRC64NVME';
    return { algorithm, value: computeChecksum(algorithm, data) };
  }

  /** Headers that would make S3 do something local-cloud does not emulate, refused; ACLs as on a BucketOwnerEnforced bucket. */
  private refuseUnsupportedWriteHeaders(request: S3Request): void {
    const sse = header(request, 'x-amz-server-side-encryption');
    if (sse !== undefined && sse !== 'AES256') {
      if (sse === 'aws:kms' || sse === 'aws:kms:dsse') {
        throw notImplemented(`server-side encryption ${sse} (there is no KMS in local-cloud; use AES256)`);
      }
      throw s3Error('InvalidArgument', 'The encryption method specified is not supported', {
        ArgumentName: 'x-amz-server-side-encryption',
        ArgumentValue: sse,
      });
    }
    if (header(request, 'x-amz-server-side-encryption-aws-kms-key-id') !== undefined) {
      throw notImplemented('SSE-KMS keys (x-amz-server-side-encryption-aws-kms-key-id)');
    }
    if (header(request, 'x-amz-server-side-encryption-customer-algorithm') !== undefined) {
      throw notImplemented('SSE-C (customer-provided keys)');
    }
    if (header(request, 'x-amz-server-side-encryption-bucket-key-enabled')?.toLowerCase() === 'true') {
      throw notImplemented('S3 Bucket Keys (they apply to SSE-KMS)');
    }
    const storageClass = header(request, 'x-amz-storage-class');
    if (storageClass !== undefined && storageClass !== 'STANDARD') {
      if (STORAGE_CLASSES.has(storageClass)) throw notImplemented(`storage class ${storageClass}`);
      throw s3Error('InvalidStorageClass', 'The storage class you specified is not valid', {
        StorageClassRequested: storageClass,
      });
    }
    const acl = header(request, 'x-amz-acl');
    const grants = Object.keys(request.headers).some((h) => h.startsWith('x-amz-grant-'));
    if ((acl !== undefined && acl !== 'private' && acl !== 'bucket-owner-full-control') || grants) {
      throw s3Error('AccessControlListNotSupported', 'The bucket does not allow ACLs');
    }
    if (
      header(request, 'x-amz-object-lock-mode') !== undefined ||
      header(request, 'x-amz-object-lock-retain-until-date') !== undefined ||
      header(request, 'x-amz-object-lock-legal-hold') !== undefined
    ) {
      throw s3Error('InvalidRequest', 'Bucket is missing Object Lock Configuration');
    }
    if (header(request, 'x-amz-website-redirect-location') !== undefined) {
      throw notImplemented('website redirects (x-amz-website-redirect-location)');
    }
  }

  private metadataOf(request: S3Request): Record<string, string> | undefined {
    const metadata: Record<string, string> = {};
    let size = 0;
    let any = false;
    for (const [name, value] of Object.entries(request.headers)) {
      if (!name.startsWith('x-amz-meta-') || value === undefined) continue;
      const key = name.slice('x-amz-meta-'.length);
      const text = Array.isArray(value) ? value.join(',') : value;
      metadata[key] = text;
      size += Buffer.byteLength(key) + Buffer.byteLength(text);
      any = true;
    }
    if (size > METADATA_LIMIT_BYTES) {
      throw s3Error('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size', {
        Size: String(size),
        MaxSizeAllowed: String(METADATA_LIMIT_BYTES),
      });
    }
    return any ? metadata : undefined;
  }

  private taggingHeader(request: S3Request): Tags | undefined {
    const value = header(request, 'x-amz-tagging');
    if (value === undefined) return undefined;
    const tags = validateTags(parseTaggingHeader(value), 'object');
    return tags.length > 0 ? tags : undefined;
  }

  /** Conditional writes (If-None-Match: *, If-Match: etag) against the current version. */
  private checkWriteConditions(request: S3Request, bucket: BucketState, key: string): void {
    const ifNoneMatch = header(request, 'if-none-match');
    const ifMatch = header(request, 'if-match');
    if (ifNoneMatch === undefined && ifMatch === undefined) return;
    const current = this.model.current(bucket, key);
    const live = current && !current.deleteMarker ? current : undefined;
    if (ifNoneMatch !== undefined) {
      if (ifNoneMatch.trim() !== '*') throw notImplemented('If-None-Match other than * on a write');
      if (live) throw preconditionFailed('If-None-Match');
    }
    if (ifMatch !== undefined) {
      if (!live) throw noSuchKey(key);
      if (!etagMatches(ifMatch, live.etag as string)) throw preconditionFailed('If-Match');
    }
  }

  private storeBody(data: Uint8Array): string {
    const blob = blobKeyOf(createHash('sha256').update(data).digest('hex'));
    if (data.length > 0) this.store.putBlob(blob, data);
    return blob;
  }

  private writeHeaders(bucket: BucketState, version: ObjectVersion): Record<string, string> {
    const headers: Record<string, string> = {
      etag: version.etag as string,
      'x-amz-server-side-encryption': 'AES256',
    };
    if (bucket.versioning === 'Enabled') headers['x-amz-version-id'] = version.versionId;
    if (version.checksum) {
      headers[checksumHeader(version.checksum.algorithm)] = version.checksum.value;
      headers['x-amz-checksum-type'] = 'FULL_OBJECT';
    }
    return headers;
  }

  putObject(request: S3Request): S3Response {
    if (header(request, 'x-amz-copy-source') !== undefined) return this.copyObject(request);
    const bucket = this.bucket(request);
    const key = this.key(request);
    this.refuseUnsupportedWriteHeaders(request);
    const { data, trailers, contentEncoding } = this.decodeBody(request);
    checkContentMd5(request, data);
    const checksum = this.checksumOf(request, data, trailers);
    const metadata = this.metadataOf(request);
    const tags = this.taggingHeader(request);
    this.checkWriteConditions(request, bucket, key);
    const version = this.model.putObject(bucket, key, {
      lastModified: request.now,
      etag: `"${createHash('md5').update(data).digest('hex')}"`,
      size: data.length,
      blob: this.storeBody(data),
      ...optional('contentType', header(request, 'content-type')),
      ...optional('cacheControl', header(request, 'cache-control')),
      ...optional('contentDisposition', header(request, 'content-disposition')),
      ...optional('contentEncoding', contentEncoding),
      ...optional('contentLanguage', header(request, 'content-language')),
      ...optional('expires', header(request, 'expires')),
      ...(metadata ? { metadata } : {}),
      ...(tags ? { tags } : {}),
      checksum,
    });
    return empty(200, this.writeHeaders(bucket, version));
  }

  // ---------------------------------------------------------------------------------------------
  // CopyObject

  private copyObject(request: S3Request): S3Response {
    const bucket = this.bucket(request);
    const key = this.key(request);
    this.refuseUnsupportedWriteHeaders(request);
    const source = parseCopySource(header(request, 'x-amz-copy-source') as string);
    const sourceBucket = this.model.bucket(source.bucket);
    if (!sourceBucket) throw noSuchBucket(source.bucket);
    let version: ObjectVersion;
    if (source.versionId !== undefined) {
      if (!isVersionIdFormat(source.versionId)) throw invalidVersionId(source.versionId);
      const found = this.model.findVersion(sourceBucket, source.key, source.versionId);
      if (!found) throw noSuchVersion(source.key, source.versionId);
      if (found.deleteMarker) {
        throw s3Error(
          'InvalidRequest',
          'The source of a copy request may not specifically refer to a delete marker by version id.',
        );
      }
      version = found;
    } else {
      const current = this.model.current(sourceBucket, source.key);
      if (!current || current.deleteMarker) throw noSuchKey(source.key);
      version = current;
    }
    const ifMatch = header(request, 'x-amz-copy-source-if-match');
    if (ifMatch !== undefined && !etagMatches(ifMatch, version.etag as string)) {
      throw preconditionFailed('x-amz-copy-source-If-Match');
    }
    const ifNoneMatch = header(request, 'x-amz-copy-source-if-none-match');
    if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, version.etag as string)) {
      throw preconditionFailed('x-amz-copy-source-If-None-Match');
    }
    const metadataDirective = header(request, 'x-amz-metadata-directive') ?? 'COPY';
    const taggingDirective = header(request, 'x-amz-tagging-directive') ?? 'COPY';
    if (metadataDirective !== 'COPY' && metadataDirective !== 'REPLACE') {
      throw s3Error('InvalidArgument', 'Unknown metadata directive.', {
        ArgumentName: 'x-amz-metadata-directive',
        ArgumentValue: metadataDirective,
      });
    }
    if (taggingDirective !== 'COPY' && taggingDirective !== 'REPLACE') {
      throw s3Error('InvalidArgument', 'Unknown tagging directive.', {
        ArgumentName: 'x-amz-tagging-directive',
        ArgumentValue: taggingDirective,
      });
    }
    const asked = header(request, 'x-amz-checksum-algorithm');
    const askedAlgorithm = asked ? parseAlgorithm(asked, 'x-amz-checksum-algorithm') : undefined;
    if (
      sourceBucket === bucket &&
      source.key === key &&
      source.versionId === undefined &&
      metadataDirective === 'COPY' &&
      !askedAlgorithm &&
      header(request, 'x-amz-server-side-encryption') === undefined &&
      header(request, 'x-amz-storage-class') === undefined
    ) {
      throw s3Error(
        'InvalidRequest',
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      );
    }
    let checksum = version.checksum;
    if (askedAlgorithm && askedAlgorithm !== checksum?.algorithm) {
      checksum = {
        algorithm: askedAlgorithm,
        value: computeChecksum(askedAlgorithm, this.model.readBody(version)),
      };
    }
    const base =
      metadataDirective === 'COPY'
        ? {
            ...optional('contentType', version.contentType),
            ...optional('cacheControl', version.cacheControl),
            ...optional('contentDisposition', version.contentDisposition),
            ...optional('contentEncoding', version.contentEncoding),
            ...optional('contentLanguage', version.contentLanguage),
            ...optional('expires', version.expires),
            ...(version.metadata ? { metadata: { ...version.metadata } } : {}),
          }
        : {
            ...optional('contentType', header(request, 'content-type')),
            ...optional('cacheControl', header(request, 'cache-control')),
            ...optional('contentDisposition', header(request, 'content-disposition')),
            ...optional('contentEncoding', header(request, 'content-encoding')),
            ...optional('contentLanguage', header(request, 'content-language')),
            ...optional('expires', header(request, 'expires')),
            ...(this.metadataOf(request)
              ? { metadata: this.metadataOf(request) as Record<string, string> }
              : {}),
          };
    const tags = taggingDirective === 'COPY' ? version.tags : this.taggingHeader(request);
    const copy = this.model.putObject(bucket, key, {
      lastModified: request.now,
      etag: version.etag as string,
      size: version.size as number,
      ...(version.blob ? { blob: version.blob } : {}),
      ...base,
      ...(tags ? { tags: [...tags] } : {}),
      ...(checksum ? { checksum } : {}),
    });
    const headers = this.writeHeaders(bucket, copy);
    delete headers.etag;
    for (const name of Object.keys(headers)) if (name.startsWith('x-amz-checksum-')) delete headers[name];
    if (sourceBucket.versioning) headers['x-amz-copy-source-version-id'] = version.versionId;
    const result: Record<string, XmlValue> = { ETag: copy.etag, LastModified: isoTime(copy.lastModified) };
    if (checksum) {
      result.ChecksumType = 'FULL_OBJECT';
      result[`Checksum${checksum.algorithm}`] = checksum.value;
    }
    return xmlResponse('CopyObjectResult', result, headers);
  }

  // ---------------------------------------------------------------------------------------------
  // GetObject / HeadObject

  getObject(request: S3Request): S3Response {
    const head = request.method === 'HEAD';
    const bucket = this.bucket(request);
    const key = this.key(request);
    if (request.query.has('partNumber')) throw notImplemented('GetObject/HeadObject by partNumber');
    if (header(request, 'x-amz-server-side-encryption-customer-algorithm') !== undefined) {
      throw notImplemented('SSE-C (customer-provided keys)');
    }
    const version = this.readable(bucket, key, this.versionParam(request));
    const etag = version.etag as string;
    const headers: Record<string, string> = {
      'last-modified': httpDate(version.lastModified),
      etag,
      'accept-ranges': 'bytes',
      'content-type': version.contentType ?? 'binary/octet-stream',
      'x-amz-server-side-encryption': 'AES256',
    };
    if (bucket.versioning) headers['x-amz-version-id'] = version.versionId;
    if (version.cacheControl !== undefined) headers['cache-control'] = version.cacheControl;
    if (version.contentDisposition !== undefined) headers['content-disposition'] = version.contentDisposition;
    if (version.contentEncoding !== undefined) headers['content-encoding'] = version.contentEncoding;
    if (version.contentLanguage !== undefined) headers['content-language'] = version.contentLanguage;
    if (version.expires !== undefined) headers.expires = version.expires;
    for (const [name, value] of Object.entries(version.metadata ?? {})) headers[`x-amz-meta-${name}`] = value;
    if (!head && version.tags && version.tags.length > 0)
      headers['x-amz-tagging-count'] = String(version.tags.length);

    // Conditions (RFC 7232 as S3 applies them): If-Match / If-Unmodified-Since → 412; If-None-Match /
    // If-Modified-Since → 304.
    const ifMatch = header(request, 'if-match');
    const ifNoneMatch = header(request, 'if-none-match');
    const ifModifiedSince = parseHttpDate(header(request, 'if-modified-since'));
    const ifUnmodifiedSince = parseHttpDate(header(request, 'if-unmodified-since'));
    if (ifMatch !== undefined) {
      if (!etagMatches(ifMatch, etag)) throw preconditionFailed('If-Match');
    } else if (ifUnmodifiedSince !== undefined && version.lastModified > ifUnmodifiedSince) {
      throw preconditionFailed('If-Unmodified-Since');
    }
    const notModified =
      ifNoneMatch !== undefined
        ? etagMatches(ifNoneMatch, etag)
        : ifModifiedSince !== undefined && version.lastModified <= ifModifiedSince;
    if (notModified) {
      const kept: Record<string, string> = { 'last-modified': headers['last-modified'] as string, etag };
      if (headers['x-amz-version-id']) kept['x-amz-version-id'] = headers['x-amz-version-id'];
      return empty(304, kept);
    }

    // Response header overrides (signed requests only, as S3 requires).
    const overrides: Array<[string, string]> = [
      ['response-content-type', 'content-type'],
      ['response-content-language', 'content-language'],
      ['response-expires', 'expires'],
      ['response-cache-control', 'cache-control'],
      ['response-content-disposition', 'content-disposition'],
      ['response-content-encoding', 'content-encoding'],
    ];
    for (const [param, name] of overrides) {
      const value = request.query.get(param);
      if (value !== null) headers[name] = value;
    }

    const size = version.size as number;
    const range = parseRange(header(request, 'range'), size);
    const data = this.model.readBody(version);
    const body = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (range) {
      headers['content-range'] = `bytes ${range.start}-${range.end}/${size}`;
      return { status: 206, headers, body: body.subarray(range.start, range.end + 1) };
    }
    if (header(request, 'x-amz-checksum-mode')?.toUpperCase() === 'ENABLED' && version.checksum) {
      headers[checksumHeader(version.checksum.algorithm)] = version.checksum.value;
      headers['x-amz-checksum-type'] = 'FULL_OBJECT';
    }
    // For HEAD the server computes Content-Length from this body and sends none of it.
    return { status: 200, headers, body };
  }

  // ---------------------------------------------------------------------------------------------
  // DeleteObject / DeleteObjects

  deleteObject(request: S3Request): S3Response {
    const bucket = this.bucket(request);
    const key = this.key(request);
    if (header(request, 'if-match') !== undefined || header(request, 'x-amz-if-match-last-modified-time')) {
      throw notImplemented('conditional deletes (If-Match on DeleteObject)');
    }
    if (header(request, 'x-amz-bypass-governance-retention') !== undefined) {
      throw notImplemented('S3 Object Lock (x-amz-bypass-governance-retention)');
    }
    const result = this.model.deleteObject(bucket, key, this.versionParam(request), request.now);
    const headers: Record<string, string> = {};
    if (result.deleteMarker) headers['x-amz-delete-marker'] = 'true';
    if (result.versionId !== undefined) headers['x-amz-version-id'] = result.versionId;
    return empty(204, headers);
  }

  deleteObjects(request: S3Request): S3Response {
    const bucket = this.bucket(request);
    // DeleteObjects requires an integrity header (S3 API reference, DeleteObjects).
    const hasChecksum = CHECKSUM_ALGORITHMS.some((a) => header(request, checksumHeader(a)) !== undefined);
    if (header(request, 'content-md5') === undefined && !hasChecksum) {
      throw s3Error(
        'InvalidRequest',
        'Missing required header for this request: Content-MD5 OR x-amz-checksum-*',
      );
    }
    checkContentMd5(request, request.body);
    if (hasChecksum) this.checksumOf(request, request.body, {});
    const document = parseBody(request.body, 'Delete');
    const quiet = childText(document, 'Quiet') === 'true';
    const objects = children(document, 'Object');
    if (objects.length === 0 || objects.length > 1000) throw malformedXml();
    const deleted: XmlValue[] = [];
    const errors: XmlValue[] = [];
    for (const object of objects) {
      const key = childText(object, 'Key');
      if (key === undefined) throw malformedXml();
      const rawKey = children(object, 'Key')[0]?.text ?? key;
      const versionId = childText(object, 'VersionId');
      if (versionId !== undefined && !isVersionIdFormat(versionId)) {
        errors.push({
          Key: rawKey,
          VersionId: versionId,
          Code: 'NoSuchVersion',
          Message: 'The specified version does not exist.',
        });
        continue;
      }
      const result = this.model.deleteObject(bucket, rawKey, versionId, request.now);
      if (quiet) continue;
      const entry: Record<string, XmlValue> = { Key: rawKey };
      if (versionId !== undefined) entry.VersionId = versionId;
      if (result.deleteMarker) {
        entry.DeleteMarker = true;
        entry.DeleteMarkerVersionId = result.versionId;
      }
      deleted.push(entry);
    }
    return xmlResponse('DeleteResult', { Deleted: deleted, Error: errors });
  }

  // ---------------------------------------------------------------------------------------------
  // Object tagging

  getObjectTagging(request: S3Request): S3Response {
    const bucket = this.bucket(request);
    const key = this.key(request);
    const version = this.readable(bucket, key, this.versionParam(request));
    const headers: Record<string, string> = bucket.versioning
      ? { 'x-amz-version-id': version.versionId }
      : {};
    return xmlResponse('Tagging', tagSetXml(version.tags ?? []), headers);
  }

  putObjectTagging(request: S3Request): S3Response {
    const bucket = this.bucket(request);
    const key = this.key(request);
    checkContentMd5(request, request.body);
    const tags = validateTags(parseTagging(parseBody(request.body, 'Tagging')), 'object');
    const version = this.readable(bucket, key, this.versionParam(request));
    this.model.setObjectTags(bucket, key, version.versionId, tags.length > 0 ? tags : null);
    return empty(200, bucket.versioning ? { 'x-amz-version-id': version.versionId } : {});
  }

  deleteObjectTagging(request: S3Request): S3Response {
    const bucket = this.bucket(request);
    const key = this.key(request);
    const version = this.readable(bucket, key, this.versionParam(request));
    this.model.setObjectTags(bucket, key, version.versionId, null);
    return empty(204, bucket.versioning ? { 'x-amz-version-id': version.versionId } : {});
  }

  // ---------------------------------------------------------------------------------------------
  // Listings

  private listParams(request: S3Request): {
    prefix: string;
    delimiter: string | undefined;
    max: number;
    encode: (value: string) => string;
    encodingType: string | undefined;
  } {
    const prefix = request.query.get('prefix') ?? '';
    const delimiter = request.query.get('delimiter') || undefined;
    const maxParam = request.query.get('max-keys');
    let max = 1000;
    if (maxParam !== null && maxParam !== '') {
      const parsed = Number(maxParam);
      if (!Number.isInteger(parsed) || parsed < 0 || parsed > 2_147_483_647) {
        throw s3Error('InvalidArgument', 'Provided max-keys not an integer or within integer range', {
          ArgumentName: 'max-keys',
          ArgumentValue: maxParam,
        });
      }
      max = Math.min(parsed, 1000);
    }
    const encodingType = request.query.get('encoding-type') ?? undefined;
    if (encodingType !== undefined && encodingType !== 'url') {
      throw s3Error('InvalidArgument', 'Invalid Encoding Method specified in Request', {
        ArgumentName: 'encoding-type',
        ArgumentValue: encodingType,
      });
    }
    const encode = encodingType === 'url' ? urlEncode : (value: string) => value;
    return { prefix, delimiter, max, encode, encodingType };
  }

  private contents(item: ListItem, encode: (v: string) => string, withOwner: boolean, accountId: string) {
    const version = item.version as ObjectVersion;
    return {
      Key: encode(item.key),
      LastModified: isoTime(version.lastModified),
      ETag: version.etag,
      ChecksumAlgorithm: version.checksum?.algorithm,
      ChecksumType: version.checksum ? 'FULL_OBJECT' : undefined,
      Size: version.size,
      Owner: withOwner ? owner(accountId) : undefined,
      StorageClass: 'STANDARD',
    };
  }

  listObjectsV2(request: S3Request): S3Response {
    const bucket = this.bucket(request);
    const { prefix, delimiter, max, encode, encodingType } = this.listParams(request);
    const token = request.query.get('continuation-token');
    const startAfter = request.query.get('start-after') ?? undefined;
    let after = startAfter;
    let afterIsPrefix = false;
    if (token !== null) {
      const decoded = decodeToken(token);
      after = decoded.k;
      afterIsPrefix = decoded.p;
    }
    const result = this.model.list(bucket, {
      prefix,
      delimiter,
      after,
      afterIsPrefix,
      max,
      versions: false,
    });
    const fetchOwner = request.query.get('fetch-owner') === 'true';
    const last = result.items[result.items.length - 1];
    return xmlResponse('ListBucketResult', {
      Name: bucket.name,
      Prefix: encode(prefix),
      ContinuationToken: token ?? undefined,
      NextContinuationToken:
        result.truncated && last ? encodeToken(last.key, last.prefix === true) : undefined,
      StartAfter: startAfter !== undefined ? encode(startAfter) : undefined,
      KeyCount: result.items.length,
      MaxKeys: max,
      Delimiter: delimiter !== undefined ? encode(delimiter) : undefined,
      IsTruncated: result.truncated,
      EncodingType: encodingType,
      Contents: result.items
        .filter((item) => !item.prefix)
        .map((item) => this.contents(item, encode, fetchOwner, request.accountId)),
      CommonPrefixes: result.items
        .filter((item) => item.prefix)
        .map((item) => ({ Prefix: encode(item.key) })),
    });
  }

  listObjectsV1(request: S3Request): S3Response {
    const bucket = this.bucket(request);
    const { prefix, delimiter, max, encode, encodingType } = this.listParams(request);
    const marker = request.query.get('marker') ?? '';
    const result = this.model.list(bucket, {
      prefix,
      delimiter,
      after: marker === '' ? undefined : marker,
      max,
      versions: false,
    });
    const last = result.items[result.items.length - 1];
    return xmlResponse('ListBucketResult', {
      Name: bucket.name,
      Prefix: encode(prefix),
      Marker: encode(marker),
      // NextMarker is returned only with a delimiter; otherwise clients continue from the last key.
      NextMarker: result.truncated && delimiter && last ? encode(last.key) : undefined,
      MaxKeys: max,
      Delimiter: delimiter !== undefined ? encode(delimiter) : undefined,
      IsTruncated: result.truncated,
      EncodingType: encodingType,
      Contents: result.items
        .filter((item) => !item.prefix)
        .map((item) => this.contents(item, encode, true, request.accountId)),
      CommonPrefixes: result.items
        .filter((item) => item.prefix)
        .map((item) => ({ Prefix: encode(item.key) })),
    });
  }

  listObjectVersions(request: S3Request): S3Response {
    const bucket = this.bucket(request);
    const { prefix, delimiter, max, encode, encodingType } = this.listParams(request);
    const keyMarker = request.query.get('key-marker') ?? '';
    const versionIdMarker = request.query.get('version-id-marker') ?? '';
    if (versionIdMarker !== '' && keyMarker === '') {
      throw s3Error('InvalidArgument', 'A version-id marker cannot be specified without a key marker.', {
        ArgumentName: 'version-id-marker',
        ArgumentValue: versionIdMarker,
      });
    }
    const result = this.model.list(bucket, {
      prefix,
      delimiter,
      after: keyMarker === '' ? undefined : keyMarker,
      afterVersion: versionIdMarker === '' ? undefined : versionIdMarker,
      max,
      versions: true,
    });
    const entries: XmlValue[] = [];
    const prefixes: XmlValue[] = [];
    for (const item of result.items) {
      if (item.prefix) {
        prefixes.push({ Prefix: encode(item.key) });
        continue;
      }
      const version = item.version as ObjectVersion;
      const isLatest = this.model.current(bucket, item.key) === version;
      if (version.deleteMarker) {
        entries.push({
          DeleteMarker: {
            Owner: owner(request.accountId),
            Key: encode(item.key),
            VersionId: version.versionId,
            IsLatest: isLatest,
            LastModified: isoTime(version.lastModified),
          },
        });
      } else {
        entries.push({
          Version: {
            ETag: version.etag,
            ChecksumAlgorithm: version.checksum?.algorithm,
            ChecksumType: version.checksum ? 'FULL_OBJECT' : undefined,
            Size: version.size,
            Owner: owner(request.accountId),
            StorageClass: 'STANDARD',
            Key: encode(item.key),
            VersionId: version.versionId,
            IsLatest: isLatest,
            LastModified: isoTime(version.lastModified),
          },
        });
      }
    }
    const last = result.items[result.items.length - 1];
    return xmlResponse('ListVersionsResult', {
      Name: bucket.name,
      Prefix: encode(prefix),
      KeyMarker: encode(keyMarker),
      VersionIdMarker: versionIdMarker,
      NextKeyMarker: result.truncated && last ? encode(last.key) : undefined,
      NextVersionIdMarker: result.truncated && last?.version ? last.version.versionId : undefined,
      MaxKeys: max,
      Delimiter: delimiter !== undefined ? encode(delimiter) : undefined,
      IsTruncated: result.truncated,
      EncodingType: encodingType,
      [INLINE]: entries,
      CommonPrefixes: prefixes,
    });
  }
}

function optional<K extends string>(name: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: string };
}

/** S3's `encoding-type=url`: each character outside the unreserved set percent-encoded, `/` kept. */
function urlEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/%2F/g, '/')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function encodeToken(key: string, isPrefix: boolean): string {
  return Buffer.from(JSON.stringify({ k: key, p: isPrefix }), 'utf8').toString('base64');
}

function decodeToken(token: string): { k: string; p: boolean } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { k?: unknown; p?: unknown };
    if (typeof parsed.k === 'string') return { k: parsed.k, p: parsed.p === true };
  } catch {
    // fall through
  }
  throw s3Error('InvalidArgument', 'The continuation token provided is incorrect', {
    ArgumentName: 'continuation-token',
  });
}

/** `x-amz-copy-source`: `[/]bucket/key[?versionId=…]`, URL-encoded. */
function parseCopySource(value: string): { bucket: string; key: string; versionId: string | undefined } {
  let path = value;
  let versionId: string | undefined;
  const question = path.indexOf('?');
  if (question >= 0) {
    const params = new URLSearchParams(path.slice(question + 1));
    versionId = params.get('versionId') ?? undefined;
    path = path.slice(0, question);
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    decoded = '';
  }
  if (decoded.startsWith('/')) decoded = decoded.slice(1);
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) {
    throw s3Error('InvalidArgument', 'Invalid copy source object key', {
      ArgumentName: 'x-amz-copy-source',
      ArgumentValue: value,
    });
  }
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1), versionId };
}

/**
 * One `bytes=` range (RFC 7233). A malformed or multi-range header is ignored (the whole object is sent),
 * as S3 does; a range past the end is 416 InvalidRange.
 */
function parseRange(value: string | undefined, size: number): { start: number; end: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) throw invalidRange(value, size);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
    if (match[2] !== '' && Number(match[2]) < start) return undefined;
  }
  if (start >= size || size === 0) throw invalidRange(value, size);
  return { start, end };
}

const invalidRange = (value: string, size: number) =>
  s3Error('InvalidRange', 'The requested range is not satisfiable', {
    RangeRequested: value,
    ActualObjectSize: String(size),
  });
