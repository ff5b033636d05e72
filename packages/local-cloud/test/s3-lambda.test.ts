import { createHash } from 'node:crypto';
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  credentials,
  decode,
  type LambdaTestCloud,
  startLambdaCloud,
  uniqueName,
  zip,
} from './lambda-helpers';

/**
 * Lambda code from S3 (`Code.S3Bucket/S3Key/S3ObjectVersion`, as AWS CDK and Terraform with `s3_bucket`
 * deploy it): read through the S3 model's `objects` port, reported like a zip upload of the same bytes, and
 * S3's errors in Lambda's "Error occurred while GetObject" form.
 */

let t: LambdaTestCloud;
let s3: S3Client;
let bucket: string;

const handler = (answer: string) =>
  zip({ 'index.js': `exports.handler = async () => ({ answer: ${JSON.stringify(answer)} });` });
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('base64');

type SdkError = Error & { $metadata?: { httpStatusCode?: number } };
async function failure(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  t = await startLambdaCloud();
  s3 = new S3Client({ endpoint: t.endpoint, region: 'us-east-1', credentials, forcePathStyle: true });
  bucket = uniqueName('code');
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(
    new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
  );
});

afterAll(async () => {
  s3.destroy();
  await t.stop();
});

const createFromS3 = (name: string, code: { S3Bucket?: string; S3Key?: string; S3ObjectVersion?: string }) =>
  t.lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: t.role,
      Code: code,
    }),
  );

it('creates a function from an S3 object, reports it like a zip upload, and invokes it', async () => {
  const code = handler('from s3');
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'fn/one.zip', Body: code }));
  const name = uniqueName('from-s3');
  const created = await createFromS3(name, { S3Bucket: bucket, S3Key: 'fn/one.zip' });
  expect(created.CodeSha256).toBe(sha256(code));
  expect(created.CodeSize).toBe(code.length);

  // The same bytes uploaded as ZipFile: the same CodeSha256 and CodeSize.
  const direct = uniqueName('direct');
  await t.create(direct, { 'index.js': 'unused' }, { Code: { ZipFile: code } });
  const [fromS3, fromZip] = await Promise.all([
    t.lambda.send(new GetFunctionCommand({ FunctionName: name })),
    t.lambda.send(new GetFunctionCommand({ FunctionName: direct })),
  ]);
  expect(fromS3.Configuration?.CodeSha256).toBe(fromZip.Configuration?.CodeSha256);
  expect(fromS3.Configuration?.CodeSize).toBe(fromZip.Configuration?.CodeSize);

  const invoked = await t.lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') }));
  expect(decode(invoked.Payload)).toEqual({ answer: 'from s3' });

  // Lambda copied the code: deleting the object does not affect the function.
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'fn/one.zip' }));
  const again = await t.lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') }));
  expect(decode(again.Payload)).toEqual({ answer: 'from s3' });
});

it('updates function code from S3, by key and by object version', async () => {
  const first = await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: 'fn/two.zip', Body: handler('v1') }),
  );
  const name = uniqueName('update-s3');
  await createFromS3(name, { S3Bucket: bucket, S3Key: 'fn/two.zip' });

  const v2 = handler('v2');
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'fn/two.zip', Body: v2 }));
  const updated = await t.lambda.send(
    new UpdateFunctionCodeCommand({ FunctionName: name, S3Bucket: bucket, S3Key: 'fn/two.zip' }),
  );
  expect(updated.CodeSha256).toBe(sha256(v2));
  let invoked = await t.lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') }));
  expect(decode(invoked.Payload)).toEqual({ answer: 'v2' });

  // Back to the first version of the object.
  await t.lambda.send(
    new UpdateFunctionCodeCommand({
      FunctionName: name,
      S3Bucket: bucket,
      S3Key: 'fn/two.zip',
      S3ObjectVersion: first.VersionId,
    }),
  );
  invoked = await t.lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') }));
  expect(decode(invoked.Payload)).toEqual({ answer: 'v1' });
});

it('answers a missing bucket, key or version with S3 error in Lambda form', async () => {
  const cases: Array<[Record<string, string>, string]> = [
    [
      { S3Bucket: bucket, S3Key: 'missing.zip' },
      'Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.',
    ],
    [
      { S3Bucket: uniqueName('no-bucket'), S3Key: 'a.zip' },
      'Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist',
    ],
    [
      { S3Bucket: bucket, S3Key: 'fn/two.zip', S3ObjectVersion: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      'Error occurred while GetObject. S3 Error Code: NoSuchVersion. S3 Error Message: The specified version does not exist.',
    ],
  ];
  for (const [code, message] of cases) {
    const error = await failure(createFromS3(uniqueName('missing'), code));
    expect([error.name, error.message, error.$metadata?.httpStatusCode]).toEqual([
      'InvalidParameterValueException',
      message,
      400,
    ]);
  }
  const existing = uniqueName('existing');
  await t.create(existing, { 'index.js': 'exports.handler = async () => 1;' });
  const update = await failure(
    t.lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: existing, S3Bucket: bucket, S3Key: 'missing.zip' }),
    ),
  );
  expect(update.message).toBe(
    'Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.',
  );

  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'not-a-zip', Body: 'plain text' }));
  const notZip = await failure(createFromS3(uniqueName('not-zip'), { S3Bucket: bucket, S3Key: 'not-a-zip' }));
  expect(notZip.message).toBe(
    'Could not unzip uploaded file. Please check your file, then try to upload again.',
  );
  const badName = await failure(createFromS3(uniqueName('bad'), { S3Bucket: 's3://bucket', S3Key: 'k' }));
  expect(badName.name).toBe('ValidationException');
});
