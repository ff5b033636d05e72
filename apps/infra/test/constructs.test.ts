// The reusable constructs on their own (Testing.synthScope): destinations, AsyncFunction, triggers, bundles.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudwatchEventBus } from '@cdktf/provider-aws/lib/cloudwatch-event-bus';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { AsyncFunction, type AsyncFunctionProps } from '../src/constructs/async-function';
import {
  EventBridgeDestination,
  LambdaDestination,
  SnsDestination,
  SqsDestination,
} from '../src/constructs/destinations';
import { addSqsEventSource, subscribeFunctionToTopic } from '../src/constructs/triggers';
import { HandlerBundles } from '../src/lib/bundles';
import { type Construct, Testing } from '../src/lib/cdktf';
import { prefixedName } from '../src/lib/naming';
import {
  allowStatement,
  codeObjectOf,
  DEFAULT_BUS_ARN,
  eventInvokeConfig,
  lambdaFunction,
  logsStatement,
  placeholderBundleDir,
  placeholderBundles,
  resourcesOfType,
  roleStatements,
  type TerraformJson,
} from './helpers';

const bundles = placeholderBundles();

function fn(scope: Construct, id: string, props: Partial<AsyncFunctionProps> = {}): AsyncFunction {
  return new AsyncFunction(scope, id, {
    functionName: `t-${id.toLowerCase()}`,
    bundle: bundles.get('echo'),
    logRetentionDays: 1,
    ...props,
  });
}

function synth(build: (scope: Construct) => void): TerraformJson {
  return JSON.parse(Testing.synthScope(build));
}

describe('AsyncFunction', () => {
  it('emits only the destination blocks that are set (an empty destination_config diffs forever)', () => {
    const json = synth((scope) => {
      const q = new SqsQueue(scope, 'Q', { name: 'q' });
      fn(scope, 'None');
      fn(scope, 'OnlyFailure', { onFailure: new SqsDestination(q) });
      fn(scope, 'OnlySuccess', { onSuccess: new SqsDestination(q) });
    });
    expect(eventInvokeConfig(json, 't-none').value).not.toHaveProperty('destination_config');
    expect(eventInvokeConfig(json, 't-onlyfailure').value.destination_config).toEqual({
      on_failure: { destination: '${aws_sqs_queue.Q.arn}' },
    });
    expect(eventInvokeConfig(json, 't-onlysuccess').value.destination_config).toEqual({
      on_success: { destination: '${aws_sqs_queue.Q.arn}' },
    });
  });

  it("defaults to AWS's 2 retries and sends no maximum event age unless given", () => {
    const json = synth((scope) => fn(scope, 'Defaults'));
    const config = eventInvokeConfig(json, 't-defaults').value;
    expect(config.maximum_retry_attempts).toBe(2);
    expect(config).not.toHaveProperty('maximum_event_age_in_seconds');
  });

  it('puts the event invoke config after the role policy (AWS checks destination permissions then)', () => {
    const json = synth((scope) => fn(scope, 'Order'));
    const [policy] = resourcesOfType(json, 'aws_iam_role_policy');
    expect(eventInvokeConfig(json, 't-order').value.depends_on).toEqual([
      `aws_iam_role_policy.${policy?.key}`,
    ]);
  });

  it.each([
    [{ maxEventAgeSeconds: 59 }, /maxEventAgeSeconds/],
    [{ maxEventAgeSeconds: 21601 }, /maxEventAgeSeconds/],
    [{ retryAttempts: 3 }, /retryAttempts/],
    [{ retryAttempts: -1 }, /retryAttempts/],
  ])('refuses %p at synth', (props, message) => {
    expect(() => synth((scope) => fn(scope, 'Bad', props))).toThrow(message);
  });

  it('grants sns:Publish for an SNS dead-letter topic', () => {
    const json = synth((scope) => {
      const dlq = new SnsTopic(scope, 'Dlq', { name: 'dlq' });
      fn(scope, 'WithSnsDlq', { deadLetterQueue: dlq });
    });
    expect(lambdaFunction(json, 't-withsnsdlq').value.dead_letter_config).toEqual({
      target_arn: '${aws_sns_topic.Dlq.arn}',
    });
    expect(roleStatements(json, 't-withsnsdlq')).toEqual([
      logsStatement(json, 't-withsnsdlq'),
      allowStatement('sns:Publish', '${aws_sns_topic.Dlq.arn}'),
    ]);
  });

  it('renders a statement granted twice once', () => {
    const json = synth((scope) => {
      const bus = new CloudwatchEventBus(scope, 'Bus', { name: 'bus' });
      fn(scope, 'Twice', {
        onSuccess: new EventBridgeDestination(bus),
        onFailure: new EventBridgeDestination(bus),
      });
    });
    expect(roleStatements(json, 't-twice')).toEqual([
      logsStatement(json, 't-twice'),
      allowStatement('events:PutEvents', '${aws_cloudwatch_event_bus.Bus.arn}'),
    ]);
  });
});

