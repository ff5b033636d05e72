import { AwsError } from '../../core/errors';
import { shortId } from '../../core/ids';
import type { Store } from '../../core/store';
import {
  badRequest,
  checkOp,
  parseBoolean,
  parseInteger,
  patchBooleanMap,
  patchStringList,
  patchStringMap,
  pointerSegments,
  requireValue,
  unsupportedPath,
} from './patch';
import type {
  ApiGatewayRecord,
  ApiSnapshot,
  DeploymentState,
  IntegrationResponseState,
  IntegrationState,
  IntegrationType,
  MethodResponseState,
  MethodState,
  ModelState,
  PatchOperation,
  RequestValidatorState,
  ResourceState,
  RestApiState,
  StageState,
} from './types';

/**
 * The REST API control plane: state and rules, no HTTP. Every mutation works on a copy of the API and commits
 * the API's whole new state to the journal before it becomes visible, so a failed rule check changes nothing
 * and replay is a plain `set`.
 */
export const NAMESPACE = 'apigateway';

export const notFound = (message: string): AwsError => new AwsError('NotFoundException', message, 404);
export const conflict = (message: string): AwsError => new AwsError('ConflictException', message, 409);

/** local-cloud refuses what it would store but not emulate (instead of silently ignoring it). */
export const unsupported = (what: string): AwsError =>
  new AwsError('BadRequestException', `local-cloud: ${what} is not supported by the local API Gateway`, 400);

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'] as const;
const INTEGRATION_TYPES: readonly IntegrationType[] = ['AWS', 'AWS_PROXY', 'HTTP', 'HTTP_PROXY', 'MOCK'];
const PASSTHROUGH = ['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'];
const STATUS_CODE = /^[1-5]\d\d$/;
const PATH_PART = /^(?:[a-zA-Z0-9._\-:]+|\{[a-zA-Z0-9._-]+\+?\})$/;
const STAGE_NAME = /^[a-zA-Z0-9_]{1,128}$/;
const STAGE_VARIABLE_NAME = /^[a-zA-Z0-9_]{1,64}$/;
const MODEL_NAME = /^[a-zA-Z0-9]{1,255}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** Default models every new REST API gets (as AWS creates them). */
const DEFAULT_MODELS: ReadonlyArray<Omit<ModelState, 'id'>> = [
  {
    name: 'Empty',
    description: 'This is a default empty schema model',
    contentType: 'application/json',
    schema:
      '{\n  "$schema": "http://json-schema.org/draft-04/schema#",\n  "title" : "Empty Schema",\n  "type" : "object"\n}',
  },
  {
    name: 'Error',
    description: 'This is a default error schema model',
    contentType: 'application/json',
    schema:
      '{\n  "$schema" : "http://json-schema.org/draft-04/schema#",\n  "title" : "Error Schema",\n  "type" : "object",\n  "properties" : {\n    "message" : { "type" : "string" }\n  }\n}',
  },
];

/** The parsed `arn:aws:apigateway:<region>:<service>:<action|path>/<rest>` of an AWS integration. */
export interface AwsIntegrationUri {
  region: string;
  service: string;
  kind: 'action' | 'path';
  rest: string;
}

export function parseIntegrationUri(uri: string): AwsIntegrationUri | undefined {
  const match = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]+):([a-z0-9.-]+):(action|path)\/(.*)$/.exec(uri);
  if (!match) return undefined;
  return {
    region: match[1] as string,
    service: match[2] as string,
    kind: match[3] as 'action' | 'path',
    rest: match[4] as string,
  };
}

/** The function ARN of a Lambda integration URI (`…:lambda:path/2015-03-31/functions/<arn>/invocations`). */
export function lambdaFunctionFromUri(uri: string): string | undefined {
  const parsed = parseIntegrationUri(uri);
  if (parsed?.service !== 'lambda' || parsed.kind !== 'path') return undefined;
  const match = /^2015-03-31\/functions\/(.+)\/invocations$/.exec(parsed.rest);
  return match ? (match[1] as string) : undefined;
}

export interface CreateRestApiInput {
  name: string;
  description?: string;
  version?: string;
  binaryMediaTypes?: string[];
  minimumCompressionSize?: number;
  apiKeySource?: string;
  endpointConfiguration?: { types?: string[]; ipAddressType?: string; vpcEndpointIds?: string[] };
  disableExecuteApiEndpoint?: boolean;
  tags?: Record<string, string>;
}

export interface PutMethodInput {
  authorizationType: string;
  authorizerId?: string;
  apiKeyRequired?: boolean;
  operationName?: string;
  requestParameters?: Record<string, boolean>;
  requestModels?: Record<string, string>;
  requestValidatorId?: string;
  authorizationScopes?: string[];
}

export interface PutIntegrationInput {
  type: string;
  integrationHttpMethod?: string;
  uri?: string;
  connectionType?: string;
  connectionId?: string;
  credentials?: string;
  requestParameters?: Record<string, string>;
  requestTemplates?: Record<string, string>;
  passthroughBehavior?: string;
  cacheNamespace?: string;
  cacheKeyParameters?: string[];
  contentHandling?: string;
  timeoutInMillis?: number;
  tlsConfig?: unknown;
}

export interface PutIntegrationResponseInput {
  selectionPattern?: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string>;
  contentHandling?: string;
}

export interface CreateDeploymentInput {
  stageName?: string;
  stageDescription?: string;
  description?: string;
  cacheClusterEnabled?: boolean;
  variables?: Record<string, string>;
  canarySettings?: unknown;
  tracingEnabled?: boolean;
}

export interface CreateStageInput {
  stageName: string;
  deploymentId: string;
  description?: string;
  variables?: Record<string, string>;
  cacheClusterEnabled?: boolean;
  tracingEnabled?: boolean;
  canarySettings?: unknown;
  documentationVersion?: string;
  tags?: Record<string, string>;
}

export class ApiGatewayModel {
  private readonly apis = new Map<string, RestApiState>();
  private readonly listeners = new Set<(apiId: string) => void>();

  constructor(
    private readonly store: Store,
    private readonly now: () => number = () => Date.now(),
  ) {
    store.register<ApiGatewayRecord>(NAMESPACE, {
      apply: (record) => this.apply(record),
      snapshot: () => ({ apis: [...this.apis.values()] }),
      restore: (state) => {
        this.apis.clear();
        for (const api of (state as { apis?: RestApiState[] }).apis ?? []) this.apis.set(api.id, api);
      },
    });
  }

  /** Called after any change of an API (the invoke layer drops its caches). */
  onChange(listener: (apiId: string) => void): void {
    this.listeners.add(listener);
  }

  private apply(record: ApiGatewayRecord): void {
    if (record.kind === 'put') this.apis.set(record.api.id, record.api);
    else this.apis.delete(record.id);
    const id = record.kind === 'put' ? record.api.id : record.id;
    for (const listener of this.listeners) listener(id);
  }

