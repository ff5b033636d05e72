"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.IamModel = exports.isoNow = void 0;
exports.uniqueId = uniqueId;
exports.mergeTags = mergeTags;
const node_crypto_1 = require("node:crypto");
const managed_policies_1 = require("./managed-policies");
const policy_1 = require("./policy");
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** AWS unique ids: a 4-letter prefix (AROA role, ANPA policy, AIDA user) and 17 base32 characters. */
function uniqueId(prefix) {
    let out = prefix;
    for (const byte of (0, node_crypto_1.randomBytes)(17))
        out += ID_ALPHABET[byte % 32];
    return out;
}
const isoNow = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
exports.isoNow = isoNow;
function mergeTags(existing, added) {
    const out = existing.map((tag) => ({ ...tag }));
    for (const tag of added) {
        const found = out.find((t) => t.Key === tag.Key);
        if (found)
            found.Value = tag.Value;
        else
            out.push({ Key: tag.Key, Value: tag.Value });
    }
    return out;
}
class IamModel {
    accountId;
    store;
    /** Roles by lowercased name (IAM names are unique regardless of case). */
    roles = new Map();
    /** Customer managed and AWS managed policies by ARN. */
    policies = new Map();
    parsedCache = new Map();
    constructor(accountId, store) {
        this.accountId = accountId;
        this.store = store;
        this.loadAwsManaged();
        store.register('iam', {
            apply: (record) => this.apply(record),
            snapshot: () => ({
                roles: [...this.roles.values()],
                policies: [...this.policies.values()].filter((p) => !p.awsManaged),
            }),
            restore: (state) => {
                const snapshot = state;
                this.roles.clear();
                this.policies.clear();
                this.loadAwsManaged();
                for (const role of snapshot.roles)
                    this.roles.set(role.name.toLowerCase(), role);
                for (const policy of snapshot.policies)
                    this.policies.set(policy.arn, policy);
            },
        });
    }
    loadAwsManaged() {
        for (const policy of managed_policies_1.AWS_MANAGED_POLICIES) {
            const arn = (0, managed_policies_1.awsManagedPolicyArn)(policy);
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
    commit(record) {
        this.store.commit('iam', record);
    }
    roleArn(path, name) {
        return `arn:aws:iam::${this.accountId}:role${path}${name}`;
    }
    policyArn(path, name) {
        return `arn:aws:iam::${this.accountId}:policy${path}${name}`;
    }
    getRole(name) {
        return this.roles.get(name.toLowerCase());
    }
    /** The role an ARN names (`arn:aws:iam::<account>:role/<path><name>`), if that exact ARN exists. */
    roleByArn(arn) {
        const match = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
        if (!match || match[1] !== this.accountId)
            return undefined;
        const role = this.getRole(match[2]);
        return role && role.arn === arn ? role : undefined;
    }
    defaultDocument(policy) {
        const version = policy.versions.find((v) => v.versionId === policy.defaultVersionId);
        return version?.document ?? '{"Statement":[]}';
    }
    attachmentCount(policyArn) {
        let count = 0;
        for (const role of this.roles.values())
            if (role.attached.includes(policyArn))
                count++;
        return count;
    }
    boundaryUsageCount(policyArn) {
        let count = 0;
        for (const role of this.roles.values())
            if (role.permissionsBoundary === policyArn)
                count++;
        return count;
    }
    parsed(text, kind) {
        const key = `${kind}\u0000${text}`;
        let doc = this.parsedCache.get(key);
        if (doc === undefined) {
            try {
                doc = (0, policy_1.parsePolicy)(text, kind);
            }
            catch {
                doc = null;
            }
            if (this.parsedCache.size > 5_000)
                this.parsedCache.clear();
            this.parsedCache.set(key, doc);
        }
        return doc ?? undefined;
    }
    /** The identity policies of a role: inline policies, then attached managed policies (default versions). */
    identityPolicies(role) {
        const out = [];
        for (const [name, text] of Object.entries(role.inline)) {
            const document = this.parsed(text, 'identity');
            if (document)
                out.push({ name: `inline policy ${name}`, document });
        }
        for (const arn of role.attached) {
            const policy = this.policies.get(arn);
            const document = policy ? this.parsed(this.defaultDocument(policy), 'identity') : undefined;
            if (document)
                out.push({ name: arn, document });
        }
        return out;
    }
    /** Whether a role's identity policies (and permissions boundary, if any) allow an action on a resource. */
    roleAllows(roleArn, action, resource) {
        const role = this.roleByArn(roleArn);
        if (!role)
            return { decision: 'ImplicitDeny', notes: [`role ${roleArn} does not exist`] };
        const context = {
            'aws:PrincipalArn': role.arn,
            'aws:PrincipalAccount': this.accountId,
            'aws:PrincipalType': 'AssumedRole',
        };
        const identity = (0, policy_1.evaluatePolicies)(this.identityPolicies(role), { action, resource, context });
        if (identity.decision !== 'Allow' || !role.permissionsBoundary)
            return identity;
        const boundary = this.policies.get(role.permissionsBoundary);
        const document = boundary ? this.parsed(this.defaultDocument(boundary), 'identity') : undefined;
        const limit = (0, policy_1.evaluatePolicies)(document ? [{ name: `permissions boundary ${boundary?.arn}`, document }] : [], {
            action,
            resource,
            context,
        });
        if (limit.decision === 'Allow')
            return identity;
        return {
            decision: limit.decision,
            ...(limit.matched ? { matched: limit.matched } : {}),
            notes: [...limit.notes, `the permissions boundary ${role.permissionsBoundary} does not allow it`],
        };
    }
    /** Whether the role's trust policy lets a principal assume it (sts:AssumeRole). */
    trusts(roleArn, principal) {
        const role = this.roleByArn(roleArn);
        if (!role)
            return false;
        const document = this.parsed(role.assumeRolePolicy, 'trust');
        if (!document)
            return false;
        const decision = (0, policy_1.evaluatePolicies)([{ name: 'trust policy', document }], { action: 'sts:AssumeRole', resource: role.arn, principal }, true);
        return decision.decision === 'Allow';
    }
    apply(record) {
        switch (record.t) {
            case 'createRole':
                this.roles.set(record.role.name.toLowerCase(), structuredClone(record.role));
                return;
            case 'deleteRole':
                this.roles.delete(record.name.toLowerCase());
                return;
            case 'updateRole': {
                const role = this.getRole(record.name);
                if (!role)
                    return;
                if (record.description !== undefined)
                    role.description = record.description;
                if (record.maxSessionDuration !== undefined)
                    role.maxSessionDuration = record.maxSessionDuration;
                return;
            }
            case 'assumeRolePolicy': {
                const role = this.getRole(record.name);
                if (role)
                    role.assumeRolePolicy = record.document;
                return;
            }
            case 'tagRole': {
                const role = this.getRole(record.name);
                if (role)
                    role.tags = mergeTags(role.tags, record.tags);
                return;
            }
            case 'untagRole': {
                const role = this.getRole(record.name);
                if (role)
                    role.tags = role.tags.filter((t) => !record.keys.includes(t.Key));
                return;
            }
            case 'putRolePolicy': {
                const role = this.getRole(record.name);
                if (role)
                    role.inline[record.policyName] = record.document;
                return;
            }
            case 'deleteRolePolicy': {
                const role = this.getRole(record.name);
                if (role)
                    delete role.inline[record.policyName];
                return;
            }
            case 'attach': {
                const role = this.getRole(record.name);
                if (role && !role.attached.includes(record.policyArn))
                    role.attached.push(record.policyArn);
                return;
            }
            case 'detach': {
                const role = this.getRole(record.name);
                if (role)
                    role.attached = role.attached.filter((arn) => arn !== record.policyArn);
                return;
            }
            case 'boundary': {
                const role = this.getRole(record.name);
                if (!role)
                    return;
                if (record.policyArn)
                    role.permissionsBoundary = record.policyArn;
                else
                    delete role.permissionsBoundary;
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
                if (!policy)
                    return;
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
                if (policy)
                    policy.versions = policy.versions.filter((v) => v.versionId !== record.versionId);
                return;
            }
            case 'defaultPolicyVersion': {
                const policy = this.policies.get(record.arn);
                if (!policy)
                    return;
                policy.defaultVersionId = record.versionId;
                policy.updateDate = record.updateDate;
                return;
            }
            case 'tagPolicy': {
                const policy = this.policies.get(record.arn);
                if (policy)
                    policy.tags = mergeTags(policy.tags, record.tags);
                return;
            }
            case 'untagPolicy': {
                const policy = this.policies.get(record.arn);
                if (policy)
                    policy.tags = policy.tags.filter((t) => !record.keys.includes(t.Key));
                return;
            }
        }
    }
}
exports.IamModel = IamModel;
