import { parseArn } from '../../../core/arn';
import type { Cloud } from '../../../core/cloud';
import { AwsError } from '../../../core/errors';
import { uuid } from '../../../core/ids';
import type { QueuePort, ReceivedMessage } from '../../../core/ports';
import type { RestRequest, RestResponse, RestRoute } from '../../../core/service';
import { type CompiledPattern, compilePattern, matchesPattern } from '../../events/pattern';
import type { FunctionVersion, LambdaEngine } from '../types';
import { constraintError, epochSeconds, jsonBody, optionalInteger, optionalObject } from './http';
import { functionRef } from './names';
import { MAX_HOPS } from './queue';

/**
 * SQS event source mappings: the API (Create / Get / Update / Delete / List EventSourceMapping) and the
 * pollers. Records: reference/aws-wire-and-event-shapes.md §4; settings and Terraform's waits:
 * reference/aws-async-semantics.md §6 and reference/terraform-provider-calls.md.
 * Invocations are SYNCHRONOUS (RequestResponse): no retries, destinations or DLQ of the async path; a failed
 * batch stays in the queue and reappears after the visibility timeout (the queue's redrive policy applies).
 */

export interface EventSourceMapping {
  uuid: string;
  functionName: string;
  /** The qualifier named in FunctionName, if any. */
  qualifier?: string;
  eventSourceArn: string;
  batchSize: number;
  maximumBatchingWindowInSeconds: number;
  functionResponseTypes: string[];
  enabled: boolean;
  maximumConcurrency?: number;
  /** Filters as given (Pattern is JSON text). */
  filters?: Array<{ Pattern: string }>;
  tags?: Record<string, string>;
  /** Wall-clock epoch ms. */
  lastModified: number;
}

type MappingRecord = { o: 'put'; m: EventSourceMapping } | { o: 'del'; uuid: string };

export const ESM_NAMESPACE = 'lambda-event-source-mappings';

/** AWS starts SQS event sources with five concurrent pollers; ScalingConfig.MaximumConcurrency caps it. */
const DEFAULT_POLLERS = 5;
const MAX_POLLERS = 10;
/** ESM receives use the maximum long poll. */
const LONG_POLL_SECONDS = 20;
/** Synchronous invocation payload limit (6 MB). */
const SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024;

/** Parameters that do not apply to SQS event sources: refused instead of stored and ignored. */
const NOT_FOR_SQS = [
  'StartingPosition',
  'StartingPositionTimestamp',
  'ParallelizationFactor',
  'DestinationConfig',
  'MaximumRecordAgeInSeconds',
  'BisectBatchOnFunctionError',
  'MaximumRetryAttempts',
  'TumblingWindowInSeconds',
  'Topics',
  'Queues',
  'SourceAccessConfigurations',
  'SelfManagedEventSource',
  'AmazonManagedKafkaEventSourceConfig',
  'SelfManagedKafkaEventSourceConfig',
  'DocumentDBEventSourceConfig',
  'ProvisionedPollerConfig',
];

export class EventSourceMappings {
  private readonly mappings = new Map<string, EventSourceMapping>();
  private readonly pollers = new Map<string, Poller>();
  private readonly compiled = new Map<string, CompiledPattern[]>();
  private started = false;
  private stopped = false;

  constructor(
    private readonly cloud: Cloud,
    private readonly engine: LambdaEngine,
  ) {
    cloud.store.register<MappingRecord>(ESM_NAMESPACE, {
      apply: (record) => {
        if (record.o === 'put') this.mappings.set(record.m.uuid, record.m);
        else this.mappings.delete(record.uuid);
        this.compiled.delete(record.o === 'put' ? record.m.uuid : record.uuid);
      },
      snapshot: () => [...this.mappings.values()],
      restore: (state) => {
        this.mappings.clear();
        for (const mapping of state as EventSourceMapping[]) this.mappings.set(mapping.uuid, mapping);
      },
    });
    // settle waits while a mapped queue has messages a poller would pick up.
    cloud.clock.addBusyProbe(() => this.hasDueWork());
  }

  get(id: string): EventSourceMapping | undefined {
    return this.mappings.get(id);
  }

  all(): EventSourceMapping[] {
    return [...this.mappings.values()];
  }

  start(): void {
    if (this.stopped) return;
    this.started = true;
    for (const mapping of this.mappings.values()) this.sync(mapping.uuid);
  }