  private epochSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /** Runs `change` on a copy of the API and commits the copy; a thrown error leaves the API untouched. */
  private mutate<T>(apiId: string, change: (api: RestApiState) => T): T {
    const draft = structuredClone(this.api(apiId));
    const out = change(draft);
    this.store.commit<ApiGatewayRecord>(NAMESPACE, { kind: 'put', api: draft });
    return out;
  }

  // ---- REST APIs ----

  api(apiId: string): RestApiState {
    const api = this.apis.get(apiId);
    if (!api) throw notFound('Invalid REST API identifier specified');
    return api;
  }

  findApi(apiId: string): RestApiState | undefined {
    return this.apis.get(apiId);
  }

  listApis(): RestApiState[] {
    return [...this.apis.values()].sort((a, b) => a.createdDate - b.createdDate || a.id.localeCompare(b.id));
  }

  createRestApi(input: CreateRestApiInput): RestApiState {
    if (!input.name) throw badRequest('Invalid REST API name specified');
    if (input.apiKeySource !== undefined && !['HEADER', 'AUTHORIZER'].includes(input.apiKeySource)) {
      throw badRequest(`Invalid API key source specified: ${input.apiKeySource}`);
    }
    const types = input.endpointConfiguration?.types ?? ['EDGE'];
    checkEndpointTypes(types);
    if (input.endpointConfiguration?.vpcEndpointIds?.length)
      throw unsupported('endpointConfiguration.vpcEndpointIds');
    if (input.minimumCompressionSize !== undefined) checkCompression(input.minimumCompressionSize);
    let id = shortId(10);
    while (this.apis.has(id)) id = shortId(10);
    const rootResourceId = shortId(10);
    const created = this.epochSeconds();
    const models: Record<string, ModelState> = {};
    for (const model of DEFAULT_MODELS) models[model.name] = { id: shortId(6), ...model };
    const api: RestApiState = {
      id,
      name: input.name,
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.version !== undefined ? { version: input.version } : {}),
      createdDate: created,
      binaryMediaTypes: input.binaryMediaTypes ?? [],
      ...(input.minimumCompressionSize !== undefined
        ? { minimumCompressionSize: input.minimumCompressionSize }
        : {}),
      apiKeySource: input.apiKeySource ?? 'HEADER',
      endpointConfiguration: {
        types,
        ipAddressType: input.endpointConfiguration?.ipAddressType ?? 'ipv4',
      },
      disableExecuteApiEndpoint: input.disableExecuteApiEndpoint ?? false,
      rootResourceId,
      tags: input.tags ?? {},
      resources: { [rootResourceId]: { id: rootResourceId, path: '/', resourceMethods: {} } },
      models,
      requestValidators: {},
      deployments: {},
      stages: {},
    };
    this.store.commit<ApiGatewayRecord>(NAMESPACE, { kind: 'put', api });
    return api;
  }

  updateRestApi(apiId: string, ops: PatchOperation[]): RestApiState {
    return this.mutate(apiId, (api) => {
      for (const op of ops) {
        const [field, ...rest] = pointerSegments(op.path);
        switch (field) {
          case 'name':
            checkOp(op, ['replace']);
            api.name = requireValue(op);
            break;
          case 'description':
            checkOp(op, ['replace']);
            if (op.value) api.description = op.value;
            else delete api.description;
            break;
          case 'version':
            checkOp(op, ['replace']);
            if (op.value) api.version = op.value;
            else delete api.version;
            break;
          case 'apiKeySource': {
            checkOp(op, ['replace']);
            const value = requireValue(op);
            if (!['HEADER', 'AUTHORIZER'].includes(value))
              throw badRequest(`Invalid API key source specified: ${value}`);
            api.apiKeySource = value;
            break;
          }
          case 'binaryMediaTypes':
            checkOp(op, ['add', 'remove', 'replace']);
            api.binaryMediaTypes = patchStringList(api.binaryMediaTypes, op, rest.join('/'));
            break;
          case 'minimumCompressionSize':
            checkOp(op, ['replace']);
            if (op.value === undefined || op.value === '') delete api.minimumCompressionSize;
            else api.minimumCompressionSize = parseInteger(op, -1, 10_485_760);
            if (api.minimumCompressionSize === -1) delete api.minimumCompressionSize;
            break;
          case 'disableExecuteApiEndpoint':
            checkOp(op, ['replace']);
            api.disableExecuteApiEndpoint = parseBoolean(op);
            break;
          case 'endpointConfiguration': {
            checkOp(op, ['replace']);
            if (rest[0] === 'types' && rest.length === 2) {
              const value = requireValue(op);
              checkEndpointTypes([value]);
              api.endpointConfiguration.types = [value];
            } else if (rest[0] === 'ipAddressType' && rest.length === 1) {
              const value = requireValue(op);
              if (!['ipv4', 'dualstack'].includes(value)) throw badRequest(`Invalid ipAddressType: ${value}`);
              api.endpointConfiguration.ipAddressType = value;
            } else {
              throw unsupportedPath(op);
            }
            break;
          }
          case 'policy':
            checkOp(op, ['replace']);
            if (op.value) throw unsupported('a REST API resource policy');
            break;
          default:
            throw unsupportedPath(op);
        }
      }
      return api;
    });
  }

  deleteRestApi(apiId: string): void {
    this.api(apiId);
    this.store.commit<ApiGatewayRecord>(NAMESPACE, { kind: 'delete', id: apiId });
  }

  // ---- resources ----

  resource(api: RestApiState | ApiSnapshot, resourceId: string): ResourceState {
    const resource = api.resources[resourceId];
    if (!resource) throw notFound('Invalid Resource identifier specified');
    return resource;
  }

  listResources(apiId: string): ResourceState[] {
    return Object.values(this.api(apiId).resources).sort((a, b) => a.path.localeCompare(b.path));
  }

  getResource(apiId: string, resourceId: string): ResourceState {
    return this.resource(this.api(apiId), resourceId);
  }

  createResource(apiId: string, parentId: string, pathPart: string): ResourceState {
    return this.mutate(apiId, (api) => {
      const parent = this.resource(api, parentId);
      checkPathPart(api, parent, pathPart, undefined);
      const id = uniqueKey(api.resources, 10);
      const resource: ResourceState = {
        id,
        parentId,
        pathPart,
        path: joinPath(parent.path, pathPart),
        resourceMethods: {},
      };
      api.resources[id] = resource;
      return resource;
    });
  }

  updateResource(apiId: string, resourceId: string, ops: PatchOperation[]): ResourceState {
    return this.mutate(apiId, (api) => {
      const resource = this.resource(api, resourceId);
      if (resource.id === api.rootResourceId) throw badRequest('Root resource cannot be updated');
      for (const op of ops) {
        const [field] = pointerSegments(op.path);
        checkOp(op, ['replace']);
        if (field === 'pathPart') {
          const parent = this.resource(api, resource.parentId as string);
          const value = requireValue(op);
          checkPathPart(api, parent, value, resource.id);
          resource.pathPart = value;
        } else if (field === 'parentId') {
          const value = requireValue(op);
          const parent = this.resource(api, value);
          for (let cursor: ResourceState | undefined = parent; cursor; ) {
            if (cursor.id === resource.id) throw badRequest('A resource cannot be moved under itself');
            cursor = cursor.parentId ? api.resources[cursor.parentId] : undefined;
          }
          checkPathPart(api, parent, resource.pathPart as string, resource.id);
          resource.parentId = value;
        } else {
          throw unsupportedPath(op);
        }
      }
      recomputePaths(api);
      return resource;
    });
  }

  deleteResource(apiId: string, resourceId: string): void {
    this.mutate(apiId, (api) => {
      const resource = this.resource(api, resourceId);
      if (resource.id === api.rootResourceId)
        throw badRequest('Cannot delete the root resource of a REST API');
      const doomed = new Set([resource.id]);
      let grew = true;
      while (grew) {
        grew = false;
        for (const candidate of Object.values(api.resources)) {
          if (candidate.parentId && doomed.has(candidate.parentId) && !doomed.has(candidate.id)) {
            doomed.add(candidate.id);
            grew = true;
          }
        }
      }
      for (const id of doomed) delete api.resources[id];
    });
  }

  // ---- methods ----

  method(resource: ResourceState, httpMethod: string): MethodState {
    const method = resource.resourceMethods[httpMethod];
    if (!method) throw notFound('Invalid Method identifier specified');
    return method;
  }

  getMethod(apiId: string, resourceId: string, httpMethod: string): MethodState {
    return this.method(this.getResource(apiId, resourceId), httpMethod);
  }

  putMethod(apiId: string, resourceId: string, httpMethod: string, input: PutMethodInput): MethodState {
    checkHttpMethod(httpMethod);
    return this.mutate(apiId, (api) => {
      const resource = this.resource(api, resourceId);
      if (resource.resourceMethods[httpMethod]) throw conflict('Method already exists for this resource');
      if (!input.authorizationType) throw badRequest('Authorization type must be specified');
      checkAuthorization(input.authorizationType, input.authorizerId, input.authorizationScopes);
      if (input.apiKeyRequired) throw unsupported('apiKeyRequired (API keys and usage plans)');
      if (input.requestValidatorId !== undefined) this.validator(api, input.requestValidatorId);
      if (input.requestParameters) checkMethodRequestParameters(input.requestParameters);
      if (input.requestModels) checkModelRefs(api, input.requestModels);
      const method: MethodState = {
        httpMethod,
        authorizationType: input.authorizationType,
        apiKeyRequired: false,
        ...(input.requestValidatorId !== undefined ? { requestValidatorId: input.requestValidatorId } : {}),
        ...(input.operationName !== undefined ? { operationName: input.operationName } : {}),
        ...(input.requestParameters && Object.keys(input.requestParameters).length > 0
          ? { requestParameters: input.requestParameters }
          : {}),
        ...(input.requestModels && Object.keys(input.requestModels).length > 0
          ? { requestModels: input.requestModels }
          : {}),
      };
      resource.resourceMethods[httpMethod] = method;
      return method;
    });
  }

  updateMethod(apiId: string, resourceId: string, httpMethod: string, ops: PatchOperation[]): MethodState {
    return this.mutate(apiId, (api) => {
      const method = this.method(this.resource(api, resourceId), httpMethod);
      for (const op of ops) {
        const [field, ...rest] = pointerSegments(op.path);
        const key = rest.join('/');
        switch (field) {
          case 'authorizationType':
            checkOp(op, ['replace']);
            checkAuthorization(requireValue(op), undefined, undefined);
            method.authorizationType = requireValue(op);
            break;
          case 'authorizerId':
            checkOp(op, ['replace']);
            if (op.value) throw unsupported('authorizers');
            break;
          case 'apiKeyRequired':
            checkOp(op, ['replace']);
            if (parseBoolean(op)) throw unsupported('apiKeyRequired (API keys and usage plans)');
            break;
          case 'operationName':
            checkOp(op, ['replace']);
            if (op.value) method.operationName = op.value;
            else delete method.operationName;
            break;
          case 'requestValidatorId':
            checkOp(op, ['replace']);
            if (op.value) {
              this.validator(api, op.value);
              method.requestValidatorId = op.value;
            } else {
              delete method.requestValidatorId;
            }
            break;
          case 'requestParameters': {
            checkOp(op, ['add', 'remove', 'replace']);
            if (op.op !== 'remove') checkMethodRequestParameters({ [key]: true });
            const next = patchBooleanMap(method.requestParameters, op, key);
            if (next) method.requestParameters = next;
            else delete method.requestParameters;
            break;
          }
          case 'requestModels': {
            checkOp(op, ['add', 'remove', 'replace']);
            if (op.op !== 'remove') checkModelRefs(api, { [key]: requireValue(op) });
            const next = patchStringMap(method.requestModels, op, key);
            if (next) method.requestModels = next;
            else delete method.requestModels;
            break;
          }
          case 'authorizationScopes':
            throw unsupported('authorizationScopes');
          default:
            throw unsupportedPath(op);
        }
      }
      return method;
    });
  }

  deleteMethod(apiId: string, resourceId: string, httpMethod: string): void {
    this.mutate(apiId, (api) => {
      const resource = this.resource(api, resourceId);
      this.method(resource, httpMethod);
      delete resource.resourceMethods[httpMethod];
    });
  }

  // ---- method responses ----

  getMethodResponse(
    apiId: string,
    resourceId: string,
    httpMethod: string,
    statusCode: string,
  ): MethodResponseState {
    const response = this.getMethod(apiId, resourceId, httpMethod).methodResponses?.[statusCode];
    if (!response) throw notFound('Invalid Response status code specified');
    return response;
  }

  putMethodResponse(
    apiId: string,
    resourceId: string,
    httpMethod: string,
    statusCode: string,
    input: { responseParameters?: Record<string, boolean>; responseModels?: Record<string, string> },
  ): MethodResponseState {
    checkStatusCode(statusCode);
    return this.mutate(apiId, (api) => {
      const method = this.method(this.resource(api, resourceId), httpMethod);
      if (input.responseParameters) {
        for (const key of Object.keys(input.responseParameters)) {
          if (!/^method\.response\.header\.[^.\s]+$/.test(key)) {
            throw badRequest(`Invalid mapping expression specified: ${key}`);
          }
        }
      }
      if (input.responseModels) checkModelRefs(api, input.responseModels);
      const response: MethodResponseState = {
        statusCode,
        ...(input.responseParameters && Object.keys(input.responseParameters).length > 0
          ? { responseParameters: input.responseParameters }
          : {}),
        ...(input.responseModels && Object.keys(input.responseModels).length > 0
          ? { responseModels: input.responseModels }
          : {}),
      };
      method.methodResponses = { ...(method.methodResponses ?? {}), [statusCode]: response };
      return response;
    });
  }

  updateMethodResponse(
    apiId: string,
    resourceId: string,
    httpMethod: string,
    statusCode: string,
    ops: PatchOperation[],
  ): MethodResponseState {
    return this.mutate(apiId, (api) => {
      const method = this.method(this.resource(api, resourceId), httpMethod);
      const response = method.methodResponses?.[statusCode];
      if (!response) throw notFound('Invalid Response status code specified');
      for (const op of ops) {
        const [field, ...rest] = pointerSegments(op.path);
        const key = rest.join('/');
        checkOp(op, ['add', 'remove', 'replace']);
        if (field === 'responseParameters') {
          const next = patchBooleanMap(response.responseParameters, op, key);
          if (next) response.responseParameters = next;
          else delete response.responseParameters;
        } else if (field === 'responseModels') {
          if (op.op !== 'remove') checkModelRefs(api, { [key]: requireValue(op) });
          const next = patchStringMap(response.responseModels, op, key);
          if (next) response.responseModels = next;
          else delete response.responseModels;
        } else {
          throw unsupportedPath(op);
        }
      }
      return response;
    });
  }

  deleteMethodResponse(apiId: string, resourceId: string, httpMethod: string, statusCode: string): void {
    this.mutate(apiId, (api) => {
      const method = this.method(this.resource(api, resourceId), httpMethod);
      if (!method.methodResponses?.[statusCode]) throw notFound('Invalid Response status code specified');
      delete method.methodResponses[statusCode];
      if (Object.keys(method.methodResponses).length === 0) delete method.methodResponses;
    });
  }

  // ---- integrations ----

  integration(method: MethodState): IntegrationState {
    if (!method.methodIntegration) throw notFound('Invalid Integration identifier specified');
    return method.methodIntegration;
  }

  getIntegration(apiId: string, resourceId: string, httpMethod: string): IntegrationState {
    return this.integration(this.getMethod(apiId, resourceId, httpMethod));
  }

  putIntegration(
    apiId: string,
    resourceId: string,
    httpMethod: string,
    input: PutIntegrationInput,
  ): IntegrationState {
    return this.mutate(apiId, (api) => {
      const resource = this.resource(api, resourceId);
      const method = this.method(resource, httpMethod);
      const integration = buildIntegration(resource, method, input);
      // PutIntegration replaces the integration, and with it its integration responses (as AWS does).
      method.methodIntegration = integration;
      return integration;
    });
  }

  updateIntegration(
    apiId: string,
    resourceId: string,
    httpMethod: string,
    ops: PatchOperation[],
  ): IntegrationState {
    return this.mutate(apiId, (api) => {
      const resource = this.resource(api, resourceId);
      const method = this.method(resource, httpMethod);
      const current = this.integration(method);
      const next: PutIntegrationInput = {
        type: current.type,
        ...(current.httpMethod !== undefined ? { integrationHttpMethod: current.httpMethod } : {}),
        ...(current.uri !== undefined ? { uri: current.uri } : {}),
        ...(current.connectionType !== undefined ? { connectionType: current.connectionType } : {}),
        ...(current.credentials !== undefined ? { credentials: current.credentials } : {}),
        ...(current.requestParameters ? { requestParameters: current.requestParameters } : {}),
        ...(current.requestTemplates ? { requestTemplates: current.requestTemplates } : {}),
        passthroughBehavior: current.passthroughBehavior,
        cacheNamespace: current.cacheNamespace,
        cacheKeyParameters: current.cacheKeyParameters,
        ...(current.contentHandling !== undefined ? { contentHandling: current.contentHandling } : {}),
        timeoutInMillis: current.timeoutInMillis,
      };
      for (const op of ops) {
        const [field, ...rest] = pointerSegments(op.path);
        const key = rest.join('/');
        switch (field) {
          case 'uri':
          case 'credentials':
          case 'connectionType':
          case 'passthroughBehavior':
          case 'cacheNamespace':
          case 'contentHandling':
          case 'connectionId':
            checkOp(op, ['replace']);
            if (op.value === undefined || op.value === '')
              delete (next as unknown as Record<string, unknown>)[field];
            else (next as unknown as Record<string, unknown>)[field] = op.value;
            break;
          case 'httpMethod':
            checkOp(op, ['replace']);
            next.integrationHttpMethod = requireValue(op);
            break;
          case 'timeoutInMillis':
            checkOp(op, ['replace']);
            next.timeoutInMillis = parseInteger(op, 50, 29_000);
            break;
          case 'requestTemplates':
            checkOp(op, ['add', 'remove', 'replace']);
            next.requestTemplates = patchStringMap(next.requestTemplates, op, key);
            break;
          case 'requestParameters':
            checkOp(op, ['add', 'remove', 'replace']);
            next.requestParameters = patchStringMap(next.requestParameters, op, key);
            break;
          case 'cacheKeyParameters':
            checkOp(op, ['add', 'remove']);
            next.cacheKeyParameters = patchStringList(next.cacheKeyParameters ?? [], op, key);
            break;
          case 'tlsConfig':
            checkOp(op, ['replace']);
            if (op.value === 'true') throw unsupported('tlsConfig.insecureSkipVerification');
            break;
          default:
            throw unsupportedPath(op);
        }
      }
      const integration = buildIntegration(resource, method, next);
      if (current.integrationResponses) integration.integrationResponses = current.integrationResponses;
      method.methodIntegration = integration;
      return integration;
    });
  }

  deleteIntegration(apiId: string, resourceId: string, httpMethod: string): void {
    this.mutate(apiId, (api) => {
      const method = this.method(this.resource(api, resourceId), httpMethod);
      this.integration(method);
      delete method.methodIntegration;
    });
  }

  // ---- integration responses ----

  getIntegrationResponse(
    apiId: string,
    resourceId: string,
    httpMethod: string,
    statusCode: string,
  ): IntegrationResponseState {
    const response = this.getIntegration(apiId, resourceId, httpMethod).integrationResponses?.[statusCode];
    if (!response) throw notFound('Invalid Response status code specified');
    return response;
  }

  putIntegrationResponse(
    apiId: string,
    resourceId: string,
    httpMethod: string,
    statusCode: string,
    input: PutIntegrationResponseInput,
  ): IntegrationResponseState {
    checkStatusCode(statusCode);
    return this.mutate(apiId, (api) => {
      const method = this.method(this.resource(api, resourceId), httpMethod);
      const integration = this.integration(method);
      const methodResponse = method.methodResponses?.[statusCode];
      if (!methodResponse) throw notFound('Invalid Response status code specified');
      const response = buildIntegrationResponse(statusCode, methodResponse, input);
      integration.integrationResponses = {
        ...(integration.integrationResponses ?? {}),
        [statusCode]: response,
      };
      return response;
    });
  }

  updateIntegrationResponse(
    apiId: string,
    resourceId: string,
    httpMethod: string,
    statusCode: string,
    ops: PatchOperation[],
  ): IntegrationResponseState {
    return this.mutate(apiId, (api) => {
      const method = this.method(this.resource(api, resourceId), httpMethod);
      const integration = this.integration(method);
      const current = integration.integrationResponses?.[statusCode];
      const methodResponse = method.methodResponses?.[statusCode];
      if (!current || !methodResponse) throw notFound('Invalid Response status code specified');
      const next: PutIntegrationResponseInput = { ...current };
      for (const op of ops) {
        const [field, ...rest] = pointerSegments(op.path);
        const key = rest.join('/');
        switch (field) {
          case 'selectionPattern':
            checkOp(op, ['replace']);
            if (op.value) next.selectionPattern = op.value;
            else delete next.selectionPattern;
            break;
          case 'contentHandling':
            checkOp(op, ['replace']);
            if (op.value) next.contentHandling = op.value;
            else delete next.contentHandling;
            break;
          case 'responseTemplates':
            checkOp(op, ['add', 'remove', 'replace']);
            next.responseTemplates = patchStringMap(next.responseTemplates, op, key);
            break;
          case 'responseParameters':
            checkOp(op, ['add', 'remove', 'replace']);
            next.responseParameters = patchStringMap(next.responseParameters, op, key);
            break;
          default:
            throw unsupportedPath(op);
        }
      }
      const response = buildIntegrationResponse(statusCode, methodResponse, next);
      integration.integrationResponses = {
        ...(integration.integrationResponses ?? {}),
        [statusCode]: response,
      };
      return response;
    });
  }

  deleteIntegrationResponse(apiId: string, resourceId: string, httpMethod: string, statusCode: string): void {
    this.mutate(apiId, (api) => {
      const integration = this.integration(this.method(this.resource(api, resourceId), httpMethod));
      if (!integration.integrationResponses?.[statusCode])
        throw notFound('Invalid Response status code specified');
      delete integration.integrationResponses[statusCode];
      if (Object.keys(integration.integrationResponses).length === 0) delete integration.integrationResponses;
    });
  }

  // ---- models ----

  model(api: RestApiState, name: string): ModelState {
    const model = api.models[name];
    if (!model) throw notFound(`Invalid model name specified: ${name}`);
    return model;
  }

  getModel(apiId: string, name: string): ModelState {
    return this.model(this.api(apiId), name);
  }

  listModels(apiId: string): ModelState[] {
    return Object.values(this.api(apiId).models).sort((a, b) => a.name.localeCompare(b.name));
  }

  createModel(
    apiId: string,
    input: { name: string; contentType: string; schema?: string; description?: string },
  ): ModelState {
    return this.mutate(apiId, (api) => {
      if (!MODEL_NAME.test(input.name)) throw badRequest('Model name must be non-empty and alphanumeric');
      if (api.models[input.name]) throw conflict('Model name already exists for this REST API');
      if (!input.contentType) throw badRequest('Content type must be specified');
      if (input.schema !== undefined) checkSchema(input.schema);
      const model: ModelState = {
        id: uniqueModelId(api),
        name: input.name,
        contentType: input.contentType,
        ...(input.schema !== undefined ? { schema: input.schema } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
      };
      api.models[input.name] = model;
      return model;
    });
  }

  updateModel(apiId: string, name: string, ops: PatchOperation[]): ModelState {
    return this.mutate(apiId, (api) => {
      const model = this.model(api, name);
      for (const op of ops) {
        const [field] = pointerSegments(op.path);
        checkOp(op, ['replace']);
        if (field === 'schema') {
          const value = requireValue(op);
          checkSchema(value);
          model.schema = value;
        } else if (field === 'description') {
          if (op.value) model.description = op.value;
          else delete model.description;
        } else {
          throw unsupportedPath(op);
        }
      }
      return model;
    });
  }

  deleteModel(apiId: string, name: string): void {
    this.mutate(apiId, (api) => {
      this.model(api, name);
      for (const resource of Object.values(api.resources)) {
        for (const method of Object.values(resource.resourceMethods)) {
          const used =
            Object.values(method.requestModels ?? {}).includes(name) ||
            Object.values(method.methodResponses ?? {}).some((r) =>
              Object.values(r.responseModels ?? {}).includes(name),
            );
          if (used) {
            throw conflict(
              `Cannot delete model '${name}', is referenced in method request: ${resource.path}/${method.httpMethod}`,
            );
          }
        }
      }
      delete api.models[name];
    });
  }

  // ---- request validators ----

  validator(api: RestApiState, id: string): RequestValidatorState {
    const validator = api.requestValidators[id];
    if (!validator) throw notFound('Invalid Request Validator identifier specified');
    return validator;
  }

  getRequestValidator(apiId: string, id: string): RequestValidatorState {
    return this.validator(this.api(apiId), id);
  }

  listRequestValidators(apiId: string): RequestValidatorState[] {
    return Object.values(this.api(apiId).requestValidators);
  }

  createRequestValidator(
    apiId: string,
    input: { name?: string; validateRequestBody?: boolean; validateRequestParameters?: boolean },
  ): RequestValidatorState {
    return this.mutate(apiId, (api) => {
      if (input.name && Object.values(api.requestValidators).some((v) => v.name === input.name)) {
        throw conflict(`Validator with name '${input.name}' already exists`);
      }
      const validator: RequestValidatorState = {
        id: uniqueKey(api.requestValidators, 6),
        ...(input.name !== undefined ? { name: input.name } : {}),
        validateRequestBody: input.validateRequestBody ?? false,
        validateRequestParameters: input.validateRequestParameters ?? false,
      };
      api.requestValidators[validator.id] = validator;
      return validator;
    });
  }

  updateRequestValidator(apiId: string, id: string, ops: PatchOperation[]): RequestValidatorState {
    return this.mutate(apiId, (api) => {
      const validator = this.validator(api, id);
      for (const op of ops) {
        const [field] = pointerSegments(op.path);
        checkOp(op, ['replace']);
        if (field === 'name') validator.name = requireValue(op);
        else if (field === 'validateRequestBody') validator.validateRequestBody = parseBoolean(op);
        else if (field === 'validateRequestParameters')
          validator.validateRequestParameters = parseBoolean(op);
        else throw unsupportedPath(op);
      }
      return validator;
    });
  }

  deleteRequestValidator(apiId: string, id: string): void {
    this.mutate(apiId, (api) => {
      this.validator(api, id);
      for (const resource of Object.values(api.resources)) {
        for (const method of Object.values(resource.resourceMethods)) {
          if (method.requestValidatorId === id) {
            throw conflict(
              `Cannot delete request validator ${id}: it is used by ${resource.path}/${method.httpMethod}`,
            );
          }
        }
      }
      delete api.requestValidators[id];
    });
  }

  // ---- deployments ----

  deployment(api: RestApiState, id: string): DeploymentState {
    const deployment = api.deployments[id];
    if (!deployment) throw notFound('Invalid Deployment identifier specified');
    return deployment;
  }

  getDeployment(apiId: string, id: string): DeploymentState {
    return this.deployment(this.api(apiId), id);
  }

  listDeployments(apiId: string): DeploymentState[] {
    return Object.values(this.api(apiId).deployments).sort((a, b) => a.createdDate - b.createdDate);
  }

  createDeployment(apiId: string, input: CreateDeploymentInput): DeploymentState {
    if (input.cacheClusterEnabled) throw unsupported('the stage cache cluster');
    if (input.canarySettings) throw unsupported('canary settings');
    if (input.tracingEnabled) throw unsupported('X-Ray tracing');
    if (input.stageName !== undefined) checkStageName(input.stageName);
    if (input.variables) checkStageVariables(input.variables);
    return this.mutate(apiId, (api) => {
      const methods = Object.values(api.resources).flatMap((r) => Object.values(r.resourceMethods));
      if (methods.length === 0) throw badRequest("The REST API doesn't contain any methods");
      for (const resource of Object.values(api.resources)) {
        for (const method of Object.values(resource.resourceMethods)) {
          if (!method.methodIntegration) throw badRequest('No integration defined for method');
        }
      }
      const now = this.epochSeconds();
      const deployment: DeploymentState = {
        id: uniqueKey(api.deployments, 6),
        ...(input.description !== undefined ? { description: input.description } : {}),
        createdDate: now,
        snapshot: structuredClone({
          resources: api.resources,
          models: api.models,
          requestValidators: api.requestValidators,
          binaryMediaTypes: api.binaryMediaTypes,
        }),
      };
      api.deployments[deployment.id] = deployment;
      if (input.stageName) {
        const existing = api.stages[input.stageName];
        if (existing) {
          existing.deploymentId = deployment.id;
          existing.lastUpdatedDate = now;
          if (input.variables) existing.variables = { ...existing.variables, ...input.variables };
        } else {
          api.stages[input.stageName] = {
            stageName: input.stageName,
            deploymentId: deployment.id,
            ...(input.stageDescription !== undefined ? { description: input.stageDescription } : {}),
            variables: input.variables ?? {},
            tracingEnabled: false,
            cacheClusterEnabled: false,
            createdDate: now,
            lastUpdatedDate: now,
            tags: {},
          };
        }
      }
      return deployment;
    });
  }

  updateDeployment(apiId: string, id: string, ops: PatchOperation[]): DeploymentState {
    return this.mutate(apiId, (api) => {
      const deployment = this.deployment(api, id);
      for (const op of ops) {
        const [field] = pointerSegments(op.path);
        checkOp(op, ['replace']);
        if (field === 'description') {
          if (op.value) deployment.description = op.value;
          else delete deployment.description;
        } else {
          throw unsupportedPath(op);
        }
      }
      return deployment;
    });
  }

  deleteDeployment(apiId: string, id: string): void {
    this.mutate(apiId, (api) => {
      this.deployment(api, id);
      if (Object.values(api.stages).some((stage) => stage.deploymentId === id)) {
        throw badRequest('Active stages pointing to this deployment must be moved or deleted');
      }
      delete api.deployments[id];
    });
  }

  // ---- stages ----

  stage(api: RestApiState, name: string): StageState {
    const stage = api.stages[name];
    if (!stage) throw notFound('Invalid Stage identifier specified');
    return stage;
  }

  getStage(apiId: string, name: string): StageState {
    return this.stage(this.api(apiId), name);
  }

  listStages(apiId: string, deploymentId?: string): StageState[] {
    return Object.values(this.api(apiId).stages).filter(
      (s) => !deploymentId || s.deploymentId === deploymentId,
    );
  }

  createStage(apiId: string, input: CreateStageInput): StageState {
    checkStageName(input.stageName);
    if (input.cacheClusterEnabled) throw unsupported('the stage cache cluster');
    if (input.canarySettings) throw unsupported('canary settings');
    if (input.tracingEnabled) throw unsupported('X-Ray tracing');
    if (input.variables) checkStageVariables(input.variables);
    return this.mutate(apiId, (api) => {
      if (!api.deployments[input.deploymentId]) throw badRequest('Invalid deployment identifier specified');
      if (api.stages[input.stageName]) throw conflict('Stage already exists');
      const now = this.epochSeconds();
      const stage: StageState = {
        stageName: input.stageName,
        deploymentId: input.deploymentId,
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.documentationVersion !== undefined
          ? { documentationVersion: input.documentationVersion }
          : {}),
        variables: input.variables ?? {},
        tracingEnabled: false,
        cacheClusterEnabled: false,
        createdDate: now,
        lastUpdatedDate: now,
        tags: input.tags ?? {},
      };
      api.stages[input.stageName] = stage;
      return stage;
    });
  }

  updateStage(apiId: string, name: string, ops: PatchOperation[]): StageState {
    return this.mutate(apiId, (api) => {
      const stage = this.stage(api, name);
      for (const op of ops) {
        const segments = pointerSegments(op.path);
        const [field, ...rest] = segments;
        switch (field) {
          case 'deploymentId': {
            checkOp(op, ['replace']);
            const value = requireValue(op);
            if (!api.deployments[value]) throw badRequest('Invalid deployment identifier specified');
            stage.deploymentId = value;
            break;
          }
          case 'description':
            checkOp(op, ['replace']);
            if (op.value) stage.description = op.value;
            else delete stage.description;
            break;
          case 'documentationVersion':
            checkOp(op, ['replace']);
            if (op.value) stage.documentationVersion = op.value;
            else delete stage.documentationVersion;
            break;
          case 'variables': {
            checkOp(op, ['add', 'remove', 'replace']);
            const key = rest.join('/');
            if (op.op !== 'remove') checkStageVariables({ [key]: requireValue(op) });
            stage.variables = patchStringMap(stage.variables, op, key) ?? {};
            break;
          }
          case 'tracingEnabled':
            checkOp(op, ['replace']);
            if (parseBoolean(op)) throw unsupported('X-Ray tracing');
            break;
          case 'cacheClusterEnabled':
            checkOp(op, ['replace']);
            if (parseBoolean(op)) throw unsupported('the stage cache cluster');
            break;
          case 'accessLogSettings':
            if (op.op === 'remove') break;
            throw unsupported('stage access logging (accessLogSettings)');
          case 'canarySettings':
            if (op.op === 'remove') break;
            throw unsupported('canary settings');
          default:
            if (segments.length >= 3) throw unsupported(`method settings (${op.path})`);
            throw unsupportedPath(op);
        }
      }
      stage.lastUpdatedDate = this.epochSeconds();
      return stage;
    });
  }

  deleteStage(apiId: string, name: string): void {
    this.mutate(apiId, (api) => {
      this.stage(api, name);
      delete api.stages[name];
    });
  }

  // ---- tags (`arn:aws:apigateway:<region>::/restapis/<id>[/stages/<name>]`) ----

  private taggable(arn: string): { apiId: string; stageName?: string } {
    const match = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+::\/restapis\/([^/]+)(?:\/stages\/([^/]+))?$/.exec(
      arn,
    );
    if (!match) throw badRequest(`Invalid resource ARN specified: ${arn}`);
    return { apiId: match[1] as string, ...(match[2] ? { stageName: match[2] } : {}) };
  }

  getTags(arn: string): Record<string, string> {
    const { apiId, stageName } = this.taggable(arn);
    const api = this.api(apiId);
    return stageName ? this.stage(api, stageName).tags : api.tags;
  }

  tagResource(arn: string, tags: Record<string, string>): void {
    const { apiId, stageName } = this.taggable(arn);
    this.mutate(apiId, (api) => {
      const holder = stageName ? this.stage(api, stageName) : api;
      holder.tags = { ...holder.tags, ...tags };
    });
  }

  untagResource(arn: string, keys: string[]): void {
    const { apiId, stageName } = this.taggable(arn);
    this.mutate(apiId, (api) => {
      const holder = stageName ? this.stage(api, stageName) : api;
      const next = { ...holder.tags };
      for (const key of keys) delete next[key];
      holder.tags = next;
    });
  }
}

