import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleControl } from './control/routes';
import type { Cloud } from './core/cloud';
import { AwsError, toAwsError } from './core/errors';
import { uuid } from './core/ids';
import type { CallContext, JsonService, QueryService, RestService } from './core/service';
import { parseQueryParams, queryError, queryResponse, unknownAction } from './protocols/aws-query';
import { RestRouter } from './protocols/rest';

/** Largest request body accepted at all (a 50 MB function zip, base64-encoded, fits). */
const MAX_BODY_BYTES = 80 * 1024 * 1024;

export interface RawHttpResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** A handler for requests that are not AWS API calls (function URLs, API Gateway invoke URLs). */
export type RawHttpHandler = (request: {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: Buffer;
  remoteAddress: string | undefined;
}) => Promise<RawHttpResponse | undefined> | RawHttpResponse | undefined;

const CREDENTIAL_SCOPE = /Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/;

interface Signature {
  accessKeyId: string | undefined;
  region: string | undefined;
  service: string | undefined;
}

function readSignature(req: IncomingMessage, url: URL): Signature {
  const header = req.headers.authorization ?? url.searchParams.get('X-Amz-Credential') ?? '';
  const match = CREDENTIAL_SCOPE.exec(header.includes('Credential=') ? header : `Credential=${header}`);
  if (!match) return { accessKeyId: undefined, region: undefined, service: undefined };
  return { accessKeyId: match[1], region: match[3], service: match[4] };
}

/** One HTTP server on loopback; picks the protocol and the service of each request. */
export class LocalCloudServer {
  private server: Server | undefined;
  private readonly jsonByPrefix = new Map<string, JsonService>();
  private readonly queryBySigningName = new Map<string, QueryService>();
  private readonly restBySigningName = new Map<string, { service: RestService; router: RestRouter }>();
  private readonly rawHandlers: RawHttpHandler[] = [];

  constructor(private readonly cloud: Cloud) {}

  addRawHandler(handler: RawHttpHandler): void {
    this.rawHandlers.push(handler);
  }

  private index(): void {
    for (const service of this.cloud.services) {
      if (service.protocol === 'json') this.jsonByPrefix.set(service.targetPrefix, service);
      else if (service.protocol === 'query') this.queryBySigningName.set(service.signingName, service);
      else {
        const router = new RestRouter();
        for (const route of service.routes) router.add(route);
        this.restBySigningName.set(service.signingName, { service, router });
      }
    }
  }

