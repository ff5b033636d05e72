import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  AddPermissionCommand,
  CreateAliasCommand,
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  DeleteAliasCommand,
  DeleteEventSourceMappingCommand,
  DeleteFunctionCommand,
  DeleteFunctionConcurrencyCommand,
  GetAccountSettingsCommand,
  GetAliasCommand,
  GetFunctionCodeSigningConfigCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  GetFunctionRecursionConfigCommand,
  GetPolicyCommand,
  GetRuntimeManagementConfigCommand,
  InvokeCommand,
  LambdaClient,
  ListAliasesCommand,
  ListFunctionsCommand,
  ListTagsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  PutFunctionRecursionConfigCommand,
  RemovePermissionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startLocalCloud } from '../src/index';
import {
  credentials,
  decode,
  encode,
  type LambdaTestCloud,
  startLambdaCloud,
  TRUST_LAMBDA,
  uniqueName,
  zip,
} from './lambda-helpers';

/**
 * Control-plane conformance with the AWS SDK v3 (reference/terraform-provider-calls.md "Lambda paths",
 * reference/aws-wire-and-event-shapes.md §1.3 and §8).
 */

const CODE = {
  'index.js':
    'exports.handler = async (event) => ({ version: process.env.AWS_LAMBDA_FUNCTION_VERSION, event });',
};
const ARN = (name: string): string => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

let t: LambdaTestCloud;
let lambda: LambdaClient;

beforeAll(async () => {
  t = await startLambdaCloud();
  lambda = t.lambda;
});

afterAll(async () => {
  await t?.stop();
});

