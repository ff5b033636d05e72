import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateModelCommand,
  CreateRequestValidatorCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  DeleteDeploymentCommand,
  DeleteIntegrationCommand,
  DeleteMethodCommand,
  DeleteModelCommand,
  DeleteResourceCommand,
  DeleteRestApiCommand,
  DeleteStageCommand,
  GetDeploymentCommand,
  GetDeploymentsCommand,
  GetIntegrationCommand,
  GetIntegrationResponseCommand,
  GetMethodCommand,
  GetMethodResponseCommand,
  GetModelCommand,
  GetModelsCommand,
  GetRequestValidatorCommand,
  GetRequestValidatorsCommand,
  GetResourceCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  GetStageCommand,
  GetStagesCommand,
  GetTagsCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateIntegrationCommand,
  UpdateMethodCommand,
  UpdateRequestValidatorCommand,
  UpdateResourceCommand,
  UpdateRestApiCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { type RunningLocalCloud, startLocalCloud } from '../src/index';

/**
 * API Gateway REST API control plane through the real SDK v3 client: every operation the Terraform provider
 * calls for rest_api, resource, method, integration, method/integration responses, model, request validator,
 * deployment and stage, with AWS's error classes and messages.
 */
let local: RunningLocalCloud;
let client: APIGatewayClient;

beforeAll(async () => {
  local = await startLocalCloud({ port: 0 });
  client = new APIGatewayClient({
    endpoint: local.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
});

afterAll(async () => {
  client.destroy();
  await local.stop();
});

async function expectError(
  promise: Promise<unknown>,
  name: string,
  message?: string | RegExp,
): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as { name: string; message: string; $metadata: { httpStatusCode?: number } },
  );
  expect(error).toBeDefined();
  expect(error?.name).toBe(name);
  if (message !== undefined) expect(error?.message).toMatch(message);
}

async function newApi(name = 'orders') {
  return client.send(new CreateRestApiCommand({ name, description: 'd', tags: { team: 'payments' } }));
}

describe('REST APIs', () => {
  it('creates an API with its root resource, default models and AWS defaults', async () => {
    const api = await newApi();
    expect(api.id).toMatch(/^[a-z0-9]{10}$/);
    expect(api.name).toBe('orders');
    expect(api.apiKeySource).toBe('HEADER');
    expect(api.endpointConfiguration?.types).toEqual(['EDGE']);
    expect(api.disableExecuteApiEndpoint).toBe(false);
    expect(api.createdDate).toBeInstanceOf(Date);
    expect(api.tags).toEqual({ team: 'payments' });

    const resources = await client.send(new GetResourcesCommand({ restApiId: api.id }));
    expect(resources.items).toEqual([{ id: api.rootResourceId, path: '/' }]);

    const models = await client.send(new GetModelsCommand({ restApiId: api.id }));
    expect(models.items?.map((m) => m.name)).toEqual(['Empty', 'Error']);

    const listed = await client.send(new GetRestApisCommand({}));
    expect(listed.items?.some((item) => item.id === api.id)).toBe(true);
  });

  it('updates with patch operations (replace, binary media types add/remove) and refuses unknown paths', async () => {
    const api = await newApi('patched');
    const updated = await client.send(
      new UpdateRestApiCommand({
        restApiId: api.id,
        patchOperations: [
          { op: 'replace', path: '/name', value: 'renamed' },
          { op: 'replace', path: '/description', value: 'new' },
          { op: 'add', path: '/binaryMediaTypes/image~1png' },
          { op: 'replace', path: '/endpointConfiguration/types/EDGE', value: 'REGIONAL' },
          { op: 'replace', path: '/minimumCompressionSize', value: '1024' },
        ],
      }),
    );
    expect(updated).toMatchObject({
      name: 'renamed',
      description: 'new',
      binaryMediaTypes: ['image/png'],
      endpointConfiguration: { types: ['REGIONAL'] },
      minimumCompressionSize: 1024,
    });
    const removed = await client.send(
      new UpdateRestApiCommand({
        restApiId: api.id,
        patchOperations: [{ op: 'remove', path: '/binaryMediaTypes/image~1png' }],
      }),
    );
    expect(removed.binaryMediaTypes).toBeUndefined();
    await expectError(
      client.send(
        new UpdateRestApiCommand({
          restApiId: api.id,
          patchOperations: [{ op: 'replace', path: '/nope', value: 'x' }],
        }),
      ),
      'BadRequestException',
      /Invalid patch path/,
    );
    // a failed patch changes nothing
    expect((await client.send(new GetRestApiCommand({ restApiId: api.id }))).name).toBe('renamed');
  });

  it('answers NotFoundException for an unknown API and deletes with 202', async () => {
    await expectError(
      client.send(new GetRestApiCommand({ restApiId: 'nope123456' })),
      'NotFoundException',
      'Invalid REST API identifier specified',
    );
    const api = await newApi('doomed');
    const deleted = await client.send(new DeleteRestApiCommand({ restApiId: api.id }));
    expect(deleted.$metadata.httpStatusCode).toBe(202);
    await expectError(client.send(new DeleteRestApiCommand({ restApiId: api.id })), 'NotFoundException');
  });

  it('refuses what it does not emulate instead of storing it', async () => {
    await expectError(
      client.send(new CreateRestApiCommand({ name: 'p', policy: '{"Version":"2012-10-17","Statement":[]}' })),
      'BadRequestException',
      /local-cloud: a REST API resource policy is not supported/,
    );
    await expectError(
      client.send(new CreateRestApiCommand({ name: 'p', endpointConfiguration: { types: ['PRIVATE'] } })),
      'BadRequestException',
      /PRIVATE endpoints/,
    );
  });
});

