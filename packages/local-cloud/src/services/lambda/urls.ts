import type { Cloud } from '../../core/cloud';
import { AwsError } from '../../core/errors';
import { shortId, uuid } from '../../core/ids';
import type { RestRequest, RestResponse, RestRoute } from '../../core/service';
import type { LocalCloudServer, RawHttpHandler, RawHttpResponse } from '../../server';
import { codeBlobKey, type Engine } from './engine';
import { constraintError, invalid, jsonBody, paginate, Reader, unsupported } from './http';
import { type FunctionState, LATEST, type LambdaModel, type UrlConfig } from './model';
import { functionRef } from './refs';

/**
 * Function URLs. AWS serves `https://<url-id>.lambda-url.<region>.on.aws/`; such a host does not resolve
 * locally, so local-cloud answers on its own port in a path form:
 *
 *   FunctionUrl = `http://127.0.0.1:<port>/lambda-url/<url-id>/`   (everything after the id is the rawPath)
 *
 * and also accepts the host form when the request's Host header is `<url-id>.lambda-url.<region>.<anything>`
 * (e.g. `curl -H 'Host: <id>.lambda-url.us-east-1.on.aws' http://127.0.0.1:<port>/path`).
 *
 * Requests become payload format 2.0 events (reference/aws-wire-and-event-shapes.md §6), invoked synchronously;
 * the response is mapped back (statusCode/headers/body/cookies/isBase64Encoded, or a bare JSON value → 200
 * application/json). Function errors answer 502 `{"Message":"Internal Server Error"}` as AWS does.
 * AuthType NONE needs a resource-policy statement allowing `lambda:InvokeFunctionUrl` to `*`; AWS_IAM needs a
 * SigV4 `Authorization` header (the signature itself is not verified).
 */

type RawRequest = Parameters<RawHttpHandler>[0];

const URL_PATH = /^\/lambda-url\/([a-z0-9]{32})(\/.*)?$/;
const URL_HOST = /^([a-z0-9]{32})\.lambda-url\.[a-z0-9-]+\./;
const CODE_PATH = /^\/lambda-code\/([0-9a-f]{64})\.zip$/;
const TEXT_TYPES =
  /^(text\/|application\/(json|javascript|xml|x-www-form-urlencoded|[a-z.+-]*\+(json|xml)))/i;
const SYNC_PAYLOAD_LIMIT = 6_291_456;

export function functionUrlOf(cloud: Cloud, urlId: string): string {
  return `${cloud.endpoint}/lambda-url/${urlId}/`;
}

