import { formatArn } from '../../../core/arn';
import type { Cloud } from '../../../core/cloud';
import type { Principal } from '../../../core/delivery';
import { AwsError } from '../../../core/errors';
import { uuid } from '../../../core/ids';
import type { RestRoute } from '../../../core/service';
import type { AsyncInvoker, FunctionVersion, LambdaEngine } from '../types';
import { EventInvokeConfigs, eventInvokeConfigRoutes } from './config';
import { EventSourceMappings, eventSourceMappingRoutes } from './esm';
import { FailureLog } from './failures';
import { AsyncQueue, type EnqueueOptions } from './queue';

/**
 * Lambda's asynchronous half: event invoke configs, the durable event queue with AWS's retry and event-age
 * rules, destinations and the DLQ, the `lambda` delivery target (SNS, EventBridge and Lambda destinations
 * invoke functions asynchronously through it), SQS event source mappings and the recursive-loop guard.
 * reference/aws-async-semantics.md (all of it) and reference/aws-wire-and-event-shapes.md §4.
 *
 * Call once at install time (it registers store namespaces, which must happen before the store loads).
 */
export function createAsyncInvoker(cloud: Cloud, engine: LambdaEngine): AsyncInvoker {
  return new AsyncEngine(cloud, engine);
}

/** Per-function bound on concurrent asynchronous invocations (reserved concurrency lowers it). */
function defaultConcurrency(): number {
  const value = Number(process.env.LOCAL_CLOUD_LAMBDA_ASYNC_CONCURRENCY);
  return Number.isInteger(value) && value > 0 ? value : 10;
}

export class AsyncEngine implements AsyncInvoker {
  readonly configs: EventInvokeConfigs;
  readonly queue: AsyncQueue;
  readonly mappings: EventSourceMappings;
  readonly failures = new FailureLog();
  private readonly apiRoutes: RestRoute[];

  constructor(
    private readonly cloud: Cloud,
    private readonly engine: LambdaEngine,
    options: { concurrencyPerFunction?: number } = {},
  ) {
    this.configs = new EventInvokeConfigs(cloud);
    this.queue = new AsyncQueue(cloud, engine, this.configs, this.failures, {
      concurrencyPerFunction: options.concurrencyPerFunction ?? defaultConcurrency(),
    });
    this.mappings = new EventSourceMappings(cloud, engine);
    this.apiRoutes = [
      ...eventInvokeConfigRoutes(cloud, engine, this.configs),
      ...eventSourceMappingRoutes(cloud, engine, this.mappings),
    ];
    this.registerLambdaTarget();
    engine.onDeleted((functionName) => {
      this.queue.dropFunction(functionName);
      this.configs.deleteFunction(functionName);
    });
    cloud.addLifecycle({
      // Resumed events and pollers invoke functions, whose environments get the server's endpoint: wait until
      // the server listens (port 0 is only known then).
      start: () =>
        whenListening(cloud, () => {
          this.queue.start();
          this.mappings.start();
        }),
      stop: () => {
        this.mappings.stop();
        this.queue.stop();
      },
    });
    this.registerControlRoutes();
  }

  enqueue(fn: FunctionVersion, payload: Buffer, options: EnqueueOptions): void {
    this.queue.enqueue(fn, payload, options);
  }

  routes(): RestRoute[] {
    return this.apiRoutes;
  }

  /**
   * `lambda` as a delivery target: a role (a Lambda destination) needs `lambda:InvokeFunction` in its identity
   * policy, a service principal (SNS, EventBridge) needs the function's resource policy. Delivering invokes
   * the function asynchronously: the payload joins its event queue, with its own retries and destinations.
   */
  private registerLambdaTarget(): void {
    const functionOf = (resource: string): { name: string; qualifier: string | undefined } | undefined => {
      const parts = resource.split(':');
      if (parts[0] !== 'function' || !parts[1]) return undefined;
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
          throw new AwsError('ResourceNotFoundException', `Function not found: ${formatArn(arn)}`, 404);
        }
        const requestId = uuid();
        const options: EnqueueOptions = {
          requestId,
          hops: payload.hops ?? 0,
          source: sourceOf(principal),
        };
        if (ref.qualifier) options.qualifier = ref.qualifier;
        this.queue.enqueue(fn, Buffer.from(payload.body, 'utf8'), options);
        if (payload.traceId) this.cloud.trace.record(requestId, 'caused-by', { traceId: payload.traceId });
        return { id: requestId };
      },
    });
  }

  private registerControlRoutes(): void {
    // Failed deliveries are never silent: GET lists them, DELETE clears them. Another service may serve the
    // same route; both answers are merged.
    const previous = this.cloud.controlRoutes.get('delivery-failures');
    this.cloud.controlRoutes.set('delivery-failures', async (body, query, method) => {
      const theirs = previous
        ? ((await previous(body, query, method)) as { failures?: unknown[] } | undefined)
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

/** Runs `fn` once the server has its port (at once when a fixed port is configured). */
function whenListening(cloud: Cloud, fn: () => void): void {
  if (cloud.config.port !== 0) {
    fn();
    return;
  }
  let waiting = true;
  const release = cloud.clock.addBusyProbe(() => waiting);
  const deadline = Date.now() + 5000;
  const check = (): void => {
    if (cloud.config.port !== 0 || Date.now() > deadline) {
      waiting = false;
      release();
      fn();
    } else {
      setTimeout(check, 1);
    }
  };
  setTimeout(check, 0);
}

function sourceOf(principal: Principal): string {
  return principal.type === 'service' ? principal.sourceArn || principal.service : principal.arn;
}
