import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketEncryptionCommand,
  DeleteBucketPolicyCommand,
  DeleteBucketTaggingCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  DeleteObjectTaggingCommand,
  DeletePublicAccessBlockCommand,
  GetBucketAccelerateConfigurationCommand,
  GetBucketAclCommand,
  GetBucketCorsCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketReplicationCommand,
  GetBucketRequestPaymentCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetBucketWebsiteCommand,
  GetObjectCommand,
  GetObjectLockConfigurationCommand,
  GetObjectTaggingCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketCorsCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { type RunningLocalCloud, startLocalCloud } from '../src/index';
import { computeChecksum } from '../src/services/s3/checksums';

/**
 * S3 conformance with the AWS SDK for JavaScript v3 (path-style, as Terraform uses it with
 * `s3_use_path_style`): buckets and their sub-resources, objects with the SDK's default CRC32 checksums
 * (header and aws-chunked trailer), conditions, ranges, listings, versioning, copies, tags, and the errors.
 */

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
type SdkError = Error & { $metadata?: { httpStatusCode?: number }; Code?: string; BucketName?: string };

async function failure(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('expected the call to fail');
}

const md5 = (data: string | Uint8Array) => createHash('md5').update(data).digest('hex');
const crc32Base64 = (data: string) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(Buffer.from(data)));
  return out.toString('base64');
};

let lc: RunningLocalCloud;
let s3: S3Client;
let counter = 0;
const bucketName = (prefix: string) => `${prefix}-${process.pid}-${++counter}`;

async function newBucket(prefix: string): Promise<string> {
  const name = bucketName(prefix);
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

/** A request signed for S3 as far as routing goes (the local cloud verifies no signature). */
function raw(
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: Buffer | string; region?: string } = {},
): Promise<Response> {
  return fetch(`${lc.endpoint}${path}`, {
    method,
    headers: {
      authorization: `AWS4-HMAC-SHA256 Credential=test/20260101/${options.region ?? 'us-east-1'}/s3/aws4_request, SignedHeaders=host, Signature=00`,
      ...options.headers,
    },
    ...(options.body !== undefined ? { body: options.body } : {}),
  });
}

beforeAll(async () => {
  lc = await startLocalCloud({ port: 0 });
  s3 = new S3Client({ endpoint: lc.endpoint, region: 'us-east-1', credentials, forcePathStyle: true });
});

afterAll(async () => {
  s3.destroy();
  await lc.stop();
});