  stop(): void {
    this.stopped = true;
    this.started = false;
    for (const poller of this.pollers.values()) poller.stop();
    this.pollers.clear();
  }

  put(mapping: EventSourceMapping): void {
    this.cloud.store.commit<MappingRecord>(ESM_NAMESPACE, { o: 'put', m: mapping });
    this.sync(mapping.uuid);
  }

  delete(id: string): void {
    this.cloud.store.commit<MappingRecord>(ESM_NAMESPACE, { o: 'del', uuid: id });
    this.sync(id);
  }

  filtersOf(mapping: EventSourceMapping): CompiledPattern[] | undefined {
    if (!mapping.filters || mapping.filters.length === 0) return undefined;
    let compiled = this.compiled.get(mapping.uuid);
    if (!compiled) {
      compiled = mapping.filters.map((filter) => compilePattern(filter.Pattern));
      this.compiled.set(mapping.uuid, compiled);
    }
    return compiled;
  }

  /** Starts, restarts or stops the pollers of one mapping to match its stored state. */
  private sync(id: string): void {
    const existing = this.pollers.get(id);
    if (existing) {
      existing.stop();
      this.pollers.delete(id);
    }
    if (!this.started) return;
    const mapping = this.mappings.get(id);
    if (!mapping?.enabled || !this.cloud.ports.has('queues')) return;
    const poller = new Poller(this.cloud, this.engine, this, mapping);
    this.pollers.set(id, poller);
    poller.start();
  }

  private hasDueWork(): boolean {
    if (!this.started || !this.cloud.ports.has('queues')) return false;
    const queues = this.cloud.ports.get('queues');
    for (const mapping of this.mappings.values()) {
      if (!mapping.enabled) continue;
      const poller = this.pollers.get(mapping.uuid);
      if (!poller || poller.blocked) continue;
      if (!this.engine.resolve(mapping.functionName, mapping.qualifier)) continue;
      if (queues.hasVisible(mapping.eventSourceArn)) return true;
    }
    return false;
  }
}

/** The SQS record of one message (wire §4): field order as AWS sends it. */
export function sqsRecord(
  message: ReceivedMessage,
  queueArn: string,
  region: string,
): Record<string, unknown> {
  const messageAttributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(message.messageAttributes)) {
    const attribute: Record<string, unknown> = {};
    if (value.BinaryValue !== undefined) attribute.binaryValue = value.BinaryValue;
    else attribute.stringValue = value.StringValue;
    attribute.stringListValues = [];
    attribute.binaryListValues = [];
    attribute.dataType = value.DataType;
    messageAttributes[name] = attribute;
  }
  const record: Record<string, unknown> = {
    messageId: message.messageId,
    receiptHandle: message.receiptHandle,
    body: message.body,
    attributes: message.attributes,
    messageAttributes,
  };
  // md5OfMessageAttributes appears only when there are attributes.
  if (message.md5OfMessageAttributes && Object.keys(message.messageAttributes).length > 0) {
    record.md5OfMessageAttributes = message.md5OfMessageAttributes;
  }
  record.md5OfBody = message.md5OfBody;
  record.eventSource = 'aws:sqs';
  record.eventSourceARN = queueArn;
  record.awsRegion = region;
  return record;
}

/**
 * Partial batch response (wire §4, DG services-sqs-errorhandling): success on an empty/null list or response;
 * the whole batch fails on invalid JSON or an itemIdentifier that is empty, null, mis-keyed or unknown.
 * Returns the message ids to keep in the queue, or 'all'.
 */
export function failedItems(responseText: string, messageIds: Set<string>): Set<string> | 'all' {
  const trimmed = responseText.trim();
  if (trimmed === '' || trimmed === 'null') return new Set();
  let response: unknown;
  try {
    response = JSON.parse(trimmed);
  } catch {
    return 'all';
  }
  if (response === null || typeof response !== 'object' || Array.isArray(response)) return new Set();
  const list = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (list === undefined || list === null) return new Set();
  if (!Array.isArray(list)) return 'all';
  const failed = new Set<string>();
  for (const item of list) {
    if (!item || typeof item !== 'object') return 'all';
    const id = (item as { itemIdentifier?: unknown }).itemIdentifier;
    if (typeof id !== 'string' || id === '' || !messageIds.has(id)) return 'all';
    failed.add(id);
  }
  return failed;
}

