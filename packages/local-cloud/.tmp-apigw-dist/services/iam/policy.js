"use strict";
/**
 * The IAM policy language: parsing with AWS's validation messages, and evaluation of identity,
 * resource and trust policies. Pure functions, no service state (unit-tested on their own).
 *
 * Evaluation follows the AWS policy evaluation logic for one account: an explicit Deny in any
 * applicable statement wins; otherwise any Allow grants; otherwise the request is implicitly denied.
 * Supported: Effect, Action/NotAction and Resource/NotResource with `*` and `?` wildcards (actions
 * case-insensitive, resources case-sensitive), Principal/NotPrincipal (`*`, AWS, Service), and the
 * condition operators below (with `IfExists`, `ForAnyValue:`/`ForAllValues:`). A condition operator we do
 * not implement never grants: an Allow statement using one does not apply and a Deny statement using
 * one does apply (fail closed); the decision's `notes` say so.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.PolicyError = void 0;
exports.parsePolicy = parsePolicy;
exports.policySize = policySize;
exports.globMatch = globMatch;
exports.arnMatch = arnMatch;
exports.evaluatePolicies = evaluatePolicies;
exports.explain = explain;
/** MalformedPolicyDocument: the message is AWS's. */
class PolicyError extends Error {
}
exports.PolicyError = PolicyError;
const KNOWN_STATEMENT_KEYS = new Set([
    'Sid',
    'Effect',
    'Action',
    'NotAction',
    'Resource',
    'NotResource',
    'Principal',
    'NotPrincipal',
    'Condition',
]);
function stringList(value, field) {
    if (typeof value === 'string')
        return [value];
    if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string'))
        return value;
    throw new PolicyError(`Syntax errors in policy. ${field} must be a string or a non-empty list of strings.`);
}
function conditionValues(value) {
    const list = Array.isArray(value) ? value : [value];
    return list.map((v) => {
        if (typeof v === 'string')
            return v;
        if (typeof v === 'number' || typeof v === 'boolean')
            return String(v);
        throw new PolicyError('Syntax errors in policy. Condition values must be strings, numbers or booleans.');
    });
}
function parsePrincipal(value, field) {
    if (value === '*')
        return '*';
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new PolicyError(`Invalid principal in policy: ${JSON.stringify(value)}`);
    }
    const out = {};
    for (const [key, item] of Object.entries(value)) {
        if (!['AWS', 'Service', 'Federated', 'CanonicalUser'].includes(key)) {
            throw new PolicyError(`Invalid principal in policy: "${key}":${JSON.stringify(item)}`);
        }
        out[key] = stringList(item, `${field}.${key}`);
    }
    if (Object.keys(out).length === 0)
        throw new PolicyError(`Invalid principal in policy: ${field} is empty`);
    return out;
}
/**
 * Parses and validates a policy document. Messages are AWS's MalformedPolicyDocument messages
 * (reference/aws-wire-and-event-shapes.md §1.2 lists the code).
 */
