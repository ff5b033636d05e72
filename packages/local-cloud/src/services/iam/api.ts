import type { Cloud } from '../../core/cloud';
import type { Authorizer, Principal } from '../../core/delivery';
import { AwsError } from '../../core/errors';
import type { Input, QueryService } from '../../core/service';
import { IamModel, isoNow, type ManagedPolicy, type Role, type Tag, uniqueId } from './model';
import {
  type EvalPrincipal,
  evaluatePolicies,
  explain,
  PolicyError,
  parsePolicy,
  policySize,
} from './policy';

/**
 * IAM over awsQuery (xmlns https://iam.amazonaws.com/doc/2010-05-08/, signing name iam): what the
 * Terraform provider 5.100.0 calls for aws_iam_role / aws_iam_role_policy / aws_iam_role_policy_attachment
 * and provider start (reference/terraform-provider-calls.md), plus managed policies for the SDK and CLI.
 * Also installs the delivery door's Authorizer and the `roles` port.
 */

const XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';

// Quotas (IAM User Guide, "IAM and AWS STS quotas"), enforced with AWS's LimitExceeded messages.
const INLINE_ROLE_POLICY_QUOTA = 10_240;
const MANAGED_POLICY_QUOTA = 6_144;
const TRUST_POLICY_QUOTA = 2_048;
const MANAGED_POLICIES_PER_ROLE = 10;
const POLICY_VERSIONS = 5;
const TAGS_PER_RESOURCE = 50;

/** RFC 3986 percent-encoding, as IAM returns policy documents (reference/aws-wire-and-event-shapes.md §1.2). */
export function encodePolicyDocument(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const validation = (message: string): AwsError =>
  new AwsError('ValidationError', `1 validation error detected: ${message}`, 400);
const noSuchEntity = (message: string): AwsError => new AwsError('NoSuchEntity', message, 404);
const malformed = (message: string): AwsError => new AwsError('MalformedPolicyDocument', message, 400);

const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

class Params {
  constructor(private readonly input: Input) {}

  optional(name: string): string | undefined {
    const value = this.input[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw validation(`Value at '${lowerFirst(name)}' must be a string`);
    return value;
  }

  required(name: string): string {
    const value = this.optional(name);
    if (value === undefined) {
      throw validation(
        `Value null at '${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`,
      );
    }
    return value;
  }

  name(name: string, max: number): string {
    const value = this.required(name);
    this.checkName(name, value, max);
    return value;
  }

  checkName(name: string, value: string, max: number): void {
    if (value.length < 1 || value.length > max) {
      throw validation(
        `Value '${value}' at '${lowerFirst(name)}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
      );
    }
    if (!/^[\w+=,.@-]+$/.test(value)) {
      throw validation(
        `Value '${value}' at '${lowerFirst(name)}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`,
      );
    }
  }

  path(name: string): string {
    const value = this.optional(name) ?? '/';
    if (value.length > 512 || !/^(\/|\/[\u0021-\u007E]+\/)$/.test(value)) {
      throw new AwsError(
        'ValidationError',
        `The specified value for ${lowerFirst(name)} is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.`,
        400,
      );
    }
    return value;
  }

  integer(name: string, min: number, max: number): number | undefined {
    const raw = this.optional(name);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value))
      throw validation(`Value '${raw}' at '${lowerFirst(name)}' must be an integer`);
    if (value < min) {
      throw validation(
        `Value '${raw}' at '${lowerFirst(name)}' failed to satisfy constraint: Member must have value greater than or equal to ${min}`,
      );
    }
    if (value > max) {
      throw validation(
        `Value '${raw}' at '${lowerFirst(name)}' failed to satisfy constraint: Member must have value less than or equal to ${max}`,
      );
    }
    return value;
  }

  boolean(name: string): boolean | undefined {
    const raw = this.optional(name);
    if (raw === undefined) return undefined;
    if (raw !== 'true' && raw !== 'false')
      throw validation(`Value '${raw}' at '${lowerFirst(name)}' must be a boolean`);
    return raw === 'true';
  }

  list(name: string): unknown[] {
    const value = this.input[name];
    if (value === undefined || value === null || value === '') return [];
    if (!Array.isArray(value)) throw validation(`Value at '${lowerFirst(name)}' must be a list`);
    return value;
  }

  stringList(name: string): string[] {
    return this.list(name).map((item) => {
      if (typeof item !== 'string')
        throw validation(`Value at '${lowerFirst(name)}' must be a list of strings`);
      return item;
    });
  }

  tags(name = 'Tags'): Tag[] {
    const tags = this.list(name).map((item): Tag => {
      const entry = (item ?? {}) as Record<string, unknown>;
      if (typeof entry.Key !== 'string' || entry.Key.length < 1 || entry.Key.length > 128) {
        throw validation(
          `Value at 'tags.member.key' failed to satisfy constraint: Member must have length between 1 and 128`,
        );
      }
      const value = typeof entry.Value === 'string' ? entry.Value : '';
      if (value.length > 256) {
        throw validation(
          `Value at 'tags.member.value' failed to satisfy constraint: Member must have length less than or equal to 256`,
        );
      }
      return { Key: entry.Key, Value: value };
    });
    const keys = new Set<string>();
    for (const tag of tags) {
      const key = tag.Key.toLowerCase();
      if (keys.has(key)) {
        throw new AwsError(
          'InvalidInput',
          'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
          400,
        );
      }
      keys.add(key);
    }
    return tags;
  }

  /** Marker/MaxItems pagination (IAM list operations). */
  page<T>(items: T[]): { items: T[]; IsTruncated: boolean; Marker?: string } {
    const maxItems = this.integer('MaxItems', 1, 1000) ?? 100;
    const marker = this.optional('Marker');
    let start = 0;
    if (marker !== undefined) {
      start = Number(Buffer.from(marker, 'base64').toString('utf8'));
      if (!Number.isInteger(start) || start < 0) throw validation(`Invalid Marker '${marker}'`);
    }
    const slice = items.slice(start, start + maxItems);
    const next = start + slice.length;
    if (next < items.length) {
      return { items: slice, IsTruncated: true, Marker: Buffer.from(String(next)).toString('base64') };
    }
    return { items: slice, IsTruncated: false };
  }
}

