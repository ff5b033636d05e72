// PaymentsApi on its own (Testing.synthScope): POST /payment → SNS Publish, no function in between.
import { readFileSync } from 'node:fs';
import { ApiGatewayDeployment } from '@cdktf/provider-aws/lib/api-gateway-deployment';
import { ApiGatewayIntegration } from '@cdktf/provider-aws/lib/api-gateway-integration';
import { ApiGatewayIntegrationResponse } from '@cdktf/provider-aws/lib/api-gateway-integration-response';
import { ApiGatewayMethod } from '@cdktf/provider-aws/lib/api-gateway-method';
import { ApiGatewayMethodResponse } from '@cdktf/provider-aws/lib/api-gateway-method-response';
import { ApiGatewayModel } from '@cdktf/provider-aws/lib/api-gateway-model';
import { ApiGatewayRequestValidator } from '@cdktf/provider-aws/lib/api-gateway-request-validator';
import { ApiGatewayResource } from '@cdktf/provider-aws/lib/api-gateway-resource';
import { ApiGatewayRestApi } from '@cdktf/provider-aws/lib/api-gateway-rest-api';
import { ApiGatewayStage } from '@cdktf/provider-aws/lib/api-gateway-stage';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import {
  canonicalJson,
  PAYMENT_REQUEST_SCHEMA_MODULE,
  PaymentsApi,
  type PaymentsApiProps,
  paymentRequestSchema,
} from '../src/constructs/payments-api';
import {
  devEnvironment,
  type EnvironmentConfig,
  localEnvironment,
  prodEnvironment,
} from '../src/environments';
import { type Construct, TerraformOutput, Testing } from '../src/lib/cdktf';
import { resourcesOfType, type TerraformJson } from './helpers';

const TOPIC_ARN = '${aws_sns_topic.Topic.arn}';

interface Synthesized {
  readonly synthesized: string;
  readonly json: TerraformJson;
  readonly api: PaymentsApi;
}

/** GIVEN a payments topic and PaymentsApi in `config` WHEN synthesized (invokeUrl exported to inspect it). */
function synthApi(
  config: EnvironmentConfig = devEnvironment({}),
  props: Partial<Omit<PaymentsApiProps, 'topic' | 'config'>> = {},
): Synthesized {
  let api: PaymentsApi | undefined;
  const synthesized = Testing.synthScope((scope: Construct) => {
    const topic = new SnsTopic(scope, 'Topic', { name: `${config.namePrefix}-payments` });
    api = new PaymentsApi(scope, 'PaymentsApi', { topic, config, ...props });
    new TerraformOutput(scope, 'url', { value: api.invokeUrl, staticId: true });
    new TerraformOutput(scope, 'awsUrl', { value: api.awsInvokeUrl, staticId: true });
  });
  return { synthesized, json: JSON.parse(synthesized) as TerraformJson, api: api as PaymentsApi };
}

const address = (r: { type: string; key: string }): string => `${r.type}.${r.key}`;

function only(json: TerraformJson, type: string) {
  const found = resourcesOfType(json, type);
  expect(found).toHaveLength(1);
  return found[0] as NonNullable<(typeof found)[0]>;
}

const dev = synthApi();
const restApi = only(dev.json, 'aws_api_gateway_rest_api');
const resource = only(dev.json, 'aws_api_gateway_resource');
const method = only(dev.json, 'aws_api_gateway_method');
const integration = only(dev.json, 'aws_api_gateway_integration');
const role = only(dev.json, 'aws_iam_role');

