"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.installLambda = installLambda;
const api_1 = require("./api");
const index_1 = require("./async/index");
const engine_1 = require("./engine");
const model_1 = require("./model");
const refs_1 = require("./refs");
const urls_1 = require("./urls");
/**
 * Lambda: the control plane (api.ts, model.ts), execution environments (runtime/), function URLs (urls.ts),
 * fault injection (faults.ts) and the asynchronous half (async/, `createAsyncInvoker`). One RestService
 * `lambda` carries both halves' routes.
 */
function installLambda(cloud, server) {
    const model = new model_1.LambdaModel(cloud);
    const engine = new engine_1.Engine(cloud, model);
    const asyncInvoker = (0, index_1.createAsyncInvoker)(cloud, engine);
    const service = {
        protocol: 'rest-json',
        signingName: 'lambda',
        routes: [
            ...(0, api_1.lambdaApiRoutes)({ cloud, model, engine, asyncInvoker }),
            ...(0, urls_1.urlConfigRoutes)(cloud, model),
            ...asyncInvoker.routes(),
        ],
    };
    cloud.addService(service);
    (0, urls_1.installFunctionUrls)(cloud, server, model, engine);
    engine.faults.install(cloud, (nameOrArn) => {
        const ref = (0, refs_1.parseFunctionRef)(nameOrArn);
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