describe('resources', () => {
  it('creates nested resources, embeds methods on request, renames and deletes subtrees', async () => {
    const api = await newApi('tree');
    const root = api.rootResourceId as string;
    const orders = await client.send(
      new CreateResourceCommand({ restApiId: api.id, parentId: root, pathPart: 'orders' }),
    );
    expect(orders).toMatchObject({ parentId: root, pathPart: 'orders', path: '/orders' });
    const byId = await client.send(
      new CreateResourceCommand({ restApiId: api.id, parentId: orders.id, pathPart: '{id}' }),
    );
    expect(byId.path).toBe('/orders/{id}');

    await expectError(
      client.send(new CreateResourceCommand({ restApiId: api.id, parentId: root, pathPart: 'orders' })),
      'ConflictException',
      'Another resource with the same parent already has this name: orders',
    );
    await expectError(
      client.send(new CreateResourceCommand({ restApiId: api.id, parentId: orders.id, pathPart: '{other}' })),
      'BadRequestException',
      /only one is allowed/,
    );
    await expectError(
      client.send(new CreateResourceCommand({ restApiId: api.id, parentId: root, pathPart: 'bad path' })),
      'BadRequestException',
      /path part only allow/,
    );
    await expectError(
      client.send(new CreateResourceCommand({ restApiId: api.id, parentId: 'missing123', pathPart: 'x' })),
      'NotFoundException',
      'Invalid Resource identifier specified',
    );

    await client.send(
      new PutMethodCommand({
        restApiId: api.id,
        resourceId: byId.id,
        httpMethod: 'GET',
        authorizationType: 'NONE',
      }),
    );
    const plain = await client.send(new GetResourcesCommand({ restApiId: api.id }));
    expect(plain.items?.find((r) => r.id === byId.id)?.resourceMethods).toEqual({ GET: {} });
    const embedded = await client.send(new GetResourcesCommand({ restApiId: api.id, embed: ['methods'] }));
    expect(embedded.items?.find((r) => r.id === byId.id)?.resourceMethods?.GET).toMatchObject({
      httpMethod: 'GET',
      authorizationType: 'NONE',
      apiKeyRequired: false,
    });

    const renamed = await client.send(
      new UpdateResourceCommand({
        restApiId: api.id,
        resourceId: orders.id,
        patchOperations: [{ op: 'replace', path: '/pathPart', value: 'purchases' }],
      }),
    );
    expect(renamed.path).toBe('/purchases');
    expect((await client.send(new GetResourceCommand({ restApiId: api.id, resourceId: byId.id }))).path).toBe(
      '/purchases/{id}',
    );

    await client.send(new DeleteResourceCommand({ restApiId: api.id, resourceId: orders.id }));
    await expectError(
      client.send(new GetResourceCommand({ restApiId: api.id, resourceId: byId.id })),
      'NotFoundException',
      'Invalid Resource identifier specified',
    );
    await expectError(
      client.send(new DeleteResourceCommand({ restApiId: api.id, resourceId: root })),
      'BadRequestException',
    );
  });

  it('refuses children of a greedy resource', async () => {
    const api = await newApi('greedy');
    const proxy = await client.send(
      new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: '{proxy+}' }),
    );
    await expectError(
      client.send(new CreateResourceCommand({ restApiId: api.id, parentId: proxy.id, pathPart: 'x' })),
      'BadRequestException',
      /greedy path variable/,
    );
  });
});

