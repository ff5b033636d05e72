"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.installSqs = installSqs;
const arn_1 = require("../../core/arn");
const errors_1 = require("../../core/errors");
const attributes_1 = require("./attributes");
const errors_2 = require("./errors");
const md5_1 = require("./md5");
const messages_1 = require("./messages");
const model_1 = require("./model");
/**
 * SQS over awsJson1_0 (`X-Amz-Target: AmazonSQS.<Op>`), query-compatible errors. Also provides the
 * `queues` port (Lambda event source mappings) and the `sqs` delivery target.
 * reference/aws-wire-and-event-shapes.md §1.1, §2; reference/terraform-provider-calls.md.
 */
const NAMESPACE = 'sqs';
/** The SenderId of API callers: the local user STS reports (`GetCallerIdentity` UserId). */
const API_SENDER_ID = 'AIDALOCALCLOUDUSER0001';
const MAX_BATCH = 10;
const MAX_BATCH_BYTES = 1_048_576;
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const BATCH_ID = /^[A-Za-z0-9_-]{1,80}$/;
const SYSTEM_ATTRIBUTE_NAMES = new Set([
    'All',
    'SenderId',
    'SentTimestamp',
    'ApproximateReceiveCount',
    'ApproximateFirstReceiveTimestamp',
    'SequenceNumber',
    'MessageDeduplicationId',
    'MessageGroupId',
    'AWSTraceHeader',
    'DeadLetterQueueSourceArn',
]);
function installSqs(cloud) {
    const clock = cloud.clock;
    const model = new model_1.SqsModel({
        accountId: cloud.config.accountId,
        region: cloud.config.region,
        now: () => clock.now(),
        toWall: (awsMs) => clock.toWall(awsMs),
        commit: (record) => cloud.store.commit(NAMESPACE, record),
    });
    cloud.store.register(NAMESPACE, model);
    let closed = false;
    const delayTimers = new Set();
    const urlOf = (name) => `${cloud.endpoint}/${cloud.config.accountId}/${name}`;
    function queueFromUrl(input) {
        const url = input.QueueUrl;
        if (url === undefined || url === null || url === '')
            throw (0, errors_2.missingParameter)('QueueUrl');
        if (typeof url !== 'string')
            throw (0, errors_2.invalidParameter)('Value for parameter QueueUrl is invalid. Reason: must be a string.');
        let path;
        try {
            path = new URL(url).pathname;
        }
        catch {
            throw new errors_1.AwsError('InvalidAddress', `The address ${url} is not valid for this endpoint.`, 404, {
                queryCode: 'InvalidAddress',
            });
        }
        const match = /^\/(\d{12})\/([^/]+)\/?$/.exec(path);
        if (!match || match[1] !== cloud.config.accountId)
            throw (0, errors_2.queueDoesNotExist)();
        const queue = model.queues.get(match[2]); // queue names never need percent-decoding
        if (!queue)
            throw (0, errors_2.queueDoesNotExist)();
        return queue;
    }
    function queueFromArn(arn) {
        const queue = model.queueByArn(arn);
        if (!queue)
            throw (0, errors_2.queueDoesNotExist)();
        return queue;
    }
    /** Receives now, or waits (AWS time, through the clock) until a message arrives or the wait ends. */
    function receiveWaiting(queue, max, visibility, waitSeconds, attemptId) {
        const first = model.receive(queue, max, visibility, attemptId);
        if (first.length > 0 || waitSeconds <= 0 || closed)
            return Promise.resolve(first);
        const deadline = clock.now() + clock.toWall(waitSeconds * 1000);
        return new Promise((resolve, reject) => {
            let timer;
            let done = false;
            const finish = (result) => {
                if (done)
                    return;
                done = true;
                queue.waiters.delete(attempt);
                timer?.cancel();
                if (result instanceof Error)
                    reject(result);
                else
                    resolve(result);
            };
            const arm = () => {
                timer?.cancel();
                queue.waiters.add(attempt);
                const next = Math.min(deadline, model.nextChange(queue) ?? Number.POSITIVE_INFINITY);
                timer = clock.schedule(Math.max(0, (next - clock.now()) / clock.scale), attempt);
            };
            function attempt() {
                if (done)
                    return;
                if (closed || model.queues.get(queue.name) !== queue) {
                    finish([]);
                    return;
                }
                try {
                    const result = model.receive(queue, max, visibility, attemptId);
                    if (result.length > 0 || clock.now() >= deadline)
                        finish(result);
                    else
                        arm();
                }
                catch (error) {
                    finish(error);
                }
            }
            arm();
        });
    }
    /** Delayed messages are pending work: `settle` waits until they become visible. */
    function trackDelays(queue, delays) {
        const now = clock.now();
        for (const visibleAt of new Set(delays)) {
            if (visibleAt <= now)
                continue;
            const timer = clock.schedule((visibleAt - now) / clock.scale, () => {
                delayTimers.delete(timer);
                queue.notify();
            }, { work: true });
            delayTimers.add(timer);
        }
    }
    function queueAttributesView(queue, names) {
        const all = names.includes('All');
        const counts = model.counts(queue);
        const view = {
            ...queue.attributes,
            ApproximateNumberOfMessages: String(counts.visible),
            ApproximateNumberOfMessagesNotVisible: String(counts.notVisible),
            ApproximateNumberOfMessagesDelayed: String(counts.delayed),
            CreatedTimestamp: String(queue.created),
            LastModifiedTimestamp: String(queue.lastModified),
            QueueArn: model.arnOf(queue.name),
        };
        if (view.KmsMasterKeyId && view.KmsDataKeyReusePeriodSeconds === undefined)
            view.KmsDataKeyReusePeriodSeconds = '300';
        if (all)
            return view;
        const out = {};
        for (const name of names)
            if (view[name] !== undefined)
                out[name] = view[name];
        return out;
    }
    function attributeContext(fifo, name, current) {
        return {
            fifo,
            queueArn: model.arnOf(name),
            current,
            findQueue: (arn) => {
                const found = model.queueByArn(arn);
                return found ? model.ref(found) : undefined;
            },
        };
    }
    function rawAttributes(input, member) {
        const value = input[member];
        if (value === undefined || value === null)
            return undefined;
        if (typeof value !== 'object' || Array.isArray(value)) {
            throw (0, errors_2.invalidAttributeName)(`Unknown Attribute ${Array.isArray(value) ? '0' : String(value)}.`);
        }
        const out = {};
        for (const [name, v] of Object.entries(value))
            out[name] = (0, attributes_1.attributeText)(name, v);
        return out;
    }
    function tagsOf(value, member) {
        if (value === undefined || value === null)
            return {};
        if (typeof value !== 'object' || Array.isArray(value)) {
            throw (0, errors_2.invalidParameter)(`Value for parameter ${member} is invalid. Reason: must be a map.`);
        }
        const out = {};
        for (const [key, v] of Object.entries(value)) {
            if (typeof v !== 'string')
                throw (0, errors_2.invalidParameter)(`Value for parameter ${member}.${key} is invalid. Reason: must be a string.`);
            if (key.length < 1 || key.length > 128 || v.length > 256) {
                throw (0, errors_2.invalidParameter)(`Tag key must be 1 to 128 characters and value at most 256 characters: ${key}.`);
            }
            if (key.toLowerCase().startsWith('aws:'))
                throw (0, errors_2.invalidParameter)(`Tag keys can't start with aws: (${key}).`);
            out[key] = v;
        }
        return out;
    }
    function checkTagCount(queue, name, tags) {
        const keys = new Set([...Object.keys(queue?.tags ?? {}), ...Object.keys(tags)]);
        if (keys.size > 50)
            throw (0, errors_2.invalidParameter)(`Too many tags added for queue ${name}.`);
    }
    function integer(input, name, min, max, reason) {
        const value = input[name];
        if (value === undefined || value === null)
            return undefined;
        const n = typeof value === 'number'
            ? value
            : typeof value === 'string' && /^-?\d+$/.test(value)
                ? Number(value)
                : Number.NaN;
        if (!Number.isInteger(n) || n < min || n > max) {
            throw (0, errors_2.invalidParameter)(`Value ${String(value)} for parameter ${name} is invalid. Reason: ${reason}`);
        }
        return n;
    }
    function stringList(input, name) {
        const value = input[name];
        if (value === undefined || value === null)
            return [];
        if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
            throw (0, errors_2.invalidParameter)(`Value for parameter ${name} is invalid. Reason: must be a list of strings.`);
        }
        return value;
    }
    /** Validates one message for a queue, in AWS's order; throws the error AWS would answer. */
    function checkMessage(queue, entry, sender, origin = {}) {
        const body = (0, messages_1.checkBody)(entry.MessageBody);
        const delaySeconds = integer(entry, 'DelaySeconds', 0, 900, 'DelaySeconds must be >= 0 and <= 900.');
        const { attributes: attrs, bytes: attrBytes } = (0, messages_1.checkMessageAttributes)(entry.MessageAttributes);
        const sys = (0, messages_1.checkSystemAttributes)(entry.MessageSystemAttributes);
        const bodyBytes = Buffer.byteLength(body);
        (0, messages_1.checkSize)(bodyBytes, attrBytes, queue.int('MaximumMessageSize'));
        const group = (0, messages_1.checkFifoId)(entry.MessageGroupId, 'MessageGroupId');
        let dedup = (0, messages_1.checkFifoId)(entry.MessageDeduplicationId, 'MessageDeduplicationId');
        if (queue.fifo) {
            if (delaySeconds !== undefined && delaySeconds !== 0) {
                throw (0, errors_2.invalidParameter)(`Value ${delaySeconds} for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.`);
            }
            if (group === undefined)
                throw (0, errors_2.missingParameter)('MessageGroupId');
            if (dedup === undefined) {
                if (queue.attributes.ContentBasedDeduplication !== 'true') {
                    throw (0, errors_2.invalidParameter)('The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
                }
                dedup = model_1.SqsModel.contentDedupId(body);
            }
        }
        else if (dedup !== undefined) {
            throw (0, errors_2.invalidParameter)(`Value ${dedup} for parameter MessageDeduplicationId is invalid. Reason: The request includes a parameter that is not valid for this queue type.`);
        }
        return {
            body,
            attrs,
            sys,
            delaySeconds: queue.fifo ? undefined : delaySeconds,
            group,
            dedup,
            sender,
            traceHeader: origin.traceHeader !== undefined && validTraceHeader(origin.traceHeader)
                ? origin.traceHeader
                : undefined,
            hops: origin.hops,
            bytes: bodyBytes + attrBytes,
        };
    }
    function send(queue, inputs) {
        const results = model.send(queue, inputs);
        const delays = [];
        for (const r of results) {
            const slot = queue.messages.get(r.id);
            if (slot && slot.msg.receives === 0 && slot.msg.visibleAt > slot.msg.sentAt)
                delays.push(slot.msg.visibleAt);
        }
        if (delays.length > 0)
            trackDelays(queue, delays);
        return results;
    }
    function systemAttributes(queue, copy) {
        const msg = copy.msg;
        const out = {
            SenderId: msg.sender,
            SentTimestamp: String(msg.sentAt),
            ApproximateReceiveCount: String(msg.receives),
            ApproximateFirstReceiveTimestamp: String(msg.firstReceiveAt ?? msg.sentAt),
        };
        const trace = msg.sys?.AWSTraceHeader?.StringValue;
        if (trace !== undefined)
            out.AWSTraceHeader = trace;
        if (msg.dlqSource !== undefined)
            out.DeadLetterQueueSourceArn = msg.dlqSource;
        if (queue.fifo) {
            out.SequenceNumber = msg.seq;
            out.MessageDeduplicationId = msg.dedup;
        }
        if (msg.group !== undefined)
            out.MessageGroupId = msg.group;
        return out;
    }
    function selectMessageAttributes(attrs, names) {
        if (!attrs || names.length === 0)
            return undefined;
        const all = names.some((n) => n === 'All' || n === '.*');
        const out = {};
        for (const [name, value] of Object.entries(attrs)) {
            const wanted = all ||
                names.some((pattern) => pattern.endsWith('.*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name);
            if (wanted)
                out[name] = value;
        }
        return Object.keys(out).length > 0 ? out : undefined;
    }
    // --- Operations -----------------------------------------------------------------------------
    const operations = {
        CreateQueue: (input) => {
            const name = input.QueueName;
            if (name === undefined || name === null) {
                throw (0, errors_2.invalidParameter)('Value for parameter QueueName is invalid. Reason: Must specify a queue name.');
            }
            if (typeof name !== 'string')
                throw (0, errors_2.invalidParameter)('Value for parameter QueueName is invalid. Reason: must be a string.');
            if (name === '')
                throw (0, errors_2.invalidParameter)('Queue name cannot be empty');
            const raw = rawAttributes(input, 'Attributes') ?? {};
            const fifoRequested = (0, attributes_1.isFifoRequested)(raw);
            const fifo = fifoRequested === true;
            if (fifo) {
                if (!name.endsWith('.fifo') || !QUEUE_NAME.test(`${name.slice(0, -5)}_fifo`)) {
                    throw (0, errors_2.invalidParameter)('The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.');
                }
            }
            else {
                if (fifoRequested === false)
                    throw (0, errors_2.invalidAttributeName)('Unknown Attribute FifoQueue.');
                if (!QUEUE_NAME.test(name)) {
                    throw (0, errors_2.invalidParameter)('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
                }
            }
            const tags = tagsOf(input.tags, 'tags');
            const existing = model.queues.get(name);
            if (existing) {
                // Idempotent when every given attribute equals the queue's value [doc CreateQueue].
                const changes = (0, attributes_1.validateAttributes)(raw, attributeContext(existing.fifo, name, existing.attributes), true);
                for (const [key, value] of Object.entries(changes)) {
                    if ((existing.attributes[key] ?? null) !== value || (key === 'FifoQueue' && !existing.fifo)) {
                        throw new errors_1.AwsError('QueueNameExists', `A queue already exists with the same name and a different value for attribute ${key}`, 400, { queryCode: 'QueueAlreadyExists' });
                    }
                }
                if (existing.fifo !== fifo) {
                    throw new errors_1.AwsError('QueueNameExists', 'A queue already exists with the same name and a different value for attribute FifoQueue', 400, { queryCode: 'QueueAlreadyExists' });
                }
                return { QueueUrl: urlOf(name) };
            }
            const deletedAt = model.deletedAt.get(name);
            if (deletedAt !== undefined && clock.awsElapsedSince(deletedAt) < 60_000) {
                throw new errors_1.AwsError('QueueDeletedRecently', 'You must wait 60 seconds after deleting a queue before you can create another with the same name.', 400, { queryCode: 'AWS.SimpleQueueService.QueueDeletedRecently' });
            }
            const defaults = (0, attributes_1.defaultAttributes)(fifo);
            const changes = (0, attributes_1.validateAttributes)(raw, attributeContext(fifo, name, defaults), true);
            const attributes = { ...defaults };
            for (const [key, value] of Object.entries(changes)) {
                if (value === null)
                    delete attributes[key];
                else
                    attributes[key] = value;
            }
            checkTagCount(undefined, name, tags);
            model.createQueue(name, fifo, attributes, tags);
            return { QueueUrl: urlOf(name) };
        },
        DeleteQueue: (input) => {
            const queue = queueFromUrl(input);
            model.deleteQueue(queue);
            return {};
        },
        GetQueueUrl: (input) => {
            const name = input.QueueName;
            if (name === undefined || name === null || name === '')
                throw (0, errors_2.missingParameter)('QueueName');
            if (typeof name !== 'string')
                throw (0, errors_2.invalidParameter)('Value for parameter QueueName is invalid. Reason: must be a string.');
            const owner = input.QueueOwnerAWSAccountId;
            if (owner !== undefined && owner !== null && owner !== cloud.config.accountId)
                throw (0, errors_2.queueDoesNotExist)();
            if (!model.queues.has(name))
                throw (0, errors_2.queueDoesNotExist)();
            return { QueueUrl: urlOf(name) };
        },
        ListQueues: (input) => {
            const prefix = input.QueueNamePrefix;
            if (prefix !== undefined && prefix !== null && typeof prefix !== 'string') {
                throw (0, errors_2.invalidParameter)('Value for parameter QueueNamePrefix is invalid. Reason: must be a string.');
            }
            const maxResults = integer(input, 'MaxResults', 1, 1000, 'MaxResults must be an integer between 1 and 1000.');
            const names = [...model.queues.keys()].filter((n) => !prefix || n.startsWith(prefix)).sort();
            return paginate(names, input.NextToken, maxResults, (page, token) => ({
                ...(page.length > 0 ? { QueueUrls: page.map(urlOf) } : {}),
                ...(token ? { NextToken: token } : {}),
            }));
        },
        ListDeadLetterSourceQueues: (input) => {
            const dlq = queueFromUrl(input);
            const arn = model.arnOf(dlq.name);
            const maxResults = integer(input, 'MaxResults', 1, 1000, 'MaxResults must be an integer between 1 and 1000.');
            const names = [...model.queues.values()]
                .filter((q) => (0, attributes_1.parseRedrivePolicy)(q.attributes.RedrivePolicy)?.deadLetterTargetArn === arn)
                .map((q) => q.name)
                .sort();
            return paginate(names, input.NextToken, maxResults, (page, token) => ({
                queueUrls: page.map(urlOf),
                ...(token ? { NextToken: token } : {}),
            }));
        },
        GetQueueAttributes: (input) => {
            const queue = queueFromUrl(input);
            const names = stringList(input, 'AttributeNames');
            for (const name of names) {
                if (name !== 'All' && !attributes_1.QUEUE_ATTRIBUTE_NAMES.has(name))
                    throw (0, errors_2.invalidAttributeName)(`Unknown Attribute ${name}.`);
            }
            if (names.length === 0)
                return {};
            const attributes = queueAttributesView(queue, names);
            return Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
        },
        SetQueueAttributes: (input) => {
            const queue = queueFromUrl(input);
            const raw = rawAttributes(input, 'Attributes');
            if (raw === undefined)
                throw (0, errors_2.missingParameter)('Attributes');
            const changes = (0, attributes_1.validateAttributes)(raw, attributeContext(queue.fifo, queue.name, queue.attributes), false);
            if (Object.keys(changes).length > 0)
                model.setAttributes(queue, changes);
            return {};
        },
        TagQueue: (input) => {
            const queue = queueFromUrl(input);
            if (input.Tags === undefined || input.Tags === null)
                throw (0, errors_2.missingParameter)('Tags');
            const tags = tagsOf(input.Tags, 'Tags');
            checkTagCount(queue, queue.name, tags);
            if (Object.keys(tags).length > 0)
                model.tag(queue, tags);
            return {};
        },
        UntagQueue: (input) => {
            const queue = queueFromUrl(input);
            if (input.TagKeys === undefined || input.TagKeys === null)
                throw (0, errors_2.missingParameter)('TagKeys');
            const keys = stringList(input, 'TagKeys');
            if (keys.length > 0)
                model.untag(queue, keys);
            return {};
        },
        ListQueueTags: (input) => {
            const queue = queueFromUrl(input);
            return Object.keys(queue.tags).length > 0 ? { Tags: { ...queue.tags } } : {};
        },
        PurgeQueue: (input) => {
            const queue = queueFromUrl(input);
            if (queue.purgedAt !== undefined && clock.awsElapsedSince(queue.purgedAt) < 60_000) {
                throw new errors_1.AwsError('PurgeQueueInProgress', `Only one PurgeQueue operation on ${queue.name} is allowed every 60 seconds.`, 403, { queryCode: 'AWS.SimpleQueueService.PurgeQueueInProgress' });
            }
            model.purge(queue);
            return {};
        },
        SendMessage: (input, ctx) => {
            const queue = queueFromUrl(input);
            const message = checkMessage(queue, input, API_SENDER_ID, callOrigin(ctx));
            const [result] = send(queue, [message]);
            const r = result;
            return {
                MD5OfMessageBody: r.md5,
                ...(r.md5Attrs ? { MD5OfMessageAttributes: r.md5Attrs } : {}),
                ...(r.md5Sys ? { MD5OfMessageSystemAttributes: r.md5Sys } : {}),
                MessageId: r.id,
                ...(r.seq ? { SequenceNumber: r.seq } : {}),
            };
        },
        SendMessageBatch: (input, ctx) => {
            const queue = queueFromUrl(input);
            const entries = batchEntries(input, 'SendMessageBatchRequestEntry');
            let total = 0;
            for (const entry of entries)
                total += payloadBytes(entry);
            if (total > MAX_BATCH_BYTES) {
                throw (0, errors_2.batchError)('BatchRequestTooLong', 'BatchRequestTooLong', `Batch requests cannot be longer than ${MAX_BATCH_BYTES} bytes. You have sent ${total} bytes.`);
            }
            const failed = [];
            const valid = [];
            for (const entry of entries) {
                try {
                    valid.push({
                        id: entry.Id,
                        message: checkMessage(queue, entry, API_SENDER_ID, callOrigin(ctx)),
                    });
                }
                catch (error) {
                    failed.push(failure(entry.Id, error));
                }
            }
            const results = valid.length > 0
                ? send(queue, valid.map((v) => v.message))
                : [];
            return {
                Successful: results.map((r, i) => ({
                    Id: valid[i].id,
                    MessageId: r.id,
                    MD5OfMessageBody: r.md5,
                    ...(r.md5Attrs ? { MD5OfMessageAttributes: r.md5Attrs } : {}),
                    ...(r.md5Sys ? { MD5OfMessageSystemAttributes: r.md5Sys } : {}),
                    ...(r.seq ? { SequenceNumber: r.seq } : {}),
                })),
                Failed: failed,
            };
        },
        ReceiveMessage: async (input) => {
            const queue = queueFromUrl(input);
            const max = integer(input, 'MaxNumberOfMessages', 1, 10, 'Must be between 1 and 10, if provided.') ?? 1;
            const wait = integer(input, 'WaitTimeSeconds', 0, 20, 'Must be >= 0 and <= 20, if provided.') ??
                queue.int('ReceiveMessageWaitTimeSeconds');
            const visibility = integer(input, 'VisibilityTimeout', 0, 43_200, 'Must be >= 0 and <= 43200, if provided.');
            const systemNames = [
                ...stringList(input, 'AttributeNames'),
                ...stringList(input, 'MessageSystemAttributeNames'),
            ];
            const attributeNames = stringList(input, 'MessageAttributeNames');
            const attemptId = input.ReceiveRequestAttemptId;
            if (attemptId !== undefined &&
                attemptId !== null &&
                (typeof attemptId !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(attemptId))) {
                throw (0, errors_2.invalidParameter)(`Value ${String(attemptId)} for parameter ReceiveRequestAttemptId is invalid. Reason: ReceiveRequestAttemptId can only include alphanumeric and punctuation characters. 1 to 128 in length.`);
            }
            const received = await receiveWaiting(queue, max, visibility, wait, attemptId);
            if (received.length === 0)
                return {};
            const wantAll = systemNames.includes('All');
            const wanted = new Set(systemNames.filter((n) => SYSTEM_ATTRIBUTE_NAMES.has(n)));
            return {
                Messages: received.map((copy) => {
                    const msg = copy.msg;
                    let attributes;
                    if (wanted.size > 0) {
                        const all = systemAttributes(queue, copy);
                        attributes = {};
                        for (const [key, value] of Object.entries(all))
                            if (wantAll || wanted.has(key))
                                attributes[key] = value;
                    }
                    const messageAttributes = selectMessageAttributes(msg.attrs, attributeNames);
                    return {
                        MessageId: msg.id,
                        ReceiptHandle: copy.receipt,
                        MD5OfBody: msg.md5,
                        Body: msg.body,
                        ...(attributes && Object.keys(attributes).length > 0 ? { Attributes: attributes } : {}),
                        ...(messageAttributes
                            ? {
                                MD5OfMessageAttributes: (0, md5_1.md5OfAttributes)(messageAttributes),
                                MessageAttributes: messageAttributes,
                            }
                            : {}),
                    };
                }),
            };
        },
        DeleteMessage: (input) => {
            const queue = queueFromUrl(input);
            const handle = receiptHandle(input);
            const id = model.checkDelete(queue, handle);
            if (id !== undefined)
                model.deleteMessages(queue, [id]);
            return {};
        },
        DeleteMessageBatch: (input) => {
            const queue = queueFromUrl(input);
            const entries = batchEntries(input, 'DeleteMessageBatchRequestEntry');
            const successful = [];
            const failed = [];
            const ids = new Set();
            for (const entry of entries) {
                try {
                    const id = model.checkDelete(queue, receiptHandle(entry));
                    if (id !== undefined)
                        ids.add(id);
                    successful.push({ Id: entry.Id });
                }
                catch (error) {
                    failed.push(failure(entry.Id, error));
                }
            }
            model.deleteMessages(queue, [...ids]);
            return { Successful: successful, Failed: failed };
        },
        ChangeMessageVisibility: (input) => {
            const queue = queueFromUrl(input);
            const handle = receiptHandle(input);
            const seconds = visibilityTimeout(input);
            model.changeVisibility(queue, [model.checkVisibility(queue, handle, seconds)]);
            return {};
        },
        ChangeMessageVisibilityBatch: (input) => {
            const queue = queueFromUrl(input);
            const entries = batchEntries(input, 'ChangeMessageVisibilityBatchRequestEntry');
            const successful = [];
            const failed = [];
            const changes = [];
            for (const entry of entries) {
                try {
                    changes.push(model.checkVisibility(queue, receiptHandle(entry), visibilityTimeout(entry)));
                    successful.push({ Id: entry.Id });
                }
                catch (error) {
                    failed.push(failure(entry.Id, error));
                }
            }
            model.changeVisibility(queue, changes);
            return { Successful: successful, Failed: failed };
        },
    };
    function receiptHandle(input) {
        const handle = input.ReceiptHandle;
        if (handle === undefined || handle === null || handle === '')
            throw (0, errors_2.missingParameter)('ReceiptHandle');
        if (typeof handle !== 'string')
            throw (0, errors_2.invalidParameter)('Value for parameter ReceiptHandle is invalid. Reason: must be a string.');
        return handle;
    }
    function visibilityTimeout(input) {
        if (input.VisibilityTimeout === undefined || input.VisibilityTimeout === null)
            throw (0, errors_2.missingParameter)('VisibilityTimeout');
        return integer(input, 'VisibilityTimeout', 0, 43_200, 'Must be >= 0 and <= 43200, if provided.');
    }
    function failure(id, error) {
        const err = (0, errors_1.toAwsError)(error);
        return { Id: id, SenderFault: err.fault === 'Sender', Code: (0, errors_2.entryCode)(err), Message: err.message };
    }
    /** Batch-level checks AWS makes before any entry: count, id format, distinct ids. */
    function batchEntries(input, entryName) {
        const entries = input.Entries;
        if (entries === undefined || entries === null)
            throw (0, errors_2.missingParameter)('Entries');
        if (!Array.isArray(entries))
            throw (0, errors_2.invalidParameter)('Value for parameter Entries is invalid. Reason: must be a list.');
        if (entries.length === 0) {
            throw (0, errors_2.batchError)('EmptyBatchRequest', 'EmptyBatchRequest', `There should be at least one ${entryName} in the request.`);
        }
        if (entries.length > MAX_BATCH) {
            throw (0, errors_2.batchError)('TooManyEntriesInBatchRequest', 'TooManyEntriesInBatchRequest', `Maximum number of entries per request are ${MAX_BATCH}. You have sent ${entries.length}.`);
        }
        const seen = new Set();
        for (const entry of entries) {
            if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
                throw (0, errors_2.invalidParameter)('Value for parameter Entries is invalid. Reason: each entry must be a structure.');
            }
            const id = entry.Id;
            if (typeof id !== 'string' || !BATCH_ID.test(id)) {
                throw (0, errors_2.batchError)('InvalidBatchEntryId', 'InvalidBatchEntryId', 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.');
            }
            if (seen.has(id))
                throw (0, errors_2.batchError)('BatchEntryIdsNotDistinct', 'BatchEntryIdsNotDistinct', `Id ${id} repeated.`);
            seen.add(id);
        }
        return entries;
    }
    const service = {
        protocol: 'json',
        signingName: 'sqs',
        targetPrefix: 'AmazonSQS',
        jsonVersion: '1.0',
        errorTypePrefix: 'com.amazonaws.sqs#',
        queryCompatible: true,
        operations,
    };
    cloud.addService(service);
    // --- The queues port (Lambda event source mappings) ------------------------------------------
    const toReceived = (queue, copy) => ({
        messageId: copy.msg.id,
        receiptHandle: copy.receipt,
        body: copy.msg.body,
        md5OfBody: copy.msg.md5,
        attributes: systemAttributes(queue, copy),
        messageAttributes: { ...(copy.msg.attrs ?? {}) },
        ...(copy.msg.md5Attrs ? { md5OfMessageAttributes: copy.msg.md5Attrs } : {}),
        ...(copy.msg.hops !== undefined ? { hops: copy.msg.hops } : {}),
    });
    const port = {
        get(queueArn) {
            const queue = model.queueByArn(queueArn);
            if (!queue)
                return undefined;
            return {
                arn: model.arnOf(queue.name),
                url: urlOf(queue.name),
                name: queue.name,
                fifo: queue.fifo,
                visibilityTimeoutSeconds: queue.int('VisibilityTimeout'),
            };
        },
        async receive(queueArn, options) {
            const queue = queueFromArn(queueArn);
            const copies = await receiveWaiting(queue, Math.max(1, Math.min(10, options.max)), options.visibilityTimeoutSeconds, Math.max(0, Math.min(20, options.waitSeconds)));
            return copies.map((copy) => toReceived(queue, copy));
        },
        delete(queueArn, handle) {
            const queue = queueFromArn(queueArn);
            const id = model.checkDelete(queue, handle);
            if (id !== undefined)
                model.deleteMessages(queue, [id]);
        },
        changeVisibility(queueArn, handle, seconds) {
            const queue = queueFromArn(queueArn);
            if (!Number.isInteger(seconds) || seconds < 0 || seconds > 43_200) {
                throw (0, errors_2.invalidParameter)(`Value ${seconds} for parameter VisibilityTimeout is invalid. Reason: Must be >= 0 and <= 43200, if provided.`);
            }
            model.changeVisibility(queue, [model.checkVisibility(queue, handle, seconds)]);
        },
        hasVisible(queueArn) {
            const queue = model.queueByArn(queueArn);
            return queue ? model.hasVisible(queue) : false;
        },
    };
    cloud.ports.provide('queues', port);
    // --- Delivery target: SNS, EventBridge and Lambda destinations send messages here -----------
    cloud.delivery.registerTarget('sqs', {
        action: 'sqs:SendMessage',
        resourcePolicy: (arn) => model.queueByArn((0, arn_1.formatArn)(arn))?.attributes.Policy,
        deliver: (arn, payload, principal) => {
            const queueArn = (0, arn_1.formatArn)(arn);
            const queue = queueFromArn(queueArn);
            const entry = {
                MessageBody: payload.body,
                ...(payload.messageAttributes ? { MessageAttributes: payload.messageAttributes } : {}),
            };
            if (queue.fifo) {
                // Only a caller that supplies a message group id (SNS FIFO) can deliver to a FIFO queue.
                if (payload.messageGroupId === undefined) {
                    throw (0, errors_2.invalidParameter)(`The FIFO queue ${queueArn} needs a MessageGroupId; this delivery does not provide one.`);
                }
                entry.MessageGroupId = payload.messageGroupId;
                if (payload.messageDeduplicationId !== undefined)
                    entry.MessageDeduplicationId = payload.messageDeduplicationId;
            }
            const message = checkMessage(queue, entry, senderIdOf(principal), {
                ...(payload.hops !== undefined ? { hops: payload.hops } : {}),
            });
            const [result] = send(queue, [message]);
            const id = result.id;
            if (payload.traceId)
                cloud.trace.record(payload.traceId, 'sqs.delivered', { queueArn, messageId: id });
            return { id };
        },
    });
    cloud.addLifecycle({
        start: () => {
            // Restored delayed messages are pending work again.
            for (const queue of model.queues.values()) {
                const delays = [];
                for (const slot of queue.messages.values())
                    if (slot.msg.receives === 0)
                        delays.push(slot.msg.visibleAt);
                if (delays.length > 0)
                    trackDelays(queue, delays);
            }
        },
        stop: () => {
            closed = true;
            for (const timer of delayTimers)
                timer.cancel();
            delayTimers.clear();
            for (const queue of model.queues.values())
                for (const waiter of [...queue.waiters])
                    waiter();
        },
    });
    return { model, port };
}
/**
 * A call's X-Amzn-Trace-Id: SQS keeps it as the message's AWSTraceHeader, and a `Lineage=<hash>:<n>` in it
 * (a Lambda handler's SDK call forwards one) makes the message one hop further than that handler.
 */
function callOrigin(ctx) {
    const header = ctx.traceHeader;
    if (!header)
        return {};
    const lineage = /(?:^|;)\s*Lineage=([^;]+)/.exec(header)?.[1];
    let hops;
    if (lineage) {
        for (const part of lineage.split('|')) {
            const n = Number(part.split(':')[1]);
            if (Number.isInteger(n) && n >= 0)
                hops = Math.max(hops ?? 0, n + 1);
        }
    }
    return { traceHeader: header, ...(hops !== undefined ? { hops } : {}) };
}
const validTraceHeader = (header) => header.length <= 1024 && /^[\x20-\x7e]+$/.test(header);
/** Body + message attribute bytes (name, type, value) of a batch entry, however malformed. */
function payloadBytes(entry) {
    let bytes = typeof entry.MessageBody === 'string' ? Buffer.byteLength(entry.MessageBody) : 0;
    const attrs = entry.MessageAttributes;
    if (attrs && typeof attrs === 'object' && !Array.isArray(attrs)) {
        for (const [name, value] of Object.entries(attrs)) {
            bytes += Buffer.byteLength(name);
            if (!value || typeof value !== 'object')
                continue;
            const v = value;
            if (typeof v.DataType === 'string')
                bytes += Buffer.byteLength(v.DataType);
            if (typeof v.StringValue === 'string')
                bytes += Buffer.byteLength(v.StringValue);
            if (typeof v.BinaryValue === 'string')
                bytes += Buffer.from(v.BinaryValue, 'base64').length;
        }
    }
    return bytes;
}
/** SenderId of a delivery: the role's id and session for a role, a fixed AIDA id for a service. */
function senderIdOf(principal) {
    if (principal.type === 'role') {
        const name = principal.arn.split('/').pop() ?? 'role';
        return `AROALOCALCLOUDROLE0001:${name}`;
    }
    return `AIDALOCALCLOUD${principal.service.split('.')[0]?.toUpperCase() ?? 'SERVICE'}`;
}
/** NextToken is the base64 of the last name returned; results are sorted by name. */
function paginate(names, tokenInput, maxResults, shape) {
    let start = 0;
    if (tokenInput !== undefined && tokenInput !== null && tokenInput !== '') {
        const after = typeof tokenInput === 'string' ? Buffer.from(tokenInput, 'base64').toString('utf8') : '';
        if (!after.startsWith('q:'))
            throw (0, errors_2.invalidParameter)('Invalid NextToken value.');
        const last = after.slice(2);
        start = names.findIndex((n) => n > last);
        if (start < 0)
            start = names.length;
    }
    const size = maxResults ?? 1000;
    const page = names.slice(start, start + size);
    const more = maxResults !== undefined && start + size < names.length;
    const token = more ? Buffer.from(`q:${page[page.length - 1]}`, 'utf8').toString('base64') : undefined;
    return shape(page, token);
}
