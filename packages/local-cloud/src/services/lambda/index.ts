import type { Cloud } from '../../core/cloud';
import type { RestService } from '../../core/service';
import type { LocalCloudServer } from '../../server';
import { lambdaApiRoutes } from './api';
import { createAsyncInvoker } from './async/index';
import { Engine } from './engine';
import { LambdaModel } from './model';
import { parseFunctionRef } from './refs';
import { installFunctionUrls, urlConfigRoutes } from './urls';

/**
 * Lambda: the control plane (api.ts, model.ts), execution environments (runtime/), function URLs (urls.ts),
 * fault injection (faults.ts) and the asynchronous half (async/, `createAsyncInvoker`). One RestService
 * `lambda` carries both halves' routes.
 */
export function installLambda(
  cloud: Cloud,
  server: LocalCloudServer,
): { model: LambdaModel; engine: Engine } {
  const model = new LambdaModel(cloud);
  const engine = new Engine(cloud, model);
  const asyncInvoker = createAsyncInvoker(cloud, engine);
  const service: RestService = {
    protocol: 'rest-json',
    signingName: 'lambda',
    routes: [
      ...lambdaApiRoutes({ cloud, model, engine, asyncInvoker }),
      ...urlConfigRoutes(cloud, model),
      ...asyncInvoker.routes(),
    ],
  };
  cloud.addService(service);
  installFunctionUrls(cloud, server, model, engine);
  engine.faults.install(cloud, (nameOrArn) => {
    const ref = parseFunctionRef(nameOrArn);
    return ref && model.get(ref.name) ? ref.name : undefined;
  });
  cloud.ports.provide('lambdaInvoke', engine.invokePort());
  // Execution environments, warm pools and in-flight invocations (diagnostics).
  cloud.controlRoutes.set('lambda-runtime', () => ({
    environments: engine.runtime.stats(),
    inFlight: engine.concurrency(),
    options: engine.runtime.options,
    node: process.version,
  }));
  cloud.addLifecycle({ stop: () => engine.stop() });
  return { model, engine };
}