function parsePolicy(text, kind) {
    let raw;
    try {
        raw = JSON.parse(text);
    }
    catch {
        throw new PolicyError('This policy contains invalid Json');
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        throw new PolicyError('This policy contains invalid Json');
    }
    const doc = raw;
    for (const key of Object.keys(doc)) {
        if (!['Version', 'Id', 'Statement'].includes(key)) {
            throw new PolicyError(`Syntax errors in policy. Unknown field ${key}.`);
        }
    }
    if (doc.Version !== undefined && doc.Version !== '2012-10-17' && doc.Version !== '2008-10-17') {
        throw new PolicyError('The policy failed legacy parsing');
    }
    if (doc.Id !== undefined && typeof doc.Id !== 'string')
        throw new PolicyError('Syntax errors in policy.');
    if (doc.Statement === undefined)
        throw new PolicyError('Syntax errors in policy.');
    const rawStatements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
    if (rawStatements.length === 0)
        throw new PolicyError('Syntax errors in policy.');
    const statements = rawStatements.map((item) => {
        if (typeof item !== 'object' || item === null || Array.isArray(item)) {
            throw new PolicyError('Syntax errors in policy.');
        }
        const s = item;
        for (const key of Object.keys(s)) {
            if (!KNOWN_STATEMENT_KEYS.has(key))
                throw new PolicyError(`Syntax errors in policy. Unknown field ${key}.`);
        }
        if (s.Effect !== 'Allow' && s.Effect !== 'Deny')
            throw new PolicyError('Syntax errors in policy.');
        if ((s.Action === undefined) === (s.NotAction === undefined)) {
            throw new PolicyError('Syntax errors in policy.');
        }
        if (s.Resource !== undefined && s.NotResource !== undefined)
            throw new PolicyError('Syntax errors in policy.');
        if (s.Principal !== undefined && s.NotPrincipal !== undefined)
            throw new PolicyError('Syntax errors in policy.');
        if (s.Sid !== undefined && typeof s.Sid !== 'string')
            throw new PolicyError('Syntax errors in policy.');
        const statement = { Effect: s.Effect };
        if (typeof s.Sid === 'string')
            statement.Sid = s.Sid;
        if (s.Action !== undefined)
            statement.Action = stringList(s.Action, 'Action');
        if (s.NotAction !== undefined)
            statement.NotAction = stringList(s.NotAction, 'NotAction');
        for (const action of [...(statement.Action ?? []), ...(statement.NotAction ?? [])]) {
            if (action !== '*' && !/^[A-Za-z0-9*?-]+:[A-Za-z0-9*?]*$/.test(action)) {
                throw new PolicyError(`Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. (invalid action: ${action})`);
            }
        }
        if (s.Resource !== undefined)
            statement.Resource = stringList(s.Resource, 'Resource');
        if (s.NotResource !== undefined)
            statement.NotResource = stringList(s.NotResource, 'NotResource');
        for (const resource of [...(statement.Resource ?? []), ...(statement.NotResource ?? [])]) {
            if (resource !== '*' && !resource.startsWith('arn:')) {
                throw new PolicyError(`Resource ${resource} must be in ARN format or "*".`);
            }
        }
        if (s.Principal !== undefined)
            statement.Principal = parsePrincipal(s.Principal, 'Principal');
        if (s.NotPrincipal !== undefined)
            statement.NotPrincipal = parsePrincipal(s.NotPrincipal, 'NotPrincipal');
        if (s.Condition !== undefined) {
            if (typeof s.Condition !== 'object' || s.Condition === null || Array.isArray(s.Condition)) {
                throw new PolicyError('Syntax errors in policy.');
            }
            const condition = {};
            for (const [operator, block] of Object.entries(s.Condition)) {
                if (typeof block !== 'object' || block === null || Array.isArray(block)) {
                    throw new PolicyError('Syntax errors in policy.');
                }
                const keys = {};
                for (const [key, value] of Object.entries(block)) {
                    keys[key] = conditionValues(value);
                }
                condition[operator] = keys;
            }
            statement.Condition = condition;
        }
        if (kind === 'identity') {
            if (statement.Principal || statement.NotPrincipal) {
                throw new PolicyError('Policy document should not specify a principal.');
            }
            if (!statement.Resource && !statement.NotResource) {
                throw new PolicyError('Policy statement must contain resources.');
            }
        }
        else if (kind === 'trust') {
            if (!statement.Principal && !statement.NotPrincipal) {
                throw new PolicyError('Missing required field Principal');
            }
            if (statement.Resource || statement.NotResource)
                throw new PolicyError('Has prohibited field Resource');
        }
        else if (!statement.Principal && !statement.NotPrincipal) {
            throw new PolicyError('Missing required field Principal');
        }
        return statement;
    });
    const out = { Statement: statements };
    if (typeof doc.Version === 'string')
        out.Version = doc.Version;
    if (typeof doc.Id === 'string')
        out.Id = doc.Id;
    return out;
}
/** Size as IAM counts it for quotas: characters, whitespace excluded. */
function policySize(text) {
    return text.replace(/\s/g, '').length;
}
const globCache = new Map();
function globRegex(pattern, caseInsensitive) {
    const key = `${caseInsensitive ? 'i' : 's'}${pattern}`;
    let regex = globCache.get(key);
    if (!regex) {
        const source = pattern
            .split('')
            .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
            .join('');
        regex = new RegExp(`^${source}$`, caseInsensitive ? 'is' : 's');
        if (globCache.size > 10_000)
            globCache.clear();
        globCache.set(key, regex);
    }
    return regex;
}
/** `*` matches any run of characters, `?` any single character. */
function globMatch(pattern, value, caseInsensitive = false) {
    if (pattern === '*')
        return true;
    if (!pattern.includes('*') && !pattern.includes('?')) {
        return caseInsensitive ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
    }
    return globRegex(pattern, caseInsensitive).test(value);
}
/** ArnLike/ArnEquals: the six ARN components are matched one by one, wildcards never cross a `:` boundary
 * except in the resource part (which may itself contain colons). */