// ---- rules ----

function uniqueKey(existing: Record<string, unknown>, length: number): string {
  let id = shortId(length);
  while (id in existing) id = shortId(length);
  return id;
}

function uniqueModelId(api: RestApiState): string {
  const ids = new Set(Object.values(api.models).map((m) => m.id));
  let id = shortId(6);
  while (ids.has(id)) id = shortId(6);
  return id;
}

function joinPath(parentPath: string, pathPart: string): string {
  return parentPath === '/' ? `/${pathPart}` : `${parentPath}/${pathPart}`;
}

function recomputePaths(api: RestApiState): void {
  const resolve = (resource: ResourceState, depth: number): string => {
    if (!resource.parentId || depth > 100) return '/';
    const parent = api.resources[resource.parentId];
    return parent ? joinPath(resolve(parent, depth + 1), resource.pathPart as string) : '/';
  };
  for (const resource of Object.values(api.resources)) resource.path = resolve(resource, 0);
}

function checkPathPart(
  api: RestApiState,
  parent: ResourceState,
  pathPart: string,
  selfId: string | undefined,
): void {
  if (!pathPart || !PATH_PART.test(pathPart)) {
    throw badRequest(
      "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.",
    );
  }
  if (parent.pathPart?.endsWith('+}')) {
    throw badRequest(`Cannot create a child of a resource with a greedy path variable: ${parent.pathPart}`);
  }
  const siblings = Object.values(api.resources).filter((r) => r.parentId === parent.id && r.id !== selfId);
  if (siblings.some((s) => s.pathPart === pathPart)) {
    throw conflict(`Another resource with the same parent already has this name: ${pathPart}`);
  }
  if (pathPart.startsWith('{')) {
    const variable = siblings.find((s) => s.pathPart?.startsWith('{'));
    if (variable) {
      throw badRequest(
        `A sibling (${variable.pathPart}) of this resource already has a variable path part -- only one is allowed`,
      );
    }
  }
}

