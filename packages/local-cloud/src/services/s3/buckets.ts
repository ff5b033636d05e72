import { malformedXml, noSuchBucket, notImplemented, s3Error } from './errors';
import {
  type BucketState,
  DEFAULT_ENCRYPTION,
  type PublicAccessBlock,
  type S3Model,
  type VersioningStatus,
} from './model';
import {
  canonicalId,
  checkContentMd5,
  empty,
  header,
  inRegion,
  isoTime,
  owner,
  parseTagging,
  type S3Request,
  type S3Response,
  tagSetXml,
  validateTags,
  xmlResponse,
} from './request';
import { child, children, childText, parseBody, S3_XMLNS } from './xml';

/**
 * Bucket operations: create/head/delete/list, location, and the sub-resources. Each GET answers as S3
 * does for a bucket made today (ACLs disabled with BucketOwnerEnforced, Block Public Access on, SSE-S3
 * default encryption) or with S3's not-found code; the ones the stacks set (versioning, encryption,
 * public access block, tagging, policy) are stored and returned. Others are refused with NotImplemented.
 */

// Bucket naming rules (Amazon S3 user guide, "General purpose bucket naming rules").
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

export function validBucketName(name: string): boolean {
  if (!BUCKET_NAME.test(name)) return false;
  if (name.includes('..') || name.includes('.-') || name.includes('-.')) return false;
  if (/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) return false;
  if (RESERVED_PREFIXES.some((p) => name.startsWith(p))) return false;
  if (RESERVED_SUFFIXES.some((s) => name.endsWith(s))) return false;
  return true;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export class BucketApi {
  constructor(private readonly model: S3Model) {}

  /** A bucket in the request's region (or NoSuchBucket / AuthorizationHeaderMalformed). */
  private bucket(request: S3Request): BucketState {
    const bucket = this.model.bucket(request.bucket);
    if (!bucket) throw noSuchBucket(request.bucket);
    return inRegion(bucket, request);
  }

  listBuckets(request: S3Request): S3Response {
    const prefix = request.query.get('prefix') ?? '';
    const regionFilter = request.query.get('bucket-region');
    const token = request.query.get('continuation-token');
    const maxParam = request.query.get('max-buckets');
    let max = 10_000;
    if (maxParam !== null) {
      max = Number(maxParam);
      if (!Number.isInteger(max) || max < 1 || max > 10_000) {
        throw s3Error('InvalidArgument', 'Argument max-buckets must be an integer between 1 and 10000.', {
          ArgumentName: 'max-buckets',
          ArgumentValue: maxParam,
        });
      }
    }
    const all = this.model
      .listBuckets()
      .filter((b) => b.name.startsWith(prefix) && (!regionFilter || b.region === regionFilter))
      .filter((b) => !token || b.name > Buffer.from(token, 'base64url').toString('utf8'));
    const page = all.slice(0, max);
    const last = page[page.length - 1];
    return xmlResponse('ListAllMyBucketsResult', {
      Owner: owner(request.accountId),
      Buckets: {
        Bucket: page.map((b) => ({ Name: b.name, CreationDate: isoTime(b.created), BucketRegion: b.region })),
      },
      ContinuationToken:
        all.length > max && last ? Buffer.from(last.name, 'utf8').toString('base64url') : undefined,
      Prefix: request.query.has('prefix') ? prefix : undefined,
    });
  }

  createBucket(request: S3Request): S3Response {
    const name = request.bucket;
    if (!validBucketName(name)) {
      throw s3Error('InvalidBucketName', 'The specified bucket is not valid.', { BucketName: name });
    }
    checkContentMd5(request, request.body);
    let constraint: string | undefined;
    if (request.body.length > 0 && request.body.toString('utf8').trim() !== '') {
      const config = parseBody(request.body, 'CreateBucketConfiguration');
      if (child(config, 'Location') || child(config, 'Bucket')) {
        throw notImplemented('directory buckets (CreateBucketConfiguration Location/Bucket)');
      }
      constraint = childText(config, 'LocationConstraint') || undefined;
    }
    // CreateBucket region rules (S3 API reference, CreateBucket): us-east-1 takes no constraint; any other
    // regional endpoint needs its own region as the constraint.
    let region: string;
    if (constraint === undefined) {
      if (request.region !== 'us-east-1') {
        throw s3Error(
          'IllegalLocationConstraintException',
          'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.',
        );
      }
      region = 'us-east-1';
    } else {
      const resolved = constraint === 'EU' ? 'eu-west-1' : constraint;
      if (resolved === 'us-east-1' || !REGION.test(resolved)) {
        throw s3Error('InvalidLocationConstraint', 'The specified location-constraint is not valid', {
          LocationConstraint: constraint,
        });
      }
      if (request.region !== 'us-east-1' && resolved !== request.region) {
        throw s3Error(
          'IllegalLocationConstraintException',
          `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`,
        );
      }
      region = resolved;
    }
    // New buckets have ACLs disabled (ObjectOwnership BucketOwnerEnforced, S3 default since April 2023).
    const acl = header(request, 'x-amz-acl');
    const grants = Object.keys(request.headers).some((h) => h.startsWith('x-amz-grant-'));
    const ownership = header(request, 'x-amz-object-ownership');
    if (ownership !== undefined && ownership !== 'BucketOwnerEnforced') {
      if (ownership === 'BucketOwnerPreferred' || ownership === 'ObjectWriter') {
        throw notImplemented(`object ownership ${ownership} (ACLs); buckets have BucketOwnerEnforced`);
      }
      throw s3Error('InvalidArgument', 'Invalid x-amz-object-ownership header', {
        ArgumentName: 'x-amz-object-ownership',
        ArgumentValue: ownership,
      });
    }
    if ((acl !== undefined && acl !== 'private') || grants) {
      throw s3Error(
        'InvalidBucketAclWithObjectOwnership',
        "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
      );
    }
    if (header(request, 'x-amz-bucket-object-lock-enabled')?.toLowerCase() === 'true') {
      throw notImplemented('S3 Object Lock (x-amz-bucket-object-lock-enabled)');
    }
    const existing = this.model.bucket(name);
    if (existing) {
      // us-east-1 legacy: re-creating your own bucket there answers 200 (S3 API reference, CreateBucket).
      if (existing.region === 'us-east-1' && region === 'us-east-1') {
        return empty(200, { location: `/${name}` });
      }
      throw s3Error(
        'BucketAlreadyOwnedByYou',
        'Your previous request to create the named bucket succeeded and you already own it.',
        { BucketName: name },
      );
    }
    this.model.createBucket(name, region, request.now);
    return empty(200, { location: `/${name}` });
  }

  headBucket(request: S3Request): S3Response {
    const bucket = this.model.bucket(request.bucket);
    if (!bucket) throw noSuchBucket(request.bucket);
    const headers = { 'x-amz-bucket-region': bucket.region, 'x-amz-access-point-alias': 'false' };
    if (bucket.region !== request.region) {
      throw s3Error(
        'PermanentRedirect',
        'The bucket is in another region',
        { BucketName: bucket.name },
        headers,
      );
    }
    return empty(200, headers);
  }

  deleteBucket(request: S3Request): S3Response {
    this.model.deleteBucket(this.bucket(request).name);
    return empty(204);
  }

  getBucketLocation(request: S3Request): S3Response {
    const bucket = this.model.bucket(request.bucket);
    if (!bucket) throw noSuchBucket(request.bucket);
    // us-east-1 is the empty constraint.
    return xmlResponse('LocationConstraint', bucket.region === 'us-east-1' ? '' : bucket.region);
  }

  // ---------------------------------------------------------------------------------------------
  // Sub-resources read by the Terraform provider (aws_s3_bucket read), with today's defaults

  getBucketAcl(request: S3Request): S3Response {
    this.bucket(request);
    const id = canonicalId(request.accountId);
    // The owner's FULL_CONTROL grant; the Grantee carries the xsi:type attribute S3 sends.
    return {
      status: 200,
      headers: { 'content-type': 'application/xml' },
      body:
        '<?xml version="1.0" encoding="UTF-8"?>\n' +
        `<AccessControlPolicy xmlns="${S3_XMLNS}"><Owner><ID>${id}</ID></Owner><AccessControlList>` +
        '<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">' +
        `<ID>${id}</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList></AccessControlPolicy>`,
    };
  }

  /** A bucket with ACLs disabled accepts only the owner-full-control ACL (canned `private` or that one grant). */
  putBucketAcl(request: S3Request): S3Response {
    this.bucket(request);
    const id = canonicalId(request.accountId);
    if (request.body.length > 0) {
      const list = child(parseBody(request.body, 'AccessControlPolicy'), 'AccessControlList');
      const grants = list ? children(list, 'Grant') : [];
      const only = grants[0];
      const grantee = only ? child(only, 'Grantee') : undefined;
      const ownerOnly =
        grants.length === 1 &&
        only !== undefined &&
        grantee !== undefined &&
        childText(grantee, 'ID') === id &&
        childText(only, 'Permission') === 'FULL_CONTROL';
      if (!ownerOnly) throw s3Error('AccessControlListNotSupported', 'The bucket does not allow ACLs');
      return empty(200);
    }
    const acl = header(request, 'x-amz-acl');
    if (acl === 'private' || acl === 'bucket-owner-full-control') return empty(200);
    throw s3Error('AccessControlListNotSupported', 'The bucket does not allow ACLs');
  }

  getBucketPolicy(request: S3Request): S3Response {
    const bucket = this.bucket(request);
    if (bucket.policy === undefined) {
      throw s3Error('NoSuchBucketPolicy', 'The bucket policy does not exist', { BucketName: bucket.name });
    }
    return { status: 200, headers: { 'content-type': 'application/json' }, body: bucket.policy };
  }

  putBucketPolicy(request: S3Request): S3Response {
    const bucket = this.bucket(request);
    checkContentMd5(request, request.body);
    const text = request.body.toString('utf8');
    let policy: unknown;
    try {
      policy = text.trimStart().startsWith('{') ? JSON.parse(text) : undefined;
    } catch {
      policy = undefined;
    }
    if (!policy || typeof policy !== 'object' || Array.isArray(policy)) {
      throw s3Error('MalformedPolicy', "Policies must be valid JSON and the first byte must be '{'");
    }
    const statements = (policy as Record<string, unknown>).Statement;
    if (statements === undefined) throw s3Error('MalformedPolicy', 'Missing required field Statement');
    if (bucket.publicAccessBlock?.BlockPublicPolicy && isPublicPolicy(statements)) {
      // Block Public Access refuses public policies (S3 user guide, "Blocking public access").
      throw s3Error('AccessDenied', 'Access Denied');
    }
    this.model.updateSettings(bucket.name, { policy: text });
    return empty(204);
  }

  deleteBucketPolicy(request: S3Request): S3Response {
    const bucket = this.bucket(request);
    this.model.updateSettings(bucket.name, { policy: null });
    return empty(204);
  }

  getBucketCors(request: S3Request): S3Response {
    const bucket = this.bucket(request);
    throw s3Error('NoSuchCORSConfiguration', 'The CORS configuration does not exist', {
      BucketName: bucket.name,
    });
  }

  getBucketWebsite(request: S3Request): S3Response {
    const bucket = this.bucket(request);
    throw s3Error(
      'NoSuchWebsiteConfiguration',
      'The specified bucket does not have a website configuration',
      {
        BucketName: bucket.name,
      },
    );
  }

  getBucketVersioning(request: S3Request): S3Response {
    const bucket = this.bucket(request);
    return xmlResponse('VersioningConfiguration', { Status: bucket.versioning, MfaDelete: bucket.mfaDelete });
  }

  putBucketVersioning(request: S3Request): S3Response {
    const bucket = this.bucket(request);
    checkContentMd5(request, request.body);
    const config = parseBody(request.body, 'VersioningConfiguration');
    const status = childText(config, 'Status');
    const mfa = childText(config, 'MfaDelete');
    if (status !== undefined && status !== 'Enabled' && status !== 'Suspended') throw malformedXml();
    if (mfa !== undefined && mfa !== 'Enabled' && mfa !== 'Disabled') throw malformedXml();
    if (mfa === 'Enabled' || header(request, 'x-amz-mfa') !== undefined) {
      throw notImplemented('MFA delete (MfaDelete Enabled / x-amz-mfa)');
    }
    this.model.updateSettings(bucket.name, {
      ...(status ? { versioning: status as VersioningStatus } : {}),
      ...(mfa ? { mfaDelete: 'Disabled' as const } : {}),
    });
    return empty(200);
  }

  getBucketAccelerate(request: S3Request): S3Response {
    this.bucket(request);
    return xmlResponse('AccelerateConfiguration', {});
  }

  getBucketRequestPayment(request: S3Request): S3Response {
    this.bucket(request);
    return xmlResponse('RequestPaymentConfiguration', { Payer: 'BucketOwner' });
  }

  getBucketLogging(request: S3Request): S3Response {
    this.bucket(request);
    return xmlResponse('BucketLoggingStatus', {});
  }

  getBucketLifecycle(request: S3Request): S3Response {
    const bucket = this.bucket(request);
    throw s3Error('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', {
      BucketName: bucket.name,
    });
  }

  getBucketReplication(request: S3Request): S3Response {
    const bucket = this.bucket(request);
    throw s3Error('ReplicationConfigurationNotFoundError', 'The replication configuration was not found', {
      BucketName: bucket.name,
    });
  }

  getObjectLockConfiguration(request: S3Request): S3Response {
    const bucket = this.bucket(request);
    throw s3Error(
      'ObjectLockConfigurationNotFoundError',
      'Object Lock configuration does not exist for this bucket',
      { BucketName: bucket.name },
    );
  }

  getBucketEncryption(request: S3Request): S3Response {
    const bucket = this.bucket(request);
    // Every bucket has SSE-S3 default encryption (S3 default since January 2023).
    return xmlResponse('ServerSideEncryptionConfiguration', {
      Rule: {
        ApplyServerSideEncryptionByDefault: { SSEAlgorithm: bucket.encryption.algorithm },
        BucketKeyEnabled: bucket.encryption.bucketKeyEnabled,
      },
    });
  }

  putBucketEncryption(request: S3Request): S3Response {
    const bucket = this.bucket(request);
    checkContentMd5(request, request.body);
    const config = parseBody(request.body, 'ServerSideEncryptionConfiguration');
    const rules = config.children.filter((c) => c.name === 'Rule');
    if (rules.length !== 1) throw malformedXml();
    const rule = rules[0] as (typeof rules)[number];
    const byDefault = child(rule, 'ApplyServerSideEncryptionByDefault');
    const algorithm = byDefault ? childText(byDefault, 'SSEAlgorithm') : undefined;
    if (algorithm === 'aws:kms' || algorithm === 'aws:kms:dsse') {
      throw notImplemented(
        `default encryption with ${algorithm} (there is no KMS in local-cloud; use AES256)`,
      );
    }
    if (algorithm !== 'AES256') throw malformedXml();
    if (byDefault && childText(byDefault, 'KMSMasterKeyID') !== undefined) {
      throw s3Error(
        'InvalidArgument',
        'a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse',
        { ArgumentName: 'ApplyServerSideEncryptionByDefault' },
      );
    }
    const bucketKey = childText(rule, 'BucketKeyEnabled');
    if (bucketKey !== undefined && bucketKey !== 'true' && bucketKey !== 'false') throw malformedXml();
    this.model.updateSettings(bucket.name, {
      encryption: { algorithm: 'AES256', bucketKeyEnabled: bucketKey === 'true' },
    });
    return empty(200);
  }

  deleteBucketEncryption(request: S3Request): S3Response {
    const bucket = this.bucket(request);
    // Deleting the configuration returns the bucket to the SSE-S3 default.
    this.model.updateSettings(bucket.name, { encryption: { ...DEFAULT_ENCRYPTION } });
    return empty(204);
  }

  getBucketTagging(request: S3Request): S3Response {
    const bucket = this.bucket(request);
    if (!bucket.tags || bucket.tags.length === 0) {
      throw s3Error('NoSuchTagSet', 'The TagSet does not exist', { BucketName: bucket.name });
    }
    return xmlResponse('Tagging', tagSetXml(bucket.tags));
  }

  putBucketTagging(request: S3Request): S3Response {
    const bucket = this.bucket(request);
    checkContentMd5(request, request.body);
    const tags = validateTags(parseTagging(parseBody(request.body, 'Tagging')), 'bucket');
    this.model.updateSettings(bucket.name, { tags: tags.length > 0 ? tags : null });
    return empty(204);
  }

  deleteBucketTagging(request: S3Request): S3Response {
    const bucket = this.bucket(request);
    this.model.updateSettings(bucket.name, { tags: null });
    return empty(204);
  }

  getPublicAccessBlock(request: S3Request): S3Response {
    const bucket = this.bucket(request);
    if (!bucket.publicAccessBlock) {
      throw s3Error(
        'NoSuchPublicAccessBlockConfiguration',
        'The public access block configuration was not found',
        { BucketName: bucket.name },
      );
    }
    return xmlResponse('PublicAccessBlockConfiguration', { ...bucket.publicAccessBlock });
  }

  putPublicAccessBlock(request: S3Request): S3Response {
    const bucket = this.bucket(request);
    checkContentMd5(request, request.body);
    const config = parseBody(request.body, 'PublicAccessBlockConfiguration');
    const flag = (name: keyof PublicAccessBlock): boolean => {
      const value = childText(config, name);
      if (value === undefined) return false;
      if (value !== 'true' && value !== 'false') throw malformedXml();
      return value === 'true';
    };
    const block: PublicAccessBlock = {
      BlockPublicAcls: flag('BlockPublicAcls'),
      IgnorePublicAcls: flag('IgnorePublicAcls'),
      BlockPublicPolicy: flag('BlockPublicPolicy'),
      RestrictPublicBuckets: flag('RestrictPublicBuckets'),
    };
    this.model.updateSettings(bucket.name, { publicAccessBlock: block });
    return empty(200);
  }

  deletePublicAccessBlock(request: S3Request): S3Response {
    const bucket = this.bucket(request);
    this.model.updateSettings(bucket.name, { publicAccessBlock: null });
    return empty(204);
  }

  getBucketOwnershipControls(request: S3Request): S3Response {
    this.bucket(request);
    return xmlResponse('OwnershipControls', { Rule: { ObjectOwnership: 'BucketOwnerEnforced' } });
  }
}

/** A statement that allows everyone (`*`) without a condition makes a policy public (S3's rule, simplified). */
function isPublicPolicy(statements: unknown): boolean {
  const list = Array.isArray(statements) ? statements : [statements];
  return list.some((statement) => {
    if (!statement || typeof statement !== 'object') return false;
    const s = statement as Record<string, unknown>;
    if (s.Effect !== 'Allow' || s.Condition !== undefined) return false;
    const principal = s.Principal;
    if (principal === '*') return true;
    if (principal && typeof principal === 'object') {
      const aws = (principal as Record<string, unknown>).AWS;
      return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
    }
    return false;
  });
}
