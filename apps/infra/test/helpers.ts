import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environments, type StackName, type SynthEnv } from '../src/environments';
import { HANDLER_NAMES, HandlerBundles } from '../src/lib/bundles';
import { Testing } from '../src/lib/cdktf';
import { LambdaChainStack } from '../src/stacks/lambda-chain-stack';

let bundleDir: string | undefined;

/**
 * A directory of placeholder bundles (fixed bytes per function), so the synth tests neither depend on
 * nor wait for the handlers build.
 */
export function placeholderBundleDir(): string {
  if (!bundleDir) {
    bundleDir = mkdtempSync(join(tmpdir(), 'infra-bundles-'));
    mkdirSync(bundleDir, { recursive: true });
    for (const name of HANDLER_NAMES)
      writeFileSync(join(bundleDir, `${name}.zip`), `placeholder bundle ${name}\n`);
  }
  return bundleDir;
}

/** Removes the placeholder bundles (test/setup.ts calls it after each test file). */
export function removePlaceholderBundles(): void {
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  bundleDir = undefined;
}

export function placeholderBundles(): HandlerBundles {
  return HandlerBundles.fromDirectory(placeholderBundleDir());
}

/** The synthesized Terraform JSON of one stack (cdktf's `//` metadata removed, keys sorted). */
// biome-ignore lint/suspicious/noExplicitAny: synthesized JSON is untyped; tests index into it freely
export type TerraformJson = Record<string, any>;

export interface SynthesizedStack {
  readonly stack: LambdaChainStack;
  /** `Testing.synth` output, for cdktf's matchers. */
  readonly synthesized: string;
  readonly json: TerraformJson;
}

/** GIVEN the stack `name` configured from `env` (no env vars by default) WHEN synthesized. */
export function synthStack(name: StackName, env: SynthEnv = {}): SynthesizedStack {
  const app = Testing.app();
  const stack = new LambdaChainStack(app, { config: environments(env)[name], bundles: placeholderBundles() });
  const synthesized = Testing.synth(stack);
  return { stack, synthesized, json: JSON.parse(synthesized) as TerraformJson };
}

export interface FoundResource {
  readonly type: string;
  readonly key: string;
  // biome-ignore lint/suspicious/noExplicitAny: synthesized JSON is untyped
  readonly value: Record<string, any>;
  /** The Terraform reference to one of its attributes: `${type.key.attr}`. */
  ref(attribute: string): string;
}

function found(type: string, key: string, value: FoundResource['value']): FoundResource {
  return { type, key, value, ref: (attribute) => `\${${type}.${key}.${attribute}}` };
}

export function resourcesOfType(json: TerraformJson, type: string): FoundResource[] {
  return Object.entries(json.resource?.[type] ?? {}).map(([key, value]) =>
    found(type, key, value as FoundResource['value']),
  );
}

/** The one resource of `type` whose `attribute` equals `value` (fails if none or several). */
export function resourceWhere(
  json: TerraformJson,
  type: string,
  attribute: string,
  value: unknown,
): FoundResource {
  const matches = resourcesOfType(json, type).filter((r) => r.value[attribute] === value);
  if (matches.length !== 1) {
    throw new Error(
      `expected one ${type} with ${attribute} = ${JSON.stringify(value)}, found ${matches.length}`,
    );
  }
  return matches[0] as FoundResource;
}

export const lambdaFunction = (json: TerraformJson, name: string) =>
  resourceWhere(json, 'aws_lambda_function', 'function_name', name);
export const queue = (json: TerraformJson, name: string) =>
  resourceWhere(json, 'aws_sqs_queue', 'name', name);
export const topic = (json: TerraformJson, name: string) =>
  resourceWhere(json, 'aws_sns_topic', 'name', name);

/** The event invoke config of the function named `name`. */
export function eventInvokeConfig(json: TerraformJson, name: string): FoundResource {
  return resourceWhere(
    json,
    'aws_lambda_function_event_invoke_config',
    'function_name',
    lambdaFunction(json, name).ref('function_name'),
  );
}

/** The parsed statements of the inline policy of the function named `name`. */
// biome-ignore lint/suspicious/noExplicitAny: parsed policy JSON
export function roleStatements(json: TerraformJson, name: string): any[] {
  const role = resourceWhere(json, 'aws_iam_role', 'name', `${name}-role`);
  const policies = resourcesOfType(json, 'aws_iam_role_policy').filter(
    (p) => p.value.role === role.ref('name'),
  );
  if (policies.length !== 1)
    throw new Error(`expected one inline policy on ${name}-role, found ${policies.length}`);
  const document = JSON.parse((policies[0] as FoundResource).value.policy);
  expect(document.Version).toBe('2012-10-17');
  return document.Statement;
}

/** The two statements every function's role has: write its own log group, nothing else of CloudWatch Logs. */
export function logsStatement(json: TerraformJson, name: string) {
  const logGroup = resourceWhere(json, 'aws_cloudwatch_log_group', 'name', `/aws/lambda/${name}`);
  return {
    Effect: 'Allow',
    Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    Resource: [`${logGroup.ref('arn')}:*`],
  };
}

export const allowStatement = (action: string, resource: string) => ({
  Effect: 'Allow',
  Action: [action],
  Resource: [resource],
});

/** The default event bus ARN as the stacks build it from the provider's partition, region and account. */
/** A queue's ARN as IAM statements and DLQ targets name it: built from its name (see `queueArnByName`). */
export const namedQueueArn = (queueName: string): string =>
  'arn:${data.aws_partition.aws_partition.partition}:sqs:${data.aws_region.aws_region.name}:' +
  `\${data.aws_caller_identity.aws_caller_identity.account_id}:${queueName}`;

export const DEFAULT_BUS_ARN =
  'arn:${data.aws_partition.aws_partition.partition}:events:${data.aws_region.aws_region.name}:' +
  '${data.aws_caller_identity.aws_caller_identity.account_id}:event-bus/default';

/** The code bucket object a function's code comes from (its `s3_key` references the object's `key`). */
export function codeObjectOf(json: TerraformJson, fn: FoundResource): FoundResource {
  const match = /^\$\{aws_s3_object\.([^.]+)\.key\}$/.exec(String(fn.value.s3_key));
  const object = match ? json.resource?.aws_s3_object?.[match[1] as string] : undefined;
  if (!match || !object) throw new Error(`${fn.key}: s3_key ${fn.value.s3_key} is not a code object's key`);
  return found('aws_s3_object', match[1] as string, object);
}

/** The handler bundle a function runs (`<bundle>.zip` is its code object's key). */
export function bundleOf(json: TerraformJson, fn: FoundResource): string {
  return String(codeObjectOf(json, fn).value.key).replace(/\.zip$/, '');
}
