"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.AsyncEngine = void 0;
exports.createAsyncInvoker = createAsyncInvoker;
const arn_1 = require("../../../core/arn");
const errors_1 = require("../../../core/errors");
const ids_1 = require("../../../core/ids");
const config_1 = require("./config");
const esm_1 = require("./esm");
const failures_1 = require("./failures");
const queue_1 = require("./queue");
/**
 * Lambda's asynchronous half: event invoke configs, the durable event queue with AWS's retry and event-age
 * rules, destinations and the DLQ, the `lambda` delivery target (SNS, EventBridge and Lambda destinations
 * invoke functions asynchronously through it), SQS event source mappings and the recursive-loop guard.
 * reference/aws-async-semantics.md (all of it) and reference/aws-wire-and-event-shapes.md §4.
 *
 * Call once at install time (it registers store namespaces, which must happen before the store loads).
 */
function createAsyncInvoker(cloud, engine) {
    return new AsyncEngine(cloud, engine);
}
/** Per-function bound on concurrent asynchronous invocations (reserved concurrency lowers it). */
function defaultConcurrency() {
    const value = Number(process.env.LOCAL_CLOUD_LAMBDA_ASYNC_CONCURRENCY);
    return Number.isInteger(value) && value > 0 ? value : 10;
}
class AsyncEngine {
    cloud;
    engine;
    configs;
    queue;
    mappings;
    failures = new failures_1.FailureLog();
    apiRoutes;
    constructor(cloud, engine, options = {}) {
        this.cloud = cloud;
        this.engine = engine;
        this.configs = new config_1.EventInvokeConfigs(cloud);
        this.queue = new queue_1.AsyncQueue(cloud, engine, this.configs, this.failures, {
            concurrencyPerFunction: options.concurrencyPerFunction ?? defaultConcurrency(),
        });
        this.mappings = new esm_1.EventSourceMappings(cloud, engine);
        this.apiRoutes = [
            ...(0, config_1.eventInvokeConfigRoutes)(cloud, engine, this.configs),
            ...(0, esm_1.eventSourceMappingRoutes)(cloud, engine, this.mappings),
        ];
        this.registerLambdaTarget();
        engine.onDeleted((functionName) => {
            this.queue.dropFunction(functionName);
            this.configs.deleteFunction(functionName);
        });
        cloud.addLifecycle({
            start: () => {
                this.queue.start();
                this.mappings.start();
            },
            stop: () => {
                this.mappings.stop();
                this.queue.stop();
            },
        });
        this.registerControlRoutes();
    }
    enqueue(fn, payload, options) {
        this.queue.enqueue(fn, payload, options);
    }
    routes() {
        return this.apiRoutes;
    }
    /**
     * `lambda` as a delivery target: a role (a Lambda destination) needs `lambda:InvokeFunction` in its identity
     * policy, a service principal (SNS, EventBridge) needs the function's resource policy. Delivering invokes
     * the function asynchronously: the payload joins its event queue, with its own retries and destinations.
     */
    registerLambdaTarget() {
        const functionOf = (resource) => {
            const parts = resource.split(':');
            if (parts[0] !== 'function' || !parts[1])
                return undefined;
            return { name: parts[1], qualifier: parts[2] };
        };
        this.cloud.delivery.registerTarget('lambda', {
            action: 'lambda:InvokeFunction',
            resourcePolicy: (arn) => {
                const ref = functionOf(arn.resource);
                return ref ? this.engine.resourcePolicy(ref.name) : undefined;
            },
            deliver: (arn, payload, principal) => {
                const ref = functionOf(arn.resource);
                const fn = ref ? this.engine.resolve(ref.name, ref.qualifier) : undefined;
                if (!ref || !fn) {
                    throw new errors_1.AwsError('ResourceNotFoundException', `Function not found: ${(0, arn_1.formatArn)(arn)}`, 404);
                }
                const requestId = (0, ids_1.uuid)();
                const options = {
                    requestId,
                    hops: payload.hops ?? 0,
                    source: sourceOf(principal),
                };
                if (ref.qualifier)
                    options.qualifier = ref.qualifier;
                this.queue.enqueue(fn, Buffer.from(payload.body, 'utf8'), options);
                if (payload.traceId)
                    this.cloud.trace.record(requestId, 'caused-by', { traceId: payload.traceId });
                return { id: requestId };
            },
        });
    }
    registerControlRoutes() {
        // Failed deliveries are never silent: GET lists them, DELETE clears them. Another service may serve the
        // same route; both answers are merged.
        const previous = this.cloud.controlRoutes.get('delivery-failures');
        this.cloud.controlRoutes.set('delivery-failures', async (body, query, method) => {
            const theirs = previous
                ? (await previous(body, query, method))
                : undefined;
            if (method === 'DELETE') {
                this.failures.clear();
                return { cleared: true };
            }
            return {
                failures: [
                    ...(theirs?.failures ?? []),
                    ...this.failures.list().map((f) => ({ service: 'lambda', ...f })),
                ],
            };
        });
        this.cloud.controlRoutes.set('lambda-async', () => ({
            queue: this.queue.stats(),
            pending: this.queue.pendingEvents().map((event) => ({
                requestId: event.id,
                function: `${event.arn}:${event.q ?? event.ver}`,
                enqueuedAt: new Date(event.at).toISOString(),
                attempts: event.n,
                throttles: event.th,
                nextAttemptAt: event.due ? new Date(event.due).toISOString() : null,
            })),
            eventSourceMappings: this.mappings.all().map((m) => ({
                uuid: m.uuid,
                function: m.functionName,
                queue: m.eventSourceArn,
                enabled: m.enabled,
            })),
            failures: this.failures.list().length,
        }));
    }
}
exports.AsyncEngine = AsyncEngine;
function sourceOf(principal) {
    return principal.type === 'service' ? principal.sourceArn || principal.service : principal.arn;
}
