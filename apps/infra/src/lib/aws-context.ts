import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { type Construct, TerraformStack } from './cdktf';

/**
 * Partition, region and account of the stack's provider, as Terraform data sources created once per
 * stack (the Terraform counterpart of CloudFormation's pseudo parameters). Resources never embed a region
 * or account literal, so the same constructs deploy to any region and to the local cloud unchanged.
 */
export class AwsContext {
  static of(scope: Construct): AwsContext {
    const stack = TerraformStack.of(scope);
    const existing = contexts.get(stack);
    if (existing) return existing;
    const created = new AwsContext(stack);
    contexts.set(stack, created);
    return created;
  }

  readonly partition: string;
  readonly region: string;
  readonly accountId: string;

  private constructor(stack: TerraformStack) {
    this.partition = new DataAwsPartition(stack, 'aws_partition').partition;
    this.region = new DataAwsRegion(stack, 'aws_region').name;
    this.accountId = new DataAwsCallerIdentity(stack, 'aws_caller_identity').accountId;
  }

  /** `arn:<partition>:<service>:<region>:<account>:<resource>` */
  arn(service: string, resource: string): string {
    return `arn:${this.partition}:${service}:${this.region}:${this.accountId}:${resource}`;
  }

  /** The account's default EventBridge bus, where Lambda's responseOnly wiring puts its records. */
  get defaultEventBusArn(): string {
    return this.arn('events', 'event-bus/default');
  }
}

const contexts = new WeakMap<TerraformStack, AwsContext>();