/** Content-based filtering: a JSON body is matched as JSON, anything else as a string (DG invocation-eventfiltering). */
function filterView(record: Record<string, unknown>): Record<string, unknown> {
  const body = record.body as string;
  let parsed: unknown = body;
  try {
    const value = JSON.parse(body);
    if (value !== null && typeof value === 'object') parsed = value;
  } catch {
    // plain string body
  }
  return { ...record, body: parsed };
}

class Poller {
  private running = false;
  private missing = false;
  private throttled = false;

  constructor(
    private readonly cloud: Cloud,
    private readonly engine: LambdaEngine,
    private readonly owner: EventSourceMappings,
    private readonly mapping: EventSourceMapping,
  ) {}

  /** True while the function is throttled or missing, so `settle` does not wait on a queue we cannot drain. */
  get blocked(): boolean {
    return this.missing || this.throttled;
  }

  start(): void {
    this.running = true;
    const workers = Math.min(this.mapping.maximumConcurrency ?? DEFAULT_POLLERS, MAX_POLLERS);
    for (let i = 0; i < workers; i++) {
      this.loop().catch((error: unknown) => {
        process.stderr.write(
          `local-cloud: event source mapping ${this.mapping.uuid} poller failed: ${(error as Error)?.stack ?? error}\n`,
        );
      });
    }
  }

  stop(): void {
    this.running = false;
  }

  private async loop(): Promise<void> {
    const queues = this.cloud.ports.get('queues');
    while (this.running) {
      const fn = this.engine.resolve(this.mapping.functionName, this.mapping.qualifier);
      if (!fn || !queues.get(this.mapping.eventSourceArn)) {
        this.missing = true;
        await this.cloud.clock.sleep(1000);
        continue;
      }
      this.missing = false;
      const first = await queues.receive(this.mapping.eventSourceArn, {
        max: Math.min(10, this.mapping.batchSize),
        waitSeconds: LONG_POLL_SECONDS,
      });
      if (first.length === 0) continue;
      if (!this.running) {
        // Stopped or reconfigured while polling: hand the messages back at once.
        for (const message of first)
          queues.changeVisibility(this.mapping.eventSourceArn, message.receiptHandle, 0);
        return;
      }
      const pause = await this.cloud.clock.track(this.batch(queues, fn, first));
      if (pause > 0) await this.cloud.clock.sleep(pause);
    }
  }

