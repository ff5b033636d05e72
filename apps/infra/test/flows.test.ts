// The five reference flows, per cloud environment: each async function's event invoke config and
// destinations, and each role's complete statement list (exactly what its destinations, DLQ, event
// sources and code need).
import { FUNCTION_ENVIRONMENT, type FunctionName } from '@lambda-chain/handlers/functions';
import {
  allowStatement,
  bundleOf,
  codeObjectOf,
  DEFAULT_BUS_ARN,
  eventInvokeConfig,
  lambdaFunction,
  logsStatement,
  namedQueueArn,
  queue,
  resourcesOfType,
  resourceWhere,
  roleStatements,
  synthStack,
  topic,
} from './helpers';

const ENVIRONMENTS = [
  { stack: 'dev', prefix: 'lc-dev', retries: 2, maxAge: 300 },
  { stack: 'prod', prefix: 'lc-prod', retries: 2, maxAge: 3600 },
] as const;

const CONSUMER_ACTIONS = [
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
  'sqs:ChangeMessageVisibility',
];

/** A queue's ARN as its own inline policy builds it (from the stack's partition/region/account data sources). */
const builtQueueArn = (queueName: string): string =>
  `arn:\${data.aws_partition.aws_partition.partition}:sqs:\${data.aws_region.aws_region.name}:\${data.aws_caller_identity.aws_caller_identity.account_id}:${queueName}`;

