/**
 * API Gateway (REST APIs, v1) state, as plain JSON so it can be journaled and snapshotted as is.
 * Field names follow the API's own JSON (restJson1, camelCase) so the API layer returns them directly.
 */

export interface IntegrationResponseState {
  statusCode: string;
  selectionPattern?: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string>;
  contentHandling?: string;
}

export type IntegrationType = 'AWS' | 'AWS_PROXY' | 'HTTP' | 'HTTP_PROXY' | 'MOCK';

export interface IntegrationState {
  type: IntegrationType;
  /** The integration's HTTP method (`integrationHttpMethod` on input, `httpMethod` on output). */
  httpMethod?: string;
  uri?: string;
  connectionType?: string;
  credentials?: string;
  requestParameters?: Record<string, string>;
  requestTemplates?: Record<string, string>;
  passthroughBehavior: string;
  contentHandling?: string;
  timeoutInMillis: number;
  cacheNamespace: string;
  cacheKeyParameters: string[];
  integrationResponses?: Record<string, IntegrationResponseState>;
}

export interface MethodResponseState {
  statusCode: string;
  responseParameters?: Record<string, boolean>;
  responseModels?: Record<string, string>;
}

export interface MethodState {
  httpMethod: string;
  authorizationType: string;
  apiKeyRequired: boolean;
  requestValidatorId?: string;
  operationName?: string;
  requestParameters?: Record<string, boolean>;
  requestModels?: Record<string, string>;
  methodResponses?: Record<string, MethodResponseState>;
  methodIntegration?: IntegrationState;
}

export interface ResourceState {
  id: string;
  parentId?: string;
  pathPart?: string;
  path: string;
  resourceMethods: Record<string, MethodState>;
}

export interface ModelState {
  id: string;
  name: string;
  description?: string;
  schema?: string;
  contentType: string;
}

export interface RequestValidatorState {
  id: string;
  name?: string;
  validateRequestBody: boolean;
  validateRequestParameters: boolean;
}

/** What a deployment freezes: the stage serves this, not the live configuration. */
export interface ApiSnapshot {
  resources: Record<string, ResourceState>;
  models: Record<string, ModelState>;
  requestValidators: Record<string, RequestValidatorState>;
  binaryMediaTypes: string[];
}

export interface DeploymentState {
  id: string;
  description?: string;
  /** Epoch seconds. */
  createdDate: number;
  snapshot: ApiSnapshot;
}

export interface StageState {
  stageName: string;
  deploymentId: string;
  description?: string;
  variables: Record<string, string>;
  tracingEnabled: boolean;
  cacheClusterEnabled: boolean;
  cacheClusterSize?: string;
  documentationVersion?: string;
  /** Epoch seconds. */
  createdDate: number;
  lastUpdatedDate: number;
  tags: Record<string, string>;
}

export interface EndpointConfigurationState {
  types: string[];
  ipAddressType?: string;
  vpcEndpointIds?: string[];
}

export interface RestApiState {
  id: string;
  name: string;
  description?: string;
  version?: string;
  /** Epoch seconds. */
  createdDate: number;
  binaryMediaTypes: string[];
  minimumCompressionSize?: number;
  apiKeySource: string;
  endpointConfiguration: EndpointConfigurationState;
  disableExecuteApiEndpoint: boolean;
  rootResourceId: string;
  tags: Record<string, string>;
  resources: Record<string, ResourceState>;
  models: Record<string, ModelState>;
  requestValidators: Record<string, RequestValidatorState>;
  deployments: Record<string, DeploymentState>;
  stages: Record<string, StageState>;
}

/** Journal records: every mutation carries the API's whole new state (ids and dates generated before commit). */
export type ApiGatewayRecord = { kind: 'put'; api: RestApiState } | { kind: 'delete'; id: string };

export interface PatchOperation {
  op: string;
  path: string;
  value?: string;
  from?: string;
}
