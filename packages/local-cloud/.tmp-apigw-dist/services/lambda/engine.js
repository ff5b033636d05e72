"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Engine = exports.logGroupOf = exports.MIN_UNRESERVED = exports.codeBlobKey = void 0;
exports.accountConcurrencyLimit = accountConcurrencyLimit;
exports.policyDocument = policyDocument;
const errors_1 = require("../../core/errors");
const faults_1 = require("./faults");
const model_1 = require("./model");
const refs_1 = require("./refs");
const runtime_1 = require("./runtime/runtime");
/** Blob key of a function's zip in the store. */
const codeBlobKey = (codeKey) => `lambda-code-${codeKey}.zip`;
exports.codeBlobKey = codeBlobKey;
/** Account concurrency limit (GetAccountSettings ConcurrentExecutions); reserved concurrency is carved out of it. */
function accountConcurrencyLimit(env = process.env) {
    const n = Number(env.LOCAL_CLOUD_LAMBDA_CONCURRENCY_LIMIT);
    return Number.isInteger(n) && n > 0 ? n : 1000;
}
/** AWS keeps at least 100 unreserved (PutFunctionConcurrency refuses to go below). */
exports.MIN_UNRESERVED = 100;
const logGroupOf = (fn, config) => config.logGroup ?? `/aws/lambda/${fn.name}`;
exports.logGroupOf = logGroupOf;
/**
 * The control plane's engine (`LambdaEngine`, types.ts): resolves names to function versions and invokes them
 * in execution environments, enforcing reserved and account concurrency (429) and injected faults.
 */
