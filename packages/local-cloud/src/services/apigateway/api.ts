import type { Cloud } from '../../core/cloud';
import { InputReader } from '../../core/input';
import type { RestRequest, RestResponse, RestRoute, RestService } from '../../core/service';
import type { LocalCloudServer } from '../../server';
import type { ApiGatewayInvoker } from './invoke';
import { ApiGatewayModel, unsupported } from './model';
import { badRequest, readPatchOperations } from './patch';
import type {
  DeploymentState,
  IntegrationState,
  MethodState,
  ResourceState,
  RestApiState,
  StageState,
} from './types';

/**
 * API Gateway REST APIs (v1): the restJson1 control plane under `/restapis` and `/tags`, signing name
 * `apigateway`, as the Terraform provider 5.100.0 and the SDK v3 call it; plus the data plane serving deployed
 * stages at `<endpoint>/restapis/<apiId>/<stage>/_user_request_/<path>` (see ./invoke.ts and README.md).
 * Errors: `x-amzn-ErrorType` + `{"message"}` (reference/aws-wire-and-event-shapes.md §1.3; the server's REST
 * encoder also adds `Type`/`Message`, which the SDKs ignore).
 */
export function installApiGateway(cloud: Cloud, server: LocalCloudServer): ApiGatewayModel {
  const model = new ApiGatewayModel(cloud.store, () => cloud.clock.now());
  // The data plane (Velocity, JSON Schema, integrations) is loaded on the first invoke URL request, so it
  // costs nothing at start-up; its stage cache starts empty then, so it needs no earlier change events.
  let invoker: ApiGatewayInvoker | undefined;
  server.addRawHandler((request) => {
    if (!request.url.pathname.startsWith('/restapis/') || !request.url.pathname.includes('/_user_request_'))
      return undefined;
    invoker ??= new (require('./invoke') as typeof import('./invoke')).ApiGatewayInvoker(cloud, model);
    return invoker.handle(request);
  });
  cloud.addService(apiGatewayService(cloud, model));
  return model;
}

type Handler = (request: RestRequest) => RestResponse | Promise<RestResponse>;

const ok = (body: unknown, status = 200): RestResponse => ({ status, body });
const noContent = (status: number): RestResponse => ({ status });

function readBody(request: RestRequest): Record<string, unknown> {
  if (request.body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body.toString('utf8'));
  } catch {
    throw badRequest('Could not parse request body into json');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badRequest('Request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

const reader = (request: RestRequest): InputReader =>
  new InputReader(readBody(request), 'BadRequestException');

function booleanMap(input: InputReader, name: string): Record<string, boolean> | undefined {
  const value = input.object(name);
  if (!value) return undefined;
  const out: Record<string, boolean> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'boolean') throw input.invalid(`${name}.${key}`, 'must be a boolean');
    out[key] = item;
  }
  return out;
}

/** String maps whose values may be null on the wire (Terraform sends `""` templates; AWS treats null as ""). */
function templateMap(input: InputReader, name: string): Record<string, string> | undefined {
  const value = input.object(name);
  if (!value) return undefined;
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== null && typeof item !== 'string') throw input.invalid(`${name}.${key}`, 'must be a string');
    out[key] = item ?? '';
  }
  return out;
}

const defined = <T extends Record<string, unknown>>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

// ---- output shapes ----

function restApiOut(api: RestApiState): Record<string, unknown> {
  return defined({
    id: api.id,
    name: api.name,
    description: api.description,
    createdDate: api.createdDate,
    version: api.version,
    binaryMediaTypes: api.binaryMediaTypes.length > 0 ? api.binaryMediaTypes : undefined,
    minimumCompressionSize: api.minimumCompressionSize,
    apiKeySource: api.apiKeySource,
    endpointConfiguration: api.endpointConfiguration,
    tags: Object.keys(api.tags).length > 0 ? api.tags : undefined,
    disableExecuteApiEndpoint: api.disableExecuteApiEndpoint,
    rootResourceId: api.rootResourceId,
  });
}

function integrationOut(integration: IntegrationState): Record<string, unknown> {
  return defined({ ...integration });
}