describe('destinations', () => {
  it('SnsDestination grants sns:Publish on the topic', () => {
    const json = synth((scope) => {
      const topic = new SnsTopic(scope, 'T', { name: 't' });
      fn(scope, 'Sns', { onSuccess: new SnsDestination(topic) });
    });
    expect(eventInvokeConfig(json, 't-sns').value.destination_config.on_success.destination).toBe(
      '${aws_sns_topic.T.arn}',
    );
    expect(roleStatements(json, 't-sns')).toContainEqual(
      allowStatement('sns:Publish', '${aws_sns_topic.T.arn}'),
    );
  });

  it('EventBridgeDestination without a bus uses the default bus of the provider account and region', () => {
    const json = synth((scope) => fn(scope, 'DefaultBus', { onFailure: new EventBridgeDestination() }));
    expect(eventInvokeConfig(json, 't-defaultbus').value.destination_config.on_failure.destination).toBe(
      DEFAULT_BUS_ARN,
    );
    expect(roleStatements(json, 't-defaultbus')).toContainEqual(
      allowStatement('events:PutEvents', DEFAULT_BUS_ARN),
    );
  });

  it('LambdaDestination (not responseOnly) invokes the target with the record: lambda:InvokeFunction on it', () => {
    const json = synth((scope) => {
      const target = fn(scope, 'Target');
      fn(scope, 'Source', { onFailure: new LambdaDestination(target) });
    });
    const targetArn = lambdaFunction(json, 't-target').ref('arn');
    expect(eventInvokeConfig(json, 't-source').value.destination_config).toEqual({
      on_failure: { destination: targetArn },
    });
    expect(roleStatements(json, 't-source')).toEqual([
      logsStatement(json, 't-source'),
      allowStatement('lambda:InvokeFunction', targetArn),
    ]);
    expect(resourcesOfType(json, 'aws_cloudwatch_event_rule')).toEqual([]);
    expect(resourcesOfType(json, 'aws_lambda_permission')).toEqual([]);
  });

  it('LambdaDestination responseOnly on failure matches the Failure detail-type', () => {
    const json = synth((scope) => {
      const target = fn(scope, 'Target');
      fn(scope, 'Source', { onFailure: new LambdaDestination(target, { responseOnly: true }) });
    });
    const [rule] = resourcesOfType(json, 'aws_cloudwatch_event_rule');
    expect(rule?.value.name).toBe('t-source-failure');
    expect(JSON.parse(rule?.value.event_pattern)['detail-type']).toEqual([
      'Lambda Function Invocation Result - Failure',
    ]);
    expect(eventInvokeConfig(json, 't-source').value.destination_config.on_failure.destination).toBe(
      DEFAULT_BUS_ARN,
    );
  });

  it('refuses a function as its own destination', () => {
    expect(() =>
      synth((scope) => {
        const self = fn(scope, 'Self');
        new LambdaDestination(self).bind(scope, self, { type: 'Success' });
      }),
    ).toThrow(/its own destination/);
  });
});

