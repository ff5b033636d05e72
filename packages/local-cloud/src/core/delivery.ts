import { type Arn, parseArn } from './arn';
import { AwsError } from './errors';

/**
 * The one door services use to reach each other: SNS → SQS, EventBridge → Lambda, Lambda → its
 * destinations and DLQ all call `deliver(targetArn, ...)`. Permissions are checked here, the way AWS
 * checks them: a role principal needs an identity policy allowing the action on the target; a service
 * principal (sns.amazonaws.com, events.amazonaws.com) needs the target's resource policy to allow it.
 */
export type Principal =
  | { type: 'role'; arn: string }
  | { type: 'service'; service: string; sourceArn: string; sourceAccount?: string };

export interface MessageAttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

export interface DeliveryPayload {
  /** The message body, event JSON or function payload, exactly as bytes will be delivered. */
  body: string;
  messageAttributes?: Record<string, MessageAttributeValue>;
  /** SNS subject. */
  subject?: string;
  /** EventBridge PutEvents fields when the target is an event bus. */
  event?: { source: string; detailType: string; resources: string[] };
  /** How many hops of Lambda/SQS/SNS this payload has travelled (recursive-loop guard). */
  hops?: number;
  /** The request id whose trace this delivery belongs to. */
  traceId?: string;
  /** FIFO targets (an SQS FIFO queue): the message group, required there, and an optional deduplication id. */
  messageGroupId?: string;
  messageDeduplicationId?: string;
}

export interface DeliveryResult {
  /** Message id, event id or request id the target assigned. */
  id?: string;
}

export interface DeliveryTarget {
  /** The IAM action a role needs to reach this target (e.g. `sqs:SendMessage`). */
  action: string;
  /** The resource policy document of the target, if it has one (queue policy, topic policy, function policy). */
  resourcePolicy(arn: Arn): string | undefined;
  /** Throws AwsError when the target does not exist or refuses the payload. */
  deliver(arn: Arn, payload: DeliveryPayload, principal: Principal): Promise<DeliveryResult> | DeliveryResult;
}

/** Decisions on identity and resource policies; the IAM service provides it. */
export interface Authorizer {
  roleAllows(roleArn: string, action: string, resourceArn: string): { allowed: boolean; reason: string };
  resourcePolicyAllows(
    policy: string | undefined,
    principal: Principal,
    action: string,
    resourceArn: string,
  ): { allowed: boolean; reason: string };
}

export class Delivery {
  private readonly targets = new Map<string, DeliveryTarget>();
  private authorizer: Authorizer | undefined;

  registerTarget(service: string, target: DeliveryTarget): void {
    this.targets.set(service, target);
  }

  setAuthorizer(authorizer: Authorizer): void {
    this.authorizer = authorizer;
  }

  getAuthorizer(): Authorizer | undefined {
    return this.authorizer;
  }

  /** The action a principal needs to deliver to this ARN's service, if the service is a known target. */
  actionFor(targetArn: string): string | undefined {
    const arn = parseArn(targetArn);
    return arn ? this.targets.get(arn.service)?.action : undefined;
  }

  /** Checks permission without delivering (used at configuration time, e.g. PutFunctionEventInvokeConfig). */
  check(targetArn: string, principal: Principal): { allowed: boolean; reason: string } {
    const arn = parseArn(targetArn);
    if (!arn) return { allowed: false, reason: `invalid ARN ${targetArn}` };
    const target = this.targets.get(arn.service);
    if (!target) return { allowed: false, reason: `unsupported destination service ${arn.service}` };
    return this.authorize(arn, target, principal, targetArn);
  }

  async deliver(targetArn: string, payload: DeliveryPayload, principal: Principal): Promise<DeliveryResult> {
    const arn = parseArn(targetArn);
    if (!arn) throw new AwsError('InvalidParameterValue', `Invalid target ARN: ${targetArn}`, 400);
    const target = this.targets.get(arn.service);
    if (!target) throw new AwsError('UnsupportedTarget', `No local delivery to service ${arn.service}`, 400);
    const decision = this.authorize(arn, target, principal, targetArn);
    if (!decision.allowed) {
      throw new AwsError('AccessDenied', decision.reason, 403);
    }
    return target.deliver(arn, payload, principal);
  }

  private authorize(
    arn: Arn,
    target: DeliveryTarget,
    principal: Principal,
    targetArn: string,
  ): { allowed: boolean; reason: string } {
    if (!this.authorizer) return { allowed: true, reason: 'no authorizer installed' };
    if (principal.type === 'role') {
      const decision = this.authorizer.roleAllows(principal.arn, target.action, targetArn);
      if (decision.allowed) return decision;
      return {
        allowed: false,
        reason: `${principal.arn} is not authorized to perform: ${target.action} on resource: ${targetArn} (${decision.reason})`,
      };
    }
    const decision = this.authorizer.resourcePolicyAllows(
      target.resourcePolicy(arn),
      principal,
      target.action,
      targetArn,
    );
    if (decision.allowed) return decision;
    return {
      allowed: false,
      reason: `${principal.service} is not authorized to perform: ${target.action} on resource: ${targetArn} (${decision.reason})`,
    };
  }
}
