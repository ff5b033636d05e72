import { parseArn } from '../../core/arn';
import { AwsError } from '../../core/errors';
import { invalidAttributeName, invalidAttributeValue, invalidParameter } from './errors';

/**
 * Queue attributes: names, defaults, validation. Values are kept as the strings the caller sent (Terraform
 * compares them byte for byte, RedrivePolicy included), after validation with AWS's errors.
 * reference/aws-wire-and-event-shapes.md §2; reference/terraform-provider-calls.md (waiter, perpetual diffs).
 */

/** Every name GetQueueAttributes accepts (besides `All`). */
export const QUEUE_ATTRIBUTE_NAMES = new Set([
  'Policy',
  'VisibilityTimeout',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'QueueArn',
  'ApproximateNumberOfMessagesDelayed',
  'DelaySeconds',
  'ReceiveMessageWaitTimeSeconds',
  'RedrivePolicy',
  'FifoQueue',
  'ContentBasedDeduplication',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'DeduplicationScope',
  'FifoThroughputLimit',
  'RedriveAllowPolicy',
  'SqsManagedSseEnabled',
]);

const READ_ONLY = new Set([
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'QueueArn',
]);

const FIFO_ONLY = new Set(['ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit']);

/** Integer attributes and their inclusive ranges [model]. */
const INTEGER_RANGES: Record<string, [number, number]> = {
  DelaySeconds: [0, 900],
  MaximumMessageSize: [1024, 1_048_576],
  MessageRetentionPeriod: [60, 1_209_600],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  VisibilityTimeout: [0, 43_200],
  KmsDataKeyReusePeriodSeconds: [60, 86_400],
};

export function defaultAttributes(fifo: boolean): Record<string, string> {
  const defaults: Record<string, string> = {
    DelaySeconds: '0',
    MaximumMessageSize: '1048576',
    MessageRetentionPeriod: '345600',
    ReceiveMessageWaitTimeSeconds: '0',
    VisibilityTimeout: '30',
    SqsManagedSseEnabled: 'true',
  };
  if (fifo) {
    defaults.FifoQueue = 'true';
    defaults.ContentBasedDeduplication = 'false';
    defaults.DeduplicationScope = 'queue';
    defaults.FifoThroughputLimit = 'perQueue';
  }
  return defaults;
}

/** What validation needs to know about another queue (a dead-letter target). */
export interface QueueRef {
  arn: string;
  fifo: boolean;
  attributes: Record<string, string>;
}

export interface AttributeContext {
  fifo: boolean;
  queueArn: string;
  /** Current attributes (defaults included) of the queue being changed. */
  current: Record<string, string>;
  findQueue(arn: string): QueueRef | undefined;
}

/** Attribute values arrive as strings; JSON numbers and booleans are accepted as their text, as AWS does. */
export function attributeText(name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return '';
  throw new AwsError(
    'SerializationException',
    `Start of structure or map found where not expected (attribute ${name}).`,
    400,
  );
}

export function isFifoRequested(raw: Record<string, string>): boolean | undefined {
  const value = raw.FifoQueue;
  if (value === undefined) return undefined;
  return value.toLowerCase() === 'true';
}

/**
 * Validates attributes for CreateQueue (`creating`) or SetQueueAttributes and returns the changes:
 * a string to store, or null to remove (an empty Policy/RedrivePolicy/RedriveAllowPolicy/KmsMasterKeyId).
 */