function checkHttpMethod(httpMethod: string): void {
  if (!(HTTP_METHODS as readonly string[]).includes(httpMethod)) {
    throw badRequest(
      'Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY',
    );
  }
}

function checkAuthorization(
  type: string,
  authorizerId: string | undefined,
  scopes: string[] | undefined,
): void {
  if (!['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'].includes(type)) {
    throw badRequest(`Invalid authorization type specified: ${type}`);
  }
  if (type !== 'NONE') throw unsupported(`authorizationType ${type} (only NONE is emulated)`);
  if (authorizerId) throw unsupported('authorizers');
  if (scopes && scopes.length > 0) throw unsupported('authorizationScopes');
}

function checkMethodRequestParameters(parameters: Record<string, boolean>): void {
  for (const key of Object.keys(parameters)) {
    if (
      !/^method\.request\.(querystring|header|path|multivaluequerystring|multivalueheader)\.[^\s]+$/.test(key)
    ) {
      throw badRequest(
        `Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid method request parameter name: ${key}]`,
      );
    }
  }
}

function checkModelRefs(api: RestApiState, models: Record<string, string>): void {
  for (const name of Object.values(models)) {
    if (!api.models[name]) throw badRequest(`Invalid model identifier specified: ${name}`);
  }
}

function checkStatusCode(statusCode: string): void {
  if (!STATUS_CODE.test(statusCode)) throw badRequest('Invalid status code specified');
}

