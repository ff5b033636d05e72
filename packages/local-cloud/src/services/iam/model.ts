import { randomBytes } from 'node:crypto';
import type { Store } from '../../core/store';
import { AWS_MANAGED_POLICIES, awsManagedPolicyArn } from './managed-policies';
import {
  type Decision,
  type EvalPrincipal,
  evaluatePolicies,
  type NamedPolicy,
  type PolicyDocument,
  parsePolicy,
} from './policy';

/**
 * IAM state: roles (trust policy, inline and attached policies, tags, permissions boundary) and
 * customer managed policies with versions. AWS managed policies are data (managed-policies.ts).
 * Every change goes through `store.commit('iam', record)`; ids and dates are chosen before the commit.
 */

export interface Tag {
  Key: string;
  Value: string;
}

export interface Role {
  name: string;
  path: string;
  roleId: string;
  arn: string;
  createDate: string;
  assumeRolePolicy: string;
  description?: string;
  maxSessionDuration: number;
  tags: Tag[];
  /** Inline policies by name, in the order they were first put. */
  inline: Record<string, string>;
  /** Attached managed policy ARNs, in attachment order. */
  attached: string[];
  permissionsBoundary?: string;
}

export interface PolicyVersion {
  versionId: string;
  document: string;
  createDate: string;
}

export interface ManagedPolicy {
  name: string;
  path: string;
  policyId: string;
  arn: string;
  description?: string;
  createDate: string;
  updateDate: string;
  defaultVersionId: string;
  versions: PolicyVersion[];
  /** Next version number (AWS never reuses a version id). */
  nextVersion: number;
  tags: Tag[];
  awsManaged: boolean;
}

export type IamRecord =
  | { t: 'createRole'; role: Role }
  | { t: 'deleteRole'; name: string }
  | { t: 'updateRole'; name: string; description?: string; maxSessionDuration?: number }
  | { t: 'assumeRolePolicy'; name: string; document: string }
  | { t: 'tagRole'; name: string; tags: Tag[] }
  | { t: 'untagRole'; name: string; keys: string[] }
  | { t: 'putRolePolicy'; name: string; policyName: string; document: string }
  | { t: 'deleteRolePolicy'; name: string; policyName: string }
  | { t: 'attach'; name: string; policyArn: string }
  | { t: 'detach'; name: string; policyArn: string }
  | { t: 'boundary'; name: string; policyArn?: string }
  | { t: 'createPolicy'; policy: ManagedPolicy }
  | { t: 'deletePolicy'; arn: string }
  | { t: 'createPolicyVersion'; arn: string; version: PolicyVersion; setDefault: boolean }
  | { t: 'deletePolicyVersion'; arn: string; versionId: string }
  | { t: 'defaultPolicyVersion'; arn: string; versionId: string; updateDate: string }
  | { t: 'tagPolicy'; arn: string; tags: Tag[] }
  | { t: 'untagPolicy'; arn: string; keys: string[] };

interface Snapshot {
  roles: Role[];
  policies: ManagedPolicy[];
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** AWS unique ids: a 4-letter prefix (AROA role, ANPA policy, AIDA user) and 17 base32 characters. */
export function uniqueId(prefix: string): string {
  let out = prefix;
  for (const byte of randomBytes(17)) out += ID_ALPHABET[byte % 32];
  return out;
}

export const isoNow = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

export function mergeTags(existing: Tag[], added: Tag[]): Tag[] {
  const out = existing.map((tag) => ({ ...tag }));
  for (const tag of added) {
    const found = out.find((t) => t.Key === tag.Key);
    if (found) found.Value = tag.Value;
    else out.push({ Key: tag.Key, Value: tag.Value });
  }
  return out;
}

export class IamModel {
  /** Roles by lowercased name (IAM names are unique regardless of case). */
  readonly roles = new Map<string, Role>();
  /** Customer managed and AWS managed policies by ARN. */
  readonly policies = new Map<string, ManagedPolicy>();
  private readonly parsedCache = new Map<string, PolicyDocument | null>();

