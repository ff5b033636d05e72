import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Cloud } from '../../core/cloud';
import { AwsError, toAwsError } from '../../core/errors';
import type { ObjectPort } from '../../core/ports';
import { escapeXml } from '../../protocols/xml';
import type { LocalCloudServer, RawHttpResponse } from '../../server';
import { BucketApi } from './buckets';
import { noSuchBucket, notImplemented, S3Error, s3Error } from './errors';
import { S3Model } from './model';
import { ObjectApi } from './objects';
import type { S3Request, S3Response } from './request';

/**
 * S3 (REST-XML, path-style `/<bucket>/<key…>`), claimed by the SigV4 credential scope service `s3` (an
 * `Authorization` header or a presigned URL's `X-Amz-Credential`) ahead of the other raw handlers.
 * Routing is by method plus the sub-resource named in the query (`?versioning`, `?tagging`, …); every
 * sub-resource without a handler is refused with 501 NotImplemented. Errors are S3's
 * `<Error><Code/><Message/>…<RequestId/><HostId/></Error>`; HEAD errors carry no body.
 * reference/aws-wire-and-event-shapes.md §1; reference/local-emulation-peers.md (s3_use_path_style).
 */

type Handler = (request: S3Request) => S3Response;

/** Bucket sub-resources S3 knows (every one the S3 API model names), in the order they are looked for. */
const BUCKET_SUBRESOURCES = [
  'abac',
  'accelerate',
  'acl',
  'analytics',
  'cors',
  'delete',
  'encryption',
  'intelligent-tiering',
  'inventory',
  'lifecycle',
  'location',
  'logging',
  'metadataAnnotationTable',
  'metadataConfiguration',
  'metadataInventoryTable',
  'metadataJournalTable',
  'metadataTable',
  'metrics',
  'notification',
  'object-lock',
  'ownershipControls',
  'policy',
  'policyStatus',
  'publicAccessBlock',
  'replication',
  'requestPayment',
  'session',
  'tagging',
  'uploads',
  'versioning',
  'versions',
  'website',
];

const OBJECT_SUBRESOURCES = [
  'acl',
  'annotation',
  'attributes',
  'encryption',
  'legal-hold',
  'renameObject',
  'restore',
  'retention',
  'select',
  'tagging',
  'torrent',
  'uploadId',
  'uploads',
];

const S3_SCOPE = /Credential=[^/,\s]+\/\d{8}\/([^/]+)\/s3\/aws4_request/;

/** The region of an S3-scoped SigV4 request, or undefined when the request is not for S3. */
function s3Region(headers: IncomingHttpHeaders, url: URL): string | undefined {
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    if (!authorization.includes('/s3/aws4_request')) return undefined;
    return S3_SCOPE.exec(authorization)?.[1];
  }
  if (!url.search.includes('X-Amz-Credential')) return undefined;
  const credential = url.searchParams.get('X-Amz-Credential');
  return credential ? S3_SCOPE.exec(`Credential=${credential}`)?.[1] : undefined;
}

/** S3 request ids: 16 upper-case hex characters; host ids: base64. */
const requestIdOf = (): string => randomBytes(8).toString('hex').toUpperCase();
const hostIdOf = (): string => randomBytes(48).toString('base64');