function checkEndpointTypes(types: string[]): void {
  if (types.length !== 1 || !['EDGE', 'REGIONAL', 'PRIVATE'].includes(types[0] as string)) {
    throw badRequest(`Invalid endpoint configuration types: ${JSON.stringify(types)}`);
  }
  if (types[0] === 'PRIVATE') throw unsupported('PRIVATE endpoints');
}

function checkCompression(value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 10_485_760) {
    throw badRequest('Invalid minimum compression size, must be between 0 and 10485760');
  }
}

function checkSchema(schema: string): void {
  try {
    const parsed = JSON.parse(schema) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
  } catch (error) {
    throw badRequest(
      `Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified: ${(error as Error).message}]`,
    );
  }
}

function checkStageName(name: string): void {
  if (!STAGE_NAME.test(name)) throw badRequest('Stage name only allows a-zA-Z0-9_');
}

function checkStageVariables(variables: Record<string, string>): void {
  for (const [name, value] of Object.entries(variables)) {
    if (!STAGE_VARIABLE_NAME.test(name)) {
      throw badRequest(`Stage variable name ${name} must be alphanumeric or underscore (1-64 characters)`);
    }
    if (!/^[A-Za-z0-9\-._~:/?#&=,]*$/.test(value)) {
      throw badRequest(`Stage variable value ${value} contains invalid characters`);
    }
  }
}

const INTEGRATION_PARAM_TARGET =
  /^integration\.request\.(header|querystring|path|multivaluequerystring|multivalueheader)\.[^\s]+$/;
const INTEGRATION_PARAM_SOURCE =
  /^(?:'[^']*'|method\.request\.(?:header|querystring|path|multivaluequerystring|multivalueheader)\.[^\s]+|method\.request\.body(?:\.[^\s]+)?|stageVariables\.[A-Za-z0-9_]+|context\.[A-Za-z0-9_.]+)$/;

function buildIntegration(
  resource: ResourceState,
  method: MethodState,
  input: PutIntegrationInput,
): IntegrationState {
  const type = input.type as IntegrationType;
  if (!INTEGRATION_TYPES.includes(type))
    throw badRequest(`Invalid integration type specified: ${input.type}`);
  if (type === 'HTTP' || type === 'HTTP_PROXY') {
    throw unsupported(`integration type ${type} (AWS, AWS_PROXY and MOCK are emulated)`);
  }
  if (input.connectionType !== undefined && input.connectionType !== 'INTERNET') {
    throw unsupported(`connectionType ${input.connectionType}`);
  }
  if (input.connectionId) throw unsupported('VPC links (connectionId)');
  if (input.contentHandling) throw unsupported('contentHandling (binary conversions)');
  if (
    input.tlsConfig &&
    (input.tlsConfig as { insecureSkipVerification?: boolean }).insecureSkipVerification
  ) {
    throw unsupported('tlsConfig.insecureSkipVerification');
  }
  const passthroughBehavior = input.passthroughBehavior ?? 'WHEN_NO_MATCH';
  if (!PASSTHROUGH.includes(passthroughBehavior)) {
    throw badRequest(`Invalid passthrough behavior specified: ${passthroughBehavior}`);
  }
  const timeoutInMillis = input.timeoutInMillis ?? 29_000;
  if (!Number.isInteger(timeoutInMillis) || timeoutInMillis < 50 || timeoutInMillis > 29_000) {
    throw badRequest('Timeout should be between 50 ms and 29000 ms');
  }
  if (type === 'AWS' || type === 'AWS_PROXY') {
    if (!input.integrationHttpMethod) throw badRequest('Enumeration value for HttpMethod must be non-empty');
    checkHttpMethod(input.integrationHttpMethod);
    if (!input.uri) throw badRequest(`Integrations of type '${type}' must have a URI`);
    const uri = parseIntegrationUri(input.uri);
    if (!uri) throw badRequest('AWS ARN for integration must contain path or action');
    if (type === 'AWS_PROXY' && uri.service !== 'lambda') {
      throw badRequest(
        "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.",
      );
    }
    if (uri.service === 'lambda') {
      if (!lambdaFunctionFromUri(input.uri))
        throw badRequest(`Invalid Lambda function URI specified: ${input.uri}`);
    } else if (uri.service !== 'sns' && uri.service !== 'sqs') {
      throw unsupported(`AWS service integrations with ${uri.service} (sns, sqs and lambda are emulated)`);
    }
  }
  if (input.credentials !== undefined && !ROLE_ARN.test(input.credentials)) {
    if (/^arn:aws[a-z-]*:iam::\*:user\/\*$/.test(input.credentials))
      throw unsupported('caller credentials passthrough');
    throw badRequest(`Invalid ARN specified in the request: ${input.credentials}`);
  }
  for (const [target, source] of Object.entries(input.requestParameters ?? {})) {
    if (!INTEGRATION_PARAM_TARGET.test(target) || !INTEGRATION_PARAM_SOURCE.test(source)) {
      throw badRequest(
        `Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: ${target} = ${source}]`,
      );
    }
    const declared =
      /^method\.request\.(header|querystring|path|multivaluequerystring|multivalueheader)\./.test(source);
    const pathParameter = /^method\.request\.path\.(.+)$/.exec(source);
    const inPath = pathParameter && resource.path.includes(`{${pathParameter[1]}}`);
    if (declared && !inPath && !(method.requestParameters && source in method.requestParameters)) {
      throw badRequest(
        `Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression parameter specified: ${source}]`,
      );
    }
  }
  return {
    type,
    ...(type !== 'MOCK' && input.integrationHttpMethod ? { httpMethod: input.integrationHttpMethod } : {}),
    ...(input.uri !== undefined ? { uri: input.uri } : {}),
    ...(type !== 'MOCK' ? { connectionType: input.connectionType ?? 'INTERNET' } : {}),
    ...(input.credentials !== undefined ? { credentials: input.credentials } : {}),
    ...(input.requestParameters && Object.keys(input.requestParameters).length > 0
      ? { requestParameters: input.requestParameters }
      : {}),
    ...(input.requestTemplates && Object.keys(input.requestTemplates).length > 0
      ? { requestTemplates: input.requestTemplates }
      : {}),
    passthroughBehavior,
    timeoutInMillis,
    cacheNamespace: input.cacheNamespace ?? resource.id,
    cacheKeyParameters: input.cacheKeyParameters ?? [],
  };
}

const RESPONSE_PARAM_SOURCE =
  /^(?:'[^']*'|integration\.response\.header\.[^\s]+|integration\.response\.multivalueheader\.[^\s]+|integration\.response\.body(?:\.[^\s]+)?|stageVariables\.[A-Za-z0-9_]+|context\.[A-Za-z0-9_.]+)$/;

function buildIntegrationResponse(
  statusCode: string,
  methodResponse: MethodResponseState,
  input: PutIntegrationResponseInput,
): IntegrationResponseState {
  if (input.contentHandling) throw unsupported('contentHandling (binary conversions)');
  if (input.selectionPattern !== undefined && input.selectionPattern !== '') {
    try {
      new RegExp(input.selectionPattern);
    } catch {
      throw badRequest(`Invalid selection pattern specified: ${input.selectionPattern}`);
    }
  }
  for (const [target, source] of Object.entries(input.responseParameters ?? {})) {
    const declared = methodResponse.responseParameters && target in methodResponse.responseParameters;
    if (
      !/^method\.response\.header\.[^\s]+$/.test(target) ||
      !RESPONSE_PARAM_SOURCE.test(source) ||
      !declared
    ) {
      throw badRequest(
        `Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: ${target} = ${source}]`,
      );
    }
  }
  return {
    statusCode,
    ...(input.selectionPattern !== undefined && input.selectionPattern !== ''
      ? { selectionPattern: input.selectionPattern }
      : {}),
    ...(input.responseParameters && Object.keys(input.responseParameters).length > 0
      ? { responseParameters: input.responseParameters }
      : {}),
    ...(input.responseTemplates && Object.keys(input.responseTemplates).length > 0
      ? { responseTemplates: input.responseTemplates }
      : {}),
  };
}
