"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.LocalCloudServer = void 0;
const node_http_1 = require("node:http");
const routes_1 = require("./control/routes");
const errors_1 = require("./core/errors");
const ids_1 = require("./core/ids");
const aws_query_1 = require("./protocols/aws-query");
const rest_1 = require("./protocols/rest");
/** Largest request body accepted at all (a 50 MB function zip, base64-encoded, fits). */
const MAX_BODY_BYTES = 80 * 1024 * 1024;
const CREDENTIAL_SCOPE = /Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/;
function readSignature(req, url) {
    const header = req.headers.authorization ?? url.searchParams.get('X-Amz-Credential') ?? '';
    const match = CREDENTIAL_SCOPE.exec(header.includes('Credential=') ? header : `Credential=${header}`);
    if (!match)
        return { accessKeyId: undefined, region: undefined, service: undefined };
    return { accessKeyId: match[1], region: match[3], service: match[4] };
}
/** One HTTP server on loopback; picks the protocol and the service of each request. */
class LocalCloudServer {
    cloud;
    server;
    jsonByPrefix = new Map();
    queryBySigningName = new Map();
    restBySigningName = new Map();
    rawHandlers = [];
    constructor(cloud) {
        this.cloud = cloud;
    }
    addRawHandler(handler) {
        this.rawHandlers.push(handler);
    }
    index() {
        for (const service of this.cloud.services) {
            if (service.protocol === 'json')
                this.jsonByPrefix.set(service.targetPrefix, service);
            else if (service.protocol === 'query')
                this.queryBySigningName.set(service.signingName, service);
            else {
                const router = new rest_1.RestRouter();
                for (const route of service.routes)
                    router.add(route);
                this.restBySigningName.set(service.signingName, { service, router });
            }
        }
    }
    async listen() {
        this.index();
        const server = (0, node_http_1.createServer)((req, res) => {
            this.handle(req, res).catch((error) => {
                process.stderr.write(`local-cloud: unhandled error: ${error?.stack ?? error}\n`);
                if (!res.headersSent)
                    res.writeHead(500, { 'content-type': 'application/json' });
                res.end(JSON.stringify({ __type: 'InternalFailure', message: 'internal error' }));
            });
        });
        server.keepAliveTimeout = 65_000;
        server.headersTimeout = 66_000;
        server.requestTimeout = 0;
        this.server = server;
        await new Promise((resolve, reject) => {
            server.once('error', reject);
            server.listen(this.cloud.config.port, this.cloud.config.host, () => resolve());
        });
        const port = server.address().port;
        this.cloud.config.port = port;
        return port;
    }
    async close() {
        const server = this.server;
        if (!server)
            return;
        await new Promise((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
        });
    }
    async readBody(req) {
        const chunks = [];
        let size = 0;
        for await (const chunk of req) {
            size += chunk.length;
            if (size > MAX_BODY_BYTES)
                throw new errors_1.AwsError('RequestEntityTooLargeException', 'Request body too large', 413);
            chunks.push(chunk);
        }
        return Buffer.concat(chunks);
    }
    async handle(req, res) {
        const requestId = (0, ids_1.uuid)();
        const url = new URL(req.url ?? '/', 'http://localhost');
        const method = req.method ?? 'GET';
        let body;
        try {
            body = await this.readBody(req);
        }
        catch (error) {
            const err = (0, errors_1.toAwsError)(error);
            this.send(res, err.status, { 'content-type': 'application/json', 'x-amzn-RequestId': requestId }, JSON.stringify({ __type: err.code, message: err.message }));
            return;
        }
        if (url.pathname.startsWith('/_local-cloud/')) {
            const out = await (0, routes_1.handleControl)(this.cloud, method, url, body);
            this.send(res, out.status, { 'content-type': 'application/json', 'x-amzn-RequestId': requestId }, JSON.stringify(out.body));
            return;
        }
        for (const handler of this.rawHandlers) {
            const out = await handler({
                method,
                url,
                headers: req.headers,
                body,
                remoteAddress: req.socket.remoteAddress,
            });
            if (out) {
                this.send(res, out.status, { 'x-amzn-RequestId': requestId, ...out.headers }, out.body);
                return;
            }
        }
        const signature = readSignature(req, url);
        const ctx = {
            requestId,
            region: signature.region ?? this.cloud.config.region,
            accountId: this.cloud.config.accountId,
            accessKeyId: signature.accessKeyId,
            service: signature.service ?? '',
            operation: '',
        };
        const traceHeader = req.headers['x-amzn-trace-id'];
        if (typeof traceHeader === 'string')
            ctx.traceHeader = traceHeader;
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
        this.send(res, 404, { 'content-type': 'application/json', 'x-amzn-RequestId': requestId }, JSON.stringify({
            __type: 'UnknownOperationException',
            message: `local-cloud: no service handles ${method} ${url.pathname} (service scope: ${signature.service ?? 'none'})`,
        }));
    }
    /** Unsigned REST calls (rare) are routed by path prefix. */
    restForPath(path) {
        for (const entry of this.restBySigningName.values()) {
            const match = entry.router.match('GET', path) ?? entry.router.match('POST', path);
            if (match)
                return entry;
        }
        return undefined;
    }
    async handleJson(target, body, ctx, res) {
        const dot = target.lastIndexOf('.');
        const prefix = target.slice(0, dot);
        const operation = target.slice(dot + 1);
        const service = this.jsonByPrefix.get(prefix);
        const contentType = `application/x-amz-json-${service?.jsonVersion ?? '1.1'}`;
        ctx.operation = operation;
        try {
            if (!service)
                throw new errors_1.AwsError('UnknownOperationException', `Unknown target prefix ${prefix}`, 400);
            ctx.service = service.signingName;
            const handler = service.operations[operation];
            if (!handler) {
                throw new errors_1.AwsError('UnknownOperationException', `local-cloud: ${service.signingName} operation ${operation} is not supported`, 400, {
                    queryCode: 'AWS.SimpleQueueService.UnsupportedOperation',
                });
            }
            let input;
            try {
                input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
            }
            catch {
                throw new errors_1.AwsError('SerializationException', 'Request body is not valid JSON', 400, {
                    queryCode: 'InvalidParameterValue',
                });
            }
            if (typeof input !== 'object' || input === null || Array.isArray(input)) {
                throw new errors_1.AwsError('SerializationException', 'Request body must be a JSON object', 400);
            }
            const output = await handler(input, ctx);
            this.send(res, 200, { 'content-type': contentType, 'x-amzn-RequestId': ctx.requestId }, JSON.stringify(output ?? {}));
        }
        catch (error) {
            const err = this.logged(error, ctx);
            const headers = {
                'content-type': contentType,
                'x-amzn-RequestId': ctx.requestId,
            };
            if (service?.queryCompatible)
                headers['x-amzn-query-error'] = `${err.queryCode ?? err.code};${err.fault}`;
            const prefixType = service?.errorTypePrefix ?? '';
            this.send(res, err.status, headers, JSON.stringify({ __type: `${prefixType}${err.code}`, message: err.message }));
        }
    }
    async handleQuery(params, scope, ctx, res) {
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
                throw new errors_1.AwsError('UnsupportedProtocol', 'local-cloud: the legacy SQS query protocol is not supported; every current AWS SDK, the AWS CLI and Terraform use the JSON protocol', 400);
            }
            if (!service)
                throw (0, aws_query_1.unknownAction)(action);
            ctx.service = service.signingName;
            const handler = action ? service.operations[action] : undefined;
            if (!handler || !action)
                throw (0, aws_query_1.unknownAction)(action);
            const output = await handler((0, aws_query_1.parseQueryParams)(params), ctx);
            this.send(res, 200, headers, (0, aws_query_1.queryResponse)(service, action, output, ctx));
        }
        catch (error) {
            const err = this.logged(error, ctx);
            this.send(res, err.status, headers, (0, aws_query_1.queryError)(service, err, ctx.requestId));
        }
    }
    async handleRest(entry, method, url, req, body, ctx, res) {
        ctx.service = entry.service.signingName;
        try {
            const match = entry.router.match(method, url.pathname);
            if (!match)
                throw new errors_1.AwsError('UnknownOperationException', `local-cloud: ${entry.service.signingName} has no operation for ${method} ${url.pathname}`, 404);
            if ('methodMismatch' in match)
                throw new errors_1.AwsError('MethodNotAllowedException', `local-cloud: ${method} is not allowed on ${url.pathname}`, 405);
            ctx.operation = match.route.operation;
            const out = await match.route.handler({
                method,
                path: url.pathname,
                params: match.params,
                query: url.searchParams,
                headers: req.headers,
                body,
            }, ctx);
            const headers = { 'x-amzn-RequestId': ctx.requestId, ...out.headers };
            let payload;
            if (out.body === undefined)
                payload = undefined;
            else if (Buffer.isBuffer(out.body) || typeof out.body === 'string')
                payload = out.body;
            else {
                payload = JSON.stringify(out.body);
                headers['content-type'] ??= 'application/json';
            }
            this.send(res, out.status, headers, payload);
        }
        catch (error) {
            const err = this.logged(error, ctx);
            this.send(res, err.status, {
                'content-type': 'application/json',
                'x-amzn-RequestId': ctx.requestId,
                'x-amzn-ErrorType': err.code,
            }, JSON.stringify({
                Type: err.fault === 'Sender' ? 'User' : 'Service',
                Message: err.message,
                message: err.message,
                ...err.extra,
            }));
        }
    }
    logged(error, ctx) {
        const err = (0, errors_1.toAwsError)(error);
        if (err.status >= 500 && err.code === 'InternalFailure') {
            process.stderr.write(`local-cloud: ${ctx.service}.${ctx.operation} failed: ${error?.stack ?? error}\n`);
        }
        return err;
    }
    send(res, status, headers, body) {
        if (body !== undefined)
            headers['content-length'] = String(Buffer.byteLength(body));
        else
            headers['content-length'] = '0';
        res.writeHead(status, headers);
        res.end(body);
    }
}
exports.LocalCloudServer = LocalCloudServer;