describe('methods, integrations and their responses', () => {
  it('round-trips the payments method (validator, model, SNS integration, responses)', async () => {
    const api = await newApi('payments');
    const resource = await client.send(
      new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'payment' }),
    );
    const model = await client.send(
      new CreateModelCommand({
        restApiId: api.id,
        name: 'PaymentRequest',
        contentType: 'application/json',
        schema: JSON.stringify({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'object' }),
      }),
    );
    expect(model.id).toMatch(/^[a-z0-9]{6}$/);
    const validator = await client.send(
      new CreateRequestValidatorCommand({ restApiId: api.id, name: 'body', validateRequestBody: true }),
    );
    expect(validator).toMatchObject({
      name: 'body',
      validateRequestBody: true,
      validateRequestParameters: false,
    });

    const method = await client.send(
      new PutMethodCommand({
        restApiId: api.id,
        resourceId: resource.id,
        httpMethod: 'POST',
        authorizationType: 'NONE',
        requestValidatorId: validator.id,
        requestModels: { 'application/json': 'PaymentRequest' },
        requestParameters: { 'method.request.header.x-trace': false },
      }),
    );
    expect(method).toMatchObject({
      httpMethod: 'POST',
      authorizationType: 'NONE',
      apiKeyRequired: false,
      requestValidatorId: validator.id,
      requestModels: { 'application/json': 'PaymentRequest' },
      requestParameters: { 'method.request.header.x-trace': false },
    });
    await expectError(
      client.send(
        new PutMethodCommand({
          restApiId: api.id,
          resourceId: resource.id,
          httpMethod: 'POST',
          authorizationType: 'NONE',
        }),
      ),
      'ConflictException',
      'Method already exists for this resource',
    );
    await expectError(
      client.send(new GetMethodCommand({ restApiId: api.id, resourceId: resource.id, httpMethod: 'GET' })),
      'NotFoundException',
      'Invalid Method identifier specified',
    );
    await expectError(
      client.send(
        new PutMethodCommand({
          restApiId: api.id,
          resourceId: resource.id,
          httpMethod: 'GET',
          authorizationType: 'AWS_IAM',
        }),
      ),
      'BadRequestException',
      /local-cloud: authorizationType AWS_IAM/,
    );

    const topicArn = 'arn:aws:sns:us-east-1:000000000000:payments';
    const template = `Action=Publish&TopicArn=$util.urlEncode('${topicArn}')&Message=$util.urlEncode($input.body)`;
    const integration = await client.send(
      new PutIntegrationCommand({
        restApiId: api.id,
        resourceId: resource.id,
        httpMethod: 'POST',
        type: 'AWS',
        integrationHttpMethod: 'POST',
        uri: 'arn:aws:apigateway:us-east-1:sns:action/Publish',
        credentials: 'arn:aws:iam::000000000000:role/api-sns',
        requestParameters: {
          'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'",
        },
        requestTemplates: { 'application/json': template },
        passthroughBehavior: 'NEVER',
      }),
    );
    expect(integration).toMatchObject({
      type: 'AWS',
      httpMethod: 'POST',
      uri: 'arn:aws:apigateway:us-east-1:sns:action/Publish',
      credentials: 'arn:aws:iam::000000000000:role/api-sns',
      passthroughBehavior: 'NEVER',
      timeoutInMillis: 29000,
      cacheNamespace: resource.id,
      cacheKeyParameters: [],
      requestTemplates: { 'application/json': template },
    });

    await expectError(
      client.send(
        new PutIntegrationResponseCommand({
          restApiId: api.id,
          resourceId: resource.id,
          httpMethod: 'POST',
          statusCode: '200',
        }),
      ),
      'NotFoundException',
      'Invalid Response status code specified',
    );
    await client.send(
      new PutMethodResponseCommand({
        restApiId: api.id,
        resourceId: resource.id,
        httpMethod: 'POST',
        statusCode: '200',
        responseModels: { 'application/json': 'Empty' },
      }),
    );
    const response = await client.send(
      new PutIntegrationResponseCommand({
        restApiId: api.id,
        resourceId: resource.id,
        httpMethod: 'POST',
        statusCode: '200',
        responseTemplates: {
          'application/json': '{"messageId": "$input.path(\'$.PublishResponse.PublishResult.MessageId\')"}',
        },
      }),
    );
    expect(response.statusCode).toBe('200');
    await client.send(
      new PutMethodResponseCommand({
        restApiId: api.id,
        resourceId: resource.id,
        httpMethod: 'POST',
        statusCode: '400',
      }),
    );
    const bad = await client.send(
      new PutIntegrationResponseCommand({
        restApiId: api.id,
        resourceId: resource.id,
        httpMethod: 'POST',
        statusCode: '400',
        selectionPattern: '4\\d{2}',
      }),
    );
    expect(bad.selectionPattern).toBe('4\\d{2}');

    const got = await client.send(
      new GetMethodCommand({ restApiId: api.id, resourceId: resource.id, httpMethod: 'POST' }),
    );
    expect(Object.keys(got.methodResponses ?? {}).sort()).toEqual(['200', '400']);
    expect(Object.keys(got.methodIntegration?.integrationResponses ?? {}).sort()).toEqual(['200', '400']);
    expect(
      (
        await client.send(
          new GetMethodResponseCommand({
            restApiId: api.id,
            resourceId: resource.id,
            httpMethod: 'POST',
            statusCode: '200',
          }),
        )
      ).responseModels,
    ).toEqual({ 'application/json': 'Empty' });
    expect(
      (
        await client.send(
          new GetIntegrationResponseCommand({
            restApiId: api.id,
            resourceId: resource.id,
            httpMethod: 'POST',
            statusCode: '400',
          }),
        )
      ).selectionPattern,
    ).toBe('4\\d{2}');

    // UpdateIntegration keeps the integration responses; templates are patched by key (~1 escapes /)
    const patched = await client.send(
      new UpdateIntegrationCommand({
        restApiId: api.id,
        resourceId: resource.id,
        httpMethod: 'POST',
        patchOperations: [
          { op: 'add', path: '/requestTemplates/text~1plain', value: 'x' },
          { op: 'replace', path: '/timeoutInMillis', value: '5000' },
        ],
      }),
    );
    expect(patched.requestTemplates?.['text/plain']).toBe('x');
    expect(patched.timeoutInMillis).toBe(5000);
    expect(Object.keys(patched.integrationResponses ?? {}).sort()).toEqual(['200', '400']);

    const updatedMethod = await client.send(
      new UpdateMethodCommand({
        restApiId: api.id,
        resourceId: resource.id,
        httpMethod: 'POST',
        patchOperations: [{ op: 'replace', path: '/requestValidatorId', value: '' }],
      }),
    );
    expect(updatedMethod.requestValidatorId).toBeUndefined();

    await expectError(
      client.send(new DeleteModelCommand({ restApiId: api.id, modelName: 'PaymentRequest' })),
      'ConflictException',
      /Cannot delete model/,
    );
    await client.send(
      new DeleteIntegrationCommand({ restApiId: api.id, resourceId: resource.id, httpMethod: 'POST' }),
    );
    await expectError(
      client.send(
        new GetIntegrationCommand({ restApiId: api.id, resourceId: resource.id, httpMethod: 'POST' }),
      ),
      'NotFoundException',
    );
    await client.send(
      new DeleteMethodCommand({ restApiId: api.id, resourceId: resource.id, httpMethod: 'POST' }),
    );
    await client.send(new DeleteModelCommand({ restApiId: api.id, modelName: 'PaymentRequest' }));
    await expectError(
      client.send(new GetModelCommand({ restApiId: api.id, modelName: 'PaymentRequest' })),
      'NotFoundException',
      'Invalid model name specified: PaymentRequest',
    );
  });

  it('validates integrations: types, URIs, credentials, timeouts and parameter mappings', async () => {
    const api = await newApi('integrations');
    const resource = await client.send(
      new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'items' }),
    );
    await client.send(
      new PutMethodCommand({
        restApiId: api.id,
        resourceId: resource.id,
        httpMethod: 'ANY',
        authorizationType: 'NONE',
      }),
    );
    const base = { restApiId: api.id, resourceId: resource.id, httpMethod: 'ANY' };
    await expectError(
      client.send(
        new PutIntegrationCommand({ ...base, type: 'HTTP', integrationHttpMethod: 'GET', uri: 'https://x' }),
      ),
      'BadRequestException',
      /local-cloud: integration type HTTP/,
    );
    await expectError(
      client.send(
        new PutIntegrationCommand({
          ...base,
          type: 'AWS',
          uri: 'arn:aws:apigateway:us-east-1:sns:action/Publish',
        }),
      ),
      'BadRequestException',
      'Enumeration value for HttpMethod must be non-empty',
    );
    await expectError(
      client.send(
        new PutIntegrationCommand({
          ...base,
          type: 'AWS_PROXY',
          integrationHttpMethod: 'POST',
          uri: 'arn:aws:apigateway:us-east-1:sns:action/Publish',
        }),
      ),
      'BadRequestException',
      /AWS_PROXY' currently only supports Lambda/,
    );
    await expectError(
      client.send(
        new PutIntegrationCommand({
          ...base,
          type: 'AWS',
          integrationHttpMethod: 'POST',
          uri: 'arn:aws:apigateway:us-east-1:dynamodb:action/PutItem',
        }),
      ),
      'BadRequestException',
      /dynamodb/,
    );
    await expectError(
      client.send(new PutIntegrationCommand({ ...base, type: 'MOCK', timeoutInMillis: 30_000 })),
      'BadRequestException',
      'Timeout should be between 50 ms and 29000 ms',
    );
    await expectError(
      client.send(
        new PutIntegrationCommand({
          ...base,
          type: 'MOCK',
          requestParameters: { 'integration.request.header.x': 'method.request.header.undeclared' },
        }),
      ),
      'BadRequestException',
      /Invalid mapping expression parameter specified: method.request.header.undeclared/,
    );
    const lambda = await client.send(
      new PutIntegrationCommand({
        ...base,
        type: 'AWS_PROXY',
        integrationHttpMethod: 'POST',
        uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:fn/invocations',
      }),
    );
    expect(lambda).toMatchObject({ type: 'AWS_PROXY', connectionType: 'INTERNET', timeoutInMillis: 29000 });
    const mock = await client.send(new PutIntegrationCommand({ ...base, type: 'MOCK' }));
    expect(mock.type).toBe('MOCK');
    expect(mock.httpMethod).toBeUndefined();
  });
});