function methodOut(method: MethodState): Record<string, unknown> {
  return defined({
    ...method,
    methodIntegration: method.methodIntegration ? integrationOut(method.methodIntegration) : undefined,
  });
}

function resourceOut(resource: ResourceState, embedMethods: boolean): Record<string, unknown> {
  const methods = Object.entries(resource.resourceMethods);
  return defined({
    id: resource.id,
    parentId: resource.parentId,
    pathPart: resource.pathPart,
    path: resource.path,
    resourceMethods:
      methods.length > 0
        ? Object.fromEntries(methods.map(([name, method]) => [name, embedMethods ? methodOut(method) : {}]))
        : undefined,
  });
}

function deploymentOut(deployment: DeploymentState): Record<string, unknown> {
  return defined({
    id: deployment.id,
    description: deployment.description,
    createdDate: deployment.createdDate,
  });
}

function stageOut(stage: StageState): Record<string, unknown> {
  return defined({
    deploymentId: stage.deploymentId,
    stageName: stage.stageName,
    description: stage.description,
    cacheClusterEnabled: stage.cacheClusterEnabled,
    cacheClusterStatus: 'NOT_AVAILABLE',
    methodSettings: {},
    variables: Object.keys(stage.variables).length > 0 ? stage.variables : undefined,
    documentationVersion: stage.documentationVersion,
    tracingEnabled: stage.tracingEnabled,
    tags: Object.keys(stage.tags).length > 0 ? stage.tags : undefined,
    createdDate: stage.createdDate,
    lastUpdatedDate: stage.lastUpdatedDate,
  });
}

function embedsMethods(request: RestRequest): boolean {
  return request.query
    .getAll('embed')
    .flatMap((v) => v.split(','))
    .includes('methods');
}

// ---- routes ----

