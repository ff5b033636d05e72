import { AwsError } from '../../core/errors';

/**
 * S3's error codes and their HTTP statuses (Amazon S3 API reference, "Error responses"). Extra members
 * (`BucketName`, `Key`, `VersionId`, `Condition`, …) are sent as elements of `<Error>`; `headers` as
 * response headers (e.g. `x-amz-bucket-region` on a redirect, `x-amz-delete-marker`).
 */
const STATUS: Record<string, number> = {
  AccessControlListNotSupported: 400,
  AccessDenied: 403,
  AuthorizationHeaderMalformed: 400,
  BadDigest: 400,
  BucketAlreadyExists: 409,
  BucketAlreadyOwnedByYou: 409,
  BucketNotEmpty: 409,
  EntityTooLarge: 400,
  IllegalLocationConstraintException: 400,
  IllegalVersioningConfigurationException: 400,
  IncompleteBody: 400,
  InvalidArgument: 400,
  InvalidBucketAclWithObjectOwnership: 400,
  InvalidBucketName: 400,
  InvalidDigest: 400,
  InvalidLocationConstraint: 400,
  InvalidRange: 416,
  InvalidRequest: 400,
  InvalidStorageClass: 400,
  InvalidTag: 400,
  InvalidURI: 400,
  KeyTooLongError: 400,
  MalformedPolicy: 400,
  MalformedXML: 400,
  MetadataTooLarge: 400,
  MethodNotAllowed: 405,
  MissingContentLength: 411,
  NoSuchBucket: 404,
  NoSuchBucketPolicy: 404,
  NoSuchCORSConfiguration: 404,
  NoSuchKey: 404,
  NoSuchLifecycleConfiguration: 404,
  NoSuchPublicAccessBlockConfiguration: 404,
  NoSuchTagSet: 404,
  NoSuchVersion: 404,
  NoSuchWebsiteConfiguration: 404,
  NotImplemented: 501,
  NotModified: 304,
  ObjectLockConfigurationNotFoundError: 404,
  OwnershipControlsNotFoundError: 404,
  PermanentRedirect: 301,
  PreconditionFailed: 412,
  ReplicationConfigurationNotFoundError: 404,
  ServerSideEncryptionConfigurationNotFoundError: 404,
  XAmzContentSHA256Mismatch: 400,
};

export class S3Error extends AwsError {
  constructor(
    code: string,
    message: string,
    readonly fields: Record<string, string> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(code, message, STATUS[code] ?? 400);
  }
}

export function s3Error(
  code: string,
  message: string,
  fields: Record<string, string> = {},
  headers: Record<string, string> = {},
): S3Error {
  return new S3Error(code, message, fields, headers);
}

export const noSuchBucket = (bucket: string): S3Error =>
  s3Error('NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });

export const noSuchKey = (key: string, headers: Record<string, string> = {}): S3Error =>
  s3Error('NoSuchKey', 'The specified key does not exist.', { Key: key }, headers);

export const noSuchVersion = (key: string, versionId: string): S3Error =>
  s3Error('NoSuchVersion', 'The specified version does not exist.', { Key: key, VersionId: versionId });

export const invalidVersionId = (versionId: string): S3Error =>
  s3Error('InvalidArgument', 'Invalid version id specified', {
    ArgumentName: 'versionId',
    ArgumentValue: versionId,
  });

export const malformedXml = (): S3Error =>
  s3Error(
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema',
  );

/** What local-cloud does not emulate: refused loudly (501, not retried by the SDKs), never stored and ignored. */
export const notImplemented = (what: string): S3Error =>
  s3Error('NotImplemented', `local-cloud does not implement ${what}`);