describe('CreateFunction / GetFunction', () => {
  it('creates a function and answers the recorded Configuration shape', async () => {
    const name = uniqueName('create');
    const code = zip(CODE);
    const created = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: t.role,
        Code: { ZipFile: code },
        Environment: { Variables: { STAGE: 'test' } },
        Tags: { team: 'a' },
      }),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    const sha = createHash('sha256').update(code).digest('base64');
    expect(created).toMatchObject({
      FunctionName: name,
      FunctionArn: ARN(name),
      Runtime: 'nodejs20.x',
      Role: t.role,
      Handler: 'index.handler',
      CodeSize: code.length,
      CodeSha256: sha,
      Description: '',
      Timeout: 3,
      MemorySize: 128,
      Version: '$LATEST',
      Environment: { Variables: { STAGE: 'test' } },
      TracingConfig: { Mode: 'PassThrough' },
      State: 'Pending',
      StateReasonCode: 'Creating',
      PackageType: 'Zip',
      Architectures: ['x86_64'],
      EphemeralStorage: { Size: 512 },
      SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
      LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${name}` },
    });
    expect(created.LastUpdateStatus).toBeUndefined();
    expect(created.LastModified).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
    expect(created.RevisionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.RuntimeVersionConfig?.RuntimeVersionArn).toMatch(
      /^arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}$/,
    );

    const got = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
    expect(got.Configuration).toMatchObject({
      State: 'Active',
      LastUpdateStatus: 'Successful',
      CodeSha256: sha,
    });
    expect(got.Code?.RepositoryType).toBe('S3');
    expect(got.Tags).toEqual({ team: 'a' });
    expect(got.Concurrency).toBeUndefined();
    // The code location serves the zip.
    const downloaded = Buffer.from(await (await fetch(got.Code?.Location as string)).arrayBuffer());
    expect(createHash('sha256').update(downloaded).digest('base64')).toBe(sha);

    const byArn = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: ARN(name) }));
    expect(byArn.FunctionName).toBe(name);
    expect(byArn.Environment).toEqual({ Variables: { STAGE: 'test' } });
  });

  it('returns DeadLetterConfig (Terraform diffs otherwise) and checks the role may send to it', async () => {
    const sqs = new SQSClient({ endpoint: t.endpoint, region: 'us-east-1', credentials });
    const queue = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('dlq') }));
    const attrs = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    const dlq = attrs.Attributes?.QueueArn as string;
    sqs.destroy();
    const roleName = uniqueName('dlq-role');
    const role = (
      await t.iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: TRUST_LAMBDA }))
    ).Role?.Arn as string;
    const name = uniqueName('dlq-fn');
    const create = (): Promise<unknown> =>
      lambda.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: role,
          Code: { ZipFile: zip(CODE) },
          DeadLetterConfig: { TargetArn: dlq },
        }),
      );
    await expect(create()).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
      message: 'The provided execution role does not have permissions to call SendMessage on SQS',
    });
    await t.iam.send(
      new PutRolePolicyCommand({
        RoleName: roleName,
        PolicyName: 'dlq',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: dlq }],
        }),
      }),
    );
    await create();
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
    expect(got.Configuration?.DeadLetterConfig).toEqual({ TargetArn: dlq });
    // Terraform clears it with an empty TargetArn.
    const cleared = await lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: name, DeadLetterConfig: { TargetArn: '' } }),
    );
    expect(cleared.DeadLetterConfig).toBeUndefined();
  });

  it('answers the AWS errors of CreateFunction', async () => {
    const base = {
      Runtime: 'nodejs20.x' as const,
      Handler: 'index.handler',
      Role: t.role,
      Code: { ZipFile: zip(CODE) },
    };
    const name = uniqueName('errors');
    await lambda.send(new CreateFunctionCommand({ FunctionName: name, ...base }));
    await expect(
      lambda.send(new CreateFunctionCommand({ FunctionName: name, ...base })),
    ).rejects.toMatchObject({
      name: 'ResourceConflictException',
      message: `Function already exist: ${name}`,
      $metadata: { httpStatusCode: 409 },
    });
    const untrusting = (
      await t.iam.send(
        new CreateRoleCommand({
          RoleName: uniqueName('ec2-role'),
          AssumeRolePolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
            ],
          }),
        }),
      )
    ).Role?.Arn;
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [
        { Role: untrusting },
        'InvalidParameterValueException',
        /^The role defined for the function cannot be assumed by Lambda\.$/,
      ],
      [
        { Role: 'arn:aws:iam::000000000000:role/does-not-exist' },
        'InvalidParameterValueException',
        /cannot be assumed by Lambda/,
      ],
      [{ Role: 'not-an-arn' }, 'ValidationException', /at 'role' failed to satisfy constraint/],
      [
        { Runtime: 'cobol' },
        'ValidationException',
        /Value 'cobol' at 'runtime' failed to satisfy constraint/,
      ],
      [{ Runtime: 'nodejs16.x' }, 'InvalidParameterValueException', /nodejs16\.x is no longer supported/],
      [
        { MemorySize: 64 },
        'ValidationException',
        /at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128/,
      ],
      [{ MemorySize: 10241 }, 'ValidationException', /less than or equal to 10240/],
      [{ Timeout: 0 }, 'ValidationException', /at 'timeout'/],
      [{ Timeout: 901 }, 'InvalidParameterValueException', /between 1 and 900/],
      [
        { Handler: undefined },
        'InvalidParameterValueException',
        /^Runtime and Handler are mandatory parameters/,
      ],
      [
        { PackageType: 'Image', Code: { ImageUri: 'x' } },
        'InvalidParameterValueException',
        /local-cloud does not support container image/,
      ],
      // Code from S3 is read through the S3 model (test/s3-lambda.test.ts); a missing bucket is S3's error.
      [
        { Code: { S3Bucket: 'no-such-code-bucket', S3Key: 'k' } },
        'InvalidParameterValueException',
        /^Error occurred while GetObject\. S3 Error Code: NoSuchBucket\. S3 Error Message: The specified bucket does not exist$/,
      ],
      [
        { Code: { ZipFile: Buffer.from('not a zip') } },
        'InvalidParameterValueException',
        /^Could not unzip uploaded file/,
      ],
      [
        { Environment: { Variables: { AWS_REGION: 'x' } } },
        'InvalidParameterValueException',
        /reserved keys.*AWS_REGION/,
      ],
      [{ Environment: { Variables: { A: 'x' } } }, 'ValidationException', /Map keys must satisfy constraint/],
      [
        { Layers: ['arn:aws:lambda:us-east-1:000000000000:layer:l:1'] },
        'InvalidParameterValueException',
        /does not support Lambda layers/,
      ],
      [
        { TracingConfig: { Mode: 'Active' } },
        'InvalidParameterValueException',
        /does not support active X-Ray/,
      ],
    ];
    for (const [override, error, message] of cases) {
      const attempt = lambda.send(
        new CreateFunctionCommand({ FunctionName: uniqueName('bad'), ...base, ...override } as never),
      );
      await expect(attempt).rejects.toMatchObject({ name: error, message: expect.stringMatching(message) });
    }
  });

  it('answers ResourceNotFoundException with the AWS body and header', async () => {
    const res = await fetch(`${t.endpoint}/2015-03-31/functions/missing`, {
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/lambda/aws4_request' },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
    expect(await res.json()).toMatchObject({
      Type: 'User',
      Message: `Function not found: ${ARN('missing')}`,
    });
    await expect(lambda.send(new GetFunctionCommand({ FunctionName: 'missing' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: `Function not found: ${ARN('missing')}`,
    });
  });
});

describe('updates', () => {
  it('updates configuration and code: InProgress in the answer, Successful when read', async () => {
    const name = uniqueName('update');
    await t.create(name, CODE);
    const updated = await lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: name,
        MemorySize: 512,
        Timeout: 30,
        Description: 'described',
        Environment: { Variables: { A1: '1' } },
      }),
    );
    expect(updated).toMatchObject({
      MemorySize: 512,
      Timeout: 30,
      Description: 'described',
      LastUpdateStatus: 'InProgress',
    });
    const read = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    expect(read).toMatchObject({ MemorySize: 512, LastUpdateStatus: 'Successful', State: 'Active' });

    const code = zip({ 'index.js': "exports.handler = async () => 'second';" });
    const codeUpdate = await lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: code }),
    );
    expect(codeUpdate.CodeSha256).toBe(createHash('sha256').update(code).digest('base64'));
    expect(codeUpdate.LastUpdateStatus).toBe('InProgress');
    const out = await lambda.send(new InvokeCommand({ FunctionName: name }));
    expect(decode(out.Payload)).toBe('second');

    await expect(
      lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: name, Timeout: 5, RevisionId: 'stale' }),
      ),
    ).rejects.toMatchObject({ name: 'PreconditionFailedException', $metadata: { httpStatusCode: 412 } });
    // Removing the variables (Terraform sends an empty map).
    const cleared = await lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: name, Environment: { Variables: {} } }),
    );
    expect(cleared.Environment).toBeUndefined();
  });

  it('deletes a function (204) and then answers 404', async () => {
    const name = uniqueName('delete');
    await t.create(name, CODE);
    const deleted = await lambda.send(new DeleteFunctionCommand({ FunctionName: name }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    await expect(lambda.send(new GetFunctionCommand({ FunctionName: name }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await expect(lambda.send(new DeleteFunctionCommand({ FunctionName: name }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('lists functions with pagination', async () => {
    const names = [uniqueName('list'), uniqueName('list')];
    for (const name of names) await t.create(name, CODE);
    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const page = await lambda.send(new ListFunctionsCommand({ MaxItems: 2, Marker: marker }));
      expect((page.Functions ?? []).length).toBeLessThanOrEqual(2);
      for (const f of page.Functions ?? []) seen.push(f.FunctionName as string);
      marker = page.NextMarker;
    } while (marker);
    expect(seen).toEqual(expect.arrayContaining(names));
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe('versions and aliases', () => {
  it('publishes versions oldest-first with $LATEST first, and invokes versions and aliases', async () => {
    const name = uniqueName('versions');
    await t.create(name, CODE);
    const v1 = await lambda.send(new PublishVersionCommand({ FunctionName: name, Description: 'first' }));
    expect(v1).toMatchObject({ Version: '1', FunctionArn: `${ARN(name)}:1`, Description: 'first' });
    expect(v1.$metadata.httpStatusCode).toBe(201);
    // Nothing changed: the same version comes back.
    expect((await lambda.send(new PublishVersionCommand({ FunctionName: name }))).Version).toBe('1');
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, MemorySize: 256 }));
    const v2 = await lambda.send(new PublishVersionCommand({ FunctionName: name }));
    expect(v2.Version).toBe('2');
    const versions = await lambda.send(
      new ListVersionsByFunctionCommand({ FunctionName: name, MaxItems: 10000 }),
    );
    expect(versions.Versions?.map((v) => [v.Version, v.FunctionArn])).toEqual([
      ['$LATEST', `${ARN(name)}:$LATEST`],
      ['1', `${ARN(name)}:1`],
      ['2', `${ARN(name)}:2`],
    ]);
    expect(versions.Versions?.[1]?.MemorySize).toBe(128);
    await expect(
      lambda.send(new PublishVersionCommand({ FunctionName: name, CodeSha256: 'wrong' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValueException' });

    const alias = await lambda.send(
      new CreateAliasCommand({ FunctionName: name, Name: 'live', FunctionVersion: '1' }),
    );
    expect(alias).toMatchObject({
      AliasArn: `${ARN(name)}:live`,
      Name: 'live',
      FunctionVersion: '1',
      Description: '',
    });
    await expect(
      lambda.send(new CreateAliasCommand({ FunctionName: name, Name: 'live', FunctionVersion: '1' })),
    ).rejects.toMatchObject({ name: 'ResourceConflictException' });
    await expect(
      lambda.send(new CreateAliasCommand({ FunctionName: name, Name: 'next', FunctionVersion: '9' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: name, Qualifier: 'live', Payload: encode({}) }),
    );
    expect(out.ExecutedVersion).toBe('1');
    expect(decode(out.Payload)).toMatchObject({ version: '1' });
    const byName = await lambda.send(new InvokeCommand({ FunctionName: `${name}:2` }));
    expect(byName.ExecutedVersion).toBe('2');
    await expect(
      lambda.send(new InvokeCommand({ FunctionName: `${name}:2`, Qualifier: '1' })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
      message: 'The derived qualifier from the function name does not match the specified qualifier.',
    });
    await expect(
      lambda.send(new InvokeCommand({ FunctionName: name, Qualifier: '7' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: `Function not found: ${ARN(name)}:7`,
    });

    const moved = await lambda.send(
      new UpdateAliasCommand({
        FunctionName: name,
        Name: 'live',
        FunctionVersion: '2',
        Description: 'moved',
      }),
    );
    expect(moved).toMatchObject({ FunctionVersion: '2', Description: 'moved' });
    expect(
      (await lambda.send(new GetAliasCommand({ FunctionName: name, Name: 'live' }))).FunctionVersion,
    ).toBe('2');
    expect(
      (await lambda.send(new ListAliasesCommand({ FunctionName: name }))).Aliases?.map((a) => a.Name),
    ).toEqual(['live']);
    const deleteVersionInUse = lambda.send(new DeleteFunctionCommand({ FunctionName: name, Qualifier: '2' }));
    await expect(deleteVersionInUse).rejects.toMatchObject({ name: 'ResourceConflictException' });
    await lambda.send(new DeleteAliasCommand({ FunctionName: name, Name: 'live' }));
    await expect(
      lambda.send(new GetAliasCommand({ FunctionName: name, Name: 'live' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: `Alias not found: ${ARN(name)}:live`,
    });
    await lambda.send(new DeleteFunctionCommand({ FunctionName: name, Qualifier: '1' }));
    const after = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: name }));
    expect(after.Versions?.map((v) => v.Version)).toEqual(['$LATEST', '2']);
  });
});

describe('permissions', () => {
  it('adds, reads and removes resource policy statements', async () => {
    const name = uniqueName('policy');
    await t.create(name, CODE);
    await expect(lambda.send(new GetPolicyCommand({ FunctionName: name }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The resource you requested does not exist.',
      $metadata: { httpStatusCode: 404 },
    });
    const added = await lambda.send(
      new AddPermissionCommand({
        FunctionName: name,
        StatementId: 'sns',
        Action: 'lambda:InvokeFunction',
        Principal: 'sns.amazonaws.com',
        SourceArn: 'arn:aws:sns:us-east-1:000000000000:topic',
      }),
    );
    expect(added.$metadata.httpStatusCode).toBe(201);
    expect(JSON.parse(added.Statement as string)).toEqual({
      Sid: 'sns',
      Effect: 'Allow',
      Principal: { Service: 'sns.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: ARN(name),
      Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:sns:us-east-1:000000000000:topic' } },
    });
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: name,
        StatementId: 'FunctionURLAllowPublicAccess',
        Action: 'lambda:InvokeFunctionUrl',
        Principal: '*',
        FunctionUrlAuthType: 'NONE',
      }),
    );
    await expect(
      lambda.send(
        new AddPermissionCommand({
          FunctionName: name,
          StatementId: 'sns',
          Action: 'lambda:InvokeFunction',
          Principal: '*',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceConflictException', $metadata: { httpStatusCode: 409 } });
    const policy = await lambda.send(new GetPolicyCommand({ FunctionName: name }));
    const document = JSON.parse(policy.Policy as string);
    expect(document).toMatchObject({ Version: '2012-10-17', Id: 'default' });
    expect(document.Statement.map((s: { Sid: string }) => s.Sid)).toEqual([
      'sns',
      'FunctionURLAllowPublicAccess',
    ]);
    expect(document.Statement[1]).toMatchObject({
      Principal: '*',
      Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } },
    });
    const removed = await lambda.send(
      new RemovePermissionCommand({ FunctionName: name, StatementId: 'sns' }),
    );
    expect(removed.$metadata.httpStatusCode).toBe(204);
    await expect(
      lambda.send(new RemovePermissionCommand({ FunctionName: name, StatementId: 'sns' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});

describe('concurrency and other settings', () => {
  it('puts, reads and deletes reserved concurrency', async () => {
    const name = uniqueName('concurrency');
    await t.create(name, CODE);
    expect(await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: name }))).not.toHaveProperty(
      'ReservedConcurrentExecutions',
    );
    const put = await lambda.send(
      new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: 5 }),
    );
    expect(put.ReservedConcurrentExecutions).toBe(5);
    expect(
      (await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: name })))
        .ReservedConcurrentExecutions,
    ).toBe(5);
    expect((await lambda.send(new GetFunctionCommand({ FunctionName: name }))).Concurrency).toEqual({
      ReservedConcurrentExecutions: 5,
    });
    const settings = await lambda.send(new GetAccountSettingsCommand({}));
    expect(settings.AccountLimit).toMatchObject({ ConcurrentExecutions: 1000 });
    expect(settings.AccountLimit?.UnreservedConcurrentExecutions).toBeLessThanOrEqual(995);
    await expect(
      lambda.send(
        new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: 950 }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
      message: expect.stringContaining('below its minimum value of [100]'),
    });
    const deleted = await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: name }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect((await lambda.send(new GetFunctionCommand({ FunctionName: name }))).Concurrency).toBeUndefined();
  });

  it('answers the reads Terraform makes: code signing, runtime management, recursion', async () => {
    const name = uniqueName('reads');
    await t.create(name, CODE);
    const signing = await lambda.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: name }));
    expect(signing).toMatchObject({ FunctionName: name, CodeSigningConfigArn: '' });
    const runtime = await lambda.send(new GetRuntimeManagementConfigCommand({ FunctionName: name }));
    expect(runtime).toMatchObject({ UpdateRuntimeOn: 'Auto', FunctionArn: ARN(name) });
    expect(
      (await lambda.send(new GetFunctionRecursionConfigCommand({ FunctionName: name }))).RecursiveLoop,
    ).toBe('Terminate');
    await lambda.send(new PutFunctionRecursionConfigCommand({ FunctionName: name, RecursiveLoop: 'Allow' }));
    expect(
      (await lambda.send(new GetFunctionRecursionConfigCommand({ FunctionName: name }))).RecursiveLoop,
    ).toBe('Allow');
  });

  it('tags functions', async () => {
    const name = uniqueName('tags');
    await t.create(name, CODE, { Tags: { a: '1' } });
    await lambda.send(new TagResourceCommand({ Resource: ARN(name), Tags: { b: '2' } }));
    expect((await lambda.send(new ListTagsCommand({ Resource: ARN(name) }))).Tags).toEqual({
      a: '1',
      b: '2',
    });
    await lambda.send(new UntagResourceCommand({ Resource: ARN(name), TagKeys: ['a'] }));
    expect((await lambda.send(new ListTagsCommand({ Resource: ARN(name) }))).Tags).toEqual({ b: '2' });
    await expect(lambda.send(new ListTagsCommand({ Resource: ARN('nope') }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('lists and sets tags of an event source mapping (Terraform reads them)', async () => {
    const name = uniqueName('esm-tags');
    await t.create(name, CODE);
    const sqs = new SQSClient({ endpoint: t.endpoint, region: 'us-east-1', credentials });
    const queue = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('esm-q') }));
    const attrs = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    sqs.destroy();
    await t.iam.send(
      new PutRolePolicyCommand({
        RoleName: `lambda-test-${process.pid}`,
        PolicyName: 'sqs',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }],
        }),
      }),
    );
    const mapping = await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: name,
        EventSourceArn: attrs.Attributes?.QueueArn,
        Enabled: false,
        Tags: { owner: 'esm' },
      }),
    );
    const arn = mapping.EventSourceMappingArn as string;
    expect((await lambda.send(new ListTagsCommand({ Resource: arn }))).Tags).toEqual({ owner: 'esm' });
    await lambda.send(new TagResourceCommand({ Resource: arn, Tags: { extra: '1' } }));
    expect((await lambda.send(new ListTagsCommand({ Resource: arn }))).Tags).toEqual({
      owner: 'esm',
      extra: '1',
    });
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID: mapping.UUID }));
  });
});

describe('durability', () => {
  it('keeps functions, versions, policies and code across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lambda-durable-'));
    try {
      const first = await startLocalCloud({ port: 0, dataDir });
      const config = { endpoint: first.endpoint, region: 'us-east-1', credentials };
      const { IAMClient } = await import('@aws-sdk/client-iam');
      const iam = new IAMClient(config);
      const role = (
        await iam.send(new CreateRoleCommand({ RoleName: 'durable', AssumeRolePolicyDocument: TRUST_LAMBDA }))
      ).Role?.Arn as string;
      iam.destroy();
      const client = new LambdaClient(config);
      await client.send(
        new CreateFunctionCommand({
          FunctionName: 'durable',
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: role,
          Code: { ZipFile: zip(CODE) },
        }),
      );
      await client.send(new PublishVersionCommand({ FunctionName: 'durable' }));
      await client.send(
        new AddPermissionCommand({
          FunctionName: 'durable',
          StatementId: 's',
          Action: 'lambda:InvokeFunction',
          Principal: '*',
        }),
      );
      client.destroy();
      await first.stop();

      const second = await startLocalCloud({ port: 0, dataDir });
      const again = new LambdaClient({ ...config, endpoint: second.endpoint });
      const versions = await again.send(new ListVersionsByFunctionCommand({ FunctionName: 'durable' }));
      expect(versions.Versions?.map((v) => v.Version)).toEqual(['$LATEST', '1']);
      expect((await again.send(new GetPolicyCommand({ FunctionName: 'durable' }))).Policy).toContain(
        '"Sid":"s"',
      );
      const out = await again.send(
        new InvokeCommand({ FunctionName: 'durable', Payload: encode({ ok: 1 }) }),
      );
      expect(decode(out.Payload)).toEqual({ version: '$LATEST', event: { ok: 1 } });
      again.destroy();
      await second.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