export function apiGatewayService(_cloud: Cloud, model: ApiGatewayModel): RestService {
  const A = '/restapis/{restapi_id}';
  const R = `${A}/resources/{resource_id}`;
  const M = `${R}/methods/{http_method}`;
  const routes: Array<[string, string, string, Handler]> = [
    // REST APIs
    [
      'POST',
      '/restapis',
      'CreateRestApi',
      (request) => {
        const input = reader(request);
        if (input.has('cloneFrom')) throw unsupported('cloneFrom');
        if (input.string('policy')) throw unsupported('a REST API resource policy');
        const endpoint = input.object('endpointConfiguration');
        const api = model.createRestApi(
          defined({
            name: input.requiredString('name'),
            description: input.string('description'),
            version: input.string('version'),
            binaryMediaTypes: input.stringArray('binaryMediaTypes'),
            minimumCompressionSize: input.integer('minimumCompressionSize'),
            apiKeySource: input.string('apiKeySource'),
            endpointConfiguration: endpoint
              ? defined({
                  types: new InputReader(endpoint, 'BadRequestException').stringArray('types'),
                  ipAddressType: new InputReader(endpoint, 'BadRequestException').string('ipAddressType'),
                  vpcEndpointIds: new InputReader(endpoint, 'BadRequestException').stringArray(
                    'vpcEndpointIds',
                  ),
                })
              : undefined,
            disableExecuteApiEndpoint: input.boolean('disableExecuteApiEndpoint'),
            tags: input.stringMap('tags'),
          }),
        );
        return ok(restApiOut(api), 201);
      },
    ],
    ['GET', '/restapis', 'GetRestApis', () => ok({ item: model.listApis().map(restApiOut) })],
    ['GET', A, 'GetRestApi', (request) => ok(restApiOut(model.api(param(request, 'restapi_id'))))],
    [
      'PATCH',
      A,
      'UpdateRestApi',
      (request) =>
        ok(
          restApiOut(
            model.updateRestApi(
              param(request, 'restapi_id'),
              readPatchOperations(readBody(request).patchOperations),
            ),
          ),
        ),
    ],
    [
      'DELETE',
      A,
      'DeleteRestApi',
      (request) => {
        model.deleteRestApi(param(request, 'restapi_id'));
        return noContent(202);
      },
    ],
    [
      'PUT',
      A,
      'PutRestApi',
      () => {
        throw unsupported('PutRestApi (OpenAPI import)');
      },
    ],

    // resources
    [
      'GET',
      `${A}/resources`,
      'GetResources',
      (request) => {
        const embed = embedsMethods(request);
        return ok({
          item: model.listResources(param(request, 'restapi_id')).map((r) => resourceOut(r, embed)),
        });
      },
    ],
    [
      'GET',
      R,
      'GetResource',
      (request) =>
        ok(
          resourceOut(
            model.getResource(param(request, 'restapi_id'), param(request, 'resource_id')),
            embedsMethods(request),
          ),
        ),
    ],
    [
      'POST',
      `${A}/resources/{parent_id}`,
      'CreateResource',
      (request) => {
        const input = reader(request);
        const resource = model.createResource(
          param(request, 'restapi_id'),
          param(request, 'parent_id'),
          input.requiredString('pathPart'),
        );
        return ok(resourceOut(resource, false), 201);
      },
    ],
    [
      'PATCH',
      R,
      'UpdateResource',
      (request) =>
        ok(
          resourceOut(
            model.updateResource(
              param(request, 'restapi_id'),
              param(request, 'resource_id'),
              readPatchOperations(readBody(request).patchOperations),
            ),
            false,
          ),
        ),
    ],
    [
      'DELETE',
      R,
      'DeleteResource',
      (request) => {
        model.deleteResource(param(request, 'restapi_id'), param(request, 'resource_id'));
        return noContent(202);
      },
    ],

    // methods
    [
      'PUT',
      M,
      'PutMethod',
      (request) => {
        const input = reader(request);
        const method = model.putMethod(
          param(request, 'restapi_id'),
          param(request, 'resource_id'),
          param(request, 'http_method'),
          defined({
            authorizationType: input.requiredString('authorizationType'),
            authorizerId: input.string('authorizerId'),
            apiKeyRequired: input.boolean('apiKeyRequired'),
            operationName: input.string('operationName'),
            requestParameters: booleanMap(input, 'requestParameters'),
            requestModels: input.stringMap('requestModels'),
            requestValidatorId: input.string('requestValidatorId'),
            authorizationScopes: input.stringArray('authorizationScopes'),
          }),
        );
        return ok(methodOut(method), 201);
      },
    ],
    [
      'GET',
      M,
      'GetMethod',
      (request) =>
        ok(
          methodOut(
            model.getMethod(
              param(request, 'restapi_id'),
              param(request, 'resource_id'),
              param(request, 'http_method'),
            ),
          ),
        ),
    ],
    [
      'PATCH',
      M,
      'UpdateMethod',
      (request) =>
        ok(
          methodOut(
            model.updateMethod(
              param(request, 'restapi_id'),
              param(request, 'resource_id'),
              param(request, 'http_method'),
              readPatchOperations(readBody(request).patchOperations),
            ),
          ),
        ),
    ],
    [
      'DELETE',
      M,
      'DeleteMethod',
      (request) => {
        model.deleteMethod(
          param(request, 'restapi_id'),
          param(request, 'resource_id'),
          param(request, 'http_method'),
        );
        return noContent(204);
      },
    ],

    // method responses
    [
      'PUT',
      `${M}/responses/{status_code}`,
      'PutMethodResponse',
      (request) => {
        const input = reader(request);
        const response = model.putMethodResponse(
          param(request, 'restapi_id'),
          param(request, 'resource_id'),
          param(request, 'http_method'),
          param(request, 'status_code'),
          defined({
            responseParameters: booleanMap(input, 'responseParameters'),
            responseModels: input.stringMap('responseModels'),
          }),
        );
        return ok(response, 201);
      },
    ],
    [
      'GET',
      `${M}/responses/{status_code}`,
      'GetMethodResponse',
      (request) =>
        ok(
          model.getMethodResponse(
            param(request, 'restapi_id'),
            param(request, 'resource_id'),
            param(request, 'http_method'),
            param(request, 'status_code'),
          ),
        ),
    ],
    [
      'PATCH',
      `${M}/responses/{status_code}`,
      'UpdateMethodResponse',
      (request) =>
        ok(
          model.updateMethodResponse(
            param(request, 'restapi_id'),
            param(request, 'resource_id'),
            param(request, 'http_method'),
            param(request, 'status_code'),
            readPatchOperations(readBody(request).patchOperations),
          ),
          201,
        ),
    ],
    [
      'DELETE',
      `${M}/responses/{status_code}`,
      'DeleteMethodResponse',
      (request) => {
        model.deleteMethodResponse(
          param(request, 'restapi_id'),
          param(request, 'resource_id'),
          param(request, 'http_method'),
          param(request, 'status_code'),
        );
        return noContent(204);
      },
    ],

    // integrations
    [
      'PUT',
      `${M}/integration`,
      'PutIntegration',
      (request) => {
        const input = reader(request);
        const integration = model.putIntegration(
          param(request, 'restapi_id'),
          param(request, 'resource_id'),
          param(request, 'http_method'),
          defined({
            type: input.requiredString('type'),
            // On the wire the integration's own method is `httpMethod` (the SDK's integrationHttpMethod).
            integrationHttpMethod: input.string('httpMethod'),
            uri: input.string('uri'),
            connectionType: input.string('connectionType'),
            connectionId: input.string('connectionId'),
            credentials: input.string('credentials'),
            requestParameters: input.stringMap('requestParameters'),
            requestTemplates: templateMap(input, 'requestTemplates'),
            passthroughBehavior: input.string('passthroughBehavior'),
            cacheNamespace: input.string('cacheNamespace'),
            cacheKeyParameters: input.stringArray('cacheKeyParameters'),
            contentHandling: input.string('contentHandling'),
            timeoutInMillis: input.integer('timeoutInMillis'),
            tlsConfig: input.object('tlsConfig'),
          }),
        );
        return ok(integrationOut(integration), 201);
      },
    ],
    [
      'GET',
      `${M}/integration`,
      'GetIntegration',
      (request) =>
        ok(
          integrationOut(
            model.getIntegration(
              param(request, 'restapi_id'),
              param(request, 'resource_id'),
              param(request, 'http_method'),
            ),
          ),
        ),
    ],
    [
      'PATCH',
      `${M}/integration`,
      'UpdateIntegration',
      (request) =>
        ok(
          integrationOut(
            model.updateIntegration(
              param(request, 'restapi_id'),
              param(request, 'resource_id'),
              param(request, 'http_method'),
              readPatchOperations(readBody(request).patchOperations),
            ),
          ),
        ),
    ],
    [
      'DELETE',
      `${M}/integration`,
      'DeleteIntegration',
      (request) => {
        model.deleteIntegration(
          param(request, 'restapi_id'),
          param(request, 'resource_id'),
          param(request, 'http_method'),
        );
        return noContent(204);
      },
    ],

    // integration responses
    [
      'PUT',
      `${M}/integration/responses/{status_code}`,
      'PutIntegrationResponse',
      (request) => {
        const input = reader(request);
        const response = model.putIntegrationResponse(
          param(request, 'restapi_id'),
          param(request, 'resource_id'),
          param(request, 'http_method'),
          param(request, 'status_code'),
          defined({
            selectionPattern: input.string('selectionPattern'),
            responseParameters: input.stringMap('responseParameters'),
            responseTemplates: templateMap(input, 'responseTemplates'),
            contentHandling: input.string('contentHandling'),
          }),
        );
        return ok(response, 201);
      },
    ],
    [
      'GET',
      `${M}/integration/responses/{status_code}`,
      'GetIntegrationResponse',
      (request) =>
        ok(
          model.getIntegrationResponse(
            param(request, 'restapi_id'),
            param(request, 'resource_id'),
            param(request, 'http_method'),
            param(request, 'status_code'),
          ),
        ),
    ],
    [
      'PATCH',
      `${M}/integration/responses/{status_code}`,
      'UpdateIntegrationResponse',
      (request) =>
        ok(
          model.updateIntegrationResponse(
            param(request, 'restapi_id'),
            param(request, 'resource_id'),
            param(request, 'http_method'),
            param(request, 'status_code'),
            readPatchOperations(readBody(request).patchOperations),
          ),
        ),
    ],
    [
      'DELETE',
      `${M}/integration/responses/{status_code}`,
      'DeleteIntegrationResponse',
      (request) => {
        model.deleteIntegrationResponse(
          param(request, 'restapi_id'),
          param(request, 'resource_id'),
          param(request, 'http_method'),
          param(request, 'status_code'),
        );
        return noContent(204);
      },
    ],

    // models
    [
      'POST',
      `${A}/models`,
      'CreateModel',
      (request) => {
        const input = reader(request);
        const created = model.createModel(
          param(request, 'restapi_id'),
          defined({
            name: input.requiredString('name'),
            contentType: input.requiredString('contentType'),
            schema: input.string('schema'),
            description: input.string('description'),
          }),
        );
        return ok(created, 201);
      },
    ],
    [
      'GET',
      `${A}/models`,
      'GetModels',
      (request) => ok({ item: model.listModels(param(request, 'restapi_id')) }),
    ],
    [
      'GET',
      `${A}/models/{model_name}`,
      'GetModel',
      (request) => ok(model.getModel(param(request, 'restapi_id'), param(request, 'model_name'))),
    ],
    [
      'PATCH',
      `${A}/models/{model_name}`,
      'UpdateModel',
      (request) =>
        ok(
          model.updateModel(
            param(request, 'restapi_id'),
            param(request, 'model_name'),
            readPatchOperations(readBody(request).patchOperations),
          ),
        ),
    ],
    [
      'DELETE',
      `${A}/models/{model_name}`,
      'DeleteModel',
      (request) => {
        model.deleteModel(param(request, 'restapi_id'), param(request, 'model_name'));
        return noContent(202);
      },
    ],

    // request validators
    [
      'POST',
      `${A}/requestvalidators`,
      'CreateRequestValidator',
      (request) => {
        const input = reader(request);
        const validator = model.createRequestValidator(
          param(request, 'restapi_id'),
          defined({
            name: input.string('name'),
            validateRequestBody: input.boolean('validateRequestBody'),
            validateRequestParameters: input.boolean('validateRequestParameters'),
          }),
        );
        return ok(validator, 201);
      },
    ],
    [
      'GET',
      `${A}/requestvalidators`,
      'GetRequestValidators',
      (request) => ok({ item: model.listRequestValidators(param(request, 'restapi_id')) }),
    ],
    [
      'GET',
      `${A}/requestvalidators/{validator_id}`,
      'GetRequestValidator',
      (request) =>
        ok(model.getRequestValidator(param(request, 'restapi_id'), param(request, 'validator_id'))),
    ],
    [
      'PATCH',
      `${A}/requestvalidators/{validator_id}`,
      'UpdateRequestValidator',
      (request) =>
        ok(
          model.updateRequestValidator(
            param(request, 'restapi_id'),
            param(request, 'validator_id'),
            readPatchOperations(readBody(request).patchOperations),
          ),
        ),
    ],
    [
      'DELETE',
      `${A}/requestvalidators/{validator_id}`,
      'DeleteRequestValidator',
      (request) => {
        model.deleteRequestValidator(param(request, 'restapi_id'), param(request, 'validator_id'));
        return noContent(202);
      },
    ],

    // deployments
    [
      'POST',
      `${A}/deployments`,
      'CreateDeployment',
      (request) => {
        const input = reader(request);
        if (input.string('cacheClusterSize')) throw unsupported('the stage cache cluster');
        const deployment = model.createDeployment(
          param(request, 'restapi_id'),
          defined({
            stageName: input.string('stageName') || undefined,
            stageDescription: input.string('stageDescription'),
            description: input.string('description'),
            cacheClusterEnabled: input.boolean('cacheClusterEnabled'),
            variables: input.stringMap('variables'),
            canarySettings: input.object('canarySettings'),
            tracingEnabled: input.boolean('tracingEnabled'),
          }),
        );
        return ok(deploymentOut(deployment), 201);
      },
    ],
    [
      'GET',
      `${A}/deployments`,
      'GetDeployments',
      (request) => ok({ item: model.listDeployments(param(request, 'restapi_id')).map(deploymentOut) }),
    ],
    [
      'GET',
      `${A}/deployments/{deployment_id}`,
      'GetDeployment',
      (request) =>
        ok(deploymentOut(model.getDeployment(param(request, 'restapi_id'), param(request, 'deployment_id')))),
    ],
    [
      'PATCH',
      `${A}/deployments/{deployment_id}`,
      'UpdateDeployment',
      (request) =>
        ok(
          deploymentOut(
            model.updateDeployment(
              param(request, 'restapi_id'),
              param(request, 'deployment_id'),
              readPatchOperations(readBody(request).patchOperations),
            ),
          ),
        ),
    ],
    [
      'DELETE',
      `${A}/deployments/{deployment_id}`,
      'DeleteDeployment',
      (request) => {
        model.deleteDeployment(param(request, 'restapi_id'), param(request, 'deployment_id'));
        return noContent(202);
      },
    ],

    // stages
    [
      'POST',
      `${A}/stages`,
      'CreateStage',
      (request) => {
        const input = reader(request);
        if (input.string('cacheClusterSize')) throw unsupported('the stage cache cluster');
        const stage = model.createStage(
          param(request, 'restapi_id'),
          defined({
            stageName: input.requiredString('stageName'),
            deploymentId: input.requiredString('deploymentId'),
            description: input.string('description'),
            variables: input.stringMap('variables'),
            cacheClusterEnabled: input.boolean('cacheClusterEnabled'),
            tracingEnabled: input.boolean('tracingEnabled'),
            canarySettings: input.object('canarySettings'),
            documentationVersion: input.string('documentationVersion'),
            tags: input.stringMap('tags'),
          }),
        );
        return ok(stageOut(stage), 201);
      },
    ],
    [
      'GET',
      `${A}/stages`,
      'GetStages',
      (request) =>
        ok({
          item: model
            .listStages(param(request, 'restapi_id'), request.query.get('deploymentId') ?? undefined)
            .map(stageOut),
        }),
    ],
    [
      'GET',
      `${A}/stages/{stage_name}`,
      'GetStage',
      (request) => ok(stageOut(model.getStage(param(request, 'restapi_id'), param(request, 'stage_name')))),
    ],
    [
      'PATCH',
      `${A}/stages/{stage_name}`,
      'UpdateStage',
      (request) =>
        ok(
          stageOut(
            model.updateStage(
              param(request, 'restapi_id'),
              param(request, 'stage_name'),
              readPatchOperations(readBody(request).patchOperations),
            ),
          ),
        ),
    ],
    [
      'DELETE',
      `${A}/stages/{stage_name}`,
      'DeleteStage',
      (request) => {
        model.deleteStage(param(request, 'restapi_id'), param(request, 'stage_name'));
        return noContent(202);
      },
    ],

    // tags
    [
      'GET',
      '/tags/{resource_arn+}',
      'GetTags',
      (request) => ok({ tags: model.getTags(param(request, 'resource_arn')) }),
    ],
    [
      'PUT',
      '/tags/{resource_arn+}',
      'TagResource',
      (request) => {
        const input = reader(request);
        model.tagResource(param(request, 'resource_arn'), input.stringMap('tags') ?? {});
        return noContent(204);
      },
    ],
    [
      'DELETE',
      '/tags/{resource_arn+}',
      'UntagResource',
      (request) => {
        model.untagResource(
          param(request, 'resource_arn'),
          request.query.getAll('tagKeys').flatMap((v) => v.split(',')),
        );
        return noContent(204);
      },
    ],
  ];
  return {
    protocol: 'rest-json',
    signingName: 'apigateway',
    routes: routes.map(
      ([method, path, operation, handler]): RestRoute => ({
        method,
        path,
        operation,
        handler: (request) => handler(request),
      }),
    ),
  };
}

function param(request: RestRequest, name: string): string {
  const value = request.params[name];
  if (value === undefined || value === '') throw badRequest(`Missing path parameter ${name}`);
  return value;
}