function arnMatch(pattern, value) {
    if (pattern === '*')
        return true;
    const p = splitArn(pattern);
    const v = splitArn(value);
    if (!p || !v)
        return false;
    for (let i = 0; i < 6; i++) {
        if (!globMatch(p[i], v[i]))
            return false;
    }
    return true;
}
function splitArn(value) {
    const parts = value.split(':');
    if (parts.length < 6)
        return undefined;
    return [...parts.slice(0, 5), parts.slice(5).join(':')];
}
function actionMatches(patterns, action) {
    return patterns.some((p) => globMatch(p, action, true));
}
function resourceMatches(patterns, resource) {
    return patterns.some((p) => globMatch(p, resource, false));
}
function principalMatches(block, principal) {
    if (!principal)
        return false;
    if (block === '*')
        return true;
    if (principal.type === 'service') {
        if (block.AWS?.includes('*'))
            return true;
        return (block.Service ?? []).some((s) => s === principal.service);
    }
    for (const entry of block.AWS ?? []) {
        if (entry === '*')
            return true;
        if (entry === principal.accountId || entry === `arn:aws:iam::${principal.accountId}:root`)
            return true;
        if (entry === principal.arn)
            return true;
        // An assumed-role session acts as its role.
        const session = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(principal.arn);
        if (session && new RegExp(`^arn:aws:iam::${session[1]}:role/(.*/)?${session[2]}$`).test(entry))
            return true;
    }
    return false;
}
const NEGATED = new Set([
    'StringNotEquals',
    'StringNotEqualsIgnoreCase',
    'StringNotLike',
    'ArnNotEquals',
    'ArnNotLike',
    'NumericNotEquals',
]);
function compareOne(operator, policyValue, value) {
    switch (operator) {
        case 'StringEquals':
        case 'StringNotEquals':
            return policyValue === value;
        case 'StringEqualsIgnoreCase':
        case 'StringNotEqualsIgnoreCase':
            return policyValue.toLowerCase() === value.toLowerCase();
        case 'StringLike':
        case 'StringNotLike':
            return globMatch(policyValue, value);
        // AWS documents ArnEquals and ArnLike as behaving the same (both accept wildcards).
        case 'ArnEquals':
        case 'ArnLike':
        case 'ArnNotEquals':
        case 'ArnNotLike':
            return arnMatch(policyValue, value);
        case 'Bool':
            return policyValue.toLowerCase() === value.toLowerCase();
        case 'NumericEquals':
        case 'NumericNotEquals':
            return Number(value) === Number(policyValue);
        case 'NumericLessThan':
            return Number(value) < Number(policyValue);
        case 'NumericLessThanEquals':
            return Number(value) <= Number(policyValue);
        case 'NumericGreaterThan':
            return Number(value) > Number(policyValue);
        case 'NumericGreaterThanEquals':
            return Number(value) >= Number(policyValue);
        default:
            return undefined;
    }
}
function lookup(context, key) {
    const lower = key.toLowerCase();
    for (const [name, value] of Object.entries(context)) {
        if (name.toLowerCase() === lower && value !== undefined)
            return Array.isArray(value) ? value : [value];
    }
    return undefined;
}
function evaluateCondition(condition, context, notes) {
    for (const [rawOperator, keys] of Object.entries(condition)) {
        let operator = rawOperator;
        let setMode;
        if (operator.startsWith('ForAnyValue:')) {
            setMode = 'any';
            operator = operator.slice('ForAnyValue:'.length);
        }
        else if (operator.startsWith('ForAllValues:')) {
            setMode = 'all';
            operator = operator.slice('ForAllValues:'.length);
        }
        let ifExists = false;
        if (operator.endsWith('IfExists')) {
            ifExists = true;
            operator = operator.slice(0, -'IfExists'.length);
        }
        for (const [key, policyValues] of Object.entries(keys)) {
            const values = lookup(context, key);
            if (operator === 'Null') {
                const wantsAbsent = policyValues.some((v) => v.toLowerCase() === 'true');
                if ((values === undefined) !== wantsAbsent)
                    return 'nomatch';
                continue;
            }
            if (compareOne(operator, '', '') === undefined) {
                notes.push(`condition operator ${rawOperator} is not supported by local cloud`);
                return 'unsupported';
            }
            const negated = NEGATED.has(operator);
            if (values === undefined) {
                // A missing key: IfExists and negated operators are satisfied, ForAllValues is vacuously true.
                if (ifExists || negated || setMode === 'all')
                    continue;
                return 'nomatch';
            }
            const valueMatches = (value) => policyValues.some((p) => compareOne(operator, p, value) === true);
            let ok;
            if (setMode === 'all')
                ok = values.every((v) => (negated ? !valueMatches(v) : valueMatches(v)));
            else if (negated)
                ok = setMode === 'any' ? values.some((v) => !valueMatches(v)) : !values.some(valueMatches);
            else
                ok = values.some(valueMatches);
            if (!ok)
                return 'nomatch';
        }
    }
    return 'match';
}
/** Whether one statement applies to the request: 'match', 'nomatch', or 'unsupported' (see file comment). */
function statementApplies(statement, request, checkPrincipal, notes) {
    if (statement.Action && !actionMatches(statement.Action, request.action))
        return 'nomatch';
    if (statement.NotAction && actionMatches(statement.NotAction, request.action))
        return 'nomatch';
    if (statement.Resource && !resourceMatches(statement.Resource, request.resource))
        return 'nomatch';
    if (statement.NotResource && resourceMatches(statement.NotResource, request.resource))
        return 'nomatch';
    if (checkPrincipal) {
        if (statement.Principal && !principalMatches(statement.Principal, request.principal))
            return 'nomatch';
        if (statement.NotPrincipal && principalMatches(statement.NotPrincipal, request.principal))
            return 'nomatch';
    }
    if (statement.Condition)
        return evaluateCondition(statement.Condition, request.context ?? {}, notes);
    return 'match';
}
/**
 * Evaluates a set of policies of one kind together (e.g. a role's inline and attached policies).
 * `checkPrincipal` is for resource and trust policies.
 */
function evaluatePolicies(policies, request, checkPrincipal = false) {
    const notes = [];
    let allow;
    for (const policy of policies) {
        for (const [index, statement] of policy.document.Statement.entries()) {
            const label = `${policy.name} statement ${statement.Sid ?? index + 1}`;
            const applies = statementApplies(statement, request, checkPrincipal, notes);
            if (statement.Effect === 'Deny') {
                // Fail closed: a Deny whose condition we cannot evaluate is taken to apply.
                if (applies !== 'nomatch')
                    return { decision: 'ExplicitDeny', matched: label, notes };
            }
            else if (applies === 'match' && allow === undefined) {
                allow = label;
            }
        }
    }
    return allow ? { decision: 'Allow', matched: allow, notes } : { decision: 'ImplicitDeny', notes };
}
/** A one-line reason for traces and AccessDenied messages. */
function explain(decision) {
    const notes = decision.notes.length > 0 ? `; ${[...new Set(decision.notes)].join('; ')}` : '';
    switch (decision.decision) {
        case 'Allow':
            return `allowed by ${decision.matched}${notes}`;
        case 'ExplicitDeny':
            return `explicitly denied by ${decision.matched}${notes}`;
        default:
            return `no policy statement allows it${notes}`;
    }
}