  constructor(
    readonly accountId: string,
    private readonly store: Store,
  ) {
    this.loadAwsManaged();
    store.register<IamRecord>('iam', {
      apply: (record) => this.apply(record),
      snapshot: (): Snapshot => ({
        roles: [...this.roles.values()],
        policies: [...this.policies.values()].filter((p) => !p.awsManaged),
      }),
      restore: (state) => {
        const snapshot = state as Snapshot;
        this.roles.clear();
        this.policies.clear();
        this.loadAwsManaged();
        for (const role of snapshot.roles) this.roles.set(role.name.toLowerCase(), role);
        for (const policy of snapshot.policies) this.policies.set(policy.arn, policy);
      },
    });
  }

  private loadAwsManaged(): void {
    for (const policy of AWS_MANAGED_POLICIES) {
      const arn = awsManagedPolicyArn(policy);
      this.policies.set(arn, {
        name: policy.name,
        path: policy.path,
        policyId: policy.policyId,
        arn,
        description: policy.description,
        createDate: policy.createDate,
        updateDate: policy.updateDate,
        defaultVersionId: policy.defaultVersionId,
        versions: [
          { versionId: policy.defaultVersionId, document: policy.document, createDate: policy.updateDate },
        ],
        nextVersion: Number(policy.defaultVersionId.slice(1)) + 1,
        tags: [],
        awsManaged: true,
      });
    }
  }

  commit(record: IamRecord): void {
    this.store.commit('iam', record);
  }

  roleArn(path: string, name: string): string {
    return `arn:aws:iam::${this.accountId}:role${path}${name}`;
  }

  policyArn(path: string, name: string): string {
    return `arn:aws:iam::${this.accountId}:policy${path}${name}`;
  }

  getRole(name: string): Role | undefined {
    return this.roles.get(name.toLowerCase());
  }

  /** The role an ARN names (`arn:aws:iam::<account>:role/<path><name>`), if that exact ARN exists. */
  roleByArn(arn: string): Role | undefined {
    const match = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
    if (!match || match[1] !== this.accountId) return undefined;
    const role = this.getRole(match[2] as string);
    return role && role.arn === arn ? role : undefined;
  }

  defaultDocument(policy: ManagedPolicy): string {
    const version = policy.versions.find((v) => v.versionId === policy.defaultVersionId);
    return version?.document ?? '{"Statement":[]}';
  }

  attachmentCount(policyArn: string): number {
    let count = 0;
    for (const role of this.roles.values()) if (role.attached.includes(policyArn)) count++;
    return count;
  }

  boundaryUsageCount(policyArn: string): number {
    let count = 0;
    for (const role of this.roles.values()) if (role.permissionsBoundary === policyArn) count++;
    return count;
  }

  private parsed(text: string, kind: 'identity' | 'trust'): PolicyDocument | undefined {
    const key = `${kind}\u0000${text}`;
    let doc = this.parsedCache.get(key);
    if (doc === undefined) {
      try {
        doc = parsePolicy(text, kind);
      } catch {
        doc = null;
      }
      if (this.parsedCache.size > 5_000) this.parsedCache.clear();
      this.parsedCache.set(key, doc);
    }
    return doc ?? undefined;
  }

  /** The identity policies of a role: inline policies, then attached managed policies (default versions). */
  identityPolicies(role: Role): NamedPolicy[] {
    const out: NamedPolicy[] = [];
    for (const [name, text] of Object.entries(role.inline)) {
      const document = this.parsed(text, 'identity');
      if (document) out.push({ name: `inline policy ${name}`, document });
    }
    for (const arn of role.attached) {
      const policy = this.policies.get(arn);
      const document = policy ? this.parsed(this.defaultDocument(policy), 'identity') : undefined;
      if (document) out.push({ name: arn, document });
    }
    return out;
  }

  /** Whether a role's identity policies (and permissions boundary, if any) allow an action on a resource. */
  roleAllows(roleArn: string, action: string, resource: string): Decision & { reason?: string } {
    const role = this.roleByArn(roleArn);
    if (!role) return { decision: 'ImplicitDeny', notes: [`role ${roleArn} does not exist`] };
    const context = {
      'aws:PrincipalArn': role.arn,
      'aws:PrincipalAccount': this.accountId,
      'aws:PrincipalType': 'AssumedRole',
    };
    const identity = evaluatePolicies(this.identityPolicies(role), { action, resource, context });
    if (identity.decision !== 'Allow' || !role.permissionsBoundary) return identity;
    const boundary = this.policies.get(role.permissionsBoundary);
    const document = boundary ? this.parsed(this.defaultDocument(boundary), 'identity') : undefined;
    const limit = evaluatePolicies(
      document ? [{ name: `permissions boundary ${boundary?.arn}`, document }] : [],
      {
        action,
        resource,
        context,
      },
    );
    if (limit.decision === 'Allow') return identity;
    return {
      decision: limit.decision,
      ...(limit.matched ? { matched: limit.matched } : {}),
      notes: [...limit.notes, `the permissions boundary ${role.permissionsBoundary} does not allow it`],
    };
  }

