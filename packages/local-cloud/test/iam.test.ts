import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListInstanceProfilesForRoleCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import { type RunningLocalCloud, startLocalCloud } from '../src/index';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const QUEUE = 'arn:aws:sqs:us-east-1:000000000000:dlq';
const SEND = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: QUEUE }],
});

let lc: RunningLocalCloud;
let iam: IAMClient;

beforeAll(async () => {
  lc = await startLocalCloud({ port: 0 });
  iam = new IAMClient({
    endpoint: lc.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
});

afterAll(async () => {
  iam.destroy();
  await lc.stop();
});

async function error(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

describe('IAM roles', () => {
  it('GetUser answers for any credentials (Terraform provider start)', async () => {
    const { User } = await iam.send(new GetUserCommand({}));
    expect(User?.Arn).toBe('arn:aws:iam::000000000000:user/local-cloud');
    expect(User?.UserId).toMatch(/^AIDA/);
  });

  it('creates, reads and lists a role with AWS shapes', async () => {
    const created = await iam.send(
      new CreateRoleCommand({
        RoleName: 'fn-role',
        Path: '/service/',
        AssumeRolePolicyDocument: TRUST,
        Description: 'function role',
        MaxSessionDuration: 7200,
        Tags: [{ Key: 'env', Value: 'dev' }],
      }),
    );
    expect(created.Role).toMatchObject({
      RoleName: 'fn-role',
      Path: '/service/',
      Arn: 'arn:aws:iam::000000000000:role/service/fn-role',
      Description: 'function role',
      MaxSessionDuration: 7200,
      Tags: [{ Key: 'env', Value: 'dev' }],
    });
    expect(created.Role?.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    expect(created.Role?.CreateDate).toBeInstanceOf(Date);
    // Policy documents come back URL-encoded (RFC 3986), as AWS returns them.
    expect(created.Role?.AssumeRolePolicyDocument).toBe(encodeURIComponent(TRUST));
    expect(decodeURIComponent(created.Role?.AssumeRolePolicyDocument ?? '')).toBe(TRUST);

    const got = await iam.send(new GetRoleCommand({ RoleName: 'fn-role' }));
    expect(got.Role?.RoleId).toBe(created.Role?.RoleId);
    expect(got.Role?.RoleLastUsed).toEqual({});
    const listed = await iam.send(new ListRolesCommand({}));
    expect(listed.Roles?.map((r) => r.RoleName)).toContain('fn-role');
    expect(listed.IsTruncated).toBe(false);
    const byPath = await iam.send(new ListRolesCommand({ PathPrefix: '/other/' }));
    expect(byPath.Roles).toEqual([]);
  });

  it('refuses duplicates, unknown roles and malformed trust policies with AWS errors', async () => {
    expect(
      await error(iam.send(new CreateRoleCommand({ RoleName: 'FN-ROLE', AssumeRolePolicyDocument: TRUST }))),
    ).toEqual({
      name: 'EntityAlreadyExistsException',
      message: 'Role with name FN-ROLE already exists.',
      status: 409,
    });
    expect(await error(iam.send(new GetRoleCommand({ RoleName: 'missing' })))).toEqual({
      name: 'NoSuchEntityException',
      message: 'The role with name missing cannot be found.',
      status: 404,
    });
    expect(
      await error(iam.send(new CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: '{nope' }))),
    ).toEqual({
      name: 'MalformedPolicyDocumentException',
      message: 'This policy contains invalid Json',
      status: 400,
    });
    expect(
      (
        await error(
          iam.send(new CreateRoleCommand({ RoleName: 'bad name', AssumeRolePolicyDocument: TRUST })),
        )
      ).name,
    ).toBe('ValidationError');
    expect(
      await error(
        iam.send(
          new CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 60 }),
        ),
      ),
    ).toMatchObject({ name: 'ValidationError', status: 400 });
  });

  it('updates the role, its trust policy and its tags', async () => {
    await iam.send(
      new UpdateRoleCommand({ RoleName: 'fn-role', Description: 'changed', MaxSessionDuration: 3600 }),
    );
    const trust2 = TRUST.replace('lambda.amazonaws.com', 'events.amazonaws.com');
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'fn-role', PolicyDocument: trust2 }));
    await iam.send(
      new TagRoleCommand({
        RoleName: 'fn-role',
        Tags: [
          { Key: 'team', Value: 'a' },
          { Key: 'env', Value: 'prod' },
        ],
      }),
    );
    await iam.send(new UntagRoleCommand({ RoleName: 'fn-role', TagKeys: ['team'] }));
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'fn-role' }));
    expect(Role?.Description).toBe('changed');
    expect(Role?.MaxSessionDuration).toBe(3600);
    expect(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? '')).toBe(trust2);
    expect((await iam.send(new ListRoleTagsCommand({ RoleName: 'fn-role' }))).Tags).toEqual([
      { Key: 'env', Value: 'prod' },
    ]);
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'fn-role', PolicyDocument: TRUST }));
  });

  it('manages inline policies (aws_iam_role_policy) and refuses to delete a role that has them', async () => {
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'fn-role', PolicyName: 'send', PolicyDocument: SEND }),
    );
    const got = await iam.send(new GetRolePolicyCommand({ RoleName: 'fn-role', PolicyName: 'send' }));
    expect(got).toMatchObject({
      RoleName: 'fn-role',
      PolicyName: 'send',
      PolicyDocument: encodeURIComponent(SEND),
    });
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: 'fn-role' }))).PolicyNames).toEqual([
      'send',
    ]);
    expect(await error(iam.send(new DeleteRoleCommand({ RoleName: 'fn-role' })))).toEqual({
      name: 'DeleteConflictException',
      message: 'Cannot delete entity, must delete policies first.',
      status: 409,
    });
    expect(
      await error(iam.send(new GetRolePolicyCommand({ RoleName: 'fn-role', PolicyName: 'nope' }))),
    ).toEqual({
      name: 'NoSuchEntityException',
      message: 'The role policy with name nope cannot be found.',
      status: 404,
    });
    expect(
      await error(
        iam.send(
          new PutRolePolicyCommand({
            RoleName: 'fn-role',
            PolicyName: 'p',
            PolicyDocument: '{"Statement":[{"Effect":"Allow"}]}',
          }),
        ),
      ),
    ).toEqual({ name: 'MalformedPolicyDocumentException', message: 'Syntax errors in policy.', status: 400 });
  });

  it('attaches AWS managed policies (aws_iam_role_policy_attachment)', async () => {
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'fn-role', PolicyArn: BASIC }));
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'fn-role' }));
    expect(attached.AttachedPolicies).toEqual([
      { PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: BASIC },
    ]);
    const policy = await iam.send(new GetPolicyCommand({ PolicyArn: BASIC }));
    expect(policy.Policy).toMatchObject({
      PolicyName: 'AWSLambdaBasicExecutionRole',
      DefaultVersionId: 'v1',
      AttachmentCount: 1,
    });
    const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: BASIC, VersionId: 'v1' }));
    expect(JSON.parse(decodeURIComponent(version.PolicyVersion?.Document ?? ''))).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: '*',
        },
      ],
    });
    expect(
      await error(
        iam.send(
          new AttachRolePolicyCommand({ RoleName: 'fn-role', PolicyArn: 'arn:aws:iam::aws:policy/Nope' }),
        ),
      ),
    ).toEqual({
      name: 'NoSuchEntityException',
      message: 'Policy arn:aws:iam::aws:policy/Nope does not exist or is not attachable.',
      status: 404,
    });
    expect(await error(iam.send(new DeleteRoleCommand({ RoleName: 'fn-role' })))).toEqual({
      name: 'DeleteConflictException',
      message: 'Cannot delete entity, must detach all policies first.',
      status: 409,
    });
  });

  it('evaluates the role through the delivery door authorizer and the roles port', () => {
    const authorizer = lc.cloud.delivery.getAuthorizer();
    const roleArn = 'arn:aws:iam::000000000000:role/service/fn-role';
    expect(authorizer?.roleAllows(roleArn, 'sqs:SendMessage', QUEUE).allowed).toBe(true);
    expect(authorizer?.roleAllows(roleArn, 'sqs:SendMessage', `${QUEUE}2`)).toEqual({
      allowed: false,
      reason: 'no policy statement allows it',
    });
    expect(
      authorizer?.roleAllows(roleArn, 'logs:PutLogEvents', 'arn:aws:logs:us-east-1:000000000000:log-group:x')
        .allowed,
    ).toBe(true);
    expect(
      authorizer?.roleAllows('arn:aws:iam::000000000000:role/fn-role', 'sqs:SendMessage', QUEUE).allowed,
    ).toBe(false);
    const roles = lc.cloud.ports.get('roles');
    expect(roles.get(roleArn)?.name).toBe('fn-role');
    expect(roles.trusts(roleArn, 'lambda.amazonaws.com')).toBe(true);
    expect(roles.trusts(roleArn, 'events.amazonaws.com')).toBe(false);
  });

  it('follows the Terraform delete sequence', async () => {
    expect(
      (await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'fn-role' }))).InstanceProfiles,
    ).toEqual([]);
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'fn-role', PolicyArn: BASIC }));
    expect(
      await error(iam.send(new DetachRolePolicyCommand({ RoleName: 'fn-role', PolicyArn: BASIC }))),
    ).toEqual({
      name: 'NoSuchEntityException',
      message: `Policy ${BASIC} was not found.`,
      status: 404,
    });
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'fn-role', PolicyName: 'send' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'fn-role' }));
    expect((await error(iam.send(new GetRoleCommand({ RoleName: 'fn-role' })))).name).toBe(
      'NoSuchEntityException',
    );
  });
});