export function urlConfigRoutes(cloud: Cloud, model: LambdaModel): RestRoute[] {
  const base = '/2021-10-31/functions/{FunctionName}';

  const target = (request: RestRequest): { fn: FunctionState; qualifier: string } => {
    const ref = functionRef(request.params.FunctionName ?? '', request.query.get('Qualifier'));
    const fn = model.get(ref.name);
    if (!fn) {
      throw new AwsError(
        'ResourceNotFoundException',
        `Function not found: ${model.functionArn(ref.name)}${ref.qualifier ? `:${ref.qualifier}` : ''}`,
        404,
      );
    }
    const qualifier = ref.qualifier ?? '';
    if (qualifier !== '' && qualifier !== LATEST && !fn.aliases[qualifier]) {
      if (fn.versions[qualifier])
        throw invalid('Function URLs can only be created for an alias or $LATEST, not a version.');
      throw new AwsError('ResourceNotFoundException', `Function not found: ${fn.arn}:${qualifier}`, 404);
    }
    return { fn, qualifier };
  };

  const notFound = (): AwsError =>
    new AwsError('ResourceNotFoundException', 'The resource you requested does not exist.', 404);

  const shape = (fn: FunctionState, url: UrlConfig, withModified: boolean): Record<string, unknown> => ({
    FunctionUrl: functionUrlOf(cloud, url.urlId),
    FunctionArn: url.qualifier ? `${fn.arn}:${url.qualifier}` : fn.arn,
    AuthType: url.authType,
    ...(url.cors ? { Cors: url.cors } : {}),
    CreationTime: url.creationTime,
    ...(withModified ? { LastModifiedTime: url.lastModifiedTime } : {}),
    InvokeMode: url.invokeMode,
  });

  const readSettings = (
    r: Reader,
    current: UrlConfig | undefined,
  ): Pick<UrlConfig, 'authType' | 'cors' | 'invokeMode'> => {
    const authType = r.string('AuthType') ?? current?.authType;
    if (authType !== 'NONE' && authType !== 'AWS_IAM') {
      throw constraintError(
        authType ?? null,
        'authType',
        'Member must satisfy enum value set: [NONE, AWS_IAM]',
      );
    }
    const invokeMode = r.string('InvokeMode') ?? current?.invokeMode ?? 'BUFFERED';
    if (invokeMode === 'RESPONSE_STREAM')
      throw unsupported('response streaming function URLs (InvokeMode RESPONSE_STREAM)');
    if (invokeMode !== 'BUFFERED') {
      throw constraintError(
        invokeMode,
        'invokeMode',
        'Member must satisfy enum value set: [BUFFERED, RESPONSE_STREAM]',
      );
    }
    const cors = r.has('Cors') ? r.object('Cors') : current?.cors;
    return {
      authType,
      cors: cors && Object.keys(cors).length > 0 ? cors : undefined,
      invokeMode: 'BUFFERED',
    };
  };

  const create = (request: RestRequest): RestResponse => {
    const { fn, qualifier } = target(request);
    if (fn.urls[qualifier]) {
      throw new AwsError(
        'ResourceConflictException',
        `Failed to create function url config for [functionArn = ${qualifier ? `${fn.arn}:${qualifier}` : fn.arn}]. Error message:  FunctionUrlConfig exists for this Lambda function`,
        409,
      );
    }
    const now = new Date().toISOString();
    const url: UrlConfig = {
      urlId: shortId(32),
      qualifier,
      ...readSettings(new Reader(jsonBody(request)), undefined),
      creationTime: now,
      lastModifiedTime: now,
    };
    model.commit({ t: 'putUrl', name: fn.name, url });
    return { status: 201, body: shape(fn, url, false) };
  };

  const get = (request: RestRequest): RestResponse => {
    const { fn, qualifier } = target(request);
    const url = fn.urls[qualifier];
    if (!url) throw notFound();
    return { status: 200, body: shape(fn, url, true) };
  };

  const update = (request: RestRequest): RestResponse => {
    const { fn, qualifier } = target(request);
    const current = fn.urls[qualifier];
    if (!current) throw notFound();
    const url: UrlConfig = {
      ...current,
      ...readSettings(new Reader(jsonBody(request)), current),
      lastModifiedTime: new Date().toISOString(),
    };
    model.commit({ t: 'putUrl', name: fn.name, url });
    return { status: 200, body: shape(fn, url, true) };
  };

  const remove = (request: RestRequest): RestResponse => {
    const { fn, qualifier } = target(request);
    if (!fn.urls[qualifier]) throw notFound();
    model.commit({ t: 'deleteUrl', name: fn.name, qualifier });
    return { status: 204 };
  };

  const list = (request: RestRequest): RestResponse => {
    const ref = functionRef(request.params.FunctionName ?? '');
    const fn = model.get(ref.name);
    if (!fn)
      throw new AwsError(
        'ResourceNotFoundException',
        `Function not found: ${model.functionArn(ref.name)}`,
        404,
      );
    const items = Object.values(fn.urls).map((url) => shape(fn, url, true));
    const { page, nextMarker } = paginate(items, request.query.get('Marker'), request.query.get('MaxItems'));
    return {
      status: 200,
      body: { FunctionUrlConfigs: page, ...(nextMarker ? { NextMarker: nextMarker } : {}) },
    };
  };

  return [
    { method: 'POST', path: `${base}/url`, operation: 'CreateFunctionUrlConfig', handler: create },
    { method: 'GET', path: `${base}/url`, operation: 'GetFunctionUrlConfig', handler: get },
    { method: 'PUT', path: `${base}/url`, operation: 'UpdateFunctionUrlConfig', handler: update },
    { method: 'DELETE', path: `${base}/url`, operation: 'DeleteFunctionUrlConfig', handler: remove },
    { method: 'GET', path: `${base}/urls`, operation: 'ListFunctionUrlConfigs', handler: list },
  ];
}

// -------------------------------------------------------------------------------------------------
// Serving function URLs

type Headers = Record<string, string | string[] | undefined>;

const json = (status: number, body: unknown, extra: Record<string, string> = {}): RawHttpResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...extra },
  body: JSON.stringify(body),
});