class Engine {
    cloud;
    model;
    faults = new faults_1.FaultRegistry();
    runtime;
    accountLimit = accountConcurrencyLimit();
    inflight = new Map();
    unreservedInflight = 0;
    deletedListeners = [];
    constructor(cloud, model) {
        this.cloud = cloud;
        this.model = model;
        this.runtime = new runtime_1.LambdaRuntime(cloud, (codeKey) => cloud.store.getBlob((0, exports.codeBlobKey)(codeKey)));
        model.onChange((event) => {
            if (event.kind === 'deleted') {
                this.runtime.retire(event.name);
                this.faults.clear(event.name);
                for (const listener of this.deletedListeners)
                    listener(event.name);
            }
            else {
                // A code or configuration change retires the version's warm environments.
                this.runtime.retire(event.name, (version) => version === event.version);
            }
        });
    }
    resolve(functionNameOrArn, qualifier) {
        const ref = (0, refs_1.parseFunctionRef)(functionNameOrArn);
        if (!ref || (ref.accountId !== undefined && ref.accountId !== this.cloud.config.accountId))
            return undefined;
        if (qualifier && ref.qualifier && qualifier !== ref.qualifier)
            return undefined;
        const fn = this.model.get(ref.name);
        if (!fn)
            return undefined;
        const config = this.pickVersion(fn, qualifier || ref.qualifier);
        return config ? this.toFunctionVersion(fn, config) : undefined;
    }
    /** The version an invocation runs: a version, `$LATEST`, or an alias (weighted routing applied). */
    pickVersion(fn, qualifier) {
        const alias = qualifier ? fn.aliases[qualifier] : undefined;
        if (alias?.additionalVersionWeights) {
            let roll = Math.random();
            for (const [version, weight] of Object.entries(alias.additionalVersionWeights)) {
                if (roll < weight)
                    return fn.versions[version] ?? this.model.versionConfig(fn, qualifier);
                roll -= weight;
            }
        }
        return this.model.versionConfig(fn, qualifier);
    }
    toFunctionVersion(fn, config) {
        return {
            functionName: fn.name,
            functionArn: fn.arn,
            version: config.version,
            runtime: config.runtime,
            handler: config.handler,
            role: config.role,
            memorySize: config.memorySize,
            timeout: config.timeout,
            environment: config.environment ?? {},
            deadLetterTargetArn: config.deadLetterTargetArn,
            reservedConcurrency: fn.reservedConcurrency,
            codeSha256: config.codeSha256,
            logGroupName: (0, exports.logGroupOf)(fn, config),
            recursiveLoop: fn.recursiveLoop,
        };
    }
    recursiveLoop(functionName) {
        return this.model.get(functionName)?.recursiveLoop;
    }
    resourcePolicy(functionName) {
        const fn = this.model.get(functionName);
        const statements = fn?.policies[''];
        return statements && statements.length > 0 ? policyDocument(statements) : undefined;
    }
    onDeleted(listener) {
        this.deletedListeners.push(listener);
    }
    async invoke(version, payload, options) {
        const fn = this.model.get(version.functionName);
        const config = fn ? this.model.versionConfig(fn, version.version) : undefined;
        if (!fn || !config) {
            const arn = version.version === model_1.LATEST ? version.functionArn : `${version.functionArn}:${version.version}`;
            throw new errors_1.AwsError('ResourceNotFoundException', `Function not found: ${arn}`, 404);
        }
        // Accepted at CreateFunction (Terraform must deploy it) but only Node.js runs locally.
        if (!runtime_1.LOCAL_NODE_RUNTIMES.has(config.runtime)) {
            throw new errors_1.AwsError('InvalidRuntimeException', `local-cloud cannot run runtime ${config.runtime} locally: only ${[...runtime_1.LOCAL_NODE_RUNTIMES].join(', ')} run (on the local Node.js ${process.version})`, 502);
        }
        const fault = this.faults.take(fn.name);
        if (fault)
            this.cloud.trace.record(options.requestId, 'fault-injected', { function: fn.name, kind: fault });
        if (fault === 'throttle') {
            throw new errors_1.AwsError('TooManyRequestsException', 'Rate Exceeded.', 429, {
                extra: { Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' },
            });
        }
        if (fault === 'system') {
            throw new errors_1.AwsError('ServiceException', 'local-cloud: injected system error (ServiceException)', 500);
        }
        const reserved = fn.reservedConcurrency;
        const running = this.inflight.get(fn.name) ?? 0;
        // reference/aws-async-semantics.md §1 "Throttling".
        if (reserved !== undefined && running >= reserved) {
            throw new errors_1.AwsError('TooManyRequestsException', 'Rate Exceeded.', 429, {
                extra: { Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' },
            });
        }
        if (reserved === undefined && this.unreservedInflight >= this.accountLimit - this.model.totalReservedConcurrency()) {
            throw new errors_1.AwsError('TooManyRequestsException', 'Rate Exceeded.', 429, {
                extra: { Reason: 'ConcurrentInvocationLimitExceeded' },
            });
        }
        this.inflight.set(fn.name, running + 1);
        if (reserved === undefined)
            this.unreservedInflight++;
        const invokedArn = options.qualifier
            ? `${fn.arn}:${options.qualifier}`
            : config.version === model_1.LATEST
                ? fn.arn
                : `${fn.arn}:${config.version}`;
        const spec = {
            functionName: fn.name,
            functionArn: fn.arn,
            version: config.version,
            runtime: config.runtime,
            handler: config.handler,
            memorySize: config.memorySize,
            timeout: config.timeout,
            environment: config.environment ?? {},
            role: config.role,
            logGroupName: (0, exports.logGroupOf)(fn, config),
            logFormat: config.logFormat,
            applicationLogLevel: config.applicationLogLevel,
            codeKey: config.codeKey,
            revision: config.revisionId,
        };
        const run = this.runtime.invoke(spec, payload, {
            requestId: options.requestId,
            invokedArn,
            ...(options.invocationType === 'RequestResponse' && options.clientContext !== undefined
                ? { clientContext: options.clientContext }
                : {}),
            ...(options.logTail && options.invocationType === 'RequestResponse' ? { logTail: true } : {}),
            ...(options.hops !== undefined ? { hops: options.hops } : {}),
            ...(fault === 'timeout' || fault === 'init-crash' ? { fault } : {}),
        });
        try {
            return await this.cloud.clock.track(run);
        }
        finally {
            const now = (this.inflight.get(fn.name) ?? 1) - 1;
            if (now <= 0)
                this.inflight.delete(fn.name);
            else
                this.inflight.set(fn.name, now);
            if (reserved === undefined)
                this.unreservedInflight--;
        }
    }
    /** In-flight invocations per function (for stats and tests). */
    concurrency() {
        return Object.fromEntries(this.inflight);
    }
    /** The synchronous invoke port for in-process callers (API Gateway's Lambda integrations). */
    invokePort() {
        return {
            invoke: async (functionArn, payload, options) => {
                const ref = (0, refs_1.functionRef)(functionArn);
                const fn = this.resolve(functionArn);
                if (!fn)
                    throw new errors_1.AwsError('ResourceNotFoundException', `Function not found: ${functionArn}`, 404);
                if (options.traceId)
                    this.cloud.trace.record(options.requestId, 'caused-by', { traceId: options.traceId });
                const outcome = await this.invoke(fn, payload, {
                    requestId: options.requestId,
                    invocationType: 'RequestResponse',
                    ...(ref.qualifier ? { qualifier: ref.qualifier } : {}),
                });
                return {
                    payload: outcome.payload,
                    executedVersion: outcome.executedVersion,
                    ...(outcome.functionError ? { functionError: outcome.functionError } : {}),
                    ...(outcome.errorType !== undefined ? { errorType: outcome.errorType } : {}),
                    ...(outcome.errorMessage !== undefined ? { errorMessage: outcome.errorMessage } : {}),
                };
            },
        };
    }
    stop() {
        this.runtime.stop();
    }
}
exports.Engine = Engine;
function policyDocument(statements) {
    return JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements });
}
