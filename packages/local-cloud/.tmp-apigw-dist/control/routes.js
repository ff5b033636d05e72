"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.handleControl = handleControl;
const errors_1 = require("../core/errors");
const startedAt = Date.now();
/**
 * `/_local-cloud/*`: health, settle, traces, and routes services contribute (faults, ...).
 * Documented in the package README.
 */
async function handleControl(cloud, method, url, rawBody) {
    const path = url.pathname.slice('/_local-cloud/'.length).replace(/\/$/, '');
    try {
        if (path === 'health') {
            return {
                status: 200,
                body: {
                    status: 'ok',
                    endpoint: cloud.endpoint,
                    uptimeMs: Date.now() - startedAt,
                    timeScale: cloud.clock.scale,
                    durable: cloud.store.durable,
                    dataDir: cloud.config.dataDir ?? null,
                    accountId: cloud.config.accountId,
                    region: cloud.config.region,
                    services: [...new Set(cloud.services.map((s) => s.signingName))].sort(),
                    pid: process.pid,
                    memory: { rssBytes: process.memoryUsage().rss },
                },
            };
        }
        if (path === 'settle') {
            const timeoutMs = Number(url.searchParams.get('timeoutMs') ?? 30_000);
            const settled = await cloud.clock.settle(timeoutMs);
            return { status: settled ? 200 : 408, body: { settled, ...cloud.clock.stats() } };
        }
        if (path === 'traces')
            return {
                status: 200,
                body: { traces: cloud.trace.list(Number(url.searchParams.get('limit') ?? 100)) },
            };
        if (path.startsWith('trace/')) {
            const requestId = decodeURIComponent(path.slice('trace/'.length));
            const entries = cloud.trace.get(requestId);
            return entries
                ? { status: 200, body: { requestId, entries } }
                : { status: 404, body: { message: `no trace for request id ${requestId}` } };
        }
        const [name, ...rest] = path.split('/');
        const route = name ? cloud.controlRoutes.get(name) : undefined;
        if (route) {
            let body;
            if (rawBody.length > 0) {
                try {
                    body = JSON.parse(rawBody.toString('utf8'));
                }
                catch {
                    return { status: 400, body: { message: 'control request body must be JSON' } };
                }
            }
            const query = new URLSearchParams(url.searchParams);
            if (rest.length > 0)
                query.set('_path', rest.join('/'));
            return { status: 200, body: (await route(body, query, method)) ?? {} };
        }
        return { status: 404, body: { message: `unknown control route /_local-cloud/${path}` } };
    }
    catch (error) {
        const err = (0, errors_1.toAwsError)(error);
        return { status: err.status, body: { code: err.code, message: err.message } };
    }
}