  /** Whether the role's trust policy lets a principal assume it (sts:AssumeRole). */
  trusts(roleArn: string, principal: EvalPrincipal): boolean {
    const role = this.roleByArn(roleArn);
    if (!role) return false;
    const document = this.parsed(role.assumeRolePolicy, 'trust');
    if (!document) return false;
    const decision = evaluatePolicies(
      [{ name: 'trust policy', document }],
      { action: 'sts:AssumeRole', resource: role.arn, principal },
      true,
    );
    return decision.decision === 'Allow';
  }

  apply(record: IamRecord): void {
    switch (record.t) {
      case 'createRole':
        this.roles.set(record.role.name.toLowerCase(), structuredClone(record.role));
        return;
      case 'deleteRole':
        this.roles.delete(record.name.toLowerCase());
        return;
      case 'updateRole': {
        const role = this.getRole(record.name);
        if (!role) return;
        if (record.description !== undefined) role.description = record.description;
        if (record.maxSessionDuration !== undefined) role.maxSessionDuration = record.maxSessionDuration;
        return;
      }
      case 'assumeRolePolicy': {
        const role = this.getRole(record.name);
        if (role) role.assumeRolePolicy = record.document;
        return;
      }
      case 'tagRole': {
        const role = this.getRole(record.name);
        if (role) role.tags = mergeTags(role.tags, record.tags);
        return;
      }
      case 'untagRole': {
        const role = this.getRole(record.name);
        if (role) role.tags = role.tags.filter((t) => !record.keys.includes(t.Key));
        return;
      }
      case 'putRolePolicy': {
        const role = this.getRole(record.name);
        if (role) role.inline[record.policyName] = record.document;
        return;
      }
      case 'deleteRolePolicy': {
        const role = this.getRole(record.name);
        if (role) delete role.inline[record.policyName];
        return;
      }
      case 'attach': {
        const role = this.getRole(record.name);
        if (role && !role.attached.includes(record.policyArn)) role.attached.push(record.policyArn);
        return;
      }
      case 'detach': {
        const role = this.getRole(record.name);
        if (role) role.attached = role.attached.filter((arn) => arn !== record.policyArn);
        return;
      }
      case 'boundary': {
        const role = this.getRole(record.name);
        if (!role) return;
        if (record.policyArn) role.permissionsBoundary = record.policyArn;
        else delete role.permissionsBoundary;
        return;
      }
      case 'createPolicy':
        this.policies.set(record.policy.arn, structuredClone(record.policy));
        return;
      case 'deletePolicy':
        this.policies.delete(record.arn);
        return;
      case 'createPolicyVersion': {
        const policy = this.policies.get(record.arn);
        if (!policy) return;
        policy.versions.push({ ...record.version });
        policy.nextVersion = Math.max(policy.nextVersion, Number(record.version.versionId.slice(1)) + 1);
        if (record.setDefault) {
          policy.defaultVersionId = record.version.versionId;
          policy.updateDate = record.version.createDate;
        }
        return;
      }
      case 'deletePolicyVersion': {
        const policy = this.policies.get(record.arn);
        if (policy) policy.versions = policy.versions.filter((v) => v.versionId !== record.versionId);
        return;
      }
      case 'defaultPolicyVersion': {
        const policy = this.policies.get(record.arn);
        if (!policy) return;
        policy.defaultVersionId = record.versionId;
        policy.updateDate = record.updateDate;
        return;
      }
      case 'tagPolicy': {
        const policy = this.policies.get(record.arn);
        if (policy) policy.tags = mergeTags(policy.tags, record.tags);
        return;
      }
      case 'untagPolicy': {
        const policy = this.policies.get(record.arn);
        if (policy) policy.tags = policy.tags.filter((t) => !record.keys.includes(t.Key));
        return;
      }
    }
  }
}