describe('request validators', () => {
  it('creates, lists, updates and deletes', async () => {
    const api = await newApi('validators');
    const created = await client.send(
      new CreateRequestValidatorCommand({
        restApiId: api.id,
        name: 'params',
        validateRequestParameters: true,
      }),
    );
    expect((await client.send(new GetRequestValidatorsCommand({ restApiId: api.id }))).items).toHaveLength(1);
    const updated = await client.send(
      new UpdateRequestValidatorCommand({
        restApiId: api.id,
        requestValidatorId: created.id,
        patchOperations: [{ op: 'replace', path: '/validateRequestBody', value: 'true' }],
      }),
    );
    expect(updated).toMatchObject({ validateRequestBody: true, validateRequestParameters: true });
    await expectError(
      client.send(new GetRequestValidatorCommand({ restApiId: api.id, requestValidatorId: 'nope' })),
      'NotFoundException',
      'Invalid Request Validator identifier specified',
    );
  });
});

describe('deployments and stages', () => {
  async function deployable() {
    const api = await newApi('deployable');
    await client.send(
      new PutMethodCommand({
        restApiId: api.id,
        resourceId: api.rootResourceId,
        httpMethod: 'GET',
        authorizationType: 'NONE',
      }),
    );
    return api;
  }

  it('refuses to deploy an API without methods or with a method without integration', async () => {
    const empty = await newApi('empty');
    await expectError(
      client.send(new CreateDeploymentCommand({ restApiId: empty.id })),
      'BadRequestException',
      "The REST API doesn't contain any methods",
    );
    const api = await deployable();
    await expectError(
      client.send(new CreateDeploymentCommand({ restApiId: api.id })),
      'BadRequestException',
      'No integration defined for method',
    );
  });

  it('deploys, creates stages with variables, updates and protects active deployments', async () => {
    const api = await deployable();
    await client.send(
      new PutIntegrationCommand({
        restApiId: api.id,
        resourceId: api.rootResourceId,
        httpMethod: 'GET',
        type: 'MOCK',
      }),
    );
    const deployment = await client.send(
      new CreateDeploymentCommand({ restApiId: api.id, description: 'v1' }),
    );
    expect(deployment.id).toMatch(/^[a-z0-9]{6}$/);
    expect(deployment.createdDate).toBeInstanceOf(Date);
    expect(
      (await client.send(new GetDeploymentCommand({ restApiId: api.id, deploymentId: deployment.id })))
        .description,
    ).toBe('v1');
    expect((await client.send(new GetDeploymentsCommand({ restApiId: api.id }))).items).toHaveLength(1);

    const stage = await client.send(
      new CreateStageCommand({
        restApiId: api.id,
        stageName: 'dev',
        deploymentId: deployment.id,
        variables: { topic: 'payments' },
        tags: { env: 'dev' },
      }),
    );
    expect(stage).toMatchObject({
      stageName: 'dev',
      deploymentId: deployment.id,
      variables: { topic: 'payments' },
      cacheClusterEnabled: false,
      tracingEnabled: false,
      tags: { env: 'dev' },
    });
    await expectError(
      client.send(
        new CreateStageCommand({ restApiId: api.id, stageName: 'dev', deploymentId: deployment.id }),
      ),
      'ConflictException',
      'Stage already exists',
    );
    await expectError(
      client.send(
        new CreateStageCommand({ restApiId: api.id, stageName: 'bad-name', deploymentId: deployment.id }),
      ),
      'BadRequestException',
      'Stage name only allows a-zA-Z0-9_',
    );
    await expectError(
      client.send(new CreateStageCommand({ restApiId: api.id, stageName: 'x', deploymentId: 'nope12' })),
      'BadRequestException',
      'Invalid deployment identifier specified',
    );

    const updated = await client.send(
      new UpdateStageCommand({
        restApiId: api.id,
        stageName: 'dev',
        patchOperations: [
          { op: 'replace', path: '/variables/topic', value: 'orders' },
          { op: 'replace', path: '/description', value: 'the dev stage' },
        ],
      }),
    );
    expect(updated).toMatchObject({ variables: { topic: 'orders' }, description: 'the dev stage' });
    await expectError(
      client.send(
        new UpdateStageCommand({
          restApiId: api.id,
          stageName: 'dev',
          patchOperations: [{ op: 'replace', path: '/*/*/logging/loglevel', value: 'INFO' }],
        }),
      ),
      'BadRequestException',
      /local-cloud: method settings/,
    );
    expect(
      (await client.send(new GetStagesCommand({ restApiId: api.id }))).item?.map((s) => s.stageName),
    ).toEqual(['dev']);

    await expectError(
      client.send(new DeleteDeploymentCommand({ restApiId: api.id, deploymentId: deployment.id })),
      'BadRequestException',
      'Active stages pointing to this deployment must be moved or deleted',
    );
    await client.send(new DeleteStageCommand({ restApiId: api.id, stageName: 'dev' }));
    await expectError(
      client.send(new GetStageCommand({ restApiId: api.id, stageName: 'dev' })),
      'NotFoundException',
      'Invalid Stage identifier specified',
    );
    await client.send(new DeleteDeploymentCommand({ restApiId: api.id, deploymentId: deployment.id }));
    await expectError(
      client.send(new GetDeploymentCommand({ restApiId: api.id, deploymentId: deployment.id })),
      'NotFoundException',
      'Invalid Deployment identifier specified',
    );
  });

  it('CreateDeployment with a stage name creates or moves the stage', async () => {
    const api = await deployable();
    await client.send(
      new PutIntegrationCommand({
        restApiId: api.id,
        resourceId: api.rootResourceId,
        httpMethod: 'GET',
        type: 'MOCK',
      }),
    );
    const first = await client.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'prod' }));
    expect(
      (await client.send(new GetStageCommand({ restApiId: api.id, stageName: 'prod' }))).deploymentId,
    ).toBe(first.id);
    const second = await client.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'prod' }));
    expect(
      (await client.send(new GetStageCommand({ restApiId: api.id, stageName: 'prod' }))).deploymentId,
    ).toBe(second.id);
  });
});