describe('PaymentsApi', () => {
  it('creates a REST API with POST /payment, authorization NONE', () => {
    expect(dev.synthesized).toHaveResourceWithProperties(ApiGatewayRestApi, {
      name: 'lc-dev-payments-api',
      endpoint_configuration: { types: ['REGIONAL'] },
    });
    expect(dev.synthesized).toHaveResourceWithProperties(ApiGatewayResource, {
      rest_api_id: restApi.ref('id'),
      parent_id: restApi.ref('root_resource_id'),
      path_part: 'payment',
    });
    expect(dev.synthesized).toHaveResourceWithProperties(ApiGatewayMethod, {
      rest_api_id: restApi.ref('id'),
      resource_id: resource.ref('id'),
      http_method: 'POST',
      authorization: 'NONE',
    });
    expect(dev.synthesized).not.toHaveResourceWithProperties(ApiGatewayMethod, { authorization: 'AWS_IAM' });
    expect(resourcesOfType(dev.json, 'aws_lambda_function')).toEqual([]);
  });

  it('validates the body against the PaymentRequest model, the contracts package schema (draft 4)', () => {
    const model = only(dev.json, 'aws_api_gateway_model');
    const validator = only(dev.json, 'aws_api_gateway_request_validator');
    expect(dev.synthesized).toHaveResourceWithProperties(ApiGatewayModel, {
      name: 'PaymentRequest',
      content_type: 'application/json',
    });
    expect(dev.synthesized).toHaveResourceWithProperties(ApiGatewayRequestValidator, {
      name: 'lc-dev-payments-body',
      validate_request_body: true,
      validate_request_parameters: false,
    });
    expect(method.value.request_validator_id).toBe(validator.ref('id'));
    expect(method.value.request_models).toEqual({ 'application/json': model.ref('name') });

    // The model IS the contracts file, read through the package's exports (sorted keys, as state keeps it).
    const file = JSON.parse(readFileSync(require.resolve(PAYMENT_REQUEST_SCHEMA_MODULE), 'utf8'));
    const schema = JSON.parse(model.value.schema);
    expect(schema).toEqual(file);
    expect(model.value.schema).toBe(canonicalJson(file));
    expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
    expect(schema.required).toEqual(['paymentId', 'customerId', 'amount', 'currency']);
    expect(schema.additionalProperties).toBe(false);
  });

  it('refuses a request schema that is not draft 4, and a stage name API Gateway would refuse', () => {
    expect(paymentRequestSchema().$schema).toBe('http://json-schema.org/draft-04/schema#');
    expect(() =>
      synthApi(devEnvironment({}), {
        requestSchema: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' },
      }),
    ).toThrow(/draft 4/);
    expect(() => synthApi(devEnvironment({}), { stageName: 'bad-name' })).toThrow(
      /Invalid API Gateway stage name "bad-name"/,
    );
  });

  it('integrates with SNS Publish on the topic as an integration role, form-encoded, passthrough NEVER', () => {
    expect(dev.synthesized).toHaveResourceWithProperties(ApiGatewayIntegration, {
      rest_api_id: restApi.ref('id'),
      resource_id: resource.ref('id'),
      http_method: method.ref('http_method'),
      type: 'AWS',
      integration_http_method: 'POST',
      uri: 'arn:${data.aws_partition.aws_partition.partition}:apigateway:${data.aws_region.aws_region.name}:sns:action/Publish',
      credentials: role.ref('arn'),
      request_parameters: {
        'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'",
      },
      request_templates: {
        'application/json': `Action=Publish&TopicArn=$util.urlEncode('${TOPIC_ARN}')&Message=$util.urlEncode($input.body)`,
      },
      passthrough_behavior: 'NEVER',
    });
  });

  it('the integration role trusts API Gateway and may do exactly sns:Publish on the topic', () => {
    expect(dev.synthesized).toHaveResourceWithProperties(IamRole, { name: 'lc-dev-payments-api-role' });
    expect(JSON.parse(role.value.assume_role_policy)).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: ['sts:AssumeRole'] },
      ],
    });
    const policies = resourcesOfType(dev.json, 'aws_iam_role_policy');
    expect(policies).toHaveLength(1);
    expect(policies[0]?.value.role).toBe(role.ref('name'));
    expect(JSON.parse(policies[0]?.value.policy)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['sns:Publish'], Resource: [TOPIC_ARN] }],
    });
  });

  it('maps 200 to the message id and SNS 4xx/5xx to 400/500', () => {
    for (const statusCode of ['200', '400', '500']) {
      expect(dev.synthesized).toHaveResourceWithProperties(ApiGatewayMethodResponse, {
        rest_api_id: restApi.ref('id'),
        resource_id: resource.ref('id'),
        http_method: method.ref('http_method'),
        status_code: statusCode,
      });
    }
    const responses = resourcesOfType(dev.json, 'aws_api_gateway_integration_response');
    expect(responses).toHaveLength(3);
    const byStatus = new Map(
      responses.map((r) => {
        const methodResponse = resourcesOfType(dev.json, 'aws_api_gateway_method_response').find(
          (m) => r.value.status_code === m.ref('status_code'),
        );
        return [methodResponse?.value.status_code as string, r.value];
      }),
    );
    expect(byStatus.get('200')).not.toHaveProperty('selection_pattern');
    expect(byStatus.get('200')?.response_templates).toEqual({
      'application/json': `{"messageId": "$input.path('$.PublishResponse.PublishResult.MessageId')"}`,
    });
    expect(byStatus.get('400')?.selection_pattern).toBe('4\\d{2}');
    expect(byStatus.get('500')?.selection_pattern).toBe('5\\d{2}');
    for (const response of responses) {
      // The integration must exist before its responses.
      expect(response.value.depends_on).toEqual([address(integration)]);
    }
    expect(dev.synthesized).toHaveResourceWithProperties(ApiGatewayIntegrationResponse, {
      selection_pattern: '4\\d{2}',
      response_templates: { 'application/json': '{"message": "The payment could not be accepted"}' },
    });
  });

  it('redeploys when the configuration changes: triggers hash it, create_before_destroy', () => {
    const deployment = only(dev.json, 'aws_api_gateway_deployment');
    expect(dev.synthesized).toHaveResourceWithProperties(ApiGatewayDeployment, {
      rest_api_id: restApi.ref('id'),
      lifecycle: { create_before_destroy: true },
    });
    expect(deployment.value.triggers.configuration).toMatch(/^[0-9a-f]{64}$/);
    const resources: string = deployment.value.triggers.resources;
    expect(resources).toMatch(/^\$\{sha1\(jsonencode\(\[.*\]\)\)\}$/);
    for (const ref of [
      resource.ref('id'),
      method.ref('id'),
      integration.ref('id'),
      role.ref('arn'),
      TOPIC_ARN,
    ]) {
      expect(resources).toContain(ref.slice(2, -1));
    }
    // Only what this construct sets literally or ids: no attribute AWS rewrites (e.g. the model schema).
    expect(resources).not.toContain('.schema');
    expect(deployment.value.depends_on).toEqual(
      expect.arrayContaining([
        address(method),
        address(integration),
        ...resourcesOfType(dev.json, 'aws_api_gateway_integration_response').map(address),
        ...resourcesOfType(dev.json, 'aws_iam_role_policy').map(address),
      ]),
    );

    // Same configuration → same hash; another schema → another hash (a new deployment).
    expect(only(synthApi().json, 'aws_api_gateway_deployment').value.triggers.configuration).toBe(
      deployment.value.triggers.configuration,
    );
    const changed = synthApi(devEnvironment({}), {
      requestSchema: { ...paymentRequestSchema(), required: ['paymentId'] },
    });
    expect(only(changed.json, 'aws_api_gateway_deployment').value.triggers.configuration).not.toBe(
      deployment.value.triggers.configuration,
    );
  });

  it('has one stage per environment, named after it by default', () => {
    const deployment = only(dev.json, 'aws_api_gateway_deployment');
    expect(dev.synthesized).toHaveResourceWithProperties(ApiGatewayStage, {
      rest_api_id: restApi.ref('id'),
      deployment_id: deployment.ref('id'),
      stage_name: 'dev',
    });
    expect(synthApi(prodEnvironment({})).synthesized).toHaveResourceWithProperties(ApiGatewayStage, {
      stage_name: 'prod',
    });
    expect(synthApi(devEnvironment({}), { stageName: 'v1' }).synthesized).toHaveResourceWithProperties(
      ApiGatewayStage,
      { stage_name: 'v1' },
    );
  });

  it('invokeUrl: the stage invoke URL + /payment on AWS, the local-cloud form on the local stack', () => {
    const stage = only(dev.json, 'aws_api_gateway_stage');
    expect(dev.json.output.url.value).toBe(`${stage.ref('invoke_url')}/payment`);
    expect(dev.json.output.awsUrl.value).toBe(`${stage.ref('invoke_url')}/payment`);

    const local = synthApi(localEnvironment({ LOCAL_CLOUD_ENDPOINT: 'http://127.0.0.1:4599/' }));
    const localApi = only(local.json, 'aws_api_gateway_rest_api');
    const localStage = only(local.json, 'aws_api_gateway_stage');
    expect(localStage.value.stage_name).toBe('dev');
    expect(local.json.output.url.value).toBe(
      `http://127.0.0.1:4599/restapis/${localApi.ref('id')}/${localStage.ref('stage_name')}/_user_request_/payment`,
    );
    expect(local.json.output.awsUrl.value).toBe(`${localStage.ref('invoke_url')}/payment`);
  });
});