export function installS3(cloud: Cloud, server: LocalCloudServer): S3Model {
  const model = new S3Model(cloud.store);
  cloud.store.register('s3', model);
  const buckets = new BucketApi(model);
  const objects = new ObjectApi(model, cloud.store);

  const bucketHandlers: Record<string, Handler> = {
    'GET ': (r) => (r.query.get('list-type') === '2' ? objects.listObjectsV2(r) : objects.listObjectsV1(r)),
    'PUT ': (r) => buckets.createBucket(r),
    'HEAD ': (r) => buckets.headBucket(r),
    'DELETE ': (r) => buckets.deleteBucket(r),
    'GET location': (r) => buckets.getBucketLocation(r),
    'GET versions': (r) => objects.listObjectVersions(r),
    'POST delete': (r) => objects.deleteObjects(r),
    'GET acl': (r) => buckets.getBucketAcl(r),
    'PUT acl': (r) => buckets.putBucketAcl(r),
    'GET policy': (r) => buckets.getBucketPolicy(r),
    'PUT policy': (r) => buckets.putBucketPolicy(r),
    'DELETE policy': (r) => buckets.deleteBucketPolicy(r),
    'GET cors': (r) => buckets.getBucketCors(r),
    'GET website': (r) => buckets.getBucketWebsite(r),
    'GET versioning': (r) => buckets.getBucketVersioning(r),
    'PUT versioning': (r) => buckets.putBucketVersioning(r),
    'GET accelerate': (r) => buckets.getBucketAccelerate(r),
    'GET requestPayment': (r) => buckets.getBucketRequestPayment(r),
    'GET logging': (r) => buckets.getBucketLogging(r),
    'GET lifecycle': (r) => buckets.getBucketLifecycle(r),
    'GET replication': (r) => buckets.getBucketReplication(r),
    'GET encryption': (r) => buckets.getBucketEncryption(r),
    'PUT encryption': (r) => buckets.putBucketEncryption(r),
    'DELETE encryption': (r) => buckets.deleteBucketEncryption(r),
    'GET object-lock': (r) => buckets.getObjectLockConfiguration(r),
    'GET tagging': (r) => buckets.getBucketTagging(r),
    'PUT tagging': (r) => buckets.putBucketTagging(r),
    'DELETE tagging': (r) => buckets.deleteBucketTagging(r),
    'GET publicAccessBlock': (r) => buckets.getPublicAccessBlock(r),
    'PUT publicAccessBlock': (r) => buckets.putPublicAccessBlock(r),
    'DELETE publicAccessBlock': (r) => buckets.deletePublicAccessBlock(r),
    'GET ownershipControls': (r) => buckets.getBucketOwnershipControls(r),
  };

  const objectHandlers: Record<string, Handler> = {
    'PUT ': (r) => objects.putObject(r),
    'GET ': (r) => objects.getObject(r),
    'HEAD ': (r) => objects.getObject(r),
    'DELETE ': (r) => objects.deleteObject(r),
    'GET tagging': (r) => objects.getObjectTagging(r),
    'PUT tagging': (r) => objects.putObjectTagging(r),
    'DELETE tagging': (r) => objects.deleteObjectTagging(r),
  };

  const route = (request: S3Request): S3Response => {
    if (request.bucket === '') {
      if (request.method === 'GET') return buckets.listBuckets(request);
      throw methodNotAllowed(request.method, 'SERVICE');
    }
    const expectedOwner = request.headers['x-amz-expected-bucket-owner'];
    if (expectedOwner !== undefined && expectedOwner !== request.accountId) {
      if (!model.bucket(request.bucket)) throw noSuchBucket(request.bucket);
      throw s3Error('AccessDenied', 'Access Denied');
    }
    if (request.key === undefined) {
      const sub = BUCKET_SUBRESOURCES.find((name) => request.query.has(name)) ?? '';
      const handler = bucketHandlers[`${request.method} ${sub}`];
      if (handler) return handler(request);
      if (sub === '') {
        if (request.method === 'POST') throw notImplemented('browser-based uploads (POST to a bucket)');
        throw methodNotAllowed(request.method, 'BUCKET');
      }
      throw notImplemented(`${request.method} ?${sub} on a bucket (${operationName(request.method, sub)})`);
    }
    const sub = OBJECT_SUBRESOURCES.find((name) => request.query.has(name)) ?? '';
    const handler = objectHandlers[`${request.method} ${sub}`];
    if (handler) return handler(request);
    if (sub === 'uploads' || sub === 'uploadId') throw notImplemented('multipart uploads');
    if (sub === '') throw methodNotAllowed(request.method, 'OBJECT');
    throw notImplemented(`${request.method} ?${sub} on an object`);
  };

  server.addRawHandler((raw) => {
    const region = s3Region(raw.headers, raw.url);
    if (region === undefined) return undefined;
    const requestId = requestIdOf();
    // x-amzn-RequestId (which the server sets on every raw response) carries the same id, so the SDKs'
    // `$metadata.requestId` is S3's request id.
    const ids = {
      'x-amz-request-id': requestId,
      'x-amz-id-2': hostIdOf(),
      'x-amzn-RequestId': requestId,
      server: 'AmazonS3',
    };
    const head = raw.method === 'HEAD';
    try {
      const request = decodeRequest(raw, region, cloud.config.accountId);
      const out = route(request);
      return {
        status: out.status,
        headers: { ...ids, ...out.headers },
        ...(out.body === undefined ? {} : { body: out.body }),
      };
    } catch (error) {
      return errorResponse(error, { ...ids }, requestId, ids['x-amz-id-2'], head);
    }
  });

  cloud.ports.provide('objects', objectPort(model));
  return model;
}

