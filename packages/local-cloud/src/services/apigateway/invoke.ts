import type { Cloud } from '../../core/cloud';
import type { Principal } from '../../core/delivery';
import { AwsError } from '../../core/errors';
import { hex, md5Hex, uuid } from '../../core/ids';
import type { RawHttpHandler, RawHttpResponse } from '../../server';
import {
  decodeServiceCall,
  ServiceRequestError,
  serviceErrorBody,
  serviceSuccessBody,
  UnsupportedIntegrationError,
} from './aws-integration';
import { type Schema, validateJsonSchema } from './json-schema';
import { evaluateJsonPath } from './jsonpath';
import { buildProxyEvent, MalformedProxyResponse, mapProxyResponse } from './lambda-proxy';
import { type ApiGatewayModel, lambdaFunctionFromUri, parseIntegrationUri } from './model';
import type {
  ApiSnapshot,
  IntegrationResponseState,
  IntegrationState,
  MethodState,
  ModelState,
  ResourceState,
  RestApiState,
  StageState,
} from './types';
import { BodyParseError, renderTemplate, TemplateError, type TemplateParams } from './vtl';

/**
 * The data plane: serves deployed stages on the local cloud's port at
 *
 *   <endpoint>/restapis/<apiId>/<stage>/_user_request_/<path>
 *
 * (AWS's `https://<apiId>.execute-api.<region>.amazonaws.com/<stage>/<path>`; `localInvokeUrl` builds it).
 * A stage serves the snapshot its deployment took, never the live configuration. Per request: route by resource
 * path (literal > `{param}` > `{proxy+}`) and method (then ANY), validate (parameters, then body against the
 * model's JSON Schema draft 4), render the integration request template (Velocity), call the integration (SNS /
 * SQS through the delivery door as the integration role, Lambda through the `lambdaInvoke` port, or MOCK), pick
 * the integration response by selection pattern and render its template. Errors use API Gateway's gateway
 * responses (`{"message": ...}` + `x-amzn-ErrorType`); the reasons go to the execution log group
 * `API-Gateway-Execution-Logs_<apiId>/<stage>` (when CloudWatch Logs is installed) and 5xx reasons to stderr.
 * Difference from AWS, on purpose: a failed validation also carries its reason in the
 * `x-local-cloud-validation-error` response header (AWS only logs it).
 */

type RawRequest = Parameters<RawHttpHandler>[0];

const INVOKE_PATH = /^\/restapis\/([^/]+)\/([^/]+)\/_user_request_(\/.*)?$/;

/** `<endpoint>/restapis/<apiId>/<stage>/_user_request_<path>`: the local form of a stage's invoke URL. */
export function localInvokeUrl(endpoint: string, apiId: string, stage: string, path = ''): string {
  const suffix = path === '' ? '' : path.startsWith('/') ? path : `/${path}`;
  return `${endpoint.replace(/\/$/, '')}/restapis/${apiId}/${stage}/_user_request_${suffix}`;
}

interface RouteNode {
  resource: ResourceState | undefined;
  literal: Map<string, RouteNode>;
  variable?: { name: string; node: RouteNode };
  greedy?: { name: string; node: RouteNode };
}

interface Deployed {
  snapshot: ApiSnapshot;
  root: RouteNode;
}

interface Matched {
  resource: ResourceState;
  method: MethodState;
  pathParameters: Record<string, string>;
}

/** Everything one request carries through the pipeline. */
interface Exchange {
  requestId: string;
  extendedRequestId: string;
  api: RestApiState;
  stage: StageState;
  snapshot: ApiSnapshot;
  httpMethod: string;
  /** Path after the stage, as sent (e.g. `/payment`). */
  path: string;
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  query: Record<string, string>;
  multiValueQuery: Record<string, string[]>;
  body: Buffer;
  contentType: string;
  sourceIp: string;
  matched?: Matched;
  params: TemplateParams;
  context: Record<string, unknown>;
  log: string[];
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

/** Thrown inside the pipeline to answer with a gateway response. */
class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    readonly publicMessage: string,
    readonly reason: string,
    readonly extraHeaders: Record<string, string> = {},
  ) {
    super(reason);
  }
}

const configurationError = (reason: string): GatewayError =>
  new GatewayError(
    500,
    'InternalServerErrorException',
    'Internal server error',
    `Execution failed due to configuration error: ${reason}`,
  );

const TIMEOUT = Symbol('timeout');

