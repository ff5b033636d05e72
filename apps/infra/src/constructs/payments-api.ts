// The public entry of the payments flow (seeds/001): `POST /payment` on an API Gateway REST API whose AWS
// service integration publishes the request body straight to the payments SNS topic — no function in between.
import { createHash } from 'node:crypto';
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
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import type { EnvironmentConfig } from '../environments/types';
import { AwsContext } from '../lib/aws-context';
import { Construct, Fn } from '../lib/cdktf';
import { allow, assumeRolePolicy, policyDocument } from '../lib/iam';
import { prefixedName } from '../lib/naming';

/** Where the request model comes from: the contracts package's JSON Schema (draft 4, as API Gateway requires). */
export const PAYMENT_REQUEST_SCHEMA_MODULE = '@lambda-chain/contracts/schemas/payment-request.json';

/** API Gateway models are JSON Schema draft 4: refuse another draft at synth rather than at apply. */
export function assertDraft4(schema: Record<string, unknown>, source: string): Record<string, unknown> {
  if (schema.$schema !== undefined && schema.$schema !== 'http://json-schema.org/draft-04/schema#') {
    throw new Error(
      `${source} must be a JSON Schema draft 4 document (API Gateway models are draft 4), got ${String(schema.$schema)}`,
    );
  }
  return schema;
}

/** Reads the PaymentRequest JSON Schema through the contracts package's exports, at synth. */
export function paymentRequestSchema(): Record<string, unknown> {
  const path = require.resolve(PAYMENT_REQUEST_SCHEMA_MODULE);
  return assertDraft4(
    JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>,
    PAYMENT_REQUEST_SCHEMA_MODULE,
  );
}

/**
 * JSON with object keys sorted and no whitespace: the form the provider keeps in state for JSON attributes
 * (Go's json.Marshal after unmarshal), so what is sent, stored and read back are the same string.
 */
export function canonicalJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((key) => [key, sort((v as Record<string, unknown>)[key])]),
      );
    }
    return v;
  };
  return JSON.stringify(sort(value));
}

/** The integration request: the SNS Publish form, the method request body as the message, byte for byte. */
export function publishRequestTemplate(topicArn: string): string {
  return `Action=Publish&TopicArn=$util.urlEncode('${topicArn}')&Message=$util.urlEncode($input.body)`;
}

/** The form body needs its content type: SNS reads the form only with this header. */
export const PUBLISH_REQUEST_PARAMETERS = {
  'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'",
} as const;

/** 200: SNS's message id, from the JSON form of the Publish response. */
export const ACCEPTED_RESPONSE_TEMPLATE = `{"messageId": "$input.path('$.PublishResponse.PublishResult.MessageId')"}`;

/**
 * The integration responses: the default (no pattern) for SNS's 200, and the service's 4xx / 5xx answers
 * mapped by status code (AWS integrations match the selection pattern against the integration's status).
 * Error bodies are fixed: SNS's own error (ARNs, account) is not echoed to callers.
 */
export const PAYMENTS_API_RESPONSES = [
  { statusCode: '200', selectionPattern: undefined, template: ACCEPTED_RESPONSE_TEMPLATE },
  {
    statusCode: '400',
    selectionPattern: '4\\d{2}',
    template: '{"message": "The payment could not be accepted"}',
  },
  { statusCode: '500', selectionPattern: '5\\d{2}', template: '{"message": "Internal server error"}' },
] as const;

export interface PaymentsApiProps {
  /** The topic each accepted payment is published to. */
  readonly topic: SnsTopic;
  /** Name prefix (physical names `<prefix>-payments-api…`), tags through the provider, and the target cloud. */
  readonly config: EnvironmentConfig;
  /** Default: the environment's name (`dev`, `prod`; the local stack deploys the dev environment). */
  readonly stageName?: string;
  /** The JSON Schema (draft 4) of the request body. Default: the contracts package's PaymentRequest schema. */
  readonly requestSchema?: Record<string, unknown>;
}

