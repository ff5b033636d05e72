// What differs between environments, and what must not: local = dev but for provider and backend;
// prod = real services, retries, encryption, reserved concurrency; state backends from the environment.
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import {
  DEFAULT_LOCAL_CLOUD_ENDPOINT,
  environments,
  localEnvironment,
  STACK_NAMES,
} from '../src/environments';
import { lambdaFunction, resourcesOfType, resourceWhere, synthStack, type TerraformJson } from './helpers';

/** The synthesized stack less what may differ between local and dev: provider settings and backend. */
function withoutProviderAndBackend(json: TerraformJson): TerraformJson {
  const { provider: _provider, terraform, ...rest } = json;
  const { backend: _backend, ...terraformRest } = terraform;
  return { ...rest, terraform: terraformRest };
}

describe('the local stack', () => {
  it('is the dev stack but for the provider settings and the state backend', () => {
    // GIVEN both stacks synthesized with the same environment WHEN provider and backend are set aside
    const local = synthStack('local').json;
    const dev = synthStack('dev').json;
    // THEN everything else is identical: resources, names, data sources, outputs — except the payments API's
    // invoke URL, whose form follows the endpoint (the local cloud serves stages on its own port)
    const { paymentsApiUrl: localApiUrl, ...localOutputs } = local.output;
    const { paymentsApiUrl: devApiUrl, ...devOutputs } = dev.output;
    expect(withoutProviderAndBackend({ ...local, output: localOutputs })).toEqual(
      withoutProviderAndBackend({ ...dev, output: devOutputs }),
    );
    expect(devApiUrl.value).toBe('${aws_api_gateway_stage.Payments_Api_Stage_335731A6.invoke_url}/payment');
    expect(localApiUrl.value).toBe(
      `${DEFAULT_LOCAL_CLOUD_ENDPOINT}/restapis/\${aws_api_gateway_rest_api.Payments_Api_RestApi_0C0053F9.id}/\${aws_api_gateway_stage.Payments_Api_Stage_335731A6.stage_name}/_user_request_/payment`,
    );
    expect(local.provider).not.toEqual(dev.provider);
  });

  it(`points every service at the local cloud (default ${DEFAULT_LOCAL_CLOUD_ENDPOINT}) with test credentials`, () => {
    const { json, synthesized } = synthStack('local');
    const endpoint = DEFAULT_LOCAL_CLOUD_ENDPOINT;
    expect(json.provider.aws).toEqual([
      {
        region: 'us-east-1',
        access_key: 'test',
        secret_key: 'test',
        skip_credentials_validation: true,
        skip_metadata_api_check: 'true',
        skip_requesting_account_id: false,
        s3_use_path_style: true,
        default_tags: [
          { tags: { Project: 'lambda-destinations-chain', Environment: 'dev', ManagedBy: 'cdktf' } },
        ],
        endpoints: [
          {
            apigateway: endpoint,
            events: endpoint,
            iam: endpoint,
            lambda: endpoint,
            logs: endpoint,
            s3: endpoint,
            sns: endpoint,
            sqs: endpoint,
            sts: endpoint,
          },
        ],
      },
    ]);
    expect(synthesized).toHaveProviderWithProperties(AwsProvider, { region: 'us-east-1' });
  });

  it('takes the endpoint from LOCAL_CLOUD_ENDPOINT at synth', () => {
    const { json } = synthStack('local', { LOCAL_CLOUD_ENDPOINT: 'http://127.0.0.1:9999' });
    expect(new Set(Object.values(json.provider.aws[0].endpoints[0]))).toEqual(
      new Set(['http://127.0.0.1:9999']),
    );
  });

  it('refuses an endpoint that is not a URL', () => {
    expect(() => localEnvironment({ LOCAL_CLOUD_ENDPOINT: '127.0.0.1:4580' })).toThrow(/not a URL/);
  });

  it('keeps its state in a local file outside cdktf.out, even when TF_STATE_BUCKET is set', () => {
    const { json } = synthStack('local', { TF_STATE_BUCKET: 'bucket', TF_STATE_REGION: 'eu-west-2' });
    expect(json.terraform.backend).toEqual({ local: { path: '../../../.terraform-state/local.tfstate' } });
  });
});

