"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RETENTION_DAYS = void 0;
exports.installLogs = installLogs;
const errors_1 = require("../../core/errors");
const ids_1 = require("../../core/ids");
const filter_pattern_1 = require("./filter-pattern");
const model_1 = require("./model");
/**
 * CloudWatch Logs over awsJson1_1 (`X-Amz-Target: Logs_20140328.<Op>`, signing name logs):
 * log groups (retention, tags), streams, PutLogEvents, GetLogEvents, FilterLogEvents
 * (reference/aws-wire-and-event-shapes.md §7; Terraform's aws_cloudwatch_log_group calls in
 * reference/terraform-provider-calls.md). Provides the `logs` port Lambda writes function logs through.
 */
// PutRetentionPolicy accepts exactly these values [model BC:logs].
exports.RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];
// PutLogEvents limits [model BC:logs; reference §7]: ≤10,000 events, ≤1,048,576 bytes counting 26 bytes per event.
const MAX_BATCH_EVENTS = 10_000;
const MAX_BATCH_BYTES = 1_048_576;
const EVENT_OVERHEAD = 26;
const MAX_BATCH_SPAN_MS = 24 * 3_600_000;
const TOO_OLD_MS = 14 * 86_400_000;
const TOO_NEW_MS = 2 * 3_600_000;
const MAX_TAGS = 50;
const invalid = (message) => new errors_1.AwsError('InvalidParameterException', message, 400);
const groupNotFound = () => new errors_1.AwsError('ResourceNotFoundException', 'The specified log group does not exist.', 400);
const streamNotFound = () => new errors_1.AwsError('ResourceNotFoundException', 'The specified log stream does not exist.', 400);
const constraint = (value, field, rule) => invalid(`1 validation error detected: Value '${typeof value === 'string' ? value : JSON.stringify(value)}' at '${field}' failed to satisfy constraint: ${rule}`);
class Params {
    input;
    constructor(input) {
        this.input = input;
    }
    string(name) {
        const value = this.input[name];
        if (value === undefined || value === null)
            return undefined;
        if (typeof value !== 'string')
            throw constraint(value, name, 'Member must be a string');
        return value;
    }
    required(name) {
        const value = this.string(name);
        if (value === undefined) {
            throw invalid(`1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`);
        }
        return value;
    }
    number(name, min, max) {
        const value = this.input[name];
        if (value === undefined || value === null)
            return undefined;
        if (typeof value !== 'number' || !Number.isInteger(value))
            throw constraint(value, name, 'Member must be an integer');
        if (min !== undefined && value < min)
            throw constraint(value, name, `Member must have value greater than or equal to ${min}`);
        if (max !== undefined && value > max)
            throw constraint(value, name, `Member must have value less than or equal to ${max}`);
        return value;
    }
    boolean(name) {
        const value = this.input[name];
        if (value === undefined || value === null)
            return undefined;
        if (typeof value !== 'boolean')
            throw constraint(value, name, 'Member must be a boolean');
        return value;
    }
    stringList(name) {
        const value = this.input[name];
        if (value === undefined || value === null)
            return undefined;
        if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
            throw constraint(value, name, 'Member must be a list of strings');
        }
        return value;
    }
    tags(name) {
        const value = this.input[name];
        if (value === undefined || value === null)
            return {};
        if (typeof value !== 'object' || Array.isArray(value))
            throw constraint(value, name, 'Member must be a map');
        const out = {};
        for (const [key, item] of Object.entries(value)) {
            if (typeof item !== 'string')
                throw constraint(item, `${name}.${key}`, 'Member must be a string');
            if (key.length < 1 || key.length > 128 || !/^([\p{L}\p{Z}\p{N}_.:/=+\-@]+)$/u.test(key)) {
                throw constraint(key, name, 'Map keys must satisfy constraint: [Member must have length less than or equal to 128, Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)$]');
            }
            if (item.length > 256)
                throw constraint(item, name, 'Map value must satisfy constraint: [Member must have length less than or equal to 256]');
            out[key] = item;
        }
        return out;
    }
    groupName(name = 'logGroupName') {
        const value = this.required(name);
        checkGroupName(value, name);
        return value;
    }
    streamName(name = 'logStreamName') {
        const value = this.required(name);
        if (value.length < 1 || value.length > 512)
            throw constraint(value, name, 'Member must have length less than or equal to 512');
        if (/[:*]/.test(value))
            throw constraint(value, name, 'Member must satisfy regular expression pattern: [^:*]*');
        return value;
    }
}
function checkGroupName(value, field) {
    if (value.length < 1 || value.length > 512)
        throw constraint(value, field, 'Member must have length less than or equal to 512');
    if (!/^[.\-_/#A-Za-z0-9]+$/.test(value)) {
        throw constraint(value, field, 'Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+');
    }
}
/** Opaque pagination tokens: base64 of a small JSON value. */
const encodeToken = (value) => Buffer.from(JSON.stringify(value)).toString('base64');
function decodeToken(token, check) {
    if (token === undefined)
        return undefined;
    try {
        const value = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
        if (check(value))
            return value;
    }
    catch {
        // fall through
    }
    throw invalid('The specified nextToken is invalid.');
}
const isIndex = (value) => typeof value === 'number' && Number.isInteger(value) && value >= 0;
function installLogs(cloud) {
    const model = new model_1.LogsModel(cloud.store, { fsync: cloud.config.fsync });
    const region = cloud.config.region;
    const accountId = cloud.config.accountId;
    const groupArn = (name) => `arn:aws:logs:${region}:${accountId}:log-group:${name}`;
    const getGroup = (name) => {
        const group = model.groups.get(name);
        if (!group)
            throw groupNotFound();
        return group;
    };
    /** `logGroupName` or `logGroupIdentifier` (a name or an ARN, with or without `:*`). */
    const groupFrom = (p) => {
        const identifier = p.string('logGroupIdentifier');
        const name = p.string('logGroupName');
        if (identifier !== undefined && name !== undefined) {
            throw invalid('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
        }
        if (identifier !== undefined)
            return getGroup(groupNameFromArn(identifier) ?? identifier);
        return getGroup(p.groupName());
    };
    const groupNameFromArn = (arn) => {
        const match = /^arn:aws[a-z-]*:logs:[^:]*:\d{12}:log-group:([^:]+)(:\*)?$/.exec(arn);
        return match?.[1];
    };
    const groupByArn = (arn) => {
        const name = groupNameFromArn(arn);
        if (!name)
            throw invalid(`Invalid resourceArn: ${arn}`);
        const group = model.groups.get(name);
        if (!group)
            throw new errors_1.AwsError('ResourceNotFoundException', 'The specified resource does not exist.', 400);
        return group;
    };
    const createGroup = (name, tags) => {
        model.commit({ t: 'createGroup', name, id: (0, ids_1.uuid)(), creationTime: cloud.clock.now(), tags });
        return model.groups.get(name);
    };
    const createStream = (group, name) => {
        model.commit({ t: 'createStream', group: group.name, name, creationTime: cloud.clock.now() });
        return group.streams.get(name);
    };
    const checkTagCount = (existing, added) => {
        if (new Set([...Object.keys(existing), ...Object.keys(added)]).size > MAX_TAGS) {
            throw invalid(`A resource can have no more than ${MAX_TAGS} tags.`);
        }
    };
    const groupOutput = (group) => {
        let storedBytes = 0;
        for (const stream of group.streams.values())
            storedBytes += stream.storedBytes;
        return {
            logGroupName: group.name,
            creationTime: group.creationTime,
            ...(group.retentionInDays !== undefined ? { retentionInDays: group.retentionInDays } : {}),
            metricFilterCount: 0,
            arn: `${groupArn(group.name)}:*`,
            storedBytes,
            logGroupClass: 'STANDARD',
            logGroupArn: groupArn(group.name),
        };
    };
    const visible = (group, stream, now) => {
        const cutoff = model.retentionCutoff(group, now);
        if (cutoff === Number.NEGATIVE_INFINITY)
            return stream.events;
        return stream.events.filter((e) => e.timestamp >= cutoff);
    };
    const service = {
        protocol: 'json',
        signingName: 'logs',
        targetPrefix: 'Logs_20140328',
        jsonVersion: '1.1',
        errorTypePrefix: '',
        operations: {
            CreateLogGroup: (input) => {
                const p = new Params(input);
                const name = p.groupName();
                if (p.string('kmsKeyId') !== undefined) {
                    throw invalid('local cloud does not encrypt log groups with KMS keys; remove kmsKeyId');
                }
                const logGroupClass = p.string('logGroupClass');
                if (logGroupClass !== undefined && logGroupClass !== 'STANDARD') {
                    throw invalid(`local cloud supports only the STANDARD log group class, not ${logGroupClass}`);
                }
                const tags = p.tags('tags');
                checkTagCount({}, tags);
                if (model.groups.has(name)) {
                    throw new errors_1.AwsError('ResourceAlreadyExistsException', 'The specified log group already exists', 400);
                }
                createGroup(name, tags);
                return {};
            },
            DeleteLogGroup: (input) => {
                const group = getGroup(new Params(input).groupName());
                model.commit({ t: 'deleteGroup', name: group.name });
                model.dropEvents(group.id);
                return {};
            },
            DescribeLogGroups: (input) => {
                const p = new Params(input);
                const prefix = p.string('logGroupNamePrefix');
                const pattern = p.string('logGroupNamePattern');
                if (prefix !== undefined && pattern !== undefined) {
                    throw invalid('LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.');
                }
                const logGroupClass = p.string('logGroupClass');
                const limit = p.number('limit', 1, 50) ?? 50;
                const start = decodeToken(p.string('nextToken'), isIndex) ?? 0;
                const identifiers = p.stringList('logGroupIdentifiers');
                const groups = [...model.groups.values()]
                    .filter((g) => prefix === undefined || g.name.startsWith(prefix))
                    .filter((g) => pattern === undefined || g.name.toLowerCase().includes(pattern.toLowerCase()))
                    .filter((_g) => logGroupClass === undefined || logGroupClass === 'STANDARD')
                    .filter((g) => !identifiers || identifiers.some((id) => id === g.name || groupNameFromArn(id) === g.name))
                    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
                const page = groups.slice(start, start + limit);
                const next = start + page.length;
                return {
                    logGroups: page.map(groupOutput),
                    ...(next < groups.length ? { nextToken: encodeToken(next) } : {}),
                };
            },
            PutRetentionPolicy: (input) => {
                const p = new Params(input);
                const group = getGroup(p.groupName());
                const days = input.retentionInDays;
                if (days === undefined || days === null) {
                    throw invalid("1 validation error detected: Value null at 'retentionInDays' failed to satisfy constraint: Member must not be null");
                }
                if (typeof days !== 'number' || !exports.RETENTION_DAYS.includes(days)) {
                    throw constraint(days, 'retentionInDays', `Member must satisfy enum value set: [${exports.RETENTION_DAYS.join(', ')}]`);
                }
                model.commit({ t: 'retention', name: group.name, days });
                return {};
            },
            DeleteRetentionPolicy: (input) => {
                const group = getGroup(new Params(input).groupName());
                model.commit({ t: 'retention', name: group.name });
                return {};
            },
            TagResource: (input) => {
                const p = new Params(input);
                const group = groupByArn(p.required('resourceArn'));
                const tags = p.tags('tags');
                checkTagCount(group.tags, tags);
                model.commit({ t: 'tag', name: group.name, tags });
                return {};
            },
            UntagResource: (input) => {
                const p = new Params(input);
                const group = groupByArn(p.required('resourceArn'));
                model.commit({ t: 'untag', name: group.name, keys: p.stringList('tagKeys') ?? [] });
                return {};
            },
            ListTagsForResource: (input) => ({
                tags: { ...groupByArn(new Params(input).required('resourceArn')).tags },
            }),
            // Legacy tag operations (still used by older tools).
            TagLogGroup: (input) => {
                const p = new Params(input);
                const group = getGroup(p.groupName());
                const tags = p.tags('tags');
                checkTagCount(group.tags, tags);
                model.commit({ t: 'tag', name: group.name, tags });
                return {};
            },
            UntagLogGroup: (input) => {
                const p = new Params(input);
                const group = getGroup(p.groupName());
                model.commit({ t: 'untag', name: group.name, keys: p.stringList('tags') ?? [] });
                return {};
            },
            ListTagsLogGroup: (input) => ({ tags: { ...getGroup(new Params(input).groupName()).tags } }),
            CreateLogStream: (input) => {
                const p = new Params(input);
                const group = getGroup(p.groupName());
                const name = p.streamName();
                if (group.streams.has(name)) {
                    throw new errors_1.AwsError('ResourceAlreadyExistsException', 'The specified log stream already exists', 400);
                }
                createStream(group, name);
                return {};
            },
            DeleteLogStream: (input) => {
                const p = new Params(input);
                const group = getGroup(p.groupName());
                const name = p.streamName();
                if (!group.streams.has(name))
                    throw streamNotFound();
                model.commit({ t: 'deleteStream', group: group.name, name });
                model.dropStreamEvents(group, name);
                return {};
            },
            DescribeLogStreams: (input) => {
                const p = new Params(input);
                const group = groupFrom(p);
                const prefix = p.string('logStreamNamePrefix');
                const orderBy = p.string('orderBy') ?? 'LogStreamName';
                if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') {
                    throw constraint(orderBy, 'orderBy', 'Member must satisfy enum value set: [LogStreamName, LastEventTime]');
                }
                if (orderBy === 'LastEventTime' && prefix !== undefined) {
                    throw invalid('Cannot order by LastEventTime with a logStreamNamePrefix.');
                }
                const descending = p.boolean('descending') ?? false;
                const limit = p.number('limit', 1, 50) ?? 50;
                const start = decodeToken(p.string('nextToken'), isIndex) ?? 0;
                const now = cloud.clock.now();
                const lastEvent = (s) => s.events.at(-1)?.timestamp ?? 0;
                const streams = [...group.streams.values()]
                    .filter((s) => prefix === undefined || s.name.startsWith(prefix))
                    .sort((a, b) => orderBy === 'LastEventTime'
                    ? lastEvent(a) - lastEvent(b)
                    : a.name < b.name
                        ? -1
                        : a.name > b.name
                            ? 1
                            : 0);
                if (descending)
                    streams.reverse();
                const page = streams.slice(start, start + limit);
                const next = start + page.length;
                return {
                    logStreams: page.map((stream) => {
                        const events = visible(group, stream, now);
                        return {
                            logStreamName: stream.name,
                            creationTime: stream.creationTime,
                            ...(events.length > 0
                                ? {
                                    firstEventTimestamp: events[0].timestamp,
                                    lastEventTimestamp: events[events.length - 1].timestamp,
                                }
                                : {}),
                            ...(stream.lastIngestionTime !== undefined
                                ? { lastIngestionTime: stream.lastIngestionTime }
                                : {}),
                            uploadSequenceToken: String(stream.events.length + 1).padStart(56, '4'),
                            arn: `${groupArn(group.name)}:log-stream:${stream.name}`,
                            storedBytes: 0,
                        };
                    }),
                    ...(next < streams.length ? { nextToken: encodeToken(next) } : {}),
                };
            },
            PutLogEvents: (input) => {
                const p = new Params(input);
                const groupName = p.groupName();
                const streamName = p.streamName();
                const raw = input.logEvents;
                if (!Array.isArray(raw)) {
                    throw invalid("1 validation error detected: Value null at 'logEvents' failed to satisfy constraint: Member must not be null");
                }
                if (raw.length < 1)
                    throw constraint('[]', 'logEvents', 'Member must have length greater than or equal to 1');
                if (raw.length > MAX_BATCH_EVENTS) {
                    throw invalid(`1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must have length less than or equal to ${MAX_BATCH_EVENTS}`);
                }
                const events = raw.map((item, index) => {
                    const e = (item ?? {});
                    if (typeof e.timestamp !== 'number' || !Number.isInteger(e.timestamp)) {
                        throw invalid(`1 validation error detected: Value null at 'logEvents.${index + 1}.member.timestamp' failed to satisfy constraint: Member must not be null`);
                    }
                    if (typeof e.message !== 'string' || e.message.length < 1) {
                        throw invalid(`1 validation error detected: Value at 'logEvents.${index + 1}.member.message' failed to satisfy constraint: Member must have length greater than or equal to 1`);
                    }
                    return { timestamp: e.timestamp, message: e.message };
                });
                let bytes = 0;
                for (const event of events)
                    bytes += Buffer.byteLength(event.message) + EVENT_OVERHEAD;
                if (bytes > MAX_BATCH_BYTES) {
                    throw invalid(`Upload too large: ${bytes} bytes exceeds limit of ${MAX_BATCH_BYTES}`);
                }
                for (let i = 1; i < events.length; i++) {
                    if (events[i].timestamp < events[i - 1].timestamp) {
                        throw invalid('Log events in a single PutLogEvents request must be in chronological order.');
                    }
                }
                if (events[events.length - 1].timestamp - events[0].timestamp >
                    MAX_BATCH_SPAN_MS) {
                    throw invalid('The batch of log events in a single PutLogEvents request cannot span more than 24 hours.');
                }
                const group = getGroup(groupName);
                const stream = group.streams.get(streamName);
                if (!stream)
                    throw streamNotFound();
                // Events too far in the past or future, or past the retention period, are rejected (sorted batch:
                // the rejected ones are a prefix and a suffix) and reported by index; the sequence token is ignored.
                const now = cloud.clock.now();
                const cutoff = model.retentionCutoff(group, now);
                let tooOldEnd = -1;
                let expiredEnd = -1;
                let tooNewStart = -1;
                events.forEach((event, index) => {
                    if (event.timestamp < now - TOO_OLD_MS)
                        tooOldEnd = index;
                    else if (event.timestamp < cutoff)
                        expiredEnd = index;
                    else if (event.timestamp > now + TOO_NEW_MS && tooNewStart < 0)
                        tooNewStart = index;
                });
                const firstAccepted = Math.max(tooOldEnd, expiredEnd) + 1;
                const accepted = events.slice(firstAccepted, tooNewStart < 0 ? events.length : tooNewStart);
                model.append(group, stream, accepted, now);
                const rejected = {};
                if (tooNewStart >= 0)
                    rejected.tooNewLogEventStartIndex = tooNewStart;
                if (tooOldEnd >= 0)
                    rejected.tooOldLogEventEndIndex = tooOldEnd;
                if (expiredEnd >= 0)
                    rejected.expiredLogEventEndIndex = expiredEnd;
                return {
                    nextSequenceToken: String(stream.events.length + 1).padStart(56, '4'),
                    ...(Object.keys(rejected).length > 0 ? { rejectedLogEventsInfo: rejected } : {}),
                };
            },
            GetLogEvents: (input) => {
                const p = new Params(input);
                const group = groupFrom(p);
                const streamName = p.streamName();
                const stream = group.streams.get(streamName);
                if (!stream)
                    throw streamNotFound();
                const startTime = p.number('startTime', 0);
                const endTime = p.number('endTime', 0);
                const limit = p.number('limit', 1, 10_000) ?? 10_000;
                const token = p.string('nextToken');
                const startFromHead = p.boolean('startFromHead') ?? false;
                const events = visible(group, stream, cloud.clock.now());
                const inRange = (e) => (startTime === undefined || e.timestamp >= startTime) &&
                    (endTime === undefined || e.timestamp < endTime);
                let forward = startFromHead;
                let position = startFromHead ? 0 : events.length;
                if (token !== undefined) {
                    const match = /^([fb])\/(\d{56})$/.exec(token);
                    if (!match)
                        throw invalid('The specified nextToken is invalid.');
                    forward = match[1] === 'f';
                    position = Math.min(Number(match[2]), events.length);
                }
                const picked = [];
                let bytes = 0;
                const take = (index) => {
                    const event = events[index];
                    if (!inRange(event))
                        return true;
                    const size = Buffer.byteLength(event.message) + EVENT_OVERHEAD;
                    if (picked.length >= limit || bytes + size > MAX_BATCH_BYTES)
                        return false;
                    bytes += size;
                    picked.push(index);
                    return true;
                };
                if (forward) {
                    for (let i = position; i < events.length && take(i); i++)
                        ;
                }
                else {
                    for (let i = position - 1; i >= 0 && take(i); i--)
                        ;
                    picked.reverse();
                }
                const tokenFor = (direction, index) => `${direction}/${String(index).padStart(56, '0')}`;
                const first = picked[0];
                const last = picked[picked.length - 1];
                return {
                    events: picked.map((index) => {
                        const event = events[index];
                        return { timestamp: event.timestamp, message: event.message, ingestionTime: event.ingestionTime };
                    }),
                    // With nothing new, the same token comes back: that is how clients detect the end.
                    nextForwardToken: tokenFor('f', last === undefined ? position : last + 1),
                    nextBackwardToken: tokenFor('b', first === undefined ? position : first),
                };
            },
            FilterLogEvents: (input) => {
                const p = new Params(input);
                const group = groupFrom(p);
                const names = p.stringList('logStreamNames');
                const prefix = p.string('logStreamNamePrefix');
                if (names !== undefined && prefix !== undefined) {
                    throw invalid('Cannot specify both logStreamNames and logStreamNamePrefix.');
                }
                if (names !== undefined && (names.length < 1 || names.length > 100)) {
                    throw constraint(names, 'logStreamNames', 'Member must have length between 1 and 100');
                }
                const startTime = p.number('startTime', 0);
                const endTime = p.number('endTime', 0);
                const limit = p.number('limit', 1, 10_000) ?? 10_000;
                let matches;
                try {
                    matches = (0, filter_pattern_1.compileFilterPattern)(p.string('filterPattern'));
                }
                catch (error) {
                    if (error instanceof filter_pattern_1.FilterPatternError)
                        throw invalid(error.message);
                    throw error;
                }
                const after = decodeToken(p.string('nextToken'), (v) => Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === 'number'));
                const now = cloud.clock.now();
                const found = [];
                for (const stream of group.streams.values()) {
                    if (names && !names.includes(stream.name))
                        continue;
                    if (prefix !== undefined && !stream.name.startsWith(prefix))
                        continue;
                    for (const event of visible(group, stream, now)) {
                        if (startTime !== undefined && event.timestamp < startTime)
                            continue;
                        if (endTime !== undefined && event.timestamp > endTime)
                            continue;
                        if (after &&
                            (event.timestamp < after[0] || (event.timestamp === after[0] && event.seq <= after[1])))
                            continue;
                        if (!matches(event.message))
                            continue;
                        found.push({ stream: stream.name, event });
                    }
                }
                found.sort((a, b) => a.event.timestamp - b.event.timestamp || a.event.seq - b.event.seq);
                const page = [];
                let bytes = 0;
                for (const item of found) {
                    const size = Buffer.byteLength(item.event.message) + EVENT_OVERHEAD;
                    if (page.length >= limit || bytes + size > MAX_BATCH_BYTES)
                        break;
                    bytes += size;
                    page.push(item);
                }
                const last = page[page.length - 1];
                return {
                    events: page.map(({ stream, event }) => ({
                        logStreamName: stream,
                        timestamp: event.timestamp,
                        message: event.message,
                        ingestionTime: event.ingestionTime,
                        eventId: (0, model_1.eventId)(event),
                    })),
                    searchedLogStreams: [],
                    ...(last && page.length < found.length
                        ? { nextToken: encodeToken([last.event.timestamp, last.event.seq]) }
                        : {}),
                };
            },
        },
    };
    cloud.addService(service);
    // The port Lambda writes function logs through: creates the group (as Lambda does with its
    // logs:CreateLogGroup permission) and the stream when missing.
    cloud.ports.provide('logs', {
        append(logGroupName, logStreamName, events) {
            checkGroupName(logGroupName, 'logGroupName');
            const group = model.groups.get(logGroupName) ?? createGroup(logGroupName, {});
            const stream = group.streams.get(logStreamName) ?? createStream(group, logStreamName);
            const sorted = events.every((e, i) => i === 0 || events[i - 1].timestamp <= e.timestamp)
                ? events
                : [...events].sort((a, b) => a.timestamp - b.timestamp);
            model.append(group, stream, sorted, cloud.clock.now());
        },
    });
    cloud.addLifecycle({
        start: () => {
            model.loadEvents(cloud.store.scratchDir('logs'));
        },
        stop: () => model.close(),
    });
    return model;
}