function decodeRequest(
  raw: { method: string; url: URL; headers: IncomingHttpHeaders; body: Buffer },
  region: string,
  accountId: string,
): S3Request {
  const path = raw.url.pathname;
  const rest = path.slice(1);
  const slash = rest.indexOf('/');
  let bucket: string;
  let key: string | undefined;
  try {
    bucket = decodeURIComponent(slash < 0 ? rest : rest.slice(0, slash));
    const rawKey = slash < 0 ? '' : rest.slice(slash + 1);
    key = rawKey === '' ? undefined : decodeURIComponent(rawKey);
  } catch {
    throw s3Error('InvalidURI', "Couldn't parse the specified URI.", { URI: path });
  }
  return {
    method: raw.method,
    bucket,
    key,
    query: raw.url.searchParams,
    headers: raw.headers,
    body: raw.body,
    region,
    accountId,
    now: Math.floor(Date.now() / 1000) * 1000,
  };
}

function methodNotAllowed(method: string, resourceType: string): S3Error {
  return s3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.', {
    Method: method,
    ResourceType: resourceType,
  });
}

function operationName(method: string, sub: string): string {
  const verb = { GET: 'Get', PUT: 'Put', DELETE: 'Delete', POST: 'Post', HEAD: 'Head' }[method] ?? method;
  const noun = sub
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return `${verb}Bucket${noun}`;
}

function errorResponse(
  error: unknown,
  headers: Record<string, string>,
  requestId: string,
  hostId: string,
  head: boolean,
): RawHttpResponse {
  const err = toAwsError(error);
  if (!(error instanceof AwsError)) {
    process.stderr.write(`local-cloud: s3 request failed: ${(error as Error)?.stack ?? error}\n`);
  }
  const fields = error instanceof S3Error ? error.fields : {};
  const extraHeaders = error instanceof S3Error ? error.headers : {};
  const code = err.code === 'InternalFailure' ? 'InternalError' : err.code;
  const out: Record<string, string> = { ...headers, ...extraHeaders };
  // HEAD responses have no body (the SDKs see only the status); neither does 304.
  if (head || err.status === 304) return { status: err.status, headers: out };
  let body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(err.message)}</Message>`;
  for (const [name, value] of Object.entries(fields)) body += `<${name}>${escapeXml(value)}</${name}>`;
  body += `<RequestId>${requestId}</RequestId><HostId>${escapeXml(hostId)}</HostId></Error>`;
  return { status: err.status, headers: { ...out, 'content-type': 'application/xml' }, body };
}

/** The narrow read port Lambda uses for `Code.S3Bucket/S3Key/S3ObjectVersion`. */
function objectPort(model: S3Model): ObjectPort {
  return {
    get(bucketName, key, versionId, region) {
      const bucket = model.bucket(bucketName);
      if (!bucket) return { errorCode: 'NoSuchBucket', errorMessage: 'The specified bucket does not exist' };
      if (bucket.region !== region) {
        return {
          errorCode: 'PermanentRedirect',
          errorMessage: `The bucket is in this region: ${bucket.region}. Please use this region to retry the request`,
        };
      }
      let version = versionId === undefined ? model.current(bucket, key) : undefined;
      if (versionId !== undefined) {
        version = model.findVersion(bucket, key, versionId);
        if (!version) {
          return { errorCode: 'NoSuchVersion', errorMessage: 'The specified version does not exist.' };
        }
        if (version.deleteMarker) {
          return {
            errorCode: 'MethodNotAllowed',
            errorMessage: 'The specified method is not allowed against this resource.',
          };
        }
      }
      if (!version || version.deleteMarker) {
        return { errorCode: 'NoSuchKey', errorMessage: 'The specified key does not exist.' };
      }
      return { body: model.readBody(version), versionId: version.versionId };
    },
  };
}