  /** Gathers, filters and invokes one batch; returns an AWS-ms pause before the next poll (backoff). */
  private async batch(queues: QueuePort, fn: FunctionVersion, first: ReceivedMessage[]): Promise<number> {
    const mapping = this.mapping;
    const messages = [...first];
    let bytes = messages.reduce((sum, m) => sum + m.body.length, 0);
    if (mapping.maximumBatchingWindowInSeconds > 0 && messages.length < mapping.batchSize) {
      const started = this.cloud.clock.now();
      const windowMs = mapping.maximumBatchingWindowInSeconds * 1000;
      while (this.running && messages.length < mapping.batchSize && bytes < SYNC_PAYLOAD_LIMIT / 2) {
        const remainingMs = windowMs - this.cloud.clock.awsElapsedSince(started);
        if (remainingMs <= 0) break;
        const more = await queues.receive(mapping.eventSourceArn, {
          max: Math.min(10, mapping.batchSize - messages.length),
          waitSeconds: Math.min(LONG_POLL_SECONDS, remainingMs / 1000),
        });
        messages.push(...more);
        bytes += more.reduce((sum, m) => sum + m.body.length, 0);
      }
    }
    const region = parseArn(mapping.eventSourceArn)?.region ?? this.cloud.config.region;
    const requestId = uuid();
    const records: Record<string, unknown>[] = [];
    const loopStopped: string[] = [];
    const filters = this.owner.filtersOf(mapping);
    const filteredOut: ReceivedMessage[] = [];
    for (const message of messages) {
      if ((message.hops ?? 0) >= MAX_HOPS && this.recursiveLoop(fn) !== 'Allow') {
        loopStopped.push(message.messageId);
        continue;
      }
      const record = sqsRecord(message, mapping.eventSourceArn, region);
      if (filters && !filters.some((pattern) => matchesPattern(pattern, filterView(record)))) {
        filteredOut.push(message);
        continue;
      }
      records.push(record);
    }
    // Messages that match no filter are deleted from the queue (DG invocation-eventfiltering, SQS).
    for (const message of filteredOut) queues.delete(mapping.eventSourceArn, message.receiptHandle);
    if (loopStopped.length > 0) {
      // Terminate: not invoked; left in the queue, so its redrive policy moves them aside.
      this.cloud.trace.record(requestId, 'recursive-loop', {
        mapping: mapping.uuid,
        queue: mapping.eventSourceArn,
        messageIds: loopStopped,
        action: 'Terminate',
      });
      process.stderr.write(
        `local-cloud: event source mapping ${mapping.uuid}: recursive loop detected, ${loopStopped.length} message(s) not delivered to ${fn.functionName}\n`,
      );
    }
    if (records.length === 0) return 0;
    const ids = new Set(records.map((record) => record.messageId as string));
    this.cloud.trace.record(requestId, 'esm-batch', {
      mapping: mapping.uuid,
      queue: mapping.eventSourceArn,
      function: fn.functionArn,
      size: records.length,
      messageIds: [...ids],
      ...(filteredOut.length > 0 ? { filteredOut: filteredOut.length } : {}),
    });
    const started = this.cloud.clock.now();
    let responseText: string;
    try {
      const outcome = await this.engine.invoke(fn, Buffer.from(JSON.stringify({ Records: records })), {
        requestId,
        invocationType: 'RequestResponse',
        hops: messages.reduce((max, m) => Math.max(max, m.hops ?? 0), 0),
        ...(mapping.qualifier ? { qualifier: mapping.qualifier } : {}),
      });
      this.throttled = false;
      if (outcome.functionError) {
        this.cloud.trace.record(requestId, 'esm-result', {
          outcome: 'FunctionError',
          errorType: outcome.errorType,
          errorMessage: outcome.errorMessage,
          durationMs: outcome.durationMs,
          kept: ids.size,
        });
        return 0;
      }
      responseText = outcome.payload.toString('utf8');
    } catch (error) {
      // Throttle or system error: the batch returns to the queue after its visibility timeout; back off.
      const err = error instanceof AwsError ? error : undefined;
      this.throttled = err?.status === 429;
      this.cloud.trace.record(requestId, 'esm-result', {
        outcome: err?.status === 429 ? 'Throttled' : 'SystemError',
        errorType: err?.code ?? 'ServiceException',
        errorMessage: (error as Error)?.message ?? String(error),
        durationMs: this.cloud.clock.now() - started,
        kept: ids.size,
      });
      return 1000;
    }
    let keep: Set<string> | 'all' = new Set();
    if (mapping.functionResponseTypes.includes('ReportBatchItemFailures'))
      keep = failedItems(responseText, ids);
    if (keep === 'all') {
      this.cloud.trace.record(requestId, 'esm-result', {
        outcome: 'InvalidBatchItemFailures',
        kept: ids.size,
        response: responseText.slice(0, 1024),
      });
      return 0;
    }
    const keptIds = keep;
    let deleted = 0;
    for (const message of messages) {
      if (!ids.has(message.messageId) || keptIds.has(message.messageId)) continue;
      queues.delete(mapping.eventSourceArn, message.receiptHandle);
      deleted++;
    }
    this.cloud.trace.record(requestId, 'esm-result', {
      outcome: keptIds.size > 0 ? 'PartialBatchFailure' : 'Success',
      deleted,
      kept: keptIds.size,
      ...(keptIds.size > 0 ? { failedMessageIds: [...keptIds] } : {}),
    });
    return 0;
  }

  private recursiveLoop(fn: FunctionVersion): 'Allow' | 'Terminate' {
    const fromEngine = (
      this.engine as { recursiveLoop?: (name: string) => string | undefined }
    ).recursiveLoop?.(fn.functionName);
    const fromVersion = (fn as FunctionVersion & { recursiveLoop?: string }).recursiveLoop;
    return (fromEngine ?? fromVersion) === 'Allow' ? 'Allow' : 'Terminate';
  }
}

// ------------------------------------------------------------------------------------------------------
// API

function emptyish(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return true;
  if (Array.isArray(value)) return value.every(emptyish);
  if (typeof value === 'object') return Object.values(value as object).every(emptyish);
  return false;
}

const NOT_FOUND = (): AwsError =>
  new AwsError('ResourceNotFoundException', 'The resource you requested does not exist.', 404);