export function validateAttributes(
  raw: Record<string, string>,
  ctx: AttributeContext,
  creating: boolean,
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!QUEUE_ATTRIBUTE_NAMES.has(name) || READ_ONLY.has(name)) {
      throw invalidAttributeName(`Unknown Attribute ${name}.`);
    }
    if (name === 'FifoQueue') {
      if (!creating) {
        throw invalidAttributeValue(
          'Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.',
        );
      }
      if (!ctx.fifo) throw invalidAttributeName('Unknown Attribute FifoQueue.');
      out.FifoQueue = 'true';
      continue;
    }
    if (FIFO_ONLY.has(name) && !ctx.fifo) {
      if (name === 'ContentBasedDeduplication') throw invalidAttributeName(`Unknown Attribute ${name}.`);
      throw invalidAttributeName(`You can specify the ${name} only when FifoQueue is set to true.`);
    }
    const range = INTEGER_RANGES[name];
    if (range) {
      const n = /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN;
      if (!(n >= range[0] && n <= range[1])) {
        throw invalidAttributeValue(`Invalid value for the parameter ${name}.`);
      }
      out[name] = value;
      continue;
    }
    switch (name) {
      case 'ContentBasedDeduplication':
      case 'SqsManagedSseEnabled': {
        const lower = value.toLowerCase();
        if (lower !== 'true' && lower !== 'false')
          throw invalidAttributeValue(`Invalid value for the parameter ${name}.`);
        out[name] = lower;
        break;
      }
      case 'DeduplicationScope':
        if (value !== 'messageGroup' && value !== 'queue')
          throw invalidAttributeValue(`Invalid value for the parameter ${name}.`);
        out[name] = value;
        break;
      case 'FifoThroughputLimit':
        if (value !== 'perQueue' && value !== 'perMessageGroupId')
          throw invalidAttributeValue(`Invalid value for the parameter ${name}.`);
        out[name] = value;
        break;
      case 'Policy':
        out[name] = value === '' ? null : validatePolicy(value);
        break;
      case 'RedrivePolicy':
        out[name] = value === '' ? null : validateRedrivePolicy(value, ctx);
        break;
      case 'RedriveAllowPolicy':
        out[name] = value === '' ? null : validateRedriveAllowPolicy(value);
        break;
      case 'KmsMasterKeyId':
        out[name] = value === '' ? null : value;
        break;
      default:
        throw invalidAttributeName(`Unknown Attribute ${name}.`);
    }
  }
  // High-throughput FIFO: perMessageGroupId needs deduplication per message group.
  const scope = out.DeduplicationScope ?? ctx.current.DeduplicationScope;
  const limit = out.FifoThroughputLimit ?? ctx.current.FifoThroughputLimit;
  if (ctx.fifo && limit === 'perMessageGroupId' && scope !== 'messageGroup') {
    throw invalidAttributeValue(
      'Invalid value for the parameter FifoThroughputLimit. Reason: The perMessageGroupId value is allowed only when the value for DeduplicationScope is messageGroup.',
    );
  }
  // One kind of server-side encryption at a time: a KMS key turns SQS-managed SSE off.
  if (typeof out.KmsMasterKeyId === 'string') {
    if (out.SqsManagedSseEnabled === 'true') {
      throw invalidAttributeValue(
        'Invalid value for the parameter SqsManagedSseEnabled. Reason: You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.',
      );
    }
    out.SqsManagedSseEnabled ??= 'false';
  } else if (
    out.SqsManagedSseEnabled === 'true' &&
    out.KmsMasterKeyId === undefined &&
    ctx.current.KmsMasterKeyId
  ) {
    out.KmsMasterKeyId = null;
  }
  return out;
}

function validatePolicy(value: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalidAttributeValue('Invalid value for the parameter Policy.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidAttributeValue('Invalid value for the parameter Policy.');
  }
  const statement = (parsed as Record<string, unknown>).Statement;
  const statements = Array.isArray(statement) ? statement : statement === undefined ? [] : [statement];
  if (statements.length === 0 || statements.some((s) => typeof s !== 'object' || s === null)) {
    throw invalidAttributeValue('Invalid value for the parameter Policy.');
  }
  if (statements.length > 20) {
    throw invalidAttributeValue(
      `${statements.length} statements were found in the submitted policy, max allowed is 20`,
    );
  }
  return value;
}

export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

/** Parses a stored (already validated) RedrivePolicy. */
export function parseRedrivePolicy(value: string | undefined): RedrivePolicy | undefined {
  if (!value) return undefined;
  const parsed = JSON.parse(value) as { deadLetterTargetArn: string; maxReceiveCount: number | string };
  return { deadLetterTargetArn: parsed.deadLetterTargetArn, maxReceiveCount: Number(parsed.maxReceiveCount) };
}