describe.each(['dev', 'prod'] as const)('the %s stack state backend', (stack) => {
  it('falls back to a local state file when TF_STATE_BUCKET is unset', () => {
    const { json } = synthStack(stack, {});
    expect(json.terraform.backend).toEqual({ local: { path: `../../../.terraform-state/${stack}.tfstate` } });
  });

  it('is S3 with a lock file when TF_STATE_BUCKET and TF_STATE_REGION are set', () => {
    const { json } = synthStack(stack, { TF_STATE_BUCKET: 'state-bucket', TF_STATE_REGION: 'eu-west-2' });
    expect(json.terraform.backend).toEqual({
      s3: {
        bucket: 'state-bucket',
        key: `lambda-chain/${stack}/terraform.tfstate`,
        region: 'eu-west-2',
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  it('locks with DynamoDB when TF_STATE_LOCK_TABLE is set', () => {
    const { json } = synthStack(stack, {
      TF_STATE_BUCKET: 'state-bucket',
      TF_STATE_REGION: 'eu-west-2',
      TF_STATE_LOCK_TABLE: 'locks',
    });
    expect(json.terraform.backend.s3).toMatchObject({ dynamodb_table: 'locks' });
    expect(json.terraform.backend.s3.use_lockfile).toBeUndefined();
  });

  it('fails synth when the bucket is given without its region', () => {
    expect(() => environments({ TF_STATE_BUCKET: 'state-bucket' })).toThrow(/TF_STATE_REGION/);
  });

  it('uses the plain AWS provider in its region, tagging every resource', () => {
    const { json } = synthStack(stack);
    expect(json.provider.aws).toEqual([
      {
        region: 'us-east-1',
        default_tags: [
          { tags: { Project: 'lambda-destinations-chain', Environment: stack, ManagedBy: 'cdktf' } },
        ],
      },
    ]);
  });
});

describe('prod compared with dev', () => {
  const dev = synthStack('dev').json;
  const prod = synthStack('prod').json;

  it('calls the real external services, given as Terraform variables, and deploys no mock', () => {
    // THEN prod declares the two URL variables, validated as http(s) URLs
    expect(Object.keys(prod.variable).sort()).toEqual([
      'credit_reference_service_url',
      'identity_service_url',
    ]);
    expect(prod.variable.identity_service_url).toMatchObject({
      type: 'string',
      nullable: false,
      validation: [{ condition: '${can(regex("^https?://", var.identity_service_url))}' }],
    });
    expect(lambdaFunction(prod, 'lc-prod-identity-check-proxy').value.environment.variables).toMatchObject({
      IDENTITY_SERVICE_URL: '${var.identity_service_url}',
    });
    expect(lambdaFunction(prod, 'lc-prod-credit-reference-proxy').value.environment.variables).toMatchObject({
      CREDIT_REFERENCE_SERVICE_URL: '${var.credit_reference_service_url}',
    });
    expect(prod.output.identityServiceUrl.value).toBe('${var.identity_service_url}');
    expect(resourcesOfType(prod, 'aws_lambda_function_url')).toEqual([]);
    expect(() => lambdaFunction(prod, 'lc-prod-mock-identity-service')).toThrow();
  });

  it('deploys the mock services behind public function URLs in dev, and wires their URLs', () => {
    expect(dev.variable).toBeUndefined();
    for (const [mock, proxy, variable] of [
      ['mock-identity-service', 'identity-check-proxy', 'IDENTITY_SERVICE_URL'],
      ['mock-credit-reference-service', 'credit-reference-proxy', 'CREDIT_REFERENCE_SERVICE_URL'],
    ] as const) {
      const fn = lambdaFunction(dev, `lc-dev-${mock}`);
      const url = resourceWhere(dev, 'aws_lambda_function_url', 'function_name', fn.ref('function_name'));
      expect(url.value.authorization_type).toBe('NONE');
      expect(lambdaFunction(dev, `lc-dev-${proxy}`).value.environment.variables[variable]).toBe(
        url.ref('function_url'),
      );
    }
  });

  it('encrypts every queue with SSE-SQS in prod, and leaves the account default in dev', () => {
    for (const q of resourcesOfType(prod, 'aws_sqs_queue'))
      expect(q.value.sqs_managed_sse_enabled).toBe(true);
    for (const q of resourcesOfType(dev, 'aws_sqs_queue'))
      expect(q.value.sqs_managed_sse_enabled).toBeUndefined();
  });

  it('reserves concurrency for the heads of the chains in prod only', () => {
    const reserved = (json: TerraformJson) =>
      Object.fromEntries(
        resourcesOfType(json, 'aws_lambda_function')
          .filter((fn) => fn.value.reserved_concurrent_executions !== undefined)
          .map((fn) => [fn.value.function_name, fn.value.reserved_concurrent_executions]),
      );
    expect(reserved(prod)).toEqual({
      'lc-prod-identity-check-proxy': 20,
      'lc-prod-credit-reference-proxy': 20,
      'lc-prod-process-payment': 10,
    });
    expect(reserved(dev)).toEqual({});
  });

  it('keeps logs 90 days in prod and 7 in dev', () => {
    for (const lg of resourcesOfType(prod, 'aws_cloudwatch_log_group'))
      expect(lg.value.retention_in_days).toBe(90);
    for (const lg of resourcesOfType(dev, 'aws_cloudwatch_log_group'))
      expect(lg.value.retention_in_days).toBe(7);
  });
});

describe.each(STACK_NAMES)('names in the %s stack', (stack) => {
  it('are all <prefix>-<name>, the prefix from the environment', () => {
    const { json } = synthStack(stack);
    const prefix = `${environments({})[stack].namePrefix}-`;
    const named: Array<[string, string]> = [
      ['aws_lambda_function', 'function_name'],
      ['aws_sqs_queue', 'name'],
      ['aws_sns_topic', 'name'],
      ['aws_iam_role', 'name'],
      ['aws_iam_role_policy', 'name'],
      ['aws_cloudwatch_event_rule', 'name'],
      ['aws_cloudwatch_event_bus', 'name'],
    ];
    for (const [type, attribute] of named) {
      for (const resource of resourcesOfType(json, type))
        expect(resource.value[attribute]).toMatch(new RegExp(`^${prefix}`));
    }
    for (const lg of resourcesOfType(json, 'aws_cloudwatch_log_group')) {
      expect(lg.value.name).toMatch(new RegExp(`^/aws/lambda/${prefix}`));
    }
  });
});