  async listen(): Promise<number> {
    this.index();
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error) => {
        process.stderr.write(`local-cloud: unhandled error: ${(error as Error)?.stack ?? error}\n`);
        if (res.headersSent) {
          res.end();
          return;
        }
        this.send(
          res,
          500,
          { 'content-type': 'application/json' },
          JSON.stringify({ __type: 'InternalFailure', message: 'internal error' }),
        );
      });
    });
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    server.requestTimeout = 0;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.cloud.config.port, this.cloud.config.host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    this.cloud.config.port = port;
    return port;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Collects the body with `data`/`end` listeners (cheaper than async iteration on the hot path). */
  private readBody(req: IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const declared = Number(req.headers['content-length']);
      if (declared > MAX_BODY_BYTES) {
        req.resume();
        reject(new AwsError('RequestEntityTooLargeException', 'Request body too large', 413));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      req.on('data', (chunk: Buffer) => {
        if (done) return;
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          done = true;
          chunks.length = 0;
          reject(new AwsError('RequestEntityTooLargeException', 'Request body too large', 413));
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => {
        if (done) return;
        done = true;
        resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
      });
      req.on('error', (error) => {
        if (done) return;
        done = true;
        reject(error);
      });
      req.on('close', () => {
        if (done) return;
        done = true;
        reject(new AwsError('IncompleteBody', 'The request body ended early', 400));
      });
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = uuid();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    let body: Buffer;
    try {
      body = await this.readBody(req);
    } catch (error) {
      const err = toAwsError(error);
      this.send(
        res,
        err.status,
        { 'content-type': 'application/json', 'x-amzn-RequestId': requestId },
        JSON.stringify({ __type: err.code, message: err.message }),
      );
      return;
    }

    if (url.pathname.startsWith('/_local-cloud/')) {
      const out = await handleControl(this.cloud, method, url, body);
      this.send(
        res,
        out.status,
        { 'content-type': 'application/json', 'x-amzn-RequestId': requestId },
        JSON.stringify(out.body),
      );
      return;
    }

    for (const handler of this.rawHandlers) {
      const pending = handler({
        method,
        url,
        headers: req.headers,
        body,
        remoteAddress: req.socket.remoteAddress,
      });
      // Handlers answer "not mine" synchronously; await only a real answer in progress.
      const out = pending instanceof Promise ? await pending : pending;
      if (out) {
        this.send(res, out.status, { 'x-amzn-RequestId': requestId, ...out.headers }, out.body);
        return;
      }
    }

    const signature = readSignature(req, url);
    const ctx: CallContext = {
      requestId,
      region: signature.region ?? this.cloud.config.region,
      accountId: this.cloud.config.accountId,
      accessKeyId: signature.accessKeyId,
      service: signature.service ?? '',
      operation: '',
    };
    const traceHeader = req.headers['x-amzn-trace-id'];
    if (typeof traceHeader === 'string') ctx.traceHeader = traceHeader;

    const target = req.headers['x-amz-target'];
    if (typeof target === 'string' && target.includes('.')) {
      await this.handleJson(target, body, ctx, res);
      return;
    }

    const rest = signature.service
      ? this.restBySigningName.get(signature.service)
      : this.restForPath(url.pathname);
    if (rest) {
      await this.handleRest(rest, method, url, req, body, ctx, res);
      return;
    }

    const contentType = req.headers['content-type'] ?? '';
    if (method === 'POST' && contentType.includes('application/x-www-form-urlencoded')) {
      await this.handleQuery(new URLSearchParams(body.toString('utf8')), signature.service, ctx, res);
      return;
    }
    if (method === 'GET' && url.searchParams.has('Action')) {
      await this.handleQuery(url.searchParams, signature.service, ctx, res);
      return;
    }

    this.send(
      res,
      404,
      { 'content-type': 'application/json', 'x-amzn-RequestId': requestId },
      JSON.stringify({
        __type: 'UnknownOperationException',
        message: `local-cloud: no service handles ${method} ${url.pathname} (service scope: ${signature.service ?? 'none'})`,
      }),
    );
  }

  /** Unsigned REST calls (rare) are routed by path prefix. */
  private restForPath(path: string): { service: RestService; router: RestRouter } | undefined {
    for (const entry of this.restBySigningName.values()) {
      try {
        const match = entry.router.match('GET', path) ?? entry.router.match('POST', path);
        if (match) return entry;
      } catch {
        return entry; // a route matched but its parameters are malformed: that service answers the 400
      }
    }
    return undefined;
  }

  private async handleJson(
    target: string,
    body: Buffer,
    ctx: CallContext,
    res: ServerResponse,
  ): Promise<void> {
    const dot = target.lastIndexOf('.');
    const prefix = target.slice(0, dot);
    const operation = target.slice(dot + 1);
    const service = this.jsonByPrefix.get(prefix);
    const contentType = `application/x-amz-json-${service?.jsonVersion ?? '1.1'}`;
    ctx.operation = operation;
    try {
      if (!service) throw new AwsError('UnknownOperationException', `Unknown target prefix ${prefix}`, 400);
      ctx.service = service.signingName;
      const handler = service.operations[operation];
      if (!handler) {
        throw new AwsError(
          'UnknownOperationException',
          `local-cloud: ${service.signingName} operation ${operation} is not supported`,
          400,
          {
            queryCode: 'AWS.SimpleQueueService.UnsupportedOperation',
          },
        );
      }
      let input: unknown;
      try {
        input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
      } catch {
        throw new AwsError('SerializationException', 'Request body is not valid JSON', 400, {
          queryCode: 'InvalidParameterValue',
        });
      }
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        throw new AwsError('SerializationException', 'Request body must be a JSON object', 400);
      }
      const output = await handler(input as Record<string, unknown>, ctx);
      this.send(
        res,
        200,
        { 'content-type': contentType, 'x-amzn-RequestId': ctx.requestId },
        JSON.stringify(output ?? {}),
      );
    } catch (error) {
      const err = this.logged(error, ctx);
      const headers: Record<string, string> = {
        'content-type': contentType,
        'x-amzn-RequestId': ctx.requestId,
      };
      if (service?.queryCompatible)
        headers['x-amzn-query-error'] = `${err.queryCode ?? err.code};${err.fault}`;
      const prefixType = service?.errorTypePrefix ?? '';
      this.send(
        res,
        err.status,
        headers,
        JSON.stringify({ __type: `${prefixType}${err.code}`, message: err.message }),
      );
    }
  }

  private async handleQuery(
    params: URLSearchParams,
    scope: string | undefined,
    ctx: CallContext,
    res: ServerResponse,
  ): Promise<void> {
    const action = params.get('Action');
    ctx.operation = action ?? '';
    let service = scope ? this.queryBySigningName.get(scope) : undefined;
    if (!service && !scope && action) {
      for (const candidate of this.queryBySigningName.values()) {
        if (candidate.operations[action]) {
          service = candidate;
          break;
        }
      }
    }
    const headers = { 'content-type': 'text/xml', 'x-amzn-RequestId': ctx.requestId };
    try {
      if (scope === 'sqs') {
        throw new AwsError(
          'UnsupportedProtocol',
          'local-cloud: the legacy SQS query protocol is not supported; every current AWS SDK, the AWS CLI and Terraform use the JSON protocol',
          400,
        );
      }
      if (!service) throw unknownAction(action);
      ctx.service = service.signingName;
      const handler = action ? service.operations[action] : undefined;
      if (!handler || !action) throw unknownAction(action);
      const output = await handler(parseQueryParams(params), ctx);
      this.send(res, 200, headers, queryResponse(service, action, output, ctx));
    } catch (error) {
      const err = this.logged(error, ctx);
      this.send(res, err.status, headers, queryError(service, err, ctx.requestId));
    }
  }

  private async handleRest(
    entry: { service: RestService; router: RestRouter },
    method: string,
    url: URL,
    req: IncomingMessage,
    body: Buffer,
    ctx: CallContext,
    res: ServerResponse,
  ): Promise<void> {
    ctx.service = entry.service.signingName;
    try {
      const match = entry.router.match(method, url.pathname);
      if (!match)
        throw new AwsError(
          'UnknownOperationException',
          `local-cloud: ${entry.service.signingName} has no operation for ${method} ${url.pathname}`,
          404,
        );
      if ('methodMismatch' in match)
        throw new AwsError(
          'MethodNotAllowedException',
          `local-cloud: ${method} is not allowed on ${url.pathname}`,
          405,
        );
      ctx.operation = match.route.operation;
      const out = await match.route.handler(
        {
          method,
          path: url.pathname,
          params: match.params,
          query: url.searchParams,
          headers: req.headers,
          body,
        },
        ctx,
      );
      const headers: Record<string, string> = { 'x-amzn-RequestId': ctx.requestId, ...out.headers };
      let payload: string | Buffer | undefined;
      if (out.body === undefined) payload = undefined;
      else if (Buffer.isBuffer(out.body) || typeof out.body === 'string') payload = out.body;
      else {
        payload = JSON.stringify(out.body);
        headers['content-type'] ??= 'application/json';
      }
      this.send(res, out.status, headers, payload);
    } catch (error) {
      const err = this.logged(error, ctx);
      this.send(
        res,
        err.status,
        {
          'content-type': 'application/json',
          'x-amzn-RequestId': ctx.requestId,
          'x-amzn-ErrorType': err.code,
        },
        JSON.stringify({
          Type: err.fault === 'Sender' ? 'User' : 'Service',
          Message: err.message,
          message: err.message,
          ...err.extra,
        }),
      );
    }
  }

  private logged(error: unknown, ctx: CallContext): AwsError {
    const err = toAwsError(error);
    if (err.status >= 500 && err.code === 'InternalFailure') {
      process.stderr.write(
        `local-cloud: ${ctx.service}.${ctx.operation} failed: ${(error as Error)?.stack ?? error}\n`,
      );
    }
    return err;
  }

  /** The one way a response leaves: headers set once (with the length), then a single `end(body)` write. */
  private send(
    res: ServerResponse,
    status: number,
    headers: Record<string, string>,
    body?: string | Buffer,
  ): void {
    if (res.destroyed) return;
    headers['content-length'] =
      body === undefined ? '0' : String(typeof body === 'string' ? Buffer.byteLength(body) : body.length);
    res.writeHead(status, headers);
    res.end(body);
  }
}