describe.each(ENVIRONMENTS)('the $stack stack', ({ stack, prefix, retries, maxAge }) => {
  // GIVEN the stack synthesized with placeholder bundles
  const { json } = synthStack(stack);
  const name = (n: string) => `${prefix}-${n}`;
  const queueArn = (n: string) => queue(json, name(n)).ref('arn');
  // What IAM statements and DLQ targets use: the ARN built from the name (no wait on the queue's creation).
  const queueNamedArn = (n: string) => namedQueueArn(name(n));
  const fnArn = (n: string) => lambdaFunction(json, name(n)).ref('arn');

  describe('1. loan processor', () => {
    it('chains identity check → (responseOnly) credit reference → output queue, failures → failure queue', () => {
      // THEN the head sends successes to the default bus (responseOnly) and failures to the failure queue
      expect(eventInvokeConfig(json, name('identity-check-proxy')).value).toMatchObject({
        qualifier: '$LATEST',
        maximum_retry_attempts: retries,
        maximum_event_age_in_seconds: maxAge,
        destination_config: {
          on_success: { destination: DEFAULT_BUS_ARN },
          on_failure: { destination: queueArn('loan-failure') },
        },
      });
      // AND the credit reference proxy ends the chain on the output queue
      expect(eventInvokeConfig(json, name('credit-reference-proxy')).value).toMatchObject({
        qualifier: '$LATEST',
        maximum_retry_attempts: retries,
        maximum_event_age_in_seconds: maxAge,
        destination_config: {
          on_success: { destination: queueArn('loan-output') },
          on_failure: { destination: queueArn('loan-failure') },
        },
      });
    });

    it('grants each proxy exactly its destinations', () => {
      expect(roleStatements(json, name('identity-check-proxy'))).toEqual([
        logsStatement(json, name('identity-check-proxy')),
        allowStatement('events:PutEvents', DEFAULT_BUS_ARN),
        allowStatement('sqs:SendMessage', queueNamedArn('loan-failure')),
      ]);
      expect(roleStatements(json, name('credit-reference-proxy'))).toEqual([
        logsStatement(json, name('credit-reference-proxy')),
        allowStatement('sqs:SendMessage', queueNamedArn('loan-output')),
        allowStatement('sqs:SendMessage', queueNamedArn('loan-failure')),
      ]);
    });

    it('long-polls the output and failure queues for 20 s', () => {
      expect(queue(json, name('loan-output')).value.receive_wait_time_seconds).toBe(20);
      expect(queue(json, name('loan-failure')).value.receive_wait_time_seconds).toBe(20);
    });

    it('gives the proxies their service URL and an HTTP timeout shorter than the function timeout', () => {
      const identity = lambdaFunction(json, name('identity-check-proxy')).value;
      const credit = lambdaFunction(json, name('credit-reference-proxy')).value;
      expect(Object.keys(identity.environment.variables).sort()).toEqual([
        'HTTP_TIMEOUT_MS',
        'IDENTITY_SERVICE_URL',
      ]);
      expect(Object.keys(credit.environment.variables).sort()).toEqual([
        'CREDIT_REFERENCE_SERVICE_URL',
        'HTTP_TIMEOUT_MS',
      ]);
      for (const fn of [identity, credit]) {
        expect(Number(fn.environment.variables.HTTP_TIMEOUT_MS)).toBeLessThan(fn.timeout * 1000);
      }
    });
  });

  describe('2. payments', () => {
    it('subscribes process-payment to the payments topic, with a permission for that topic only', () => {
      const payments = topic(json, name('payments'));
      const subscription = resourceWhere(
        json,
        'aws_sns_topic_subscription',
        'topic_arn',
        payments.ref('arn'),
      );
      expect(subscription.value).toMatchObject({ protocol: 'lambda', endpoint: fnArn('process-payment') });
      const permission = resourceWhere(json, 'aws_lambda_permission', 'source_arn', payments.ref('arn'));
      expect(permission.value).toMatchObject({
        action: 'lambda:InvokeFunction',
        principal: 'sns.amazonaws.com',
        function_name: lambdaFunction(json, name('process-payment')).ref('function_name'),
      });
    });

    it('routes success to the notify-customer queue and failure to the failed-payments queue', () => {
      expect(eventInvokeConfig(json, name('process-payment')).value).toMatchObject({
        maximum_retry_attempts: retries,
        maximum_event_age_in_seconds: maxAge,
        destination_config: {
          on_success: { destination: queueArn('notify-customer') },
          on_failure: { destination: queueArn('failed-payments') },
        },
      });
      expect(roleStatements(json, name('process-payment'))).toEqual([
        logsStatement(json, name('process-payment')),
        allowStatement('sqs:SendMessage', queueNamedArn('notify-customer')),
        allowStatement('sqs:SendMessage', queueNamedArn('failed-payments')),
      ]);
    });

    it.each([
      ['notify-customer', 'notify-customer'],
      ['failed-payments', 'failed-payments'],
    ])('consumes the %s queue with %s, reporting batch item failures', (queueName, fnName) => {
      const mapping = resourceWhere(
        json,
        'aws_lambda_event_source_mapping',
        'event_source_arn',
        queueArn(queueName),
      );
      expect(mapping.value).toMatchObject({
        function_name: lambdaFunction(json, name(fnName)).ref('function_name'),
        function_response_types: ['ReportBatchItemFailures'],
      });
      expect(roleStatements(json, name(fnName))).toEqual([
        logsStatement(json, name(fnName)),
        { Effect: 'Allow', Action: CONSUMER_ACTIONS, Resource: [queueNamedArn(queueName)] },
      ]);
    });
  });

  describe('3. simple function with a DLQ', () => {
    it("keeps AWS's default retries and sends failed events to the SQS dead-letter queue", () => {
      const config = eventInvokeConfig(json, name('simple-function')).value;
      expect(config).toEqual({
        depends_on: expect.any(Array),
        function_name: lambdaFunction(json, name('simple-function')).ref('function_name'),
        qualifier: '$LATEST',
        maximum_retry_attempts: 2,
      });
      expect(lambdaFunction(json, name('simple-function')).value.dead_letter_config).toEqual({
        target_arn: queueNamedArn('simple-function-dlq'),
      });
      expect(roleStatements(json, name('simple-function'))).toEqual([
        logsStatement(json, name('simple-function')),
        allowStatement('sqs:SendMessage', queueNamedArn('simple-function-dlq')),
      ]);
    });
  });

  describe('4. destinations tester', () => {
    it('sends success to the SNS topic and failure to failure-logger, 600 s / 0 retries', () => {
      expect(eventInvokeConfig(json, name('destinations-tester')).value).toMatchObject({
        maximum_event_age_in_seconds: 600,
        maximum_retry_attempts: 0,
        destination_config: {
          on_success: { destination: topic(json, name('destinations-success')).ref('arn') },
          on_failure: { destination: fnArn('failure-logger') },
        },
      });
      expect(roleStatements(json, name('destinations-tester'))).toEqual([
        logsStatement(json, name('destinations-tester')),
        allowStatement('sns:Publish', topic(json, name('destinations-success')).ref('arn')),
        allowStatement('lambda:InvokeFunction', fnArn('failure-logger')),
      ]);
    });

    it('lets failure-logger only write its logs', () => {
      expect(roleStatements(json, name('failure-logger'))).toEqual([
        logsStatement(json, name('failure-logger')),
      ]);
      expect(eventInvokeConfig(json, name('failure-logger')).value.destination_config).toBeUndefined();
    });

    it('taps the success topic with an SQS queue (raw delivery off) that only that topic may send to', () => {
      const successTopic = topic(json, name('destinations-success'));
      const tap = queue(json, name('destinations-success-tap'));
      const subscription = resourceWhere(json, 'aws_sns_topic_subscription', 'endpoint', tap.ref('arn'));
      expect(subscription.value).toMatchObject({
        protocol: 'sqs',
        raw_message_delivery: false,
        topic_arn: successTopic.ref('arn'),
      });
      // The policy is inline on the queue (no separate aws_sqs_queue_policy and its 25 s provider wait).
      expect(resourcesOfType(json, 'aws_sqs_queue_policy')).toEqual([]);
      expect(JSON.parse(tap.value.policy).Statement).toEqual([
        {
          Effect: 'Allow',
          Principal: { Service: 'sns.amazonaws.com' },
          Action: ['sqs:SendMessage'],
          Resource: [builtQueueArn(name('destinations-success-tap'))],
          Condition: { ArnEquals: { 'aws:SourceArn': successTopic.ref('arn') } },
        },
      ]);
    });

    it('routes the EventBridge variant (same bundle) to a custom bus, tapped by a rule into a queue', () => {
      const bus = resourceWhere(json, 'aws_cloudwatch_event_bus', 'name', name('destinations'));
      const variant = lambdaFunction(json, name('destinations-tester-eventbridge'));
      expect(variant.value.filename).toBe(lambdaFunction(json, name('destinations-tester')).value.filename);
      expect(eventInvokeConfig(json, name('destinations-tester-eventbridge')).value).toMatchObject({
        maximum_event_age_in_seconds: 600,
        maximum_retry_attempts: 0,
        destination_config: {
          on_success: { destination: bus.ref('arn') },
          on_failure: { destination: bus.ref('arn') },
        },
      });
      expect(roleStatements(json, name('destinations-tester-eventbridge'))).toEqual([
        logsStatement(json, name('destinations-tester-eventbridge')),
        allowStatement('events:PutEvents', bus.ref('arn')),
      ]);

      const rule = resourceWhere(json, 'aws_cloudwatch_event_rule', 'name', name('destinations-event-tap'));
      expect(rule.value.event_bus_name).toBe(bus.ref('name'));
      expect(JSON.parse(rule.value.event_pattern)).toEqual({ source: ['lambda'] });
      const tap = queue(json, name('destinations-event-tap'));
      const target = resourceWhere(json, 'aws_cloudwatch_event_target', 'rule', rule.ref('name'));
      expect(target.value).toMatchObject({ arn: tap.ref('arn'), event_bus_name: bus.ref('name') });
      expect(JSON.parse(tap.value.policy).Statement).toEqual([
        {
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: ['sqs:SendMessage'],
          Resource: [builtQueueArn(name('destinations-event-tap'))],
          Condition: { ArnEquals: { 'aws:SourceArn': rule.ref('arn') } },
        },
      ]);
    });
  });

  describe('5. echo with retries', () => {
    it('keeps events 6 h, retries twice, then sends them to its DLQ', () => {
      expect(eventInvokeConfig(json, name('echo')).value).toEqual({
        depends_on: expect.any(Array),
        function_name: lambdaFunction(json, name('echo')).ref('function_name'),
        qualifier: '$LATEST',
        maximum_event_age_in_seconds: 21600,
        maximum_retry_attempts: 2,
      });
      expect(lambdaFunction(json, name('echo')).value.dead_letter_config).toEqual({
        target_arn: queueNamedArn('echo-dlq'),
      });
    });

    it('allows exactly sqs:SendMessage on that queue, plus its logs (no SQS full access)', () => {
      expect(roleStatements(json, name('echo'))).toEqual([
        logsStatement(json, name('echo')),
        allowStatement('sqs:SendMessage', queueNamedArn('echo-dlq')),
      ]);
      expect(resourcesOfType(json, 'aws_iam_role_policy_attachment')).toEqual([]);
    });
  });

  describe('every function', () => {
    const functions = resourcesOfType(json, 'aws_lambda_function');

    it('takes its code from the stack code bucket: private, encrypted, one object per bundle', () => {
      const [bucket, ...others] = resourcesOfType(json, 'aws_s3_bucket');
      expect(others).toEqual([]);
      expect(bucket?.value).toMatchObject({
        bucket: `${name('code')}-\${data.aws_caller_identity.aws_caller_identity.account_id}-\${data.aws_region.aws_region.name}`,
        force_destroy: true,
      });
      expect(resourcesOfType(json, 'aws_s3_bucket_public_access_block').map((r) => r.value)).toEqual([
        {
          bucket: bucket?.ref('id'),
          block_public_acls: true,
          block_public_policy: true,
          ignore_public_acls: true,
          restrict_public_buckets: true,
        },
      ]);
      expect(
        resourcesOfType(json, 'aws_s3_bucket_server_side_encryption_configuration').map((r) => r.value),
      ).toEqual([
        {
          bucket: bucket?.ref('id'),
          rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }],
        },
      ]);
      const objects = resourcesOfType(json, 'aws_s3_object');
      const used = new Set(functions.map((fn) => codeObjectOf(json, fn).key));
      expect(objects.map((o) => o.key).sort()).toEqual([...used].sort());
      for (const object of objects) {
        expect(object.value).toMatchObject({ bucket: bucket?.ref('id'), content_type: 'application/zip' });
        expect(object.value.key).toMatch(/^[a-z-]+\.zip$/);
      }
    });

    it('does not wait for any queue: roles and DLQ targets name queues by ARN; destinations and mappings follow them', () => {
      // The provider ends each queue's creation with a ~25 s wait and each function's with 5 s: with no path
      // from a queue to a function, the two overlap (queueArnByName).
      const reference = /\$\{aws_sqs_queue\./;
      for (const fn of functions) expect(JSON.stringify(fn.value)).not.toMatch(reference);
      for (const policy of resourcesOfType(json, 'aws_iam_role_policy'))
        expect(JSON.stringify(policy.value)).not.toMatch(reference);
      const configs = resourcesOfType(json, 'aws_lambda_function_event_invoke_config');
      const mappings = resourcesOfType(json, 'aws_lambda_event_source_mapping');
      expect(configs.filter((c) => reference.test(JSON.stringify(c.value))).length).toBeGreaterThan(0);
      for (const mapping of mappings) expect(mapping.value.event_source_arn).toMatch(reference);
    });

    it('runs nodejs20.x from its bundle, after its log group and permissions exist', () => {
      for (const fn of functions) {
        const logGroup = resourceWhere(
          json,
          'aws_cloudwatch_log_group',
          'name',
          `/aws/lambda/${fn.value.function_name}`,
        );
        expect(fn.value).toMatchObject({ runtime: 'nodejs20.x', handler: 'index.handler' });
        expect(fn.value.depends_on).toContain(`${logGroup.type}.${logGroup.key}`);
        const code = codeObjectOf(json, fn);
        expect(fn.value).not.toHaveProperty('filename');
        expect(fn.value.s3_bucket).toBe(code.ref('bucket'));
        expect(code.value.source).toMatch(
          /^assets\/CodeBucket_Asset-[a-z-]+_[0-9A-F]{8}\/[0-9A-F]{32}\/[a-z-]+\.zip$/,
        );
        expect(code.value.source).toContain(`/${bundleOf(json, fn)}.zip`);
        expect(fn.value.source_code_hash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
        expect(code.value.source_hash).toBe(fn.value.source_code_hash);
      }
    });

    it('sets exactly the environment variables its handler reads, every required one included', () => {
      for (const fn of functions) {
        const handler = bundleOf(json, fn) as FunctionName;
        const { required, optional } = FUNCTION_ENVIRONMENT[handler];
        const names = Object.keys(fn.value.environment?.variables ?? {});
        expect(names).toEqual(expect.arrayContaining([...required]));
        for (const name of names) expect([...required, ...Object.keys(optional)]).toContain(name);
      }
    });

    it('has an event invoke config on $LATEST exactly when invoked asynchronously', () => {
      const configured = resourcesOfType(json, 'aws_lambda_function_event_invoke_config').map((c) => c.value);
      const asyncFunctions = functions.filter((fn) =>
        configured.some((c) => c.function_name === `\${aws_lambda_function.${fn.key}.function_name}`),
      );
      const expected = [
        'identity-check-proxy',
        'credit-reference-proxy',
        'process-payment',
        'simple-function',
        'destinations-tester',
        'failure-logger',
        'destinations-tester-eventbridge',
        'echo',
      ].map(name);
      expect(asyncFunctions.map((fn) => fn.value.function_name).sort()).toEqual(expected.sort());
      expect(configured).toHaveLength(expected.length);
      for (const config of configured) expect(config.qualifier).toBe('$LATEST');
    });

    it('grants no wildcard action and no wildcard resource beyond its own log streams', () => {
      const functionRoles = new Set(resourcesOfType(json, 'aws_lambda_function').map((fn) => fn.value.role));
      const functionPolicies = resourcesOfType(json, 'aws_iam_role_policy').filter((policy) =>
        functionRoles.has(policy.value.role.replace(/\.(name|id)\}$/, '.arn}')),
      );
      expect(functionPolicies).toHaveLength(functionRoles.size);
      for (const policy of functionPolicies) {
        const [logs, ...rest] = JSON.parse(policy.value.policy).Statement;
        expect(logs.Resource).toEqual([
          expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.[^}]+\.arn\}:\*$/),
        ]);
        for (const statement of rest) {
          expect(statement.Effect).toBe('Allow');
          for (const action of statement.Action) expect(action).not.toContain('*');
          for (const resource of statement.Resource) expect(resource).not.toContain('*');
        }
      }
    });
  });
});