describe('IAM managed policies', () => {
  const arn = 'arn:aws:iam::000000000000:policy/app/send';

  it('creates policies and versions and lists entities', async () => {
    const { Policy } = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'send',
        Path: '/app/',
        PolicyDocument: SEND,
        Description: 'send to dlq',
      }),
    );
    expect(Policy).toMatchObject({
      PolicyName: 'send',
      Arn: arn,
      DefaultVersionId: 'v1',
      AttachmentCount: 0,
      IsAttachable: true,
    });
    expect(Policy?.PolicyId).toMatch(/^ANPA[A-Z2-7]{17}$/);
    expect(
      await error(iam.send(new CreatePolicyCommand({ PolicyName: 'send', PolicyDocument: SEND }))),
    ).toEqual({
      name: 'EntityAlreadyExistsException',
      message: 'A policy called send already exists. Duplicate names are not allowed.',
      status: 409,
    });

    const v2 = await iam.send(
      new CreatePolicyVersionCommand({
        PolicyArn: arn,
        PolicyDocument: SEND.replace('dlq', 'dlq2'),
        SetAsDefault: true,
      }),
    );
    expect(v2.PolicyVersion).toMatchObject({ VersionId: 'v2', IsDefaultVersion: true });
    const versions = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
    expect(versions.Versions?.map((v) => [v.VersionId, v.IsDefaultVersion])).toEqual([
      ['v2', true],
      ['v1', false],
    ]);
    expect(
      await error(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }))),
    ).toEqual({
      name: 'DeleteConflictException',
      message: 'Cannot delete the default version of a policy.',
      status: 409,
    });

    await iam.send(new CreateRoleCommand({ RoleName: 'user-of-policy', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'user-of-policy', PolicyArn: arn }));
    const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
    expect(entities.PolicyRoles?.map((r) => r.RoleName)).toEqual(['user-of-policy']);
    expect(entities.PolicyUsers).toEqual([]);
    // The default version (v2) now decides.
    const authorizer = lc.cloud.delivery.getAuthorizer();
    const roleArn = 'arn:aws:iam::000000000000:role/user-of-policy';
    expect(authorizer?.roleAllows(roleArn, 'sqs:SendMessage', `${QUEUE}2`).allowed).toBe(true);
    expect(authorizer?.roleAllows(roleArn, 'sqs:SendMessage', QUEUE).allowed).toBe(false);

    expect(await error(iam.send(new DeletePolicyCommand({ PolicyArn: arn })))).toEqual({
      name: 'DeleteConflictException',
      message: 'Cannot delete a policy attached to entities.',
      status: 409,
    });
    const local = await iam.send(new ListPoliciesCommand({ Scope: 'Local' }));
    expect(local.Policies?.map((p) => p.Arn)).toEqual([arn]);
    const aws = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', OnlyAttached: false }));
    expect(aws.Policies?.map((p) => p.Arn)).toContain(BASIC);

    await iam.send(new DetachRolePolicyCommand({ RoleName: 'user-of-policy', PolicyArn: arn }));
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
    expect(await error(iam.send(new GetPolicyCommand({ PolicyArn: arn })))).toEqual({
      name: 'NoSuchEntityException',
      message: `Policy ${arn} was not found.`,
      status: 404,
    });
  });

  it('pages ListRoles with Marker and MaxItems', async () => {
    for (const n of [1, 2, 3]) {
      await iam.send(
        new CreateRoleCommand({ RoleName: `page-${n}`, Path: '/paged/', AssumeRolePolicyDocument: TRUST }),
      );
    }
    const first = await iam.send(new ListRolesCommand({ PathPrefix: '/paged/', MaxItems: 2 }));
    expect(first.Roles?.map((r) => r.RoleName)).toEqual(['page-1', 'page-2']);
    expect(first.IsTruncated).toBe(true);
    const second = await iam.send(
      new ListRolesCommand({ PathPrefix: '/paged/', MaxItems: 2, Marker: first.Marker }),
    );
    expect(second.Roles?.map((r) => r.RoleName)).toEqual(['page-3']);
    expect(second.IsTruncated).toBe(false);
  });
});