export function eventSourceMappingRoutes(
  cloud: Cloud,
  engine: LambdaEngine,
  mappings: EventSourceMappings,
): RestRoute[] {
  const base = '/2015-03-31/event-source-mappings';

  const output = (mapping: EventSourceMapping, state?: string): Record<string, unknown> => {
    const fn = engine.resolve(mapping.functionName);
    const functionArn = `${fn?.functionArn ?? cloud.arn('lambda', `function:${mapping.functionName}`)}${mapping.qualifier ? `:${mapping.qualifier}` : ''}`;
    const out: Record<string, unknown> = {
      UUID: mapping.uuid,
      BatchSize: mapping.batchSize,
      MaximumBatchingWindowInSeconds: mapping.maximumBatchingWindowInSeconds,
      EventSourceArn: mapping.eventSourceArn,
    };
    if (mapping.filters) out.FilterCriteria = { Filters: mapping.filters };
    out.FunctionArn = functionArn;
    out.LastModified = epochSeconds(mapping.lastModified);
    out.State = state ?? (mapping.enabled ? 'Enabled' : 'Disabled');
    out.StateTransitionReason = 'USER_INITIATED';
    out.FunctionResponseTypes = mapping.functionResponseTypes;
    if (mapping.maximumConcurrency !== undefined)
      out.ScalingConfig = { MaximumConcurrency: mapping.maximumConcurrency };
    out.EventSourceMappingArn = cloud.arn('lambda', `event-source-mapping:${mapping.uuid}`);
    return out;
  };

  const refuseNonSqs = (input: Record<string, unknown>): void => {
    for (const name of NOT_FOR_SQS) {
      // Empty values (false, 0, [], {}) are what some clients send for "unset"; only real settings are refused.
      if (!emptyish(input[name])) {
        throw new AwsError(
          'InvalidParameterValueException',
          `local-cloud: ${name} does not apply to Amazon SQS event sources (only SQS event source mappings are emulated).`,
          400,
        );
      }
    }
    if (input.KMSKeyArn || input.MetricsConfig || input.LoggingConfig) {
      throw new AwsError(
        'InvalidParameterValueException',
        'local-cloud: KMSKeyArn, MetricsConfig and LoggingConfig of event source mappings are not emulated.',
        400,
      );
    }
  };

  const readFunction = (value: unknown): { fn: FunctionVersion; qualifier: string | undefined } => {
    if (typeof value !== 'string' || value === '') {
      throw new AwsError('InvalidParameterValueException', 'FunctionName is required.', 400);
    }
    const ref = functionRef(value, undefined);
    const fn = engine.resolve(ref.name, ref.qualifier);
    if (!fn) {
      throw new AwsError(
        'ResourceNotFoundException',
        `Function not found: ${cloud.arn('lambda', `function:${ref.name}${ref.qualifier ? `:${ref.qualifier}` : ''}`)}`,
        404,
      );
    }
    return { fn, qualifier: ref.qualifier };
  };

  const readFilters = (input: Record<string, unknown>): Array<{ Pattern: string }> | undefined => {
    const criteria = optionalObject(input, 'FilterCriteria');
    if (!criteria) return undefined;
    const filters = criteria.Filters;
    if (filters === undefined || filters === null) return undefined;
    if (!Array.isArray(filters))
      throw new AwsError('InvalidParameterValueException', 'Invalid filter pattern definition.', 400);
    if (filters.length === 0) return undefined;
    const out: Array<{ Pattern: string }> = [];
    for (const filter of filters) {
      const pattern = (filter as { Pattern?: unknown })?.Pattern;
      if (typeof pattern !== 'string') {
        throw new AwsError('InvalidParameterValueException', 'Invalid filter pattern definition.', 400);
      }
      try {
        const parsed = JSON.parse(pattern);
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        compilePattern(pattern);
      } catch {
        // Recorded AWS answer for a malformed pattern (LocalStack `test_sqs_invalid_event_filter`).
        throw new AwsError('InvalidParameterValueException', 'Invalid filter pattern definition.', 400);
      }
      out.push({ Pattern: pattern });
    }
    return out;
  };

  const readResponseTypes = (input: Record<string, unknown>): string[] | undefined => {
    const value = input.FunctionResponseTypes;
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.some((item) => item !== 'ReportBatchItemFailures')) {
      throw constraintError(
        value,
        'functionResponseTypes',
        'Member must satisfy enum value set: [ReportBatchItemFailures]',
      );
    }
    return [...new Set(value as string[])];
  };

  const readScaling = (input: Record<string, unknown>): { set: boolean; value: number | undefined } => {
    const scaling = optionalObject(input, 'ScalingConfig');
    if (!scaling) return { set: input.ScalingConfig !== undefined, value: undefined };
    return {
      set: true,
      value: optionalInteger(scaling, 'MaximumConcurrency', 'scalingConfig.maximumConcurrency', 2, 1000),
    };
  };

  const checkBatching = (batchSize: number, window: number, fifo: boolean): void => {
    if (fifo && batchSize > 10) {
      throw new AwsError(
        'InvalidParameterValueException',
        'Batch size for FIFO queues must be between 1 and 10.',
        400,
      );
    }
    if (batchSize > 10 && window < 1) {
      throw new AwsError(
        'InvalidParameterValueException',
        'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10',
        400,
      );
    }
  };

  /** The role must allow the poller's calls on the queue (checked at creation, like AWS). */
  const checkRole = (fn: FunctionVersion, queueArn: string): void => {
    const authorizer = cloud.delivery.getAuthorizer();
    if (!authorizer) return;
    for (const action of ['ReceiveMessage', 'DeleteMessage', 'GetQueueAttributes']) {
      if (!authorizer.roleAllows(fn.role, `sqs:${action}`, queueArn).allowed) {
        throw new AwsError(
          'InvalidParameterValueException',
          `The provided execution role does not have permissions to call ${action} on SQS`,
          400,
        );
      }
    }
  };

  const create = (request: RestRequest): RestResponse => {
    const input = jsonBody(request);
    refuseNonSqs(input);
    const sourceArn = input.EventSourceArn;
    if (typeof sourceArn !== 'string' || sourceArn === '') {
      throw new AwsError('InvalidParameterValueException', 'Unrecognized event source.', 400);
    }
    const parsed = parseArn(sourceArn);
    if (!parsed) {
      throw constraintError(
        sourceArn,
        'eventSourceArn',
        'Member must satisfy regular expression pattern: arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}(-gov)?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)',
      );
    }
    if (parsed.service !== 'sqs') {
      throw new AwsError(
        'InvalidParameterValueException',
        `local-cloud: only Amazon SQS event source mappings are emulated (got ${parsed.service}).`,
        400,
      );
    }
    const { fn, qualifier } = readFunction(input.FunctionName);
    const batchSize = optionalInteger(input, 'BatchSize', 'batchSize', 1, 10_000) ?? 10;
    const window =
      optionalInteger(input, 'MaximumBatchingWindowInSeconds', 'maximumBatchingWindowInSeconds', 0, 300) ?? 0;
    const filters = readFilters(input);
    const responseTypes = readResponseTypes(input) ?? [];
    const scaling = readScaling(input);
    const enabled = input.Enabled === undefined || input.Enabled === null ? true : input.Enabled === true;
    if (!cloud.ports.has('queues')) {
      throw new AwsError('ServiceException', 'local-cloud: the SQS service is not installed.', 500);
    }
    const queue = cloud.ports.get('queues').get(sourceArn);
    if (!queue) {
      throw new AwsError(
        'InvalidParameterValueException',
        'Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist or you do not have access to it.',
        400,
      );
    }
    checkBatching(batchSize, window, queue.fifo);
    for (const existing of mappings.all()) {
      if (
        existing.eventSourceArn === sourceArn &&
        existing.functionName === fn.functionName &&
        existing.qualifier === qualifier
      ) {
        throw new AwsError(
          'ResourceConflictException',
          `The event source arn (" ${sourceArn} ") and function (" ${fn.functionName} ") provided mapping already exists. Please update or delete the existing mapping with UUID ${existing.uuid}`,
          409,
        );
      }
    }
    checkRole(fn, sourceArn);
    const mapping: EventSourceMapping = {
      uuid: uuid(),
      functionName: fn.functionName,
      eventSourceArn: sourceArn,
      batchSize,
      maximumBatchingWindowInSeconds: window,
      functionResponseTypes: responseTypes,
      enabled,
      lastModified: Date.now(),
    };
    if (qualifier) mapping.qualifier = qualifier;
    if (scaling.value !== undefined) mapping.maximumConcurrency = scaling.value;
    if (filters) mapping.filters = filters;
    const tags = optionalObject(input, 'Tags');
    if (tags) mapping.tags = tags as Record<string, string>;
    mappings.put(mapping);
    // AWS answers "Creating" and reaches Enabled moments later (Terraform waits for it); here it is Enabled
    // by the next read.
    return { status: 202, body: output(mapping, 'Creating') };
  };

  const get = (request: RestRequest): RestResponse => {
    const mapping = mappings.get(request.params.UUID as string);
    if (!mapping) throw NOT_FOUND();
    return { status: 200, body: output(mapping) };
  };

  const update = (request: RestRequest): RestResponse => {
    const existing = mappings.get(request.params.UUID as string);
    if (!existing) throw NOT_FOUND();
    const input = jsonBody(request);
    refuseNonSqs(input);
    const next: EventSourceMapping = { ...existing, lastModified: Date.now() };
    if (input.FunctionName !== undefined && input.FunctionName !== null) {
      const { fn, qualifier } = readFunction(input.FunctionName);
      next.functionName = fn.functionName;
      if (qualifier) next.qualifier = qualifier;
      else delete next.qualifier;
      checkRole(fn, next.eventSourceArn);
    }
    const batchSize = optionalInteger(input, 'BatchSize', 'batchSize', 1, 10_000);
    if (batchSize !== undefined) next.batchSize = batchSize;
    const window = optionalInteger(
      input,
      'MaximumBatchingWindowInSeconds',
      'maximumBatchingWindowInSeconds',
      0,
      300,
    );
    if (window !== undefined) next.maximumBatchingWindowInSeconds = window;
    if (input.FilterCriteria !== undefined) {
      const filters = readFilters(input);
      if (filters) next.filters = filters;
      else delete next.filters;
    }
    const responseTypes = readResponseTypes(input);
    if (responseTypes) next.functionResponseTypes = responseTypes;
    const scaling = readScaling(input);
    if (scaling.set) {
      if (scaling.value !== undefined) next.maximumConcurrency = scaling.value;
      else delete next.maximumConcurrency;
    }
    if (input.Enabled !== undefined && input.Enabled !== null) next.enabled = input.Enabled === true;
    const queue = cloud.ports.has('queues') ? cloud.ports.get('queues').get(next.eventSourceArn) : undefined;
    checkBatching(next.batchSize, next.maximumBatchingWindowInSeconds, queue?.fifo ?? false);
    mappings.put(next);
    const state = next.enabled === existing.enabled ? 'Updating' : next.enabled ? 'Enabling' : 'Disabling';
    return { status: 202, body: output(next, state) };
  };

  const remove = (request: RestRequest): RestResponse => {
    const existing = mappings.get(request.params.UUID as string);
    if (!existing) throw NOT_FOUND();
    mappings.delete(existing.uuid);
    // Terraform waits for the 404 that follows.
    return { status: 202, body: output(existing, 'Deleting') };
  };

  const list = (request: RestRequest): RestResponse => {
    const functionName = request.query.get('FunctionName');
    const sourceArn = request.query.get('EventSourceArn');
    let all = mappings.all();
    if (functionName) {
      const ref = functionRef(functionName, undefined);
      all = all.filter(
        (m) => m.functionName === ref.name && (ref.qualifier === undefined || m.qualifier === ref.qualifier),
      );
    }
    if (sourceArn) all = all.filter((m) => m.eventSourceArn === sourceArn);
    const maxItemsText = request.query.get('MaxItems');
    const maxItems = maxItemsText ? Math.max(1, Math.min(10_000, Number(maxItemsText) || 100)) : 100;
    const marker = request.query.get('Marker');
    const start = marker ? Number(Buffer.from(marker, 'base64').toString('utf8')) || 0 : 0;
    const page = all.slice(start, start + maxItems).map((m) => output(m));
    const body: Record<string, unknown> = { EventSourceMappings: page };
    if (start + maxItems < all.length)
      body.NextMarker = Buffer.from(String(start + maxItems)).toString('base64');
    return { status: 200, body };
  };

  return [
    { method: 'POST', path: base, operation: 'CreateEventSourceMapping', handler: create },
    { method: 'GET', path: base, operation: 'ListEventSourceMappings', handler: list },
    { method: 'GET', path: `${base}/{UUID}`, operation: 'GetEventSourceMapping', handler: get },
    { method: 'PUT', path: `${base}/{UUID}`, operation: 'UpdateEventSourceMapping', handler: update },
    { method: 'DELETE', path: `${base}/{UUID}`, operation: 'DeleteEventSourceMapping', handler: remove },
  ];
}