function validateRedrivePolicy(value: string, ctx: AttributeContext): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidAttributeValue(
      'Invalid value for the parameter RedrivePolicy. Reason: Redrive policy is not a valid JSON map.',
    );
  }
  const policy = parsed as Record<string, unknown>;
  const invalid = (reason: string) =>
    invalidParameter(`Value ${value} for parameter RedrivePolicy is invalid. Reason: ${reason}`);
  for (const key of Object.keys(policy)) {
    if (key !== 'maxReceiveCount' && key !== 'deadLetterTargetArn') {
      throw invalid('Only following attributes are supported: [maxReceiveCount, deadLetterTargetArn].');
    }
  }
  if (policy.maxReceiveCount === undefined) {
    throw invalid('Redrive policy does not contain mandatory attribute: maxReceiveCount.');
  }
  if (policy.deadLetterTargetArn === undefined) {
    throw invalid('Redrive policy does not contain mandatory attribute: deadLetterTargetArn.');
  }
  const count = policy.maxReceiveCount;
  const n =
    typeof count === 'number'
      ? count
      : typeof count === 'string' && /^-?\d+$/.test(count)
        ? Number(count)
        : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 1000) {
    throw invalid(
      `Invalid value for maxReceiveCount: ${String(count)}, valid values are from 1 to 1000 both inclusive.`,
    );
  }
  const target = policy.deadLetterTargetArn;
  const arn = typeof target === 'string' ? parseArn(target) : undefined;
  if (arn?.service !== 'sqs') {
    throw invalid('Only SQS queues are valid resources for deadLetterTargetArn.');
  }
  const dlq = ctx.findQueue(target as string);
  if (!dlq) throw invalid('Dead letter target does not exist.');
  if (dlq.fifo !== ctx.fifo) throw invalid('Dead-letter queue must be same type of queue as the source..');
  if (!redriveAllowed(dlq, ctx.queueArn)) {
    throw invalid(
      `Queue ${dlq.arn} does not allow this queue to use it as a dead-letter queue (see its RedriveAllowPolicy).`,
    );
  }
  return value;
}

/** Whether a dead-letter queue's RedriveAllowPolicy lets `sourceArn` use it. */
export function redriveAllowed(dlq: QueueRef, sourceArn: string): boolean {
  const text = dlq.attributes.RedriveAllowPolicy;
  if (!text) return true;
  const policy = JSON.parse(text) as { redrivePermission: string; sourceQueueArns?: string[] };
  if (policy.redrivePermission === 'allowAll') return true;
  if (policy.redrivePermission === 'denyAll') return false;
  return (policy.sourceQueueArns ?? []).includes(sourceArn);
}

function validateRedriveAllowPolicy(value: string): string {
  const unsupported = () =>
    invalidAttributeValue(
      "Invalid value for the parameter RedriveAllowPolicy. Reason: Amazon SQS can't create the redrive allow policy, as it’s in an unsupported format.",
    );
  const invalid = (reason: string) =>
    invalidParameter(
      `Value ${value} for parameter RedriveAllowPolicy is invalid. Reason: Amazon SQS can't create the redrive allow policy. ${reason}`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw unsupported();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw unsupported();
  const policy = parsed as Record<string, unknown>;
  for (const key of Object.keys(policy)) {
    if (key !== 'redrivePermission' && key !== 'sourceQueueArns') throw unsupported();
  }
  const permission = policy.redrivePermission;
  if (permission !== 'allowAll' && permission !== 'denyAll' && permission !== 'byQueue') throw unsupported();
  const arns = policy.sourceQueueArns;
  if (arns !== undefined && (!Array.isArray(arns) || arns.some((a) => typeof a !== 'string'))) {
    throw unsupported();
  }
  if (permission === 'byQueue') {
    if (!arns || arns.length === 0) {
      throw invalid(
        'When you specify the byQueue permission type, you must also specify one or more sourceQueueArns values.',
      );
    }
    if (arns.length > 10) throw invalid('The maximum number of source queue ARNs you can specify is 10.');
  } else if (arns !== undefined) {
    throw invalid('To specify one or more source queue ARNs, you must set redrivePermission to byQueue.');
  }
  return value;
}
