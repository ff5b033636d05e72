import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import type { HandlerBundle } from '../lib/bundles';
import { Construct, type IResolveContext, Lazy } from '../lib/cdktf';
import { allow, assumeRolePolicy, type PolicyStatement, policyDocument } from '../lib/iam';
import { CodeBucket } from './code-bucket';

/** The retention values CloudWatch Logs accepts. */
export type LogRetentionDays =
  | 1
  | 3
  | 5
  | 7
  | 14
  | 30
  | 60
  | 90
  | 120
  | 150
  | 180
  | 365
  | 400
  | 545
  | 731
  | 1096
  | 1827
  | 2192
  | 2557
  | 2922
  | 3288
  | 3653;

export const LAMBDA_RUNTIME = 'nodejs20.x';

export interface BundledFunctionProps {
  /** Physical name, already prefixed (see `lib/naming`). */
  readonly functionName: string;
  /** The zip built by `@lambda-chain/handlers`. */
  readonly bundle: HandlerBundle;
  readonly description?: string;
  /** MB; default 256. */
  readonly memorySize?: number;
  /** Seconds; default 10. */
  readonly timeoutSeconds?: number;
  readonly environment?: Readonly<Record<string, string>>;
  /** Omitted: the function uses the account's unreserved concurrency. */
  readonly reservedConcurrentExecutions?: number;
  readonly logRetentionDays: LogRetentionDays;
}

/**
 * A Node.js function from a prebuilt bundle, with its own role, log group and least-privilege inline
 * policy. The policy is rendered at synth from the statements granted to it (`addToRolePolicy`), so it holds
 * exactly what the function's code, destinations, DLQ and event sources use.
 */
export class BundledFunction extends Construct {
  readonly functionName: string;
  readonly function: LambdaFunction;
  readonly role: IamRole;
  readonly rolePolicy: IamRolePolicy;
  readonly logGroup: CloudwatchLogGroup;
  readonly timeoutSeconds: number;
  private readonly statements: PolicyStatement[] = [];

  constructor(scope: Construct, id: string, props: BundledFunctionProps) {
    super(scope, id);
    this.functionName = props.functionName;
    this.timeoutSeconds = props.timeoutSeconds ?? 10;

    this.logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      name: `/aws/lambda/${props.functionName}`,
      retentionInDays: props.logRetentionDays,
    });

    this.role = new IamRole(this, 'Role', {
      name: `${props.functionName}-role`,
      assumeRolePolicy: assumeRolePolicy('lambda.amazonaws.com'),
    });
    // Not the AWSLambdaBasicExecutionRole managed policy: the log group exists, so only these two on it.
    this.addToRolePolicy(allow(['logs:CreateLogStream', 'logs:PutLogEvents'], [`${this.logGroup.arn}:*`]));
    this.rolePolicy = new IamRolePolicy(this, 'Policy', {
      name: `${props.functionName}-policy`,
      role: this.role.name,
      policy: Lazy.stringValue({
        produce: (context) => JSON.stringify(policyDocument(uniqueStatements(this.statements, context))),
      }),
    });

    const code = CodeBucket.of(this).objectFor(props.bundle);
    this.function = new LambdaFunction(this, 'Function', {
      functionName: props.functionName,
      description: props.description,
      role: this.role.arn,
      runtime: LAMBDA_RUNTIME,
      handler: props.bundle.handler,
      // From the stack's code bucket, not `filename`: see CodeBucket for why.
      s3Bucket: code.bucket,
      s3Key: code.key,
      // Computed from the zip's bytes at synth: an unchanged bundle never redeploys, a changed one always does.
      sourceCodeHash: props.bundle.sha256Base64,
      memorySize: props.memorySize ?? 256,
      timeout: this.timeoutSeconds,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: props.environment ? { variables: { ...props.environment } } : undefined,
      // The log group must exist (with its retention) before the first invocation creates it implicitly,
      // and the role's permissions before the function runs.
      dependsOn: [this.logGroup, this.rolePolicy],
    });
  }

  get functionArn(): string {
    return this.function.arn;
  }

  /** Adds a statement to the function's inline policy (identical statements are rendered once). */
  addToRolePolicy(statement: PolicyStatement): void {
    this.statements.push(statement);
  }
}

/**
 * Statements in grant order, each identical one once. Compared resolved: every read of a resource
 * attribute (`queue.arn`) is a new token, so two grants on one bus differ until resolved.
 */
function uniqueStatements(
  statements: readonly PolicyStatement[],
  context: IResolveContext,
): PolicyStatement[] {
  const seen = new Set<string>();
  return statements.filter((statement) => {
    const key = JSON.stringify(context.resolve(statement));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