describe('tags', () => {
  it('tags and untags APIs and stages by ARN', async () => {
    const api = await newApi('tagged');
    const arn = `arn:aws:apigateway:us-east-1::/restapis/${api.id}`;
    await client.send(new TagResourceCommand({ resourceArn: arn, tags: { a: '1', b: '2' } }));
    expect((await client.send(new GetTagsCommand({ resourceArn: arn }))).tags).toEqual({
      team: 'payments',
      a: '1',
      b: '2',
    });
    await client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['a', 'team'] }));
    expect((await client.send(new GetTagsCommand({ resourceArn: arn }))).tags).toEqual({ b: '2' });
    await expectError(
      client.send(new GetTagsCommand({ resourceArn: 'arn:aws:apigateway:us-east-1::/restapis/nope123456' })),
      'NotFoundException',
    );
  });
});

describe('durability', () => {
  it('replays the journal after a restart', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dataDir = mkdtempSync(join(tmpdir(), 'apigw-'));
    try {
      const first = await startLocalCloud({ port: 0, dataDir });
      const c1 = new APIGatewayClient({
        endpoint: first.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
      const api = await c1.send(new CreateRestApiCommand({ name: 'durable' }));
      await c1.send(
        new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'x' }),
      );
      c1.destroy();
      await first.stop();
      const second = await startLocalCloud({ port: 0, dataDir });
      const c2 = new APIGatewayClient({
        endpoint: second.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
      const resources = await c2.send(new GetResourcesCommand({ restApiId: api.id }));
      expect(resources.items?.map((r) => r.path).sort()).toEqual(['/', '/x']);
      c2.destroy();
      await second.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