/**
 * `POST /payment`: authorization NONE; the body validated against the `PaymentRequest` model (request validator
 * on the body only); an AWS service integration calling SNS `Publish` on the topic as an integration role that
 * API Gateway assumes and that may do exactly `sns:Publish` on that topic; 200 → `{"messageId": …}`, SNS's
 * 4xx → 400, 5xx → 500; a deployment redeployed whenever the API's configuration changes
 * (`create_before_destroy`); one stage per environment.
 *
 * `invokeUrl` is the URL callers POST to: on AWS the stage's `invoke_url` + `/payment`; on the embedded local
 * cloud (which serves stages on its own endpoint, not on `*.execute-api.amazonaws.com`)
 * `<endpoint>/restapis/<api id>/<stage>/_user_request_/payment`. Both forms are exposed (`awsInvokeUrl`,
 * `localCloudInvokeUrl(endpoint)`) for callers that decide otherwise.
 */
export class PaymentsApi extends Construct {
  readonly restApi: ApiGatewayRestApi;
  readonly resource: ApiGatewayResource;
  readonly model: ApiGatewayModel;
  readonly requestValidator: ApiGatewayRequestValidator;
  readonly method: ApiGatewayMethod;
  readonly role: IamRole;
  readonly rolePolicy: IamRolePolicy;
  readonly integration: ApiGatewayIntegration;
  readonly methodResponses: readonly ApiGatewayMethodResponse[];
  readonly integrationResponses: readonly ApiGatewayIntegrationResponse[];
  readonly deployment: ApiGatewayDeployment;
  readonly stage: ApiGatewayStage;
  readonly stageName: string;
  /** The stage's AWS invoke URL + `/payment`. */
  readonly awsInvokeUrl: string;
  /** The URL to POST payments to in this environment (AWS or local-cloud form, from the config's provider). */
  readonly invokeUrl: string;