/** `12/Mar/2020:19:03:58 +0000` (requestContext.time). */
function clfTime(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

function allowsPublicInvoke(fn: FunctionState, qualifier: string): boolean {
  const statements = [...(fn.policies[''] ?? []), ...(qualifier ? (fn.policies[qualifier] ?? []) : [])];
  return statements.some((statement) => {
    const principal = statement.Principal as string | { AWS?: unknown };
    const everyone = principal === '*' || (typeof principal === 'object' && principal?.AWS === '*');
    const action = statement.Action;
    const authType = statement.Condition?.StringEquals?.['lambda:FunctionUrlAuthType'];
    return (
      everyone &&
      (action === 'lambda:InvokeFunctionUrl' || action === 'lambda:*' || action === '*') &&
      (authType === undefined || authType === 'NONE')
    );
  });
}

function corsHeaders(
  cors: Record<string, unknown> | undefined,
  origin: string | undefined,
): Record<string, string> {
  if (!cors || !origin) return {};
  const origins = (cors.AllowOrigins as string[] | undefined) ?? [];
  if (!origins.includes('*') && !origins.includes(origin)) return {};
  const out: Record<string, string> = { 'access-control-allow-origin': origins.includes('*') ? '*' : origin };
  if (cors.AllowCredentials === true) out['access-control-allow-credentials'] = 'true';
  const expose = cors.ExposeHeaders as string[] | undefined;
  if (expose?.length) out['access-control-expose-headers'] = expose.join(',');
  return out;
}

function preflight(cors: Record<string, unknown>, headers: Headers): RawHttpResponse {
  const origin = headers.origin as string | undefined;
  const out = corsHeaders(cors, origin);
  const methods = (cors.AllowMethods as string[] | undefined) ?? [];
  if (methods.length) out['access-control-allow-methods'] = methods.join(',');
  const allowHeaders = (cors.AllowHeaders as string[] | undefined) ?? [];
  if (allowHeaders.length) out['access-control-allow-headers'] = allowHeaders.join(',');
  if (typeof cors.MaxAge === 'number') out['access-control-max-age'] = String(cors.MaxAge);
  return { status: 200, headers: out, body: '' };
}

export function installFunctionUrls(
  cloud: Cloud,
  server: LocalCloudServer,
  model: LambdaModel,
  engine: Engine,
): void {
  // Most requests are API calls: answer "not mine" synchronously (no promise) unless the path or host is a URL's.
  server.addRawHandler((request) => {
    const path = request.url.pathname;
    if (path.startsWith('/lambda-url/') || path.startsWith('/lambda-code/')) return serve(request);
    const host = request.headers.host;
    return host?.includes('.lambda-url.') ? serve(request) : undefined;
  });

  async function serve(request: RawRequest): Promise<RawHttpResponse | undefined> {
    const path = request.url.pathname;
    const code = CODE_PATH.exec(path);
    if (code && request.method === 'GET') {
      const blob = cloud.store.getBlob(codeBlobKey(code[1] as string));
      if (!blob) return json(404, { Message: 'Not Found' });
      return { status: 200, headers: { 'content-type': 'application/zip' }, body: Buffer.from(blob) };
    }
    let urlId: string | undefined;
    let rawPath = path;
    const byPath = URL_PATH.exec(path);
    if (byPath) {
      urlId = byPath[1];
      rawPath = byPath[2] ?? '/';
    } else {
      const host = request.headers.host;
      const byHost = host ? URL_HOST.exec(host) : null;
      if (!byHost) return undefined;
      urlId = byHost[1];
    }
    const found = urlId ? model.findUrl(urlId) : undefined;
    // AWS answers 403 Forbidden for a URL that does not exist (or no longer does).
    if (!found) return json(403, { Message: 'Forbidden' });
    const { fn, url } = found;
    const headers = request.headers as Headers;
    if (
      url.cors &&
      request.method === 'OPTIONS' &&
      headers.origin &&
      headers['access-control-request-method']
    ) {
      return preflight(url.cors, headers);
    }
    const authorization = typeof headers.authorization === 'string' ? headers.authorization : undefined;
    const accessKey = authorization ? /Credential=([^/,\s]+)\//.exec(authorization)?.[1] : undefined;
    if (url.authType === 'AWS_IAM' && (!authorization?.startsWith('AWS4-HMAC-SHA256 ') || !accessKey)) {
      return json(403, { Message: 'Forbidden' });
    }
    if (url.authType === 'NONE' && !allowsPublicInvoke(fn, url.qualifier))
      return json(403, { Message: 'Forbidden' });
    if (request.body.length > SYNC_PAYLOAD_LIMIT) {
      return json(413, {
        Message: `Request must be smaller than ${SYNC_PAYLOAD_LIMIT} bytes for the InvokeFunction operation`,
      });
    }
    const qualifier = url.qualifier === '' ? undefined : url.qualifier;
    const config = engine.pickVersion(fn, qualifier);
    if (!config) return json(403, { Message: 'Forbidden' });

    const requestId = uuid();
    const event = buildEvent(cloud, request, rawPath, url, requestId, accessKey);
    let outcome: Awaited<ReturnType<Engine['invoke']>>;
    try {
      outcome = await engine.invoke(
        engine.toFunctionVersion(fn, config),
        Buffer.from(JSON.stringify(event)),
        {
          requestId,
          invocationType: 'RequestResponse',
          ...(qualifier ? { qualifier } : {}),
        },
      );
    } catch (error) {
      const err = error instanceof AwsError ? error : undefined;
      if (err?.status === 429)
        return json(429, { Message: 'Rate Exceeded.' }, { 'x-amzn-RequestId': requestId });
      return json(502, { Message: 'Internal Server Error' }, { 'x-amzn-RequestId': requestId });
    }
    const cors = corsHeaders(url.cors, headers.origin as string | undefined);
    if (outcome.functionError) {
      return json(502, { Message: 'Internal Server Error' }, { 'x-amzn-RequestId': requestId, ...cors });
    }
    const mapped = mapResponse(outcome.payload);
    if (!mapped)
      return json(502, { Message: 'Internal Server Error' }, { 'x-amzn-RequestId': requestId, ...cors });
    mapped.headers = { ...mapped.headers, ...cors, 'x-amzn-RequestId': requestId };
    return mapped;
  }
}

function buildEvent(
  cloud: Cloud,
  request: RawRequest,
  rawPath: string,
  url: UrlConfig,
  requestId: string,
  accessKey: string | undefined,
): Record<string, unknown> {
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    if (key === 'cookie') {
      cookies = (Array.isArray(value) ? value.join('; ') : value).split(/;\s*/).filter((c) => c !== '');
      continue;
    }
    headers[key] = Array.isArray(value) ? value.join(',') : value;
  }
  const rawQueryString = request.url.search.startsWith('?') ? request.url.search.slice(1) : '';
  const query: Record<string, string> = {};
  for (const [key, value] of request.url.searchParams)
    query[key] = key in query ? `${query[key]},${value}` : value;
  const contentType = headers['content-type'] ?? '';
  const hasBody = request.body.length > 0;
  const isText = !hasBody || contentType === '' || TEXT_TYPES.test(contentType);
  const now = new Date();
  const region = cloud.config.region;
  const requestContext: Record<string, unknown> = {
    accountId: url.authType === 'AWS_IAM' ? cloud.config.accountId : 'anonymous',
    apiId: url.urlId,
    domainName: `${url.urlId}.lambda-url.${region}.on.aws`,
    domainPrefix: url.urlId,
    http: {
      method: request.method,
      path: rawPath,
      protocol: 'HTTP/1.1',
      sourceIp: (request.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
      userAgent: headers['user-agent'] ?? '',
    },
    requestId,
    routeKey: '$default',
    stage: '$default',
    time: clfTime(now),
    timeEpoch: now.getTime(),
  };
  if (url.authType === 'AWS_IAM') {
    requestContext.authorizer = {
      iam: {
        accessKey,
        accountId: cloud.config.accountId,
        callerId: `AIDALOCALCLOUD:${accessKey}`,
        cognitoIdentity: null,
        principalOrgId: null,
        userArn: `arn:aws:iam::${cloud.config.accountId}:user/local-cloud`,
        userId: 'AIDALOCALCLOUDUSER0001',
      },
    };
  }
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    ...(cookies && cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext,
    ...(hasBody ? { body: isText ? request.body.toString('utf8') : request.body.toString('base64') } : {}),
    isBase64Encoded: !isText,
  };
}

/** Maps a function's response to HTTP (reference/aws-wire-and-event-shapes.md §6 "Response"). */
function mapResponse(payload: Buffer): RawHttpResponse | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
  if (value && typeof value === 'object' && !Array.isArray(value) && 'statusCode' in value) {
    const response = value as {
      statusCode?: unknown;
      headers?: Record<string, unknown>;
      body?: unknown;
      cookies?: unknown;
      isBase64Encoded?: unknown;
    };
    const status = Number(response.statusCode);
    if (!Number.isInteger(status) || status < 100 || status > 599) return undefined;
    const headers: Record<string, string> = {};
    for (const [name, headerValue] of Object.entries(response.headers ?? {})) {
      if (headerValue !== undefined && headerValue !== null)
        headers[name.toLowerCase()] = String(headerValue);
    }
    headers['content-type'] ??= 'application/json';
    if (Array.isArray(response.cookies) && response.cookies.length > 0) {
      // Node accepts an array for repeated headers; RawHttpResponse is typed with strings.
      headers['set-cookie'] = response.cookies.map(String) as unknown as string;
    }
    let body: Buffer | string = '';
    if (typeof response.body === 'string') {
      body = response.isBase64Encoded === true ? Buffer.from(response.body, 'base64') : response.body;
    } else if (response.body !== undefined && response.body !== null) {
      body = JSON.stringify(response.body);
    }
    return { status, headers, body };
  }
  // A JSON value without statusCode: 200, application/json, the value as JSON (a string keeps its quotes).
  return { status: 200, headers: { 'content-type': 'application/json' }, body: payload.toString('utf8') };
}