/** Deployed models are immutable snapshots: parse each schema once. */
const schemas = new WeakMap<ModelState, Schema | null>();
function parsedSchema(model: ModelState): Schema | undefined {
  let schema = schemas.get(model);
  if (schema === undefined) {
    try {
      schema = model.schema ? (JSON.parse(model.schema) as Schema) : null;
    } catch {
      schema = null;
    }
    schemas.set(model, schema);
  }
  return schema ?? undefined;
}

const regexCache = new Map<string, RegExp>();
function fullMatch(pattern: string, subject: string): boolean {
  let regex = regexCache.get(pattern);
  if (!regex) {
    // Java's String.matches: the whole subject must match.
    regex = new RegExp(`^(?:${pattern})$`);
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(pattern, regex);
  }
  return regex.test(subject);
}

function requestTime(epochMs: number): string {
  const d = new Date(epochMs);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Header values must be printable ASCII on the wire. */
function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 2000);
}

function mediaMatches(contentType: string, patterns: string[]): boolean {
  return patterns.some((pattern) => {
    const p = pattern.toLowerCase();
    if (p === '*/*') return true;
    if (p.endsWith('/*')) return contentType.startsWith(p.slice(0, -1));
    return p === contentType;
  });
}

export class ApiGatewayInvoker {
  private readonly deployed = new Map<string, Deployed>();
  private readonly logStreams = new Map<string, string>();

  constructor(
    private readonly cloud: Cloud,
    private readonly model: ApiGatewayModel,
  ) {
    model.onChange((apiId) => {
      for (const key of this.deployed.keys()) if (key.startsWith(`${apiId}/`)) this.deployed.delete(key);
    });
  }

  /** The raw handler: answers invoke URLs, leaves every other request to the server. */
  handle(request: RawRequest): Promise<RawHttpResponse> | undefined {
    const match = INVOKE_PATH.exec(request.url.pathname);
    if (!match) return undefined;
    // Malformed percent-encoding names no API or stage: kept raw, it gets the gateway's 403 for an unknown one.
    const apiId = safeDecode(match[1] as string);
    const stageName = safeDecode(match[2] as string);
    return this.cloud.clock.track(this.invoke(request, apiId, stageName, match[3] ?? '/'));
  }

  private async invoke(
    request: RawRequest,
    apiId: string,
    stageName: string,
    rawPath: string,
  ): Promise<RawHttpResponse> {
    const requestId = uuid();
    const extendedRequestId = Buffer.from(hex(8), 'hex').toString('base64');
    const api = this.model.findApi(apiId);
    const stage = api?.stages[stageName];
    const baseHeaders = { 'x-amzn-RequestId': requestId, 'x-amz-apigw-id': extendedRequestId };
    if (!api || !stage || api.disableExecuteApiEndpoint) {
      const reason = !api
        ? `no REST API ${apiId}`
        : !stage
          ? `REST API ${apiId} has no stage ${stageName}`
          : `the execute-api endpoint of ${apiId} is disabled`;
      return this.gateway(
        baseHeaders,
        new GatewayError(403, 'ForbiddenException', 'Forbidden', reason, { 'x-local-cloud-reason': reason }),
      );
    }
    const started = this.cloud.clock.now();
    const exchange = this.exchange(request, requestId, extendedRequestId, api, stage, rawPath, started);
    exchange.log.push(
      `Extended Request Id: ${extendedRequestId}`,
      `Starting execution for request: ${requestId}`,
    );
    this.cloud.trace.record(requestId, 'apigateway.request', {
      apiId,
      stage: stageName,
      httpMethod: exchange.httpMethod,
      path: exchange.path,
    });
    let answer: RawHttpResponse;
    try {
      answer = await this.pipeline(exchange);
      answer.headers = { ...answer.headers, ...baseHeaders };
    } catch (error) {
      let gateway: GatewayError;
      if (error instanceof GatewayError) gateway = error;
      else {
        const message = (error as Error)?.stack ?? String(error);
        gateway = new GatewayError(
          500,
          'InternalServerErrorException',
          'Internal server error',
          `local-cloud internal error: ${message}`,
        );
      }
      exchange.log.push(gateway.reason);
      if (gateway.status >= 500) {
        process.stderr.write(
          `local-cloud: apigateway ${apiId}/${stageName} ${exchange.httpMethod} ${exchange.path} (${requestId}): ${gateway.reason}\n`,
        );
      }
      answer = this.gateway(baseHeaders, gateway);
    }
    exchange.log.push(`Method completed with status: ${answer.status}`);
    this.cloud.trace.record(requestId, 'apigateway.response', { status: answer.status });
    this.flushLog(exchange);
    return answer;
  }

