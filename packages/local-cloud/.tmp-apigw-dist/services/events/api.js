"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.eventTime = exports.PUT_EVENTS_MAX_BYTES = void 0;
exports.installEvents = installEvents;
const arn_1 = require("../../core/arn");
const errors_1 = require("../../core/errors");
const engine_1 = require("./engine");
Object.defineProperty(exports, "eventTime", { enumerable: true, get: function () { return engine_1.eventTime; } });
const model_1 = require("./model");
const pattern_1 = require("./pattern");
const transform_1 = require("./transform");
/**
 * EventBridge (awsJson1_1, `X-Amz-Target: AWSEvents.<Op>`, `__type` without namespace):
 * reference/aws-wire-and-event-shapes.md §1.1 and §5; Terraform's calls: reference/terraform-provider-calls.md.
 */
/** PutEvents request size limit. 256 KB in the model, 1 MB since 2026-01 (AWS Compute Blog) — UNCONFIRMED which; we take 1 MiB. */
exports.PUT_EVENTS_MAX_BYTES = 1_048_576;
const MAX_TARGETS_PER_RULE = 5;
const validation = (message) => new errors_1.AwsError('ValidationException', message, 400);
const constraint = (value, field, rule) => validation(`1 validation error detected: Value '${typeof value === 'string' ? value : JSON.stringify(value)}' at '${field}' failed to satisfy constraint: ${rule}`);
const notFoundBus = (name) => new errors_1.AwsError('ResourceNotFoundException', `Event bus ${name} does not exist.`, 400);
const notFoundRule = (name, bus) => new errors_1.AwsError('ResourceNotFoundException', `Rule ${name} does not exist on EventBus ${bus}.`, 400);
const epochSeconds = (ms) => ms / 1000;
function str(input, name, field, required = false) {
    const value = input[name];
    if (value === undefined || value === null) {
        if (required)
            throw constraint(null, field, 'Member must not be null');
        return undefined;
    }
    if (typeof value !== 'string')
        throw validation(`Parameter ${name} must be a string.`);
    return value;
}
function checkPattern(value, field, regex, max, patternText) {
    if (value.length < 1 || value.length > max) {
        throw constraint(value, field, `Member must have length less than or equal to ${max}`);
    }
    if (!regex.test(value))
        throw constraint(value, field, `Member must satisfy regular expression pattern: ${patternText}`);
}
const RULE_NAME = /^[.\-_A-Za-z0-9]+$/;
const BUS_NAME = /^[/.\-_A-Za-z0-9]+$/;
const TARGET_ID = /^[.\-_A-Za-z0-9]+$/;
function tagList(value, field) {
    if (value === undefined || value === null)
        return {};
    if (!Array.isArray(value))
        throw validation(`Parameter ${field} must be a list.`);
    const out = {};
    for (const item of value) {
        const tag = item;
        if (typeof tag?.Key !== 'string' || typeof tag?.Value !== 'string') {
            throw validation(`Each entry of ${field} needs a string Key and Value.`);
        }
        if (tag.Key.length < 1 || tag.Key.length > 128)
            throw constraint(tag.Key, `${field}.member.key`, 'Member must have length between 1 and 128');
        out[tag.Key] = tag.Value;
    }
    return out;
}
function page(items, input) {
    const limit = input.Limit === undefined ? 100 : Number(input.Limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
        throw constraint(input.Limit, 'limit', 'Member must have value between 1 and 100');
    }
    let start = 0;
    if (typeof input.NextToken === 'string' && input.NextToken !== '') {
        start = Number(Buffer.from(input.NextToken, 'base64url').toString('utf8'));
        if (!Number.isInteger(start) || start < 0)
            throw validation('The NextToken provided is invalid.');
    }
    const slice = items.slice(start, start + limit);
    const next = start + limit < items.length ? Buffer.from(String(start + limit)).toString('base64url') : undefined;
    return next ? { items: slice, nextToken: next } : { items: slice };
}
function installEvents(cloud) {
    const accountId = cloud.config.accountId;
    const model = new model_1.EventsModel(accountId);
    const engine = new engine_1.EventsEngine(cloud, model);
    cloud.store.register(engine_1.NAMESPACE, {
        apply: (record) => model.apply(record),
        snapshot: () => model.snapshot(),
        restore: (state) => model.restore(state),
    });
    cloud.addLifecycle({ start: () => engine.start(), stop: () => engine.stop() });
    // Lambda destinations and bus → bus targets reach a bus through the door (action events:PutEvents,
    // resource policy = the bus policy).
    cloud.delivery.registerTarget('events', {
        action: 'events:PutEvents',
        resourcePolicy: (arn) => {
            const name = arn.resource.startsWith('event-bus/')
                ? arn.resource.slice('event-bus/'.length)
                : undefined;
            return name ? model.getBus(arn.region, name)?.policy : undefined;
        },
        deliver: (arn, payload) => {
            if (!arn.resource.startsWith('event-bus/') || arn.accountId !== accountId) {
                throw new errors_1.AwsError('ResourceNotFoundException', `Event bus ${arn.resource} does not exist.`, 400);
            }
            return engine.deliverToBus(arn.region, arn.resource.slice('event-bus/'.length), payload);
        },
    });
    /** EventBusName may be a name or an ARN; absent means `default`. */
    const busRef = (input, ctx, field = 'EventBusName') => {
        const value = str(input, field, field);
        if (value === undefined || value === '')
            return { region: ctx.region, name: model_1.DEFAULT_BUS };
        if (value.startsWith('arn:')) {
            const arn = (0, arn_1.parseArn)(value);
            if (arn?.service !== 'events' || !arn.resource.startsWith('event-bus/')) {
                throw validation(`Parameter ${field} is not valid. Reason: ${value} is not a valid event bus ARN.`);
            }
            if (arn.accountId !== accountId)
                throw notFoundBus(arn.resource.slice('event-bus/'.length));
            return { region: arn.region, name: arn.resource.slice('event-bus/'.length) };
        }
        checkPattern(value, 'eventBusName', BUS_NAME, 256, '[/\\.\\-_A-Za-z0-9]+');
        return { region: ctx.region, name: value };
    };
    const requireBus = (region, name) => {
        const bus = model.getBus(region, name);
        if (!bus)
            throw notFoundBus(name);
        return bus;
    };
    const requireRule = (input, ctx, field = 'Name') => {
        const name = str(input, field, field.toLowerCase(), true);
        const ref = busRef(input, ctx);
        requireBus(ref.region, ref.name);
        const rule = model.getRule(ref.region, ref.name, name);
        if (!rule)
            throw notFoundRule(name, ref.name);
        return { region: ref.region, rule };
    };
    const describeBus = (bus) => ({
        Name: bus.name,
        Arn: bus.arn,
        ...(bus.description !== undefined ? { Description: bus.description } : {}),
        ...(bus.policy !== undefined ? { Policy: bus.policy } : {}),
        CreationTime: epochSeconds(bus.createdAt),
        LastModifiedTime: epochSeconds(bus.modifiedAt),
    });
    const describeRule = (rule) => ({
        Name: rule.name,
        Arn: rule.arn,
        ...(rule.eventPattern !== undefined ? { EventPattern: rule.eventPattern } : {}),
        ...(rule.scheduleExpression !== undefined ? { ScheduleExpression: rule.scheduleExpression } : {}),
        State: rule.state,
        ...(rule.description !== undefined ? { Description: rule.description } : {}),
        ...(rule.roleArn !== undefined ? { RoleArn: rule.roleArn } : {}),
        EventBusName: rule.bus,
    });
    /** A resource ARN for the tag operations: a bus or a rule. */
    const taggable = (arnText) => {
        const arn = (0, arn_1.parseArn)(arnText);
        if (arn?.service !== 'events')
            throw validation(`Parameter ResourceARN is not valid. Reason: ${arnText} is not a valid ARN.`);
        if (arn.accountId !== accountId)
            throw new errors_1.AwsError('ResourceNotFoundException', `Resource ${arnText} does not exist.`, 400);
        if (arn.resource.startsWith('event-bus/')) {
            const name = arn.resource.slice('event-bus/'.length);
            if (!model.getBus(arn.region, name))
                throw notFoundBus(name);
            return arnText;
        }
        if (arn.resource.startsWith('rule/')) {
            const parts = arn.resource.slice('rule/'.length).split('/');
            const [bus, name] = parts.length === 1 ? [model_1.DEFAULT_BUS, parts[0]] : [parts[0], parts[1]];
            if (!model.getRule(arn.region, bus, name))
                throw notFoundRule(name, bus);
            return arnText;
        }
        throw new errors_1.AwsError('ResourceNotFoundException', `Resource ${arnText} does not exist.`, 400);
    };
    const service = {
        protocol: 'json',
        signingName: 'events',
        targetPrefix: 'AWSEvents',
        jsonVersion: '1.1',
        errorTypePrefix: '',
        operations: {
            // --- buses ------------------------------------------------------------------------------------
            CreateEventBus: (input, ctx) => {
                const name = str(input, 'Name', 'name', true);
                checkPattern(name, 'name', BUS_NAME, 256, '[/\\.\\-_A-Za-z0-9]+');
                if (input.EventSourceName !== undefined) {
                    throw validation('local-cloud: partner event buses (EventSourceName) are not supported.');
                }
                if (input.KmsKeyIdentifier !== undefined) {
                    throw validation('local-cloud: customer-managed KMS encryption of event buses is not supported.');
                }
                if (input.DeadLetterConfig !== undefined) {
                    throw validation('local-cloud: event-bus-level DeadLetterConfig is not supported; set it on targets.');
                }
                if (name.includes('/')) {
                    throw validation(`Event bus name ${name} is not valid: only partner event buses may contain '/'.`);
                }
                if (model.getBus(ctx.region, name)) {
                    throw new errors_1.AwsError('ResourceAlreadyExistsException', `Event bus ${name} already exists.`, 400);
                }
                const description = str(input, 'Description', 'description');
                const tags = tagList(input.Tags, 'tags');
                const now = cloud.clock.now();
                const bus = { name, arn: model.busArn(ctx.region, name), createdAt: now, modifiedAt: now };
                if (description !== undefined)
                    bus.description = description;
                engine.commit({ t: 'bus.create', region: ctx.region, bus, tags });
                return { EventBusArn: bus.arn, ...(description !== undefined ? { Description: description } : {}) };
            },
            UpdateEventBus: (input, ctx) => {
                const ref = busRef({ EventBusName: input.Name }, ctx);
                const bus = requireBus(ref.region, ref.name);
                if (input.KmsKeyIdentifier !== undefined || input.DeadLetterConfig !== undefined) {
                    throw validation('local-cloud: KmsKeyIdentifier and bus-level DeadLetterConfig are not supported.');
                }
                const description = str(input, 'Description', 'description');
                const now = cloud.clock.now();
                const updated = { ...bus, modifiedAt: now };
                if (description !== undefined)
                    updated.description = description;
                engine.commit({ t: 'bus.create', region: ref.region, bus: updated });
                return {
                    Arn: bus.arn,
                    Name: bus.name,
                    ...(updated.description !== undefined ? { Description: updated.description } : {}),
                };
            },
            DescribeEventBus: (input, ctx) => {
                const ref = busRef({ EventBusName: input.Name }, ctx);
                return describeBus(requireBus(ref.region, ref.name));
            },
            DeleteEventBus: (input, ctx) => {
                const name = str(input, 'Name', 'name', true);
                if (name === model_1.DEFAULT_BUS)
                    throw validation('Cannot delete event bus default.');
                // DeleteEventBus declares no not-found error: deleting a missing bus succeeds.
                if (model.getBus(ctx.region, name))
                    engine.commit({ t: 'bus.delete', region: ctx.region, name });
                return {};
            },
            ListEventBuses: (input, ctx) => {
                const prefix = str(input, 'NamePrefix', 'namePrefix') ?? '';
                const buses = model.listBuses(ctx.region).filter((bus) => bus.name.startsWith(prefix));
                const { items, nextToken } = page(buses, input);
                return { EventBuses: items.map(describeBus), ...(nextToken ? { NextToken: nextToken } : {}) };
            },
            PutPermission: (input, ctx) => {
                const ref = busRef(input, ctx);
                const bus = requireBus(ref.region, ref.name);
                const now = cloud.clock.now();
                const policyText = str(input, 'Policy', 'policy');
                if (policyText !== undefined) {
                    try {
                        const parsed = JSON.parse(policyText);
                        if (typeof parsed !== 'object' || parsed === null)
                            throw new Error('not an object');
                    }
                    catch {
                        throw new errors_1.AwsError('MalformedPolicyDocumentException', 'The policy document is not valid JSON.', 400);
                    }
                    engine.commit({ t: 'bus.policy', region: ref.region, name: bus.name, policy: policyText, at: now });
                    return {};
                }
                const sid = str(input, 'StatementId', 'statementId', true);
                const principal = str(input, 'Principal', 'principal', true);
                const action = str(input, 'Action', 'action', true);
                if (action !== 'events:PutEvents')
                    throw validation(`Provided value in parameter 'action' is not supported.`);
                const current = bus.policy
                    ? JSON.parse(bus.policy)
                    : { Version: '2012-10-17', Statement: [] };
                const statements = (current.Statement ?? []).filter((s) => s.Sid !== sid);
                statements.push({
                    Sid: sid,
                    Effect: 'Allow',
                    Principal: principal === '*' ? '*' : { AWS: `arn:aws:iam::${principal}:root` },
                    Action: action,
                    Resource: bus.arn,
                    ...(input.Condition !== undefined ? { Condition: input.Condition } : {}),
                });
                const policy = JSON.stringify({ Version: '2012-10-17', ...current, Statement: statements });
                engine.commit({ t: 'bus.policy', region: ref.region, name: bus.name, policy, at: now });
                return {};
            },
            RemovePermission: (input, ctx) => {
                const ref = busRef(input, ctx);
                const bus = requireBus(ref.region, ref.name);
                const now = cloud.clock.now();
                if (input.RemoveAllPermissions === true) {
                    engine.commit({ t: 'bus.policy', region: ref.region, name: bus.name, at: now });
                    return {};
                }
                const sid = str(input, 'StatementId', 'statementId', true);
                const current = bus.policy
                    ? JSON.parse(bus.policy)
                    : undefined;
                const statements = current?.Statement ?? [];
                if (!statements.some((s) => s.Sid === sid)) {
                    throw new errors_1.AwsError('ResourceNotFoundException', 'Statement with the provided id does not exist.', 400);
                }
                const rest = statements.filter((s) => s.Sid !== sid);
                const record = { t: 'bus.policy', region: ref.region, name: bus.name, at: now };
                if (rest.length > 0)
                    record.policy = JSON.stringify({ ...current, Statement: rest });
                engine.commit(record);
                return {};
            },
            // --- rules ------------------------------------------------------------------------------------
            PutRule: (input, ctx) => {
                const name = str(input, 'Name', 'name', true);
                checkPattern(name, 'name', RULE_NAME, 64, '[\\.\\-_A-Za-z0-9]+');
                const ref = busRef(input, ctx);
                requireBus(ref.region, ref.name);
                const eventPattern = str(input, 'EventPattern', 'eventPattern');
                const scheduleExpression = str(input, 'ScheduleExpression', 'scheduleExpression');
                if (eventPattern === undefined && scheduleExpression === undefined) {
                    throw validation('Parameter(s) EventPattern or ScheduleExpression must be specified.');
                }
                if (eventPattern !== undefined) {
                    try {
                        (0, pattern_1.compilePattern)(eventPattern);
                    }
                    catch (error) {
                        if (error instanceof pattern_1.PatternError) {
                            throw new errors_1.AwsError('InvalidEventPatternException', `Event pattern is not valid. Reason: ${error.message}`, 400);
                        }
                        throw error;
                    }
                }
                if (scheduleExpression !== undefined) {
                    if (ref.name !== model_1.DEFAULT_BUS)
                        throw validation('ScheduleExpression is supported only on the default event bus.');
                    if (scheduleExpression.startsWith('cron(')) {
                        throw validation('local-cloud: cron() schedule expressions are not supported; use rate(<n> minute(s)|hour(s)|day(s)), which runs on the local clock.');
                    }
                    if ((0, engine_1.parseRate)(scheduleExpression) === undefined)
                        throw validation('Parameter ScheduleExpression is not valid.');
                }
                const state = str(input, 'State', 'state') ?? 'ENABLED';
                if (!['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'].includes(state)) {
                    throw constraint(state, 'state', 'Member must satisfy enum value set: [ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]');
                }
                const description = str(input, 'Description', 'description');
                if (description !== undefined && description.length > 512) {
                    throw constraint(description, 'description', 'Member must have length less than or equal to 512');
                }
                const roleArn = str(input, 'RoleArn', 'roleArn');
                const rule = {
                    name,
                    bus: ref.name,
                    arn: model.ruleArn(ref.region, ref.name, name),
                    state,
                    createdBy: accountId,
                    createdAt: cloud.clock.now(),
                };
                if (eventPattern !== undefined)
                    rule.eventPattern = eventPattern;
                if (scheduleExpression !== undefined)
                    rule.scheduleExpression = scheduleExpression;
                if (description !== undefined)
                    rule.description = description;
                if (roleArn !== undefined)
                    rule.roleArn = roleArn;
                engine.commit({ t: 'rule.put', region: ref.region, rule, tags: tagList(input.Tags, 'tags') });
                return { RuleArn: rule.arn };
            },
            DescribeRule: (input, ctx) => {
                const { rule } = requireRule(input, ctx);
                return { ...describeRule(rule), CreatedBy: rule.createdBy };
            },
            DeleteRule: (input, ctx) => {
                const name = str(input, 'Name', 'name', true);
                const ref = busRef(input, ctx);
                requireBus(ref.region, ref.name);
                const rule = model.getRule(ref.region, ref.name, name);
                // Deleting a rule that does not exist succeeds (DeleteRule API reference); a missing bus does not.
                if (!rule)
                    return {};
                if (rule.targets.length > 0)
                    throw validation("Rule can't be deleted since it has targets.");
                engine.commit({ t: 'rule.delete', region: ref.region, bus: ref.name, name });
                return {};
            },
            ListRules: (input, ctx) => {
                const ref = busRef(input, ctx);
                requireBus(ref.region, ref.name);
                const prefix = str(input, 'NamePrefix', 'namePrefix') ?? '';
                const rules = model.listRules(ref.region, ref.name).filter((rule) => rule.name.startsWith(prefix));
                const { items, nextToken } = page(rules, input);
                return { Rules: items.map(describeRule), ...(nextToken ? { NextToken: nextToken } : {}) };
            },
            EnableRule: (input, ctx) => {
                const { region, rule } = requireRule(input, ctx);
                engine.commit({ t: 'rule.state', region, bus: rule.bus, name: rule.name, state: 'ENABLED' });
                return {};
            },
            DisableRule: (input, ctx) => {
                const { region, rule } = requireRule(input, ctx);
                engine.commit({ t: 'rule.state', region, bus: rule.bus, name: rule.name, state: 'DISABLED' });
                return {};
            },
            // --- targets ----------------------------------------------------------------------------------
            PutTargets: (input, ctx) => {
                const { region, rule } = requireRule(input, ctx, 'Rule');
                const targets = input.Targets;
                if (!Array.isArray(targets) || targets.length === 0) {
                    throw constraint(targets ?? null, 'targets', 'Member must have length greater than or equal to 1');
                }
                if (targets.length > 10)
                    throw constraint('[...]', 'targets', 'Member must have length less than or equal to 10');
                const accepted = [];
                const failed = [];
                for (const [index, raw] of targets.entries()) {
                    const target = raw;
                    const id = target?.Id;
                    const arn = target?.Arn;
                    if (typeof id !== 'string')
                        throw constraint(null, `targets.${index + 1}.member.id`, 'Member must not be null');
                    checkPattern(id, `targets.${index + 1}.member.id`, TARGET_ID, 64, '[\\.\\-_A-Za-z0-9]+');
                    if (typeof arn !== 'string')
                        throw constraint(null, `targets.${index + 1}.member.arn`, 'Member must not be null');
                    const input = {};
                    if (typeof target.Input === 'string')
                        input.Input = target.Input;
                    if (typeof target.InputPath === 'string')
                        input.InputPath = target.InputPath;
                    if (target.InputTransformer !== undefined && target.InputTransformer !== null) {
                        input.InputTransformer = target.InputTransformer;
                    }
                    (0, transform_1.validateTargetInput)(id, input);
                    for (const unsupported of [
                        'EcsParameters',
                        'KinesisParameters',
                        'RunCommandParameters',
                        'BatchParameters',
                        'HttpParameters',
                        'RedshiftDataParameters',
                        'SageMakerPipelineParameters',
                        'AppSyncParameters',
                    ]) {
                        if (target[unsupported] !== undefined && target[unsupported] !== null) {
                            throw validation(`local-cloud: ${unsupported} on target ${id} is not supported.`);
                        }
                    }
                    const parsed = (0, arn_1.parseArn)(arn);
                    const service = parsed?.service;
                    if (!parsed || !service || !['sqs', 'sns', 'lambda', 'events'].includes(service)) {
                        failed.push({
                            TargetId: id,
                            ErrorCode: 'ValidationException',
                            ErrorMessage: `local-cloud: target ${arn} is not supported; targets may be SQS queues, SNS topics, Lambda functions or event buses.`,
                        });
                        continue;
                    }
                    if (service === 'events' &&
                        (input.Input !== undefined || input.InputPath !== undefined || input.InputTransformer)) {
                        throw validation(`local-cloud: Input, InputPath and InputTransformer are not supported on event bus target ${id}.`);
                    }
                    const record = { Id: id, Arn: arn, ...input };
                    if (typeof target.RoleArn === 'string')
                        record.RoleArn = target.RoleArn;
                    const retry = target.RetryPolicy;
                    if (retry) {
                        const policy = {};
                        if (retry.MaximumRetryAttempts !== undefined) {
                            const n = retry.MaximumRetryAttempts;
                            if (!Number.isInteger(n) || n < 0 || n > 185) {
                                throw constraint(n, `targets.${index + 1}.member.retryPolicy.maximumRetryAttempts`, 'Member must have value between 0 and 185');
                            }
                            policy.MaximumRetryAttempts = n;
                        }
                        if (retry.MaximumEventAgeInSeconds !== undefined) {
                            const n = retry.MaximumEventAgeInSeconds;
                            if (!Number.isInteger(n) || n < 60 || n > 86_400) {
                                throw constraint(n, `targets.${index + 1}.member.retryPolicy.maximumEventAgeInSeconds`, 'Member must have value between 60 and 86400');
                            }
                            policy.MaximumEventAgeInSeconds = n;
                        }
                        record.RetryPolicy = policy;
                    }
                    const dlq = target.DeadLetterConfig;
                    if (dlq && dlq.Arn !== undefined) {
                        if (typeof dlq.Arn !== 'string' || (0, arn_1.parseArn)(dlq.Arn)?.service !== 'sqs') {
                            throw validation(`DeadLetterConfig for target ${id} must be the ARN of an SQS queue.`);
                        }
                        record.DeadLetterConfig = { Arn: dlq.Arn };
                    }
                    const sqsParameters = target.SqsParameters;
                    if (sqsParameters) {
                        if (service !== 'sqs' || typeof sqsParameters.MessageGroupId !== 'string') {
                            throw validation(`SqsParameters for target ${id} need a MessageGroupId and an SQS FIFO queue target.`);
                        }
                        record.SqsParameters = { MessageGroupId: sqsParameters.MessageGroupId };
                    }
                    accepted.push(record);
                }
                const ids = new Set([...rule.targets.map((t) => t.Id), ...accepted.map((t) => t.Id)]);
                if (ids.size > MAX_TARGETS_PER_RULE) {
                    throw new errors_1.AwsError('LimitExceededException', 'The requested resource exceeds the maximum number allowed.', 400);
                }
                if (accepted.length > 0) {
                    engine.commit({ t: 'targets.put', region, bus: rule.bus, rule: rule.name, targets: accepted });
                }
                return { FailedEntryCount: failed.length, FailedEntries: failed };
            },
            RemoveTargets: (input, ctx) => {
                const { region, rule } = requireRule(input, ctx, 'Rule');
                const ids = input.Ids;
                if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string')) {
                    throw constraint(ids ?? null, 'ids', 'Member must have length greater than or equal to 1');
                }
                engine.commit({ t: 'targets.remove', region, bus: rule.bus, rule: rule.name, ids: ids });
                return { FailedEntryCount: 0, FailedEntries: [] };
            },
            ListTargetsByRule: (input, ctx) => {
                const { rule } = requireRule(input, ctx, 'Rule');
                const { items, nextToken } = page(rule.targets, input);
                return { Targets: items, ...(nextToken ? { NextToken: nextToken } : {}) };
            },
            ListRuleNamesByTarget: (input, ctx) => {
                const targetArn = str(input, 'TargetArn', 'targetArn', true);
                const ref = busRef(input, ctx);
                requireBus(ref.region, ref.name);
                const names = model
                    .listRules(ref.region, ref.name)
                    .filter((rule) => rule.targets.some((t) => t.Arn === targetArn))
                    .map((rule) => rule.name);
                const { items, nextToken } = page(names, input);
                return { RuleNames: items, ...(nextToken ? { NextToken: nextToken } : {}) };
            },
            // --- tags -------------------------------------------------------------------------------------
            TagResource: (input) => {
                const arn = taggable(str(input, 'ResourceARN', 'resourceARN', true));
                const tags = tagList(input.Tags, 'tags');
                engine.commit({ t: 'tags.add', arn, tags });
                return {};
            },
            UntagResource: (input) => {
                const arn = taggable(str(input, 'ResourceARN', 'resourceARN', true));
                const keys = input.TagKeys;
                if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string')) {
                    throw constraint(keys ?? null, 'tagKeys', 'Member must not be null');
                }
                engine.commit({ t: 'tags.remove', arn, keys: keys });
                return {};
            },
            ListTagsForResource: (input) => {
                const arn = taggable(str(input, 'ResourceARN', 'resourceARN', true));
                const tags = model.tags(arn) ?? {};
                return { Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) };
            },
            // --- events -----------------------------------------------------------------------------------
            PutEvents: (input, ctx) => {
                const entries = input.Entries;
                if (!Array.isArray(entries))
                    throw constraint(null, 'entries', 'Member must not be null');
                if (entries.length < 1) {
                    throw constraint('[]', 'entries', 'Member must have length greater than or equal to 1');
                }
                if (entries.length > 10) {
                    throw constraint(`[${entries.map(() => 'PutEventsRequestEntry').join(', ')}]`, 'entries', 'Member must have length less than or equal to 10');
                }
                // reference/aws-wire-and-event-shapes.md §5: Source + DetailType + Detail + Resources, +14 with Time.
                let size = 0;
                for (const raw of entries) {
                    const entry = (raw ?? {});
                    for (const field of ['Source', 'DetailType', 'Detail']) {
                        if (typeof entry[field] === 'string')
                            size += Buffer.byteLength(entry[field]);
                    }
                    if (Array.isArray(entry.Resources)) {
                        for (const resource of entry.Resources)
                            if (typeof resource === 'string')
                                size += Buffer.byteLength(resource);
                    }
                    if (entry.Time !== undefined && entry.Time !== null)
                        size += 14;
                }
                if (size > exports.PUT_EVENTS_MAX_BYTES)
                    throw validation('Total size of the entries in the request is over the limit.');
                const results = [];
                const jobs = [];
                let failed = 0;
                for (const raw of entries) {
                    const entry = (raw ?? {});
                    const error = (code, message) => {
                        failed++;
                        results.push({ ErrorCode: code, ErrorMessage: message });
                    };
                    const missing = ['Source', 'DetailType', 'Detail'].find((field) => typeof entry[field] !== 'string' || entry[field] === '');
                    if (missing) {
                        error('InvalidArgument', `Parameter ${missing} is not valid. Reason: ${missing} is a required argument.`);
                        continue;
                    }
                    let detail;
                    try {
                        detail = JSON.parse(entry.Detail);
                    }
                    catch {
                        detail = undefined;
                    }
                    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
                        error('MalformedDetail', 'Detail is malformed.');
                        continue;
                    }
                    const resources = entry.Resources === undefined || entry.Resources === null ? [] : entry.Resources;
                    if (!Array.isArray(resources) || resources.some((r) => typeof r !== 'string')) {
                        error('InvalidArgument', 'Parameter Resources is not valid. Reason: Resources must be a list of strings.');
                        continue;
                    }
                    let time;
                    if (entry.Time !== undefined && entry.Time !== null) {
                        time = typeof entry.Time === 'number' ? entry.Time * 1000 : Date.parse(String(entry.Time));
                        if (!Number.isFinite(time)) {
                            error('InvalidArgument', 'Parameter Time is not valid. Reason: Time must be a timestamp.');
                            continue;
                        }
                    }
                    let ref;
                    try {
                        ref = busRef(entry, ctx);
                    }
                    catch (err) {
                        error('InvalidArgument', err.message);
                        continue;
                    }
                    const event = engine.buildEvent(ref.region, {
                        source: entry.Source,
                        detailType: entry.DetailType,
                        detail,
                        resources: resources,
                        ...(time !== undefined ? { time } : {}),
                    });
                    results.push({ EventId: event.id });
                    if (!model.getBus(ref.region, ref.name)) {
                        engine.warnMissingBus(ref.name, ctx.requestId, event.id);
                        continue;
                    }
                    jobs.push(...engine.route(ref.region, ref.name, event, ctx.requestId));
                }
                engine.dispatch(jobs);
                return { FailedEntryCount: failed, Entries: results };
            },
            TestEventPattern: (input) => {
                const patternText = str(input, 'EventPattern', 'eventPattern', true);
                const eventText = str(input, 'Event', 'event', true);
                let event;
                try {
                    event = JSON.parse(eventText);
                }
                catch {
                    throw validation('Parameter Event is not valid.');
                }
                const required = ['id', 'account', 'source', 'time', 'region', 'detail-type'];
                if (typeof event !== 'object' ||
                    event === null ||
                    Array.isArray(event) ||
                    required.some((key) => !(key in event))) {
                    throw validation('Parameter Event is not valid.');
                }
                let pattern;
                try {
                    pattern = (0, pattern_1.compilePattern)(patternText);
                }
                catch (error) {
                    if (error instanceof pattern_1.PatternError) {
                        throw new errors_1.AwsError('InvalidEventPatternException', `Event pattern is not valid. Reason: ${error.message}`, 400);
                    }
                    throw error;
                }
                return { Result: (0, pattern_1.matchesPattern)(pattern, event) };
            },
        },
    };
    cloud.addService(service);
    return { model, engine };
}