function checkDocument(text: string, kind: 'identity' | 'trust'): void {
  try {
    parsePolicy(text, kind);
  } catch (error) {
    if (error instanceof PolicyError) throw malformed(error.message);
    throw error;
  }
}

function checkTagCount(existing: Tag[], added: Tag[]): void {
  const keys = new Set(existing.map((t) => t.Key));
  for (const tag of added) keys.add(tag.Key);
  if (keys.size > TAGS_PER_RESOURCE) {
    throw new AwsError('LimitExceeded', `The number of tags has reached the maximum limit.`, 409);
  }
}

function roleOutput(role: Role, options: { full: boolean }): Record<string, unknown> {
  const out: Record<string, unknown> = {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: role.createDate,
    AssumeRolePolicyDocument: encodePolicyDocument(role.assumeRolePolicy),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
  };
  if (options.full) {
    if (role.permissionsBoundary) {
      out.PermissionsBoundary = {
        PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
        PermissionsBoundaryArn: role.permissionsBoundary,
      };
    }
    if (role.tags.length > 0) out.Tags = role.tags;
    out.RoleLastUsed = {};
  }
  return out;
}

export function installIam(cloud: Cloud): IamModel {
  const accountId = cloud.config.accountId;
  const model = new IamModel(accountId, cloud.store);

  const roleOrThrow = (name: string): Role => {
    const role = model.getRole(name);
    if (!role) throw noSuchEntity(`The role with name ${name} cannot be found.`);
    return role;
  };

  const policyOrThrow = (arn: string): ManagedPolicy => {
    const policy = model.policies.get(arn);
    if (!policy) throw noSuchEntity(`Policy ${arn} was not found.`);
    return policy;
  };

  /** A customer managed policy the call may change (AWS managed policies are read-only). */
  const modifiablePolicyOrThrow = (arn: string): ManagedPolicy => {
    const policy = policyOrThrow(arn);
    if (policy.awsManaged) throw new AwsError('AccessDenied', 'Cannot modify an AWS managed policy.', 403);
    return policy;
  };

  const versionOrThrow = (policy: ManagedPolicy, versionId: string) => {
    const version = policy.versions.find((v) => v.versionId === versionId);
    if (!version) {
      throw noSuchEntity(`Policy ${policy.arn} version ${versionId} does not exist or is not attachable.`);
    }
    return version;
  };

  const policyArnParam = (p: Params): string => {
    const arn = p.required('PolicyArn');
    if (!/^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/.+$/.test(arn)) {
      throw new AwsError('InvalidInput', `ARN ${arn} is not valid.`, 400);
    }
    return arn;
  };

  const policyOutput = (policy: ManagedPolicy, full: boolean): Record<string, unknown> => ({
    PolicyName: policy.name,
    PolicyId: policy.policyId,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: model.attachmentCount(policy.arn),
    PermissionsBoundaryUsageCount: model.boundaryUsageCount(policy.arn),
    IsAttachable: true,
    Description: full ? policy.description : undefined,
    CreateDate: policy.createDate,
    UpdateDate: policy.updateDate,
    Tags: full && policy.tags.length > 0 ? policy.tags : undefined,
  });

  const service: QueryService = {
    protocol: 'query',
    signingName: 'iam',
    xmlns: XMLNS,
    operations: {
      // Terraform's provider start calls GetUser for the account id (reference/terraform-provider-calls.md).
      // Any credentials act as the account's local user, the same identity STS GetCallerIdentity reports.
      GetUser: (input) => {
        const name = new Params(input).optional('UserName');
        if (name !== undefined && name !== 'local-cloud') {
          throw noSuchEntity(`The user with name ${name} cannot be found.`);
        }
        return {
          User: {
            Path: '/',
            UserName: 'local-cloud',
            UserId: 'AIDALOCALCLOUDUSER0001',
            Arn: `arn:aws:iam::${accountId}:user/local-cloud`,
            CreateDate: '2024-01-01T00:00:00Z',
          },
        };
      },

      CreateRole: (input) => {
        const p = new Params(input);
        const name = p.name('RoleName', 64);
        const path = p.path('Path');
        const document = p.required('AssumeRolePolicyDocument');
        const description = p.optional('Description');
        if (description !== undefined && description.length > 1000) {
          throw validation(
            `Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 1000`,
          );
        }
        const maxSessionDuration = p.integer('MaxSessionDuration', 3600, 43_200) ?? 3600;
        const tags = p.tags();
        checkTagCount([], tags);
        const boundary = p.optional('PermissionsBoundary');
        checkDocument(document, 'trust');
        if (policySize(document) > TRUST_POLICY_QUOTA) {
          throw new AwsError(
            'LimitExceeded',
            `Cannot exceed quota for ACLSizePerRole: ${TRUST_POLICY_QUOTA}`,
            409,
          );
        }
        if (boundary !== undefined && !model.policies.has(boundary)) {
          throw noSuchEntity(`Scope ARN: ${boundary} does not exist or is not attachable.`);
        }
        if (model.getRole(name))
          throw new AwsError('EntityAlreadyExists', `Role with name ${name} already exists.`, 409);
        const role: Role = {
          name,
          path,
          roleId: uniqueId('AROA'),
          arn: model.roleArn(path, name),
          createDate: isoNow(),
          assumeRolePolicy: document,
          maxSessionDuration,
          tags,
          inline: {},
          attached: [],
        };
        if (description !== undefined) role.description = description;
        if (boundary !== undefined) role.permissionsBoundary = boundary;
        model.commit({ t: 'createRole', role });
        const out = roleOutput(role, { full: false });
        if (boundary) {
          out.PermissionsBoundary = {
            PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
            PermissionsBoundaryArn: boundary,
          };
        }
        if (tags.length > 0) out.Tags = tags;
        return { Role: out };
      },

      GetRole: (input) => ({
        Role: roleOutput(roleOrThrow(new Params(input).name('RoleName', 64)), { full: true }),
      }),

      ListRoles: (input) => {
        const p = new Params(input);
        const prefix = p.optional('PathPrefix') ?? '/';
        const roles = [...model.roles.values()]
          .filter((role) => role.path.startsWith(prefix))
          .sort((a, b) => a.name.localeCompare(b.name));
        const page = p.page(roles);
        return {
          Roles: page.items.map((role) => roleOutput(role, { full: false })),
          IsTruncated: page.IsTruncated,
          Marker: page.Marker,
        };
      },

      DeleteRole: (input) => {
        const role = roleOrThrow(new Params(input).name('RoleName', 64));
        if (role.attached.length > 0) {
          throw new AwsError('DeleteConflict', 'Cannot delete entity, must detach all policies first.', 409);
        }
        if (Object.keys(role.inline).length > 0) {
          throw new AwsError('DeleteConflict', 'Cannot delete entity, must delete policies first.', 409);
        }
        model.commit({ t: 'deleteRole', name: role.name });
        return undefined;
      },

      UpdateRole: (input) => {
        const p = new Params(input);
        const role = roleOrThrow(p.name('RoleName', 64));
        const description = p.optional('Description');
        const maxSessionDuration = p.integer('MaxSessionDuration', 3600, 43_200);
        model.commit({
          t: 'updateRole',
          name: role.name,
          ...(description !== undefined ? { description } : {}),
          ...(maxSessionDuration !== undefined ? { maxSessionDuration } : {}),
        });
        return {};
      },

      UpdateRoleDescription: (input) => {
        const p = new Params(input);
        const role = roleOrThrow(p.name('RoleName', 64));
        model.commit({ t: 'updateRole', name: role.name, description: p.required('Description') });
        return { Role: roleOutput(roleOrThrow(role.name), { full: true }) };
      },

      UpdateAssumeRolePolicy: (input) => {
        const p = new Params(input);
        const role = roleOrThrow(p.name('RoleName', 64));
        const document = p.required('PolicyDocument');
        checkDocument(document, 'trust');
        if (policySize(document) > TRUST_POLICY_QUOTA) {
          throw new AwsError(
            'LimitExceeded',
            `Cannot exceed quota for ACLSizePerRole: ${TRUST_POLICY_QUOTA}`,
            409,
          );
        }
        model.commit({ t: 'assumeRolePolicy', name: role.name, document });
        return undefined;
      },

      TagRole: (input) => {
        const p = new Params(input);
        const role = roleOrThrow(p.name('RoleName', 64));
        const tags = p.tags();
        checkTagCount(role.tags, tags);
        model.commit({ t: 'tagRole', name: role.name, tags });
        return undefined;
      },

      UntagRole: (input) => {
        const p = new Params(input);
        const role = roleOrThrow(p.name('RoleName', 64));
        model.commit({ t: 'untagRole', name: role.name, keys: p.stringList('TagKeys') });
        return undefined;
      },

      ListRoleTags: (input) => {
        const p = new Params(input);
        const role = roleOrThrow(p.name('RoleName', 64));
        const page = p.page(role.tags);
        return { Tags: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
      },

      PutRolePermissionsBoundary: (input) => {
        const p = new Params(input);
        const role = roleOrThrow(p.name('RoleName', 64));
        const arn = p.required('PermissionsBoundary');
        if (!model.policies.has(arn))
          throw noSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`);
        model.commit({ t: 'boundary', name: role.name, policyArn: arn });
        return undefined;
      },

      DeleteRolePermissionsBoundary: (input) => {
        const role = roleOrThrow(new Params(input).name('RoleName', 64));
        if (!role.permissionsBoundary) {
          throw noSuchEntity(`The role with name ${role.name} does not have a permissions boundary.`);
        }
        model.commit({ t: 'boundary', name: role.name });
        return undefined;
      },

      PutRolePolicy: (input) => {
        const p = new Params(input);
        const role = roleOrThrow(p.name('RoleName', 64));
        const policyName = p.name('PolicyName', 128);
        const document = p.required('PolicyDocument');
        checkDocument(document, 'identity');
        let total = policySize(document);
        for (const [name, text] of Object.entries(role.inline))
          if (name !== policyName) total += policySize(text);
        if (total > INLINE_ROLE_POLICY_QUOTA) {
          throw new AwsError(
            'LimitExceeded',
            `Maximum policy size of ${INLINE_ROLE_POLICY_QUOTA} bytes exceeded for role ${role.name}`,
            409,
          );
        }
        model.commit({ t: 'putRolePolicy', name: role.name, policyName, document });
        return undefined;
      },

      GetRolePolicy: (input) => {
        const p = new Params(input);
        const role = roleOrThrow(p.name('RoleName', 64));
        const policyName = p.name('PolicyName', 128);
        const document = role.inline[policyName];
        if (document === undefined)
          throw noSuchEntity(`The role policy with name ${policyName} cannot be found.`);
        return {
          RoleName: role.name,
          PolicyName: policyName,
          PolicyDocument: encodePolicyDocument(document),
        };
      },

      DeleteRolePolicy: (input) => {
        const p = new Params(input);
        const role = roleOrThrow(p.name('RoleName', 64));
        const policyName = p.name('PolicyName', 128);
        if (role.inline[policyName] === undefined) {
          throw noSuchEntity(`The role policy with name ${policyName} cannot be found.`);
        }
        model.commit({ t: 'deleteRolePolicy', name: role.name, policyName });
        return undefined;
      },

      ListRolePolicies: (input) => {
        const p = new Params(input);
        const role = roleOrThrow(p.name('RoleName', 64));
        const page = p.page(Object.keys(role.inline).sort());
        return { PolicyNames: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
      },

      AttachRolePolicy: (input) => {
        const p = new Params(input);
        const role = roleOrThrow(p.name('RoleName', 64));
        const arn = policyArnParam(p);
        if (!model.policies.has(arn))
          throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
        if (!role.attached.includes(arn) && role.attached.length >= MANAGED_POLICIES_PER_ROLE) {
          throw new AwsError(
            'LimitExceeded',
            `Cannot exceed quota for PoliciesPerRole: ${MANAGED_POLICIES_PER_ROLE}`,
            409,
          );
        }
        model.commit({ t: 'attach', name: role.name, policyArn: arn });
        return undefined;
      },

      DetachRolePolicy: (input) => {
        const p = new Params(input);
        const role = roleOrThrow(p.name('RoleName', 64));
        const arn = policyArnParam(p);
        if (!role.attached.includes(arn)) throw noSuchEntity(`Policy ${arn} was not found.`);
        model.commit({ t: 'detach', name: role.name, policyArn: arn });
        return undefined;
      },

      ListAttachedRolePolicies: (input) => {
        const p = new Params(input);
        const role = roleOrThrow(p.name('RoleName', 64));
        const prefix = p.optional('PathPrefix') ?? '/';
        const attached = role.attached
          .map((arn) => model.policies.get(arn))
          .filter((policy): policy is ManagedPolicy => policy?.path.startsWith(prefix) === true)
          .map((policy) => ({ PolicyName: policy.name, PolicyArn: policy.arn }));
        const page = p.page(attached);
        return { AttachedPolicies: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
      },

      ListInstanceProfilesForRole: (input) => {
        roleOrThrow(new Params(input).name('RoleName', 64));
        // Local cloud has no EC2, so no instance profiles; Terraform calls this before DeleteRole.
        return { InstanceProfiles: [], IsTruncated: false };
      },

      CreatePolicy: (input) => {
        const p = new Params(input);
        const name = p.name('PolicyName', 128);
        const path = p.path('Path');
        const document = p.required('PolicyDocument');
        const description = p.optional('Description');
        const tags = p.tags();
        checkTagCount([], tags);
        checkDocument(document, 'identity');
        if (policySize(document) > MANAGED_POLICY_QUOTA) {
          throw new AwsError(
            'LimitExceeded',
            `Cannot exceed quota for PolicySize: ${MANAGED_POLICY_QUOTA}`,
            409,
          );
        }
        const arn = model.policyArn(path, name);
        for (const existing of model.policies.values()) {
          if (!existing.awsManaged && existing.name.toLowerCase() === name.toLowerCase()) {
            throw new AwsError(
              'EntityAlreadyExists',
              `A policy called ${name} already exists. Duplicate names are not allowed.`,
              409,
            );
          }
        }
        const now = isoNow();
        const policy: ManagedPolicy = {
          name,
          path,
          policyId: uniqueId('ANPA'),
          arn,
          createDate: now,
          updateDate: now,
          defaultVersionId: 'v1',
          versions: [{ versionId: 'v1', document, createDate: now }],
          nextVersion: 2,
          tags,
          awsManaged: false,
        };
        if (description !== undefined) policy.description = description;
        model.commit({ t: 'createPolicy', policy });
        return { Policy: policyOutput(policy, true) };
      },

      GetPolicy: (input) => ({
        Policy: policyOutput(policyOrThrow(policyArnParam(new Params(input))), true),
      }),

      DeletePolicy: (input) => {
        const policy = policyOrThrow(policyArnParam(new Params(input)));
        if (policy.awsManaged)
          throw new AwsError('AccessDenied', 'Cannot delete an AWS managed policy.', 403);
        if (model.attachmentCount(policy.arn) > 0 || model.boundaryUsageCount(policy.arn) > 0) {
          throw new AwsError('DeleteConflict', 'Cannot delete a policy attached to entities.', 409);
        }
        if (policy.versions.length > 1) {
          throw new AwsError(
            'DeleteConflict',
            "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
            409,
          );
        }
        model.commit({ t: 'deletePolicy', arn: policy.arn });
        return undefined;
      },

      ListPolicies: (input) => {
        const p = new Params(input);
        const scope = p.optional('Scope') ?? 'All';
        if (!['All', 'AWS', 'Local'].includes(scope)) {
          throw validation(
            `Value '${scope}' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]`,
          );
        }
        const onlyAttached = p.boolean('OnlyAttached') ?? false;
        const prefix = p.optional('PathPrefix') ?? '/';
        const policies = [...model.policies.values()]
          .filter((policy) => scope === 'All' || (scope === 'AWS') === policy.awsManaged)
          .filter((policy) => policy.path.startsWith(prefix))
          .filter((policy) => !onlyAttached || model.attachmentCount(policy.arn) > 0)
          .sort((a, b) => a.name.localeCompare(b.name));
        const page = p.page(policies);
        return {
          Policies: page.items.map((policy) => policyOutput(policy, false)),
          IsTruncated: page.IsTruncated,
          Marker: page.Marker,
        };
      },

      GetPolicyVersion: (input) => {
        const p = new Params(input);
        const policy = policyOrThrow(policyArnParam(p));
        const version = versionOrThrow(policy, p.required('VersionId'));
        return {
          PolicyVersion: {
            Document: encodePolicyDocument(version.document),
            VersionId: version.versionId,
            IsDefaultVersion: version.versionId === policy.defaultVersionId,
            CreateDate: version.createDate,
          },
        };
      },

      ListPolicyVersions: (input) => {
        const p = new Params(input);
        const policy = policyOrThrow(policyArnParam(p));
        const versions = [...policy.versions].reverse().map((v) => ({
          VersionId: v.versionId,
          IsDefaultVersion: v.versionId === policy.defaultVersionId,
          CreateDate: v.createDate,
        }));
        const page = p.page(versions);
        return { Versions: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
      },

      CreatePolicyVersion: (input) => {
        const p = new Params(input);
        const policy = modifiablePolicyOrThrow(policyArnParam(p));
        const document = p.required('PolicyDocument');
        const setDefault = p.boolean('SetAsDefault') ?? false;
        checkDocument(document, 'identity');
        if (policySize(document) > MANAGED_POLICY_QUOTA) {
          throw new AwsError(
            'LimitExceeded',
            `Cannot exceed quota for PolicySize: ${MANAGED_POLICY_QUOTA}`,
            409,
          );
        }
        if (policy.versions.length >= POLICY_VERSIONS) {
          throw new AwsError(
            'LimitExceeded',
            `A managed policy can have up to ${POLICY_VERSIONS} versions. Before you create a new version, you must delete an existing version.`,
            409,
          );
        }
        const version = { versionId: `v${policy.nextVersion}`, document, createDate: isoNow() };
        model.commit({ t: 'createPolicyVersion', arn: policy.arn, version, setDefault });
        return {
          PolicyVersion: {
            VersionId: version.versionId,
            IsDefaultVersion: setDefault,
            CreateDate: version.createDate,
          },
        };
      },

      DeletePolicyVersion: (input) => {
        const p = new Params(input);
        const policy = modifiablePolicyOrThrow(policyArnParam(p));
        const { versionId } = versionOrThrow(policy, p.required('VersionId'));
        if (versionId === policy.defaultVersionId) {
          throw new AwsError('DeleteConflict', 'Cannot delete the default version of a policy.', 409);
        }
        model.commit({ t: 'deletePolicyVersion', arn: policy.arn, versionId });
        return undefined;
      },

      SetDefaultPolicyVersion: (input) => {
        const p = new Params(input);
        const policy = modifiablePolicyOrThrow(policyArnParam(p));
        const { versionId } = versionOrThrow(policy, p.required('VersionId'));
        model.commit({ t: 'defaultPolicyVersion', arn: policy.arn, versionId, updateDate: isoNow() });
        return undefined;
      },

      ListEntitiesForPolicy: (input) => {
        const p = new Params(input);
        const policy = policyOrThrow(policyArnParam(p));
        const filter = p.optional('EntityFilter');
        const roles =
          filter === undefined || filter === 'Role'
            ? [...model.roles.values()]
                .filter((role) => role.attached.includes(policy.arn))
                .map((role) => ({ RoleName: role.name, RoleId: role.roleId }))
            : [];
        const page = p.page(roles);
        return {
          PolicyGroups: [],
          PolicyUsers: [],
          PolicyRoles: page.items,
          IsTruncated: page.IsTruncated,
          Marker: page.Marker,
        };
      },

      TagPolicy: (input) => {
        const p = new Params(input);
        const policy = policyOrThrow(policyArnParam(p));
        const tags = p.tags();
        checkTagCount(policy.tags, tags);
        model.commit({ t: 'tagPolicy', arn: policy.arn, tags });
        return undefined;
      },

      UntagPolicy: (input) => {
        const p = new Params(input);
        const policy = policyOrThrow(policyArnParam(p));
        model.commit({ t: 'untagPolicy', arn: policy.arn, keys: p.stringList('TagKeys') });
        return undefined;
      },

      ListPolicyTags: (input) => {
        const p = new Params(input);
        const policy = policyOrThrow(policyArnParam(p));
        const page = p.page(policy.tags);
        return { Tags: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
      },
    },
  };
  cloud.addService(service);

  const evalPrincipal = (principal: Principal): EvalPrincipal => {
    if (principal.type === 'service') return { type: 'service', service: principal.service };
    const account = /^arn:aws:(?:iam|sts)::(\d{12}):/.exec(principal.arn)?.[1] ?? accountId;
    return { type: 'aws', arn: principal.arn, accountId: account };
  };

  // The door's permission checks (src/core/delivery.ts).
  const authorizer: Authorizer = {
    roleAllows(roleArn, action, resourceArn) {
      const decision = model.roleAllows(roleArn, action, resourceArn);
      return { allowed: decision.decision === 'Allow', reason: explain(decision) };
    },
    resourcePolicyAllows(policy, principal, action, resourceArn) {
      if (policy === undefined || policy === '') {
        return { allowed: false, reason: `${resourceArn} has no resource policy (or does not exist)` };
      }
      let document: ReturnType<typeof parsePolicy>;
      try {
        document = parsePolicy(policy, 'resource');
      } catch (error) {
        return {
          allowed: false,
          reason: `the resource policy of ${resourceArn} is invalid: ${(error as Error).message}`,
        };
      }
      const context: Record<string, string | undefined> = {};
      if (principal.type === 'service') {
        context['aws:SourceArn'] = principal.sourceArn;
        context['aws:SourceAccount'] =
          principal.sourceAccount ?? /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(principal.sourceArn)?.[1];
        context['aws:PrincipalServiceName'] = principal.service;
      } else {
        const caller = evalPrincipal(principal);
        context['aws:PrincipalArn'] = principal.arn;
        context['aws:PrincipalAccount'] = caller.type === 'aws' ? caller.accountId : undefined;
      }
      const decision = evaluatePolicies(
        [{ name: 'resource policy', document }],
        { action, resource: resourceArn, principal: evalPrincipal(principal), context },
        true,
      );
      return { allowed: decision.decision === 'Allow', reason: explain(decision) };
    },
  };
  cloud.delivery.setAuthorizer(authorizer);

  cloud.ports.provide('roles', {
    get(roleArn) {
      const role = model.roleByArn(roleArn);
      return role ? { arn: role.arn, name: role.name, roleId: role.roleId } : undefined;
    },
    trusts(roleArn, servicePrincipal) {
      return model.trusts(roleArn, { type: 'service', service: servicePrincipal });
    },
  });

  return model;
}