  private gateway(baseHeaders: Record<string, string>, error: GatewayError): RawHttpResponse {
    return {
      status: error.status,
      headers: {
        ...baseHeaders,
        'content-type': 'application/json',
        'x-amzn-ErrorType': error.errorType,
        ...error.extraHeaders,
      },
      body: JSON.stringify({ message: error.publicMessage }),
    };
  }

  private exchange(
    request: RawRequest,
    requestId: string,
    extendedRequestId: string,
    api: RestApiState,
    stage: StageState,
    rawPath: string,
    started: number,
  ): Exchange {
    const headers: Record<string, string> = {};
    const multiValueHeaders: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined) continue;
      const values = Array.isArray(value) ? value : [value];
      headers[name] = values.join(', ');
      multiValueHeaders[name] = values;
    }
    const query: Record<string, string> = {};
    const multiValueQuery: Record<string, string[]> = {};
    for (const [name, value] of request.url.searchParams) {
      query[name] = value;
      multiValueQuery[name] = [...(multiValueQuery[name] ?? []), value];
    }
    const contentType =
      (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() || 'application/json';
    const deployment = this.deployment(api, stage.deploymentId);
    const host = headers.host ?? `${api.id}.execute-api.${this.cloud.config.region}.amazonaws.com`;
    return {
      requestId,
      extendedRequestId,
      api,
      stage,
      snapshot: deployment.snapshot,
      httpMethod: request.method.toUpperCase(),
      path: rawPath,
      headers,
      multiValueHeaders,
      query,
      multiValueQuery,
      body: request.body,
      contentType,
      sourceIp: request.remoteAddress ?? '127.0.0.1',
      params: { path: {}, querystring: query, header: headers },
      context: {
        accountId: this.cloud.config.accountId,
        apiId: api.id,
        deploymentId: stage.deploymentId,
        domainName: host,
        domainPrefix: host.split('.')[0],
        extendedRequestId,
        httpMethod: request.method.toUpperCase(),
        identity: { sourceIp: request.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
        path: `/${stage.stageName}${rawPath}`,
        protocol: 'HTTP/1.1',
        requestId,
        requestTime: requestTime(started),
        requestTimeEpoch: started,
        stage: stage.stageName,
      },
      log: [],
    };
  }

  // ---- routing ----

  private deployment(api: RestApiState, deploymentId: string): Deployed {
    const key = `${api.id}/${deploymentId}`;
    let found = this.deployed.get(key);
    if (!found) {
      const deployment = api.deployments[deploymentId];
      if (!deployment) throw configurationError(`deployment ${deploymentId} of stage does not exist`);
      found = { snapshot: deployment.snapshot, root: compileRoutes(deployment.snapshot) };
      this.deployed.set(key, found);
    }
    return found;
  }

  private route(exchange: Exchange, root: RouteNode): Matched | undefined {
    const segments = exchange.path
      .split('/')
      .filter((segment) => segment !== '')
      .map((segment) => {
        try {
          return decodeURIComponent(segment);
        } catch {
          return segment;
        }
      });
    const pick = (resource: ResourceState | undefined): MethodState | undefined =>
      resource ? (resource.resourceMethods[exchange.httpMethod] ?? resource.resourceMethods.ANY) : undefined;
    const walk = (node: RouteNode, index: number, params: Record<string, string>): Matched | undefined => {
      if (index === segments.length) {
        const method = pick(node.resource);
        return method && node.resource
          ? { resource: node.resource, method, pathParameters: params }
          : undefined;
      }
      const segment = segments[index] as string;
      const literal = node.literal.get(segment);
      const viaLiteral = literal && walk(literal, index + 1, params);
      if (viaLiteral) return viaLiteral;
      if (node.variable) {
        const viaVariable = walk(node.variable.node, index + 1, { ...params, [node.variable.name]: segment });
        if (viaVariable) return viaVariable;
      }
      if (node.greedy) {
        const method = pick(node.greedy.node.resource);
        if (method && node.greedy.node.resource) {
          return {
            resource: node.greedy.node.resource,
            method,
            pathParameters: { ...params, [node.greedy.name]: segments.slice(index).join('/') },
          };
        }
      }
      return undefined;
    };
    return walk(root, 0, {});
  }

  // ---- the pipeline ----

  private async pipeline(exchange: Exchange): Promise<Answer> {
    const { root } = this.deployment(exchange.api, exchange.stage.deploymentId);
    const matched = this.route(exchange, root);
    if (!matched) {
      throw new GatewayError(
        403,
        'MissingAuthenticationTokenException',
        'Missing Authentication Token',
        `No method matches ${exchange.httpMethod} ${exchange.path} in deployment ${exchange.stage.deploymentId}`,
        {
          'x-local-cloud-reason': headerSafe(
            `no resource/method for ${exchange.httpMethod} ${exchange.path}`,
          ),
        },
      );
    }
    exchange.matched = matched;
    exchange.params.path = matched.pathParameters;
    Object.assign(exchange.context, {
      resourceId: matched.resource.id,
      resourcePath: matched.resource.path,
    });
    exchange.log.push(
      `HTTP Method: ${exchange.httpMethod}, Resource Path: ${matched.resource.path}`,
      `Method request path: ${JSON.stringify(matched.pathParameters)}`,
      `Method request query string: ${JSON.stringify(exchange.query)}`,
      `Method request body before transformations: ${exchange.body.toString('utf8')}`,
    );
    this.validate(exchange, matched.method);
    const integration = matched.method.methodIntegration;
    if (!integration) throw configurationError('no integration defined for method');
    const work = this.integrate(exchange, integration);
    const outcome = await this.withTimeout(integration.timeoutInMillis, work);
    if (outcome === TIMEOUT) {
      throw new GatewayError(
        504,
        'InternalServerErrorException',
        'Endpoint request timed out',
        `Execution failed due to a timeout error (${integration.timeoutInMillis} ms)`,
      );
    }
    return outcome;
  }

  private withTimeout<T>(awsMs: number, work: Promise<T>): Promise<T | typeof TIMEOUT> {
    return new Promise((resolve, reject) => {
      const timer = this.cloud.clock.schedule(awsMs, () => resolve(TIMEOUT));
      work.then(
        (value) => {
          timer.cancel();
          resolve(value);
        },
        (error) => {
          timer.cancel();
          reject(error);
        },
      );
    });
  }

  // ---- validation ----

  private validate(exchange: Exchange, method: MethodState): void {
    if (!method.requestValidatorId) return;
    const validator = exchange.snapshot.requestValidators[method.requestValidatorId];
    if (!validator) return;
    if (validator.validateRequestParameters && method.requestParameters) {
      const missing: string[] = [];
      for (const [key, required] of Object.entries(method.requestParameters)) {
        if (!required) continue;
        const match =
          /^method\.request\.(querystring|header|path|multivaluequerystring|multivalueheader)\.(.+)$/.exec(
            key,
          );
        if (!match) continue;
        const [, location, name] = match as unknown as [string, string, string];
        const present =
          location === 'querystring' || location === 'multivaluequerystring'
            ? exchange.query[name] !== undefined
            : location === 'path'
              ? exchange.params.path[name] !== undefined
              : exchange.headers[name.toLowerCase()] !== undefined;
        if (!present) missing.push(name);
      }
      if (missing.length > 0) {
        const message = `Missing required request parameters: [${missing.join(', ')}]`;
        throw new GatewayError(400, 'BadRequestException', message, `Request validation failed: ${message}`, {
          'x-local-cloud-validation-error': headerSafe(message),
        });
      }
    }
    if (validator.validateRequestBody && method.requestModels) {
      const modelName = method.requestModels[exchange.contentType] ?? method.requestModels.$default;
      if (!modelName) return;
      const model = exchange.snapshot.models[modelName];
      if (!model?.schema) return;
      const schema = parsedSchema(model);
      if (!schema) throw configurationError(`model ${modelName} has an invalid schema`);
      const text = exchange.body.toString('utf8');
      let value: unknown;
      let errors: string[];
      try {
        value = text.trim() === '' ? {} : JSON.parse(text);
        errors = validateJsonSchema(schema, value, {
          model: (name) => {
            const other = exchange.snapshot.models[name];
            return other ? parsedSchema(other) : undefined;
          },
        });
      } catch (error) {
        errors = [`Invalid JSON in request body: ${(error as Error).message}`];
      }
      if (errors.length > 0) {
        const reason = `Request body does not match model schema for content type ${exchange.contentType}: [${errors.join(', ')}]`;
        throw new GatewayError(400, 'BadRequestException', 'Invalid request body', reason, {
          'x-local-cloud-validation-error': headerSafe(reason),
        });
      }
    }
  }

  // ---- integrations ----

  private async integrate(exchange: Exchange, integration: IntegrationState): Promise<Answer> {
    if (integration.type === 'AWS_PROXY') return this.lambdaProxy(exchange, integration);
    const requestBody = this.integrationRequestBody(exchange, integration);
    if (integration.type === 'MOCK') {
      let status = 200;
      if (requestBody.trim() !== '') {
        try {
          const parsed = JSON.parse(requestBody) as { statusCode?: unknown };
          status = Number(parsed.statusCode);
        } catch {
          status = Number.NaN;
        }
        if (!Number.isInteger(status)) {
          throw configurationError(
            `Unable to parse statusCode from the MOCK integration request: ${requestBody}`,
          );
        }
      }
      return this.integrationResponse(exchange, integration, { status, body: '', headers: {} });
    }
    if (!integration.uri) throw configurationError('the integration has no URI');
    const fnArn = lambdaFunctionFromUri(integration.uri);
    if (fnArn) {
      const result = await this.invokeFunction(
        exchange,
        integration,
        fnArn,
        Buffer.from(requestBody, 'utf8'),
      );
      const body = result.payload.toString('utf8');
      let errorMessage: string | undefined;
      if (result.functionError) {
        try {
          errorMessage = String((JSON.parse(body) as { errorMessage?: unknown }).errorMessage ?? '');
        } catch {
          errorMessage = body;
        }
      }
      return this.integrationResponse(exchange, integration, {
        status: 200,
        body,
        headers: {},
        lambdaError: errorMessage,
        lambda: true,
      });
    }
    return this.awsService(exchange, integration, requestBody);
  }

  /** Picks and renders the integration request template (passthrough rules of `passthroughBehavior`). */
  private integrationRequestBody(exchange: Exchange, integration: IntegrationState): string {
    const templates = integration.requestTemplates;
    const template = templates?.[exchange.contentType];
    const raw = exchange.body.toString('utf8');
    if (template === undefined) {
      const passthrough =
        integration.passthroughBehavior === 'WHEN_NO_MATCH' ||
        (integration.passthroughBehavior === 'WHEN_NO_TEMPLATES' && !templates);
      if (!passthrough) {
        throw new GatewayError(
          415,
          'UnsupportedMediaTypeException',
          'Unsupported Media Type',
          `No mapping template for content type ${exchange.contentType} and passthrough behavior ${integration.passthroughBehavior}`,
        );
      }
      return raw;
    }
    if (template.trim() === '') return raw;
    const rendered = this.render(exchange, template, raw, 'integration request');
    exchange.log.push(`Endpoint request body after transformations: ${rendered}`);
    return rendered;
  }

  private render(exchange: Exchange, template: string, body: string, what: string): string {
    try {
      return renderTemplate(template, {
        body,
        params: exchange.params,
        context: exchange.context,
        stageVariables: exchange.stage.variables,
      });
    } catch (error) {
      if (error instanceof BodyParseError) {
        throw new GatewayError(
          400,
          'BadRequestException',
          error.message,
          `${what} template: ${error.message}`,
        );
      }
      if (error instanceof TemplateError) {
        throw new GatewayError(
          500,
          'InternalServerErrorException',
          'Internal server error',
          `Execution failed due to configuration error: the ${what} mapping template failed: ${error.message}`,
        );
      }
      throw error;
    }
  }

  /** Values of integration request/response parameter mappings (`'static'`, method.request.*, stageVariables.*...). */
  private parameterValue(
    exchange: Exchange,
    source: string,
    response?: { headers: Record<string, string>; body: string },
  ): string | undefined {
    if (source.startsWith("'") && source.endsWith("'")) return source.slice(1, -1);
    const headerOf = (headers: Record<string, string>, name: string): string | undefined => {
      const wanted = name.toLowerCase();
      for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
      return undefined;
    };
    let match =
      /^method\.request\.(header|querystring|path|multivalueheader|multivaluequerystring)\.(.+)$/.exec(
        source,
      );
    if (match) {
      const [, location, name] = match as unknown as [string, string, string];
      if (location === 'header') return headerOf(exchange.headers, name);
      if (location === 'multivalueheader') return exchange.multiValueHeaders[name.toLowerCase()]?.join(',');
      if (location === 'querystring') return exchange.query[name];
      if (location === 'multivaluequerystring') return exchange.multiValueQuery[name]?.join(',');
      return exchange.params.path[name];
    }
    const bodyValue = (text: string, path: string | undefined): string | undefined => {
      if (!path) return text;
      try {
        const value = evaluateJsonPath(JSON.parse(text), `$.${path}`);
        return value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value);
      } catch {
        return undefined;
      }
    };
    match = /^method\.request\.body(?:\.(.+))?$/.exec(source);
    if (match) return bodyValue(exchange.body.toString('utf8'), match[1]);
    if (response) {
      match = /^integration\.response\.(?:header|multivalueheader)\.(.+)$/.exec(source);
      if (match) return headerOf(response.headers, match[1] as string);
      match = /^integration\.response\.body(?:\.(.+))?$/.exec(source);
      if (match) return bodyValue(response.body, match[1]);
    }
    match = /^stageVariables\.(.+)$/.exec(source);
    if (match) return exchange.stage.variables[match[1] as string];
    match = /^context\.(.+)$/.exec(source);
    if (match) {
      let value: unknown = exchange.context;
      for (const key of (match[1] as string).split('.')) {
        value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
      }
      return value === undefined || value === null ? undefined : String(value);
    }
    return undefined;
  }

  private integrationRequestParameters(exchange: Exchange, integration: IntegrationState) {
    const headers: Record<string, string> = {};
    const query = new URLSearchParams();
    for (const [target, source] of Object.entries(integration.requestParameters ?? {})) {
      const value = this.parameterValue(exchange, source);
      if (value === undefined) continue;
      const match =
        /^integration\.request\.(header|querystring|path|multivaluequerystring|multivalueheader)\.(.+)$/.exec(
          target,
        );
      if (!match) continue;
      const [, location, name] = match as unknown as [string, string, string];
      if (location === 'header' || location === 'multivalueheader') headers[name.toLowerCase()] = value;
      else if (location === 'querystring') query.set(name, value);
      else if (location === 'multivaluequerystring')
        for (const item of value.split(',')) query.append(name, item);
    }
    return { headers, query };
  }

  private async awsService(
    exchange: Exchange,
    integration: IntegrationState,
    requestBody: string,
  ): Promise<Answer> {
    const uri = parseIntegrationUri(integration.uri as string);
    if (!uri) throw configurationError(`invalid integration URI ${integration.uri}`);
    const credentials = integration.credentials;
    if (!credentials) {
      throw configurationError(
        'an AWS service integration needs credentials (an IAM role API Gateway can assume)',
      );
    }
    this.checkRole(credentials);
    const { headers, query } = this.integrationRequestParameters(exchange, integration);
    const params = new URLSearchParams(query);
    const contentType = headers['content-type'] ?? 'application/json';
    if (requestBody.trim() !== '') {
      if (!contentType.includes('application/x-www-form-urlencoded')) {
        throw configurationError(
          `the ${uri.service} integration request body must be form-encoded: map integration.request.header.Content-Type to 'application/x-www-form-urlencoded' (got ${contentType})`,
        );
      }
      for (const [key, value] of new URLSearchParams(requestBody)) params.append(key, value);
    }
    exchange.log.push(
      `Endpoint request URI: https://${uri.service}.${uri.region}.amazonaws.com/${uri.kind === 'path' ? uri.rest : `?Action=${uri.rest}`}`,
    );
    const serviceRequestId = uuid();
    let status: number;
    let body: string;
    let service: string | undefined = uri.service;
    try {
      const call = decodeServiceCall(uri, params, {
        accountId: this.cloud.config.accountId,
        region: this.cloud.config.region,
      });
      service = call.service;
      const principal: Principal = { type: 'role', arn: credentials };
      const result = await this.cloud.delivery.deliver(
        call.targetArn,
        { ...call.payload, traceId: exchange.requestId },
        principal,
      );
      this.cloud.trace.record(exchange.requestId, 'apigateway.integration', {
        service: call.service,
        action: call.action,
        target: call.targetArn,
        id: result.id,
      });
      status = 200;
      body = serviceSuccessBody(
        call,
        result.id ?? uuid(),
        serviceRequestId,
        call.service === 'sqs' ? md5Hex(call.payload.body) : '',
      );
    } catch (error) {
      if (error instanceof UnsupportedIntegrationError)
        throw configurationError(`local-cloud: ${error.message}`);
      if (!(error instanceof AwsError)) throw error;
      if (error.code === 'UnsupportedTarget') throw configurationError(`local-cloud: ${error.message}`);
      if (error.status >= 500 && error.code === 'InternalFailure' && !(error instanceof ServiceRequestError))
        throw error;
      status = error.status;
      body = serviceErrorBody(service, error, serviceRequestId);
      this.cloud.trace.record(exchange.requestId, 'apigateway.integration.error', {
        service,
        code: error.code,
        message: error.message,
      });
    }
    exchange.log.push(`Endpoint response body before transformations: ${body}`);
    return this.integrationResponse(exchange, integration, {
      status,
      body,
      headers: { 'Content-Type': 'application/json', 'x-amzn-RequestId': serviceRequestId },
    });
  }

  /** The integration role must exist and trust API Gateway (when IAM is installed). */
  private checkRole(roleArn: string): void {
    if (!this.cloud.ports.has('roles')) return;
    const roles = this.cloud.ports.get('roles');
    if (!roles.get(roleArn) || !roles.trusts(roleArn, 'apigateway.amazonaws.com')) {
      throw configurationError(`API Gateway does not have permission to assume the provided role ${roleArn}`);
    }
  }

  private methodArn(exchange: Exchange): string {
    const resourcePath = exchange.matched?.resource.path ?? '/';
    return `arn:aws:execute-api:${this.cloud.config.region}:${this.cloud.config.accountId}:${exchange.api.id}/${exchange.stage.stageName}/${exchange.matched?.method.httpMethod ?? exchange.httpMethod}${resourcePath}`;
  }

  private async invokeFunction(
    exchange: Exchange,
    integration: IntegrationState,
    functionArn: string,
    payload: Buffer,
  ) {
    if (!this.cloud.ports.has('lambdaInvoke')) {
      throw configurationError(
        'local-cloud: Lambda is not installed (no lambdaInvoke port), so Lambda integrations cannot run',
      );
    }
    const principal: Principal = integration.credentials
      ? { type: 'role', arn: integration.credentials }
      : {
          type: 'service',
          service: 'apigateway.amazonaws.com',
          sourceArn: this.methodArn(exchange),
          sourceAccount: this.cloud.config.accountId,
        };
    if (integration.credentials) this.checkRole(integration.credentials);
    if (this.cloud.delivery.actionFor(functionArn)) {
      const decision = this.cloud.delivery.check(functionArn, principal);
      if (!decision.allowed)
        throw configurationError(`Invalid permissions on Lambda function (${decision.reason})`);
    }
    exchange.log.push(`Endpoint request URI: ${integration.uri}`);
    try {
      const result = await this.cloud.ports
        .get('lambdaInvoke')
        .invoke(functionArn, payload, { requestId: exchange.requestId, traceId: exchange.requestId });
      exchange.log.push(`Endpoint response body before transformations: ${result.payload.toString('utf8')}`);
      return result;
    } catch (error) {
      if (error instanceof AwsError) {
        throw new GatewayError(
          500,
          'InternalServerErrorException',
          'Internal server error',
          `Execution failed: Lambda invoke of ${functionArn} failed: ${error.code}: ${error.message}`,
        );
      }
      throw error;
    }
  }

  private async lambdaProxy(exchange: Exchange, integration: IntegrationState): Promise<Answer> {
    const functionArn = integration.uri ? lambdaFunctionFromUri(integration.uri) : undefined;
    if (!functionArn) throw configurationError(`invalid Lambda integration URI ${integration.uri}`);
    const matched = exchange.matched as Matched;
    const isBase64Encoded =
      exchange.snapshot.binaryMediaTypes.length > 0 &&
      exchange.headers['content-type'] !== undefined &&
      mediaMatches(exchange.contentType, exchange.snapshot.binaryMediaTypes);
    const identity = {
      cognitoIdentityPoolId: null,
      accountId: null,
      cognitoIdentityId: null,
      caller: null,
      sourceIp: exchange.sourceIp,
      principalOrgId: null,
      accessKey: null,
      cognitoAuthenticationType: null,
      cognitoAuthenticationProvider: null,
      userArn: null,
      userAgent: exchange.headers['user-agent'] ?? null,
      user: null,
    };
    const context = exchange.context;
    const event = buildProxyEvent({
      resourcePath: matched.resource.path,
      path: exchange.path,
      httpMethod: exchange.httpMethod,
      headers: exchange.headers,
      multiValueHeaders: exchange.multiValueHeaders,
      query: exchange.query,
      multiValueQuery: exchange.multiValueQuery,
      pathParameters: matched.pathParameters,
      stageVariables: exchange.stage.variables,
      body: exchange.body,
      isBase64Encoded,
      requestContext: {
        resourceId: matched.resource.id,
        resourcePath: matched.resource.path,
        httpMethod: exchange.httpMethod,
        extendedRequestId: exchange.extendedRequestId,
        requestTime: context.requestTime,
        path: context.path,
        accountId: this.cloud.config.accountId,
        protocol: 'HTTP/1.1',
        stage: exchange.stage.stageName,
        domainPrefix: context.domainPrefix,
        requestTimeEpoch: context.requestTimeEpoch,
        requestId: exchange.requestId,
        identity,
        domainName: context.domainName,
        deploymentId: exchange.stage.deploymentId,
        apiId: exchange.api.id,
      },
    });
    const result = await this.invokeFunction(
      exchange,
      integration,
      functionArn,
      Buffer.from(JSON.stringify(event), 'utf8'),
    );
    if (result.functionError) {
      throw new GatewayError(
        502,
        'InternalServerErrorException',
        'Internal server error',
        `Lambda execution failed with status 200 due to customer function error: ${result.errorMessage ?? result.payload.toString('utf8')}`,
      );
    }
    try {
      const mapped = mapProxyResponse(result.payload);
      return {
        status: mapped.statusCode,
        headers: { 'content-type': 'application/json', ...mapped.headers },
        body: mapped.body,
      };
    } catch (error) {
      if (error instanceof MalformedProxyResponse) {
        throw new GatewayError(
          502,
          'InternalServerErrorException',
          'Internal server error',
          `Execution failed due to configuration error: Malformed Lambda proxy response (${error.message})`,
        );
      }
      throw error;
    }
  }

  // ---- integration responses ----

  private integrationResponse(
    exchange: Exchange,
    integration: IntegrationState,
    endpoint: {
      status: number;
      body: string;
      headers: Record<string, string>;
      lambda?: boolean;
      lambdaError?: string | undefined;
    },
  ): Answer {
    const responses = Object.values(integration.integrationResponses ?? {});
    const subject = endpoint.lambda ? (endpoint.lambdaError ?? '') : String(endpoint.status);
    let selected: IntegrationResponseState | undefined;
    if (!endpoint.lambda || endpoint.lambdaError !== undefined) {
      selected = responses.find(
        (r) => r.selectionPattern !== undefined && fullMatch(r.selectionPattern, subject),
      );
    }
    selected ??= responses.find((r) => r.selectionPattern === undefined || r.selectionPattern === '');
    if (!selected) {
      throw configurationError(
        `No match for output mapping and no default output mapping configured. Endpoint Response Status Code: ${endpoint.status}`,
      );
    }
    const templates = selected.responseTemplates ?? {};
    const accept = (exchange.headers.accept ?? '').split(',')[0]?.split(';')[0]?.trim().toLowerCase() ?? '';
    const contentType =
      (accept && templates[accept] !== undefined && accept) ||
      (templates['application/json'] !== undefined ? 'application/json' : Object.keys(templates)[0]) ||
      'application/json';
    const template = templates[contentType];
    const body =
      template === undefined || template.trim() === ''
        ? endpoint.body
        : this.render(exchange, template, endpoint.body, 'integration response');
    const headers: Record<string, string> = { 'content-type': contentType };
    for (const [target, source] of Object.entries(selected.responseParameters ?? {})) {
      const match = /^method\.response\.header\.(.+)$/.exec(target);
      if (!match) continue;
      const value = this.parameterValue(exchange, source, endpoint);
      if (value !== undefined) headers[match[1] as string] = value;
    }
    exchange.log.push(`Method response body after transformations: ${body}`);
    return { status: Number(selected.statusCode), headers, body };
  }

  // ---- execution log ----

  private flushLog(exchange: Exchange): void {
    if (!this.cloud.ports.has('logs')) return;
    const group = `API-Gateway-Execution-Logs_${exchange.api.id}/${exchange.stage.stageName}`;
    let stream = this.logStreams.get(group);
    if (!stream) {
      stream = hex(16);
      this.logStreams.set(group, stream);
    }
    const timestamp = this.cloud.clock.now();
    try {
      this.cloud.ports.get('logs').append(
        group,
        stream,
        exchange.log.map((line) => ({ timestamp, message: `(${exchange.requestId}) ${line}` })),
      );
    } catch (error) {
      process.stderr.write(
        `local-cloud: apigateway could not write the execution log: ${(error as Error).message}\n`,
      );
    }
  }
}

function compileRoutes(snapshot: ApiSnapshot): RouteNode {
  const nodes = new Map<string, RouteNode>();
  const nodeFor = (resource: ResourceState): RouteNode => {
    let node = nodes.get(resource.id);
    if (!node) {
      node = { resource, literal: new Map() };
      nodes.set(resource.id, node);
    }
    return node;
  };
  let root: RouteNode | undefined;
  for (const resource of Object.values(snapshot.resources)) {
    const node = nodeFor(resource);
    if (!resource.parentId) {
      root = node;
      continue;
    }
    const parentResource = snapshot.resources[resource.parentId];
    if (!parentResource) continue;
    const parent = nodeFor(parentResource);
    const part = resource.pathPart as string;
    const variable = /^\{(.+?)(\+?)\}$/.exec(part);
    if (!variable) parent.literal.set(part, node);
    else if (variable[2]) parent.greedy = { name: variable[1] as string, node };
    else parent.variable = { name: variable[1] as string, node };
  }
  return root ?? { resource: undefined, literal: new Map() };
}