describe('buckets', () => {
  it('creates, heads, lists, locates and deletes a bucket', async () => {
    const name = bucketName('life');
    const created = await s3.send(new CreateBucketCommand({ Bucket: name }));
    expect(created.Location).toBe(`/${name}`);
    const head = await s3.send(new HeadBucketCommand({ Bucket: name }));
    expect(head.BucketRegion).toBe('us-east-1');
    expect(head.AccessPointAlias).toBe(false);
    const listed = await s3.send(new ListBucketsCommand({}));
    expect(listed.Buckets?.find((b) => b.Name === name)).toMatchObject({ BucketRegion: 'us-east-1' });
    expect(listed.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    // us-east-1 is the empty location constraint.
    const location = await s3.send(new GetBucketLocationCommand({ Bucket: name }));
    expect(location.LocationConstraint).toBeUndefined();
    // Re-creating your own bucket in us-east-1 answers 200 (legacy behaviour).
    await s3.send(new CreateBucketCommand({ Bucket: name }));
    await s3.send(new DeleteBucketCommand({ Bucket: name }));
    const missing = await failure(s3.send(new HeadBucketCommand({ Bucket: name })));
    expect(missing.name).toBe('NotFound');
    expect(missing.$metadata?.httpStatusCode).toBe(404);
    const again = await failure(s3.send(new DeleteBucketCommand({ Bucket: name })));
    expect(again.name).toBe('NoSuchBucket');
    expect(again.message).toBe('The specified bucket does not exist');
    expect(again.$metadata?.httpStatusCode).toBe(404);
  });

  it('follows the location-constraint rules of CreateBucket', async () => {
    const explicitUsEast = await failure(
      s3.send(
        new CreateBucketCommand({
          Bucket: bucketName('lc'),
          CreateBucketConfiguration: { LocationConstraint: 'us-east-1' as never },
        }),
      ),
    );
    expect(explicitUsEast.name).toBe('InvalidLocationConstraint');
    expect(explicitUsEast.message).toBe('The specified location-constraint is not valid');

    const eu = new S3Client({
      endpoint: lc.endpoint,
      region: 'eu-west-1',
      credentials,
      forcePathStyle: true,
    });
    try {
      // The SDK adds the client's region as the constraint; without one, a regional endpoint refuses.
      const unspecified = await raw('PUT', `/${bucketName('lc')}`, { region: 'eu-west-1' });
      expect(unspecified.status).toBe(400);
      expect(await unspecified.text()).toContain(
        '<Code>IllegalLocationConstraintException</Code><Message>The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.</Message>',
      );
      const mismatch = await failure(
        eu.send(
          new CreateBucketCommand({
            Bucket: bucketName('lc'),
            CreateBucketConfiguration: { LocationConstraint: 'us-west-2' },
          }),
        ),
      );
      expect([mismatch.name, mismatch.message]).toEqual([
        'IllegalLocationConstraintException',
        'The us-west-2 location constraint is incompatible for the region specific endpoint this request was sent to.',
      ]);
      const name = bucketName('lc-eu');
      await eu.send(
        new CreateBucketCommand({
          Bucket: name,
          CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
        }),
      );
      expect((await eu.send(new GetBucketLocationCommand({ Bucket: name }))).LocationConstraint).toBe(
        'eu-west-1',
      );
      expect((await eu.send(new HeadBucketCommand({ Bucket: name }))).BucketRegion).toBe('eu-west-1');
      const owned = await failure(
        eu.send(
          new CreateBucketCommand({
            Bucket: name,
            CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
          }),
        ),
      );
      expect(owned.name).toBe('BucketAlreadyOwnedByYou');
      expect(owned.$metadata?.httpStatusCode).toBe(409);
      // A request signed for another region is refused as S3 does.
      const wrongRegion = await failure(s3.send(new ListObjectsV2Command({ Bucket: name })));
      expect(wrongRegion.name).toBe('AuthorizationHeaderMalformed');
      expect(wrongRegion.message).toContain("the region 'us-east-1' is wrong; expecting 'eu-west-1'");
      await eu.send(new DeleteBucketCommand({ Bucket: name }));
    } finally {
      eu.destroy();
    }
  });

  it('refuses invalid bucket names and ACLs on an ACL-disabled bucket', async () => {
    for (const name of ['ab', 'UPPER-case-name', 'has..dots', '192.168.1.1', 'xn--prefixed', 'ends-with-']) {
      const error = await failure(s3.send(new CreateBucketCommand({ Bucket: name })));
      expect(error.name).toBe('InvalidBucketName');
      expect(error.message).toBe('The specified bucket is not valid.');
    }
    const acl = await failure(
      s3.send(new CreateBucketCommand({ Bucket: bucketName('acl'), ACL: 'public-read' })),
    );
    expect(acl.name).toBe('InvalidBucketAclWithObjectOwnership');
  });

  it('answers the sub-resources as S3 does for a new bucket', async () => {
    const name = await newBucket('fresh');
    const acl = await s3.send(new GetBucketAclCommand({ Bucket: name }));
    expect(acl.Grants).toEqual([
      { Grantee: { ID: acl.Owner?.ID, Type: 'CanonicalUser' }, Permission: 'FULL_CONTROL' },
    ]);
    const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket: name }));
    expect(encryption.ServerSideEncryptionConfiguration?.Rules).toEqual([
      { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false },
    ]);
    const versioning = await s3.send(new GetBucketVersioningCommand({ Bucket: name }));
    expect(versioning.Status).toBeUndefined();
    expect(versioning.MFADelete).toBeUndefined();
    expect(
      (await s3.send(new GetBucketAccelerateConfigurationCommand({ Bucket: name }))).Status,
    ).toBeUndefined();
    expect((await s3.send(new GetBucketRequestPaymentCommand({ Bucket: name }))).Payer).toBe('BucketOwner');
    expect((await s3.send(new GetBucketLoggingCommand({ Bucket: name }))).LoggingEnabled).toBeUndefined();
    // Block Public Access is on for new buckets (AWS default since April 2023).
    expect(
      (await s3.send(new GetPublicAccessBlockCommand({ Bucket: name }))).PublicAccessBlockConfiguration,
    ).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    const notFound: Array<[Promise<unknown>, string, string]> = [
      [
        s3.send(new GetBucketPolicyCommand({ Bucket: name })),
        'NoSuchBucketPolicy',
        'The bucket policy does not exist',
      ],
      [
        s3.send(new GetBucketCorsCommand({ Bucket: name })),
        'NoSuchCORSConfiguration',
        'The CORS configuration does not exist',
      ],
      [
        s3.send(new GetBucketWebsiteCommand({ Bucket: name })),
        'NoSuchWebsiteConfiguration',
        'The specified bucket does not have a website configuration',
      ],
      [
        s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: name })),
        'NoSuchLifecycleConfiguration',
        'The lifecycle configuration does not exist',
      ],
      [
        s3.send(new GetBucketReplicationCommand({ Bucket: name })),
        'ReplicationConfigurationNotFoundError',
        'The replication configuration was not found',
      ],
      [
        s3.send(new GetObjectLockConfigurationCommand({ Bucket: name })),
        'ObjectLockConfigurationNotFoundError',
        'Object Lock configuration does not exist for this bucket',
      ],
      [s3.send(new GetBucketTaggingCommand({ Bucket: name })), 'NoSuchTagSet', 'The TagSet does not exist'],
    ];
    for (const [call, code, message] of notFound) {
      const error = await failure(call);
      expect([error.name, error.message, error.$metadata?.httpStatusCode]).toEqual([code, message, 404]);
      expect(error.BucketName).toBe(name);
    }
    // Sub-resources of a missing bucket: NoSuchBucket.
    const missing = await failure(s3.send(new GetBucketAclCommand({ Bucket: bucketName('none') })));
    expect(missing.name).toBe('NoSuchBucket');
  });

  it('stores the public access block, encryption, versioning, tags and policy', async () => {
    const name = await newBucket('settings');
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: name,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: false,
          BlockPublicPolicy: true,
        },
      }),
    );
    expect(
      (await s3.send(new GetPublicAccessBlockCommand({ Bucket: name }))).PublicAccessBlockConfiguration,
    ).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: false,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: false,
    });

    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: name,
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: true }],
        },
      }),
    );
    expect(
      (await s3.send(new GetBucketEncryptionCommand({ Bucket: name }))).ServerSideEncryptionConfiguration
        ?.Rules,
    ).toEqual([{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: true }]);
    await s3.send(new DeleteBucketEncryptionCommand({ Bucket: name }));
    expect(
      (await s3.send(new GetBucketEncryptionCommand({ Bucket: name }))).ServerSideEncryptionConfiguration
        ?.Rules,
    ).toEqual([{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }]);
    const kms = await failure(
      s3.send(
        new PutBucketEncryptionCommand({
          Bucket: name,
          ServerSideEncryptionConfiguration: {
            Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }],
          },
        }),
      ),
    );
    expect([kms.name, kms.$metadata?.httpStatusCode]).toEqual(['NotImplemented', 501]);

    await s3.send(
      new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: 'Enabled' } }),
    );
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: name }))).Status).toBe('Enabled');
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: name,
        VersioningConfiguration: { Status: 'Suspended', MFADelete: 'Disabled' },
      }),
    );
    const suspended = await s3.send(new GetBucketVersioningCommand({ Bucket: name }));
    expect([suspended.Status, suspended.MFADelete]).toEqual(['Suspended', 'Disabled']);

    const TagSet = [
      { Key: 'Project', Value: 'lambda-chain' },
      { Key: 'Environment', Value: 'dev' },
    ];
    await s3.send(new PutBucketTaggingCommand({ Bucket: name, Tagging: { TagSet } }));
    expect((await s3.send(new GetBucketTaggingCommand({ Bucket: name }))).TagSet).toEqual(TagSet);
    const system = await failure(
      s3.send(
        new PutBucketTaggingCommand({ Bucket: name, Tagging: { TagSet: [{ Key: 'aws:x', Value: 'y' }] } }),
      ),
    );
    expect(system.name).toBe('InvalidTag');
    const duplicate = await failure(
      s3.send(
        new PutBucketTaggingCommand({
          Bucket: name,
          Tagging: {
            TagSet: [
              { Key: 'a', Value: '1' },
              { Key: 'a', Value: '2' },
            ],
          },
        }),
      ),
    );
    expect([duplicate.name, duplicate.message]).toEqual([
      'InvalidTag',
      'Cannot provide multiple Tags with the same key',
    ]);
    await s3.send(new DeleteBucketTaggingCommand({ Bucket: name }));
    expect((await failure(s3.send(new GetBucketTaggingCommand({ Bucket: name })))).name).toBe('NoSuchTagSet');

    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::000000000000:root' },
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::${name}/*`,
        },
      ],
    });
    await s3.send(new PutBucketPolicyCommand({ Bucket: name, Policy: policy }));
    expect((await s3.send(new GetBucketPolicyCommand({ Bucket: name }))).Policy).toBe(policy);
    const publicPolicy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${name}/*` },
      ],
    });
    const blocked = await failure(
      s3.send(new PutBucketPolicyCommand({ Bucket: name, Policy: publicPolicy })),
    );
    expect([blocked.name, blocked.$metadata?.httpStatusCode]).toEqual(['AccessDenied', 403]);
    const malformed = await failure(
      s3.send(new PutBucketPolicyCommand({ Bucket: name, Policy: 'not json' })),
    );
    expect([malformed.name, malformed.message]).toEqual([
      'MalformedPolicy',
      "Policies must be valid JSON and the first byte must be '{'",
    ]);
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: name }));
    expect((await failure(s3.send(new GetBucketPolicyCommand({ Bucket: name })))).name).toBe(
      'NoSuchBucketPolicy',
    );

    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: name }));
    const noBlock = await failure(s3.send(new GetPublicAccessBlockCommand({ Bucket: name })));
    expect([noBlock.name, noBlock.message]).toEqual([
      'NoSuchPublicAccessBlockConfiguration',
      'The public access block configuration was not found',
    ]);
    // Without Block Public Access a public policy is accepted.
    await s3.send(new PutBucketPolicyCommand({ Bucket: name, Policy: publicPolicy }));
  });

  it('refuses sub-resources it does not emulate with NotImplemented', async () => {
    const name = await newBucket('refuse');
    const error = await failure(
      s3.send(
        new PutBucketCorsCommand({
          Bucket: name,
          CORSConfiguration: { CORSRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }] },
        }),
      ),
    );
    expect([error.name, error.$metadata?.httpStatusCode]).toEqual(['NotImplemented', 501]);
    expect(error.message).toContain('local-cloud does not implement');
  });

  it('refuses to delete a bucket that is not empty', async () => {
    const name = await newBucket('full');
    await s3.send(new PutObjectCommand({ Bucket: name, Key: 'k', Body: 'x' }));
    const error = await failure(s3.send(new DeleteBucketCommand({ Bucket: name })));
    expect([error.name, error.message, error.$metadata?.httpStatusCode]).toEqual([
      'BucketNotEmpty',
      'The bucket you tried to delete is not empty',
      409,
    ]);
    await s3.send(new DeleteObjectCommand({ Bucket: name, Key: 'k' }));
    await s3.send(new DeleteBucketCommand({ Bucket: name }));
  });
});

describe('objects', () => {
  let bucket: string;
  beforeAll(async () => {
    bucket = await newBucket('objects');
  });

  it('puts with the default CRC32 checksum header and returns it on a checksum-mode get', async () => {
    const put = await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'hello.txt', Body: 'hello world' }),
    );
    expect(put.ETag).toBe(`"${md5('hello world')}"`);
    expect(put.ChecksumCRC32).toBe(crc32Base64('hello world'));
    expect(put.ServerSideEncryption).toBe('AES256');
    expect(put.VersionId).toBeUndefined();
    const got = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'hello.txt', ChecksumMode: 'ENABLED' }),
    );
    expect(await got.Body?.transformToString()).toBe('hello world');
    expect(got.ChecksumCRC32).toBe(crc32Base64('hello world'));
    expect(got.ChecksumType).toBe('FULL_OBJECT');
    expect(got.ContentLength).toBe(11);
    expect(got.ContentType).toBe('application/octet-stream');
    expect(got.VersionId).toBeUndefined();
  });

  it('decodes an aws-chunked stream with a trailing checksum', async () => {
    const parts = [Buffer.alloc(70_000, 'a'), Buffer.alloc(50_000, 'b')];
    const whole = Buffer.concat(parts);
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'streamed',
        Body: Readable.from(parts),
        ContentLength: whole.length,
      }),
    );
    expect(put.ETag).toBe(`"${md5(whole)}"`);
    expect(put.ChecksumCRC32).toBe(computeChecksum('CRC32', whole));
    const got = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'streamed', ChecksumMode: 'ENABLED' }),
    );
    const bytes = Buffer.from(
      await (got.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
    );
    expect(bytes.equals(whole)).toBe(true);
    expect(got.ChecksumCRC32).toBe(put.ChecksumCRC32);
    // No aws-chunked in the stored Content-Encoding.
    expect(got.ContentEncoding).toBeUndefined();
  });

  it('computes and verifies the other checksum algorithms', async () => {
    for (const algorithm of ['CRC32C', 'SHA1', 'SHA256'] as const) {
      const put = await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `sum-${algorithm}`,
          Body: 'checksummed',
          ChecksumAlgorithm: algorithm,
        }),
      );
      const expected = computeChecksum(algorithm, Buffer.from('checksummed'));
      expect(put[`Checksum${algorithm}`]).toBe(expected);
      const head = await s3.send(
        new HeadObjectCommand({ Bucket: bucket, Key: `sum-${algorithm}`, ChecksumMode: 'ENABLED' }),
      );
      expect(head[`Checksum${algorithm}`]).toBe(expected);
    }
    const bad = await failure(
      s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: 'bad', Body: 'payload', ChecksumCRC32: 'AAAAAA==' }),
      ),
    );
    expect([bad.name, bad.message]).toEqual([
      'BadDigest',
      'The CRC32 you specified did not match the calculated checksum.',
    ]);
    const badMd5 = await failure(
      s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: 'bad',
          Body: 'payload',
          ContentMD5: createHash('md5').update('other').digest('base64'),
        }),
      ),
    );
    expect([badMd5.name, badMd5.message]).toEqual([
      'BadDigest',
      'The Content-MD5 you specified did not match what we received.',
    ]);
    const invalidMd5 = await failure(
      s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: 'bad', Body: 'payload', ContentMD5: 'bm90LWFuLW1kNQ==' }),
      ),
    );
    expect(invalidMd5.name).toBe('InvalidDigest');
    const okMd5 = await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'md5',
        Body: 'payload',
        ContentMD5: createHash('md5').update('payload').digest('base64'),
      }),
    );
    expect(okMd5.ETag).toBe(`"${md5('payload')}"`);
    expect((await failure(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'bad' })))).name).toBe(
      'NotFound',
    );
  });

  it('keeps content headers, metadata and tags', async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'dir/with space+plus&é.json',
        Body: '{"a":1}',
        ContentType: 'application/json',
        CacheControl: 'max-age=60',
        ContentDisposition: 'attachment',
        ContentLanguage: 'en',
        Metadata: { Owner: 'team-a', build: '42' },
        Tagging: 'Environment=dev&Project=lambda%20chain',
        ServerSideEncryption: 'AES256',
      }),
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'dir/with space+plus&é.json' }));
    expect(head).toMatchObject({
      ContentType: 'application/json',
      CacheControl: 'max-age=60',
      ContentDisposition: 'attachment',
      ContentLanguage: 'en',
      ContentLength: 7,
      Metadata: { owner: 'team-a', build: '42' },
      ServerSideEncryption: 'AES256',
      AcceptRanges: 'bytes',
    });
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'dir/with space+plus&é.json' }));
    expect(got.TagCount).toBe(2);
    await got.Body?.transformToString();
    const tags = await s3.send(
      new GetObjectTaggingCommand({ Bucket: bucket, Key: 'dir/with space+plus&é.json' }),
    );
    expect(tags.TagSet).toEqual([
      { Key: 'Environment', Value: 'dev' },
      { Key: 'Project', Value: 'lambda chain' },
    ]);
    await s3.send(
      new PutObjectTaggingCommand({
        Bucket: bucket,
        Key: 'dir/with space+plus&é.json',
        Tagging: { TagSet: [{ Key: 'Only', Value: 'one' }] },
      }),
    );
    expect(
      (await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'dir/with space+plus&é.json' })))
        .TagSet,
    ).toEqual([{ Key: 'Only', Value: 'one' }]);
    await s3.send(new DeleteObjectTaggingCommand({ Bucket: bucket, Key: 'dir/with space+plus&é.json' }));
    expect(
      (await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'dir/with space+plus&é.json' })))
        .TagSet,
    ).toEqual([]);
    const tooMany = await failure(
      s3.send(
        new PutObjectTaggingCommand({
          Bucket: bucket,
          Key: 'dir/with space+plus&é.json',
          Tagging: { TagSet: Array.from({ length: 11 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) },
        }),
      ),
    );
    expect(tooMany.message).toBe('Object tags cannot be greater than 10');
    const kms = await failure(
      s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: 'kms', Body: 'x', ServerSideEncryption: 'aws:kms' }),
      ),
    );
    expect(kms.name).toBe('NotImplemented');
    const acl = await failure(
      s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'acl', Body: 'x', ACL: 'public-read' })),
    );
    expect([acl.name, acl.message]).toEqual([
      'AccessControlListNotSupported',
      'The bucket does not allow ACLs',
    ]);
  });

  it('serves ranges and conditional reads', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'range', Body: '0123456789' }));
    const part = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'range', Range: 'bytes=2-4' }));
    expect(await part.Body?.transformToString()).toBe('234');
    expect(part.ContentRange).toBe('bytes 2-4/10');
    expect(part.$metadata.httpStatusCode).toBe(206);
    const suffix = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'range', Range: 'bytes=-3' }));
    expect(await suffix.Body?.transformToString()).toBe('789');
    const outside = await failure(
      s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'range', Range: 'bytes=20-' })),
    );
    expect([outside.name, outside.$metadata?.httpStatusCode]).toEqual(['InvalidRange', 416]);

    const etag = `"${md5('0123456789')}"`;
    const notModified = await failure(
      s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'range', IfNoneMatch: etag })),
    );
    expect(notModified.$metadata?.httpStatusCode).toBe(304);
    const failed = await failure(
      s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'range', IfMatch: '"other"' })),
    );
    expect([failed.name, failed.$metadata?.httpStatusCode]).toEqual(['PreconditionFailed', 412]);
    const matched = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'range', IfMatch: etag }));
    expect(await matched.Body?.transformToString()).toBe('0123456789');
    const headFailed = await failure(
      s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'range', IfMatch: '"x"' })),
    );
    expect(headFailed.$metadata?.httpStatusCode).toBe(412);

    // Conditional write: If-None-Match * refuses to overwrite.
    const exists = await failure(
      s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'range', Body: 'new', IfNoneMatch: '*' })),
    );
    expect([exists.name, exists.$metadata?.httpStatusCode]).toEqual(['PreconditionFailed', 412]);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'range-new', Body: 'new', IfNoneMatch: '*' }));
  });

  it('reports missing keys and deletes idempotently', async () => {
    const missing = await failure(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'nope' })));
    expect([missing.name, missing.message, missing.$metadata?.httpStatusCode]).toEqual([
      'NoSuchKey',
      'The specified key does not exist.',
      404,
    ]);
    const head = await failure(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'nope' })));
    expect([head.name, head.$metadata?.httpStatusCode]).toEqual(['NotFound', 404]);
    const deleted = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'nope' }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    const noBucket = await failure(s3.send(new GetObjectCommand({ Bucket: bucketName('none'), Key: 'k' })));
    expect(noBucket.name).toBe('NoSuchBucket');
  });

  it('deletes objects in a batch', async () => {
    const name = await newBucket('batch');
    for (const key of ['a', 'b', 'c'])
      await s3.send(new PutObjectCommand({ Bucket: name, Key: key, Body: key }));
    const result = await s3.send(
      new DeleteObjectsCommand({
        Bucket: name,
        Delete: { Objects: [{ Key: 'a' }, { Key: 'b' }, { Key: 'zz' }] },
      }),
    );
    expect(result.Deleted?.map((d) => d.Key)).toEqual(['a', 'b', 'zz']);
    expect(result.Errors).toBeUndefined();
    const left = await s3.send(new ListObjectsV2Command({ Bucket: name }));
    expect(left.Contents?.map((c) => c.Key)).toEqual(['c']);
    const quiet = await s3.send(
      new DeleteObjectsCommand({ Bucket: name, Delete: { Objects: [{ Key: 'c' }], Quiet: true } }),
    );
    expect(quiet.Deleted).toBeUndefined();
    await s3.send(new DeleteBucketCommand({ Bucket: name }));
  });

  it('lists with prefix, delimiter, pages and start-after', async () => {
    const name = await newBucket('list');
    const keys = ['a/1', 'a/2', 'a/b/3', 'b/1', 'c', 'd'];
    for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: name, Key: key, Body: key }));
    const all = await s3.send(new ListObjectsV2Command({ Bucket: name }));
    expect(all.Contents?.map((c) => c.Key)).toEqual(keys);
    expect(all.KeyCount).toBe(6);
    expect(all.Contents?.[0]).toMatchObject({ Size: 3, StorageClass: 'STANDARD', ETag: `"${md5('a/1')}"` });

    const delimited = await s3.send(new ListObjectsV2Command({ Bucket: name, Delimiter: '/' }));
    expect(delimited.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['a/', 'b/']);
    expect(delimited.Contents?.map((c) => c.Key)).toEqual(['c', 'd']);
    expect(delimited.KeyCount).toBe(4);

    const prefixed = await s3.send(new ListObjectsV2Command({ Bucket: name, Prefix: 'a/', Delimiter: '/' }));
    expect(prefixed.Contents?.map((c) => c.Key)).toEqual(['a/1', 'a/2']);
    expect(prefixed.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['a/b/']);

    // Pages of two, with common prefixes counting as entries.
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: name, Delimiter: '/', MaxKeys: 2, ContinuationToken: token }),
      );
      pages++;
      seen.push(...(page.CommonPrefixes ?? []).map((p) => p.Prefix as string));
      seen.push(...(page.Contents ?? []).map((c) => c.Key as string));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    expect(pages).toBe(2);
    expect(seen.sort()).toEqual(['a/', 'b/', 'c', 'd']);

    const after = await s3.send(new ListObjectsV2Command({ Bucket: name, StartAfter: 'b/1' }));
    expect(after.Contents?.map((c) => c.Key)).toEqual(['c', 'd']);
    const v1 = await s3.send(new ListObjectsCommand({ Bucket: name, Marker: 'a/b/3', MaxKeys: 2 }));
    expect(v1.Contents?.map((c) => c.Key)).toEqual(['b/1', 'c']);
    expect(v1.IsTruncated).toBe(true);
    const badMax = await failure(s3.send(new ListObjectsV2Command({ Bucket: name, MaxKeys: -1 })));
    expect(badMax.name).toBe('InvalidArgument');
  });

  it('copies objects, keeping or replacing metadata', async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'source',
        Body: 'copy me',
        ContentType: 'text/plain',
        Metadata: { origin: 'source' },
      }),
    );
    const copied = await s3.send(
      new CopyObjectCommand({ Bucket: bucket, Key: 'copy', CopySource: `${bucket}/source` }),
    );
    expect(copied.CopyObjectResult?.ETag).toBe(`"${md5('copy me')}"`);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'copy' }));
    expect([head.ContentType, head.Metadata]).toEqual(['text/plain', { origin: 'source' }]);
    await s3.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: 'copy',
        CopySource: `${bucket}/source`,
        MetadataDirective: 'REPLACE',
        ContentType: 'application/octet-stream',
        Metadata: { replaced: 'yes' },
      }),
    );
    const replaced = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'copy' }));
    expect([replaced.ContentType, replaced.Metadata]).toEqual([
      'application/octet-stream',
      { replaced: 'yes' },
    ]);
    const self = await failure(
      s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'source', CopySource: `${bucket}/source` })),
    );
    expect(self.name).toBe('InvalidRequest');
    expect(self.message).toContain('trying to copy an object to itself');
    const missing = await failure(
      s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'x', CopySource: `${bucket}/missing` })),
    );
    expect(missing.name).toBe('NoSuchKey');
  });
});

describe('versioning', () => {
  it('keeps versions, delete markers and the null version', async () => {
    const name = await newBucket('versions');
    await s3.send(new PutObjectCommand({ Bucket: name, Key: 'k', Body: 'before versioning' }));
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: 'Enabled' } }),
    );
    const v1 = await s3.send(new PutObjectCommand({ Bucket: name, Key: 'k', Body: 'one' }));
    const v2 = await s3.send(new PutObjectCommand({ Bucket: name, Key: 'k', Body: 'two' }));
    expect(v1.VersionId).toMatch(/^[A-Za-z0-9._]{32}$/);
    expect(v2.VersionId).not.toBe(v1.VersionId);

    const latest = await s3.send(new GetObjectCommand({ Bucket: name, Key: 'k' }));
    expect([await latest.Body?.transformToString(), latest.VersionId]).toEqual(['two', v2.VersionId]);
    const first = await s3.send(new GetObjectCommand({ Bucket: name, Key: 'k', VersionId: v1.VersionId }));
    expect(await first.Body?.transformToString()).toBe('one');
    const nullVersion = await s3.send(new GetObjectCommand({ Bucket: name, Key: 'k', VersionId: 'null' }));
    expect([await nullVersion.Body?.transformToString(), nullVersion.VersionId]).toEqual([
      'before versioning',
      'null',
    ]);
    const noVersion = await failure(
      s3.send(
        new GetObjectCommand({ Bucket: name, Key: 'k', VersionId: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }),
      ),
    );
    expect([noVersion.name, noVersion.message]).toEqual([
      'NoSuchVersion',
      'The specified version does not exist.',
    ]);

    const marker = await s3.send(new DeleteObjectCommand({ Bucket: name, Key: 'k' }));
    expect(marker.DeleteMarker).toBe(true);
    expect(marker.VersionId).toMatch(/^[A-Za-z0-9._]{32}$/);
    const gone = await failure(s3.send(new GetObjectCommand({ Bucket: name, Key: 'k' })));
    expect(gone.name).toBe('NoSuchKey');
    expect((await s3.send(new ListObjectsV2Command({ Bucket: name }))).Contents).toBeUndefined();

    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: name }));
    expect(versions.DeleteMarkers).toEqual([
      expect.objectContaining({ Key: 'k', VersionId: marker.VersionId, IsLatest: true }),
    ]);
    expect(versions.Versions?.map((v) => [v.VersionId, v.IsLatest])).toEqual([
      [v2.VersionId, false],
      [v1.VersionId, false],
      ['null', false],
    ]);
    const page = await s3.send(new ListObjectVersionsCommand({ Bucket: name, MaxKeys: 2 }));
    expect(page.IsTruncated).toBe(true);
    const rest = await s3.send(
      new ListObjectVersionsCommand({
        Bucket: name,
        KeyMarker: page.NextKeyMarker,
        VersionIdMarker: page.NextVersionIdMarker,
      }),
    );
    expect(rest.Versions?.map((v) => v.VersionId)).toEqual([v1.VersionId, 'null']);

    // Removing the delete marker brings the object back.
    const undo = await s3.send(
      new DeleteObjectCommand({ Bucket: name, Key: 'k', VersionId: marker.VersionId }),
    );
    expect([undo.DeleteMarker, undo.VersionId]).toEqual([true, marker.VersionId]);
    expect(
      await (await s3.send(new GetObjectCommand({ Bucket: name, Key: 'k' }))).Body?.transformToString(),
    ).toBe('two');

    const notEmpty = await failure(s3.send(new DeleteBucketCommand({ Bucket: name })));
    expect(notEmpty.name).toBe('BucketNotEmpty');
    // Suspended: a put replaces the null version.
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: 'Suspended' } }),
    );
    await s3.send(new PutObjectCommand({ Bucket: name, Key: 'k', Body: 'suspended' }));
    const afterSuspend = await s3.send(new ListObjectVersionsCommand({ Bucket: name }));
    expect(afterSuspend.Versions?.map((v) => v.VersionId)).toEqual(['null', v2.VersionId, v1.VersionId]);

    const all = [...(afterSuspend.Versions ?? []), ...(afterSuspend.DeleteMarkers ?? [])];
    const emptied = await s3.send(
      new DeleteObjectsCommand({
        Bucket: name,
        Delete: { Objects: all.map((v) => ({ Key: v.Key as string, VersionId: v.VersionId as string })) },
      }),
    );
    expect(emptied.Deleted).toHaveLength(3);
    await s3.send(new DeleteBucketCommand({ Bucket: name }));
  });
});

describe('wire', () => {
  it('writes S3 error documents, and HEAD errors with no body', async () => {
    const response = await raw('GET', '/no-such-bucket-here/key');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/xml');
    const requestId = response.headers.get('x-amz-request-id');
    expect(requestId).toMatch(/^[0-9A-F]{16}$/);
    expect(response.headers.get('x-amz-id-2')).toBeTruthy();
    const text = await response.text();
    expect(text).toMatch(
      new RegExp(
        `^<\\?xml version="1.0" encoding="UTF-8"\\?>\\n<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>no-such-bucket-here</BucketName><RequestId>${requestId}</RequestId><HostId>[^<]+</HostId></Error>$`,
      ),
    );
    const head = await raw('HEAD', '/no-such-bucket-here');
    expect(head.status).toBe(404);
    expect(await head.text()).toBe('');
  });

  it('checks x-amz-content-sha256 and decodes signed aws-chunked payloads', async () => {
    const name = await newBucket('wire');
    const mismatch = await raw('PUT', `/${name}/k`, {
      headers: { 'x-amz-content-sha256': createHash('sha256').update('other').digest('hex') },
      body: 'payload',
    });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain('<Code>XAmzContentSHA256Mismatch</Code>');

    const data = Buffer.from('signed chunked payload');
    const signature = 'a'.repeat(64);
    const body = Buffer.concat([
      Buffer.from(`10;chunk-signature=${signature}\r\n`),
      data.subarray(0, 16),
      Buffer.from(`\r\n${(data.length - 16).toString(16)};chunk-signature=${signature}\r\n`),
      data.subarray(16),
      Buffer.from(`\r\n0;chunk-signature=${signature}\r\n\r\n`),
    ]);
    const put = await raw('PUT', `/${name}/chunked`, {
      headers: {
        'content-encoding': 'aws-chunked',
        'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
        'x-amz-decoded-content-length': String(data.length),
      },
      body,
    });
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toBe(`"${md5(data)}"`);
    const got = await s3.send(new GetObjectCommand({ Bucket: name, Key: 'chunked' }));
    expect(await got.Body?.transformToString()).toBe(data.toString());

    const badTrailer = Buffer.concat([
      Buffer.from(`${data.length.toString(16)}\r\n`),
      data,
      Buffer.from('\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n'),
    ]);
    const rejected = await raw('PUT', `/${name}/bad-trailer`, {
      headers: {
        'content-encoding': 'aws-chunked',
        'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        'x-amz-decoded-content-length': String(data.length),
        'x-amz-trailer': 'x-amz-checksum-crc32',
      },
      body: badTrailer,
    });
    expect(rejected.status).toBe(400);
    expect(await rejected.text()).toContain('<Code>BadDigest</Code>');
    const short = await raw('PUT', `/${name}/short`, {
      headers: {
        'content-encoding': 'aws-chunked',
        'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        'x-amz-decoded-content-length': String(data.length + 1),
      },
      body: Buffer.concat([
        Buffer.from(`${data.length.toString(16)}\r\n`),
        data,
        Buffer.from('\r\n0\r\n\r\n'),
      ]),
    });
    expect(await short.text()).toContain('<Code>IncompleteBody</Code>');
  });

  it('computes CRC64NVME (S3 default for uploads without a checksum)', () => {
    // CRC-64/NVME check value of "123456789": 0xAE8B14860A799888.
    expect(
      Buffer.from(computeChecksum('CRC64NVME', Buffer.from('123456789')), 'base64').toString('hex'),
    ).toBe('ae8b14860a799888');
    expect(Buffer.from(computeChecksum('CRC32C', Buffer.from('123456789')), 'base64').toString('hex')).toBe(
      'e3069283',
    );
  });

  it('stores S3 default CRC64NVME checksum for an upload without one, which the SDK validates', async () => {
    const name = await newBucket('crc64');
    const body = 'no checksum sent with this body';
    const put = await raw('PUT', `/${name}/plain`, { body });
    expect(put.status).toBe(200);
    expect(put.headers.get('x-amz-checksum-crc64nvme')).toBe(computeChecksum('CRC64NVME', Buffer.from(body)));
    // The SDK checks the CRC64NVME it receives in checksum mode (a wrong value would fail the call).
    const got = await s3.send(new GetObjectCommand({ Bucket: name, Key: 'plain', ChecksumMode: 'ENABLED' }));
    expect(await got.Body?.transformToString()).toBe(body);
    expect(got.ChecksumCRC64NVME).toBe(computeChecksum('CRC64NVME', Buffer.from(body)));
  });

  it('serves presigned-style requests (credential in the query)', async () => {
    const name = await newBucket('presigned');
    await s3.send(new PutObjectCommand({ Bucket: name, Key: 'shared', Body: 'by url' }));
    const query =
      'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=test%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=00';
    const response = await fetch(`${lc.endpoint}/${name}/shared?${query}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('by url');
  });

  it('leaves requests not signed for S3 to the other services', async () => {
    const response = await fetch(`${lc.endpoint}/some-bucket/key`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json');
  });
});