describe('triggers', () => {
  it('an SNS subscription lets that topic only invoke the function', () => {
    const json = synth((scope) => {
      const topic = new SnsTopic(scope, 'Topic', { name: 'topic' });
      subscribeFunctionToTopic(fn(scope, 'Subscriber'), topic);
    });
    const [permission] = resourcesOfType(json, 'aws_lambda_permission');
    expect(permission?.value).toMatchObject({
      principal: 'sns.amazonaws.com',
      source_arn: '${aws_sns_topic.Topic.arn}',
    });
    const [subscription] = resourcesOfType(json, 'aws_sns_topic_subscription');
    expect(subscription?.value).toMatchObject({
      protocol: 'lambda',
      depends_on: [`aws_lambda_permission.${permission?.key}`],
    });
  });

  it('an SQS event source refuses a function that outlives the visibility timeout', () => {
    expect(() =>
      synth((scope) => {
        const q = new SqsQueue(scope, 'Q', { name: 'q', visibilityTimeoutSeconds: 5 });
        addSqsEventSource(fn(scope, 'Slow', { timeoutSeconds: 10 }), q);
      }),
    ).toThrow(/visibility timeout/);
  });
});

describe('bundles', () => {
  it('share one code object per bundle and stack, and set source_code_hash to the zip sha256', () => {
    const json = synth((scope) => {
      fn(scope, 'One', { bundle: bundles.get('destinations-tester') });
      fn(scope, 'Two', { bundle: bundles.get('destinations-tester') });
    });
    const one = lambdaFunction(json, 't-one');
    const two = lambdaFunction(json, 't-two');
    expect(one.value.s3_key).toBe(two.value.s3_key);
    expect(resourcesOfType(json, 'aws_s3_object')).toHaveLength(1);
    expect(codeObjectOf(json, one).value.key).toBe('destinations-tester.zip');
    const zip = readFileSync(join(placeholderBundleDir(), 'destinations-tester.zip'));
    expect(one.value.source_code_hash).toBe(createHash('sha256').update(zip).digest('base64'));
    expect(codeObjectOf(json, one).value.source_hash).toBe(one.value.source_code_hash);
  });

  it("change the object's source and source_hash and the function's source_code_hash when, and only when, the zip changes", () => {
    const dir = mkdtempSync(join(tmpdir(), 'infra-bundle-change-'));
    const synthWith = (content: string) => {
      writeFileSync(join(dir, 'echo.zip'), content);
      const json = synth((scope) =>
        fn(scope, 'Echo', { bundle: HandlerBundles.fromDirectory(dir).get('echo') }),
      );
      const fnJson = lambdaFunction(json, 't-echo');
      const { source, source_hash, key } = codeObjectOf(json, fnJson).value;
      return { source, source_hash, key, source_code_hash: fnJson.value.source_code_hash };
    };
    const first = synthWith('v1');
    expect(synthWith('v1')).toEqual(first);
    const changed = synthWith('v2');
    expect(changed.key).toBe(first.key);
    expect(changed.source).not.toBe(first.source);
    expect(changed.source_hash).not.toBe(first.source_hash);
    expect(changed.source_code_hash).not.toBe(first.source_code_hash);
  });

  it('fail synth when a zip does not match the handlers manifest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'infra-stale-bundle-'));
    writeFileSync(join(dir, 'echo.zip'), 'rebuilt');
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({ functions: [{ name: 'echo', handler: 'index.handler', codeSha256: 'c3RhbGU=' }] }),
    );
    expect(() => HandlerBundles.fromDirectory(dir).get('echo')).toThrow(/does not match dist\/manifest.json/);
  });

  it('fail synth with the build command when a zip is missing', () => {
    const empty = HandlerBundles.fromDirectory(mkdtempSync(join(tmpdir(), 'infra-no-bundles-')));
    expect(() => empty.get('echo')).toThrow(/pnpm --filter @lambda-chain\/handlers build/);
  });
});

describe('names', () => {
  it('are <prefix>-<name>, validated', () => {
    expect(prefixedName('lc-dev', 'echo')).toBe('lc-dev-echo');
    expect(() => prefixedName('LC', 'echo')).toThrow(/Invalid resource name/);
    expect(() => prefixedName('lc-dev', 'x'.repeat(60))).toThrow(/longer than/);
  });
});