  constructor(scope: Construct, id: string, props: PaymentsApiProps) {
    super(scope, id);
    const { topic, config } = props;
    const name = (suffix: string) => prefixedName(config.namePrefix, suffix);
    const aws = AwsContext.of(this);
    this.stageName = props.stageName ?? config.environmentName;
    if (!/^[a-zA-Z0-9_]{1,128}$/.test(this.stageName)) {
      throw new Error(`Invalid API Gateway stage name "${this.stageName}": use a-zA-Z0-9_`);
    }

    this.restApi = new ApiGatewayRestApi(this, 'RestApi', {
      name: name('payments-api'),
      description: 'POST /payment publishes the payment to the payments topic',
      endpointConfiguration: { types: ['REGIONAL'] },
    });
    const restApiId = this.restApi.id;
    const schemaJson = canonicalJson(
      props.requestSchema ? assertDraft4(props.requestSchema, 'requestSchema') : paymentRequestSchema(),
    );

    this.resource = new ApiGatewayResource(this, 'PaymentResource', {
      restApiId,
      parentId: this.restApi.rootResourceId,
      pathPart: 'payment',
    });

    this.model = new ApiGatewayModel(this, 'PaymentRequestModel', {
      restApiId,
      name: 'PaymentRequest',
      description: 'PaymentRequest (@lambda-chain/contracts/payments)',
      contentType: 'application/json',
      schema: schemaJson,
    });

    this.requestValidator = new ApiGatewayRequestValidator(this, 'BodyValidator', {
      restApiId,
      name: name('payments-body'),
      validateRequestBody: true,
      validateRequestParameters: false,
    });

    this.method = new ApiGatewayMethod(this, 'PostPayment', {
      restApiId,
      resourceId: this.resource.id,
      httpMethod: 'POST',
      authorization: 'NONE',
      requestValidatorId: this.requestValidator.id,
      requestModels: { 'application/json': this.model.name },
    });

    // The role API Gateway assumes to call SNS: exactly sns:Publish on this topic.
    this.role = new IamRole(this, 'IntegrationRole', {
      name: `${name('payments-api')}-role`,
      assumeRolePolicy: assumeRolePolicy('apigateway.amazonaws.com'),
    });
    this.rolePolicy = new IamRolePolicy(this, 'IntegrationPolicy', {
      name: `${name('payments-api')}-publish`,
      role: this.role.name,
      policy: JSON.stringify(policyDocument([allow(['sns:Publish'], [topic.arn])])),
    });

    this.integration = new ApiGatewayIntegration(this, 'PublishIntegration', {
      restApiId,
      resourceId: this.resource.id,
      httpMethod: this.method.httpMethod,
      type: 'AWS',
      integrationHttpMethod: 'POST',
      uri: `arn:${aws.partition}:apigateway:${aws.region}:sns:action/Publish`,
      credentials: this.role.arn,
      requestParameters: { ...PUBLISH_REQUEST_PARAMETERS },
      requestTemplates: { 'application/json': publishRequestTemplate(topic.arn) },
      // Only application/json has a template: any other content type is refused (415), never passed through.
      passthroughBehavior: 'NEVER',
    });

    const methodResponses: ApiGatewayMethodResponse[] = [];
    const integrationResponses: ApiGatewayIntegrationResponse[] = [];
    for (const response of PAYMENTS_API_RESPONSES) {
      const methodResponse = new ApiGatewayMethodResponse(this, `MethodResponse${response.statusCode}`, {
        restApiId,
        resourceId: this.resource.id,
        httpMethod: this.method.httpMethod,
        statusCode: response.statusCode,
      });
      methodResponses.push(methodResponse);
      integrationResponses.push(
        new ApiGatewayIntegrationResponse(this, `IntegrationResponse${response.statusCode}`, {
          restApiId,
          resourceId: this.resource.id,
          httpMethod: this.method.httpMethod,
          statusCode: methodResponse.statusCode,
          selectionPattern: response.selectionPattern,
          responseTemplates: { 'application/json': response.template },
          dependsOn: [this.integration],
        }),
      );
    }
    this.methodResponses = methodResponses;
    this.integrationResponses = integrationResponses;

    // A deployment is a snapshot: redeploy whenever what is served changes. `configuration` hashes, at synth,
    // everything this construct fixes literally (path, method, model schema, validator, integration, templates,
    // responses); `resources` hashes, in Terraform, the ids and ARNs that are only known at apply. Attributes
    // AWS echoes back in another form (the model schema's key order) or fills in are left out: they would
    // redeploy on every plan.
    const configuration = {
      pathPart: 'payment',
      httpMethod: 'POST',
      authorization: 'NONE',
      model: { name: 'PaymentRequest', contentType: 'application/json', schema: schemaJson },
      validator: { validateRequestBody: true, validateRequestParameters: false },
      integration: {
        type: 'AWS',
        integrationHttpMethod: 'POST',
        action: 'sns:action/Publish',
        requestParameters: PUBLISH_REQUEST_PARAMETERS,
        requestTemplate: publishRequestTemplate('<topic>'),
        passthroughBehavior: 'NEVER',
      },
      responses: PAYMENTS_API_RESPONSES,
    };
    this.deployment = new ApiGatewayDeployment(this, 'Deployment', {
      restApiId,
      triggers: {
        configuration: createHash('sha256').update(canonicalJson(configuration)).digest('hex'),
        resources: Fn.sha1(
          Fn.jsonencode([
            this.resource.id,
            this.model.id,
            this.requestValidator.id,
            this.method.id,
            this.integration.id,
            this.integration.uri,
            topic.arn,
            this.role.arn,
            ...methodResponses.map((r) => r.id),
            ...integrationResponses.map((r) => r.id),
          ]),
        ),
      },
      lifecycle: { createBeforeDestroy: true },
      // Everything the snapshot must contain exists first, and the role may publish before traffic arrives.
      dependsOn: [
        this.method,
        this.integration,
        ...methodResponses,
        ...integrationResponses,
        this.rolePolicy,
      ],
    });

    this.stage = new ApiGatewayStage(this, 'Stage', {
      restApiId,
      deploymentId: this.deployment.id,
      stageName: this.stageName,
      description: `${this.stageName} stage of the payments API`,
    });

    this.awsInvokeUrl = `${this.stage.invokeUrl}/payment`;
    this.invokeUrl =
      config.provider.kind === 'local-cloud'
        ? this.localCloudInvokeUrl(config.provider.endpoint)
        : this.awsInvokeUrl;
  }

  /**
   * The local cloud serves a stage at `<endpoint>/restapis/<id>/<stage>/_user_request_/<path>` (see the
   * local-cloud package, services/apigateway); the provider's `invoke_url` always names execute-api on AWS.
   */
  localCloudInvokeUrl(endpoint: string): string {
    return `${endpoint.replace(/\/$/, '')}/restapis/${this.restApi.id}/${this.stage.stageName}/_user_request_/payment`;
  }
}