describe('IAM durability and the AWS CLI', () => {
  it('keeps roles and policies across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'iam-'));
    try {
      const first = await startLocalCloud({ port: 0, dataDir });
      const client = new IAMClient({
        endpoint: first.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      });
      await client.send(new CreateRoleCommand({ RoleName: 'durable', AssumeRolePolicyDocument: TRUST }));
      await client.send(
        new PutRolePolicyCommand({ RoleName: 'durable', PolicyName: 'send', PolicyDocument: SEND }),
      );
      await client.send(new AttachRolePolicyCommand({ RoleName: 'durable', PolicyArn: BASIC }));
      const roleId = (await client.send(new GetRoleCommand({ RoleName: 'durable' }))).Role?.RoleId;
      client.destroy();
      await first.stop();

      const second = await startLocalCloud({ port: 0, dataDir });
      const again = new IAMClient({
        endpoint: second.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      });
      expect((await again.send(new GetRoleCommand({ RoleName: 'durable' }))).Role?.RoleId).toBe(roleId);
      expect((await again.send(new ListRolePoliciesCommand({ RoleName: 'durable' }))).PolicyNames).toEqual([
        'send',
      ]);
      expect(
        (await again.send(new ListAttachedRolePoliciesCommand({ RoleName: 'durable' }))).AttachedPolicies,
      ).toHaveLength(1);
      again.destroy();
      await second.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('answers `aws iam create-role` and `aws iam get-role`', async () => {
    const run = promisify(execFile);
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    };
    const created = await run(
      'aws',
      [
        '--endpoint-url',
        lc.endpoint,
        'iam',
        'create-role',
        '--role-name',
        'cli-role',
        '--assume-role-policy-document',
        TRUST,
      ],
      { env },
    );
    const role = JSON.parse(created.stdout).Role;
    expect(role.Arn).toBe('arn:aws:iam::000000000000:role/cli-role');
    // botocore decodes the URL-encoded document into JSON for the CLI.
    expect(role.AssumeRolePolicyDocument).toEqual(JSON.parse(TRUST));
    const failed = await run(
      'aws',
      ['--endpoint-url', lc.endpoint, 'iam', 'get-role', '--role-name', 'nope'],
      { env },
    ).catch((e: { stderr: string; code: number }) => e);
    expect(failed).toMatchObject({ code: 255 });
    expect((failed as { stderr: string }).stderr).toContain(
      'An error occurred (NoSuchEntity) when calling the GetRole operation: The role with name nope cannot be found.',
    );
  }, 60_000);
});
