"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.LambdaRuntime = exports.RESERVED_ENVIRONMENT_KEYS = exports.MAX_RESPONSE_BYTES = exports.LOCAL_NODE_RUNTIMES = void 0;
exports.runtimeOptionsFromEnv = runtimeOptionsFromEnv;
exports.functionCredentials = functionCredentials;
const node_crypto_1 = require("node:crypto");
const node_path_1 = require("node:path");
const node_perf_hooks_1 = require("node:perf_hooks");
const ids_1 = require("../../../core/ids");
const bootstrap_path_1 = require("./bootstrap-path");
const code_1 = require("./code");
const environment_1 = require("./environment");
const logs_1 = require("./logs");
const pool_1 = require("./pool");
/** Runtimes the local Node.js runs (every one on the local Node version, `process.version`). */
exports.LOCAL_NODE_RUNTIMES = new Set(['nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'nodejs24.x']);
/** Synchronous response limit: 6 MB (reference/aws-async-semantics.md §1 "Payload limits"). */
exports.MAX_RESPONSE_BYTES = 6 * 1024 * 1024;
function runtimeOptionsFromEnv(env = process.env) {
    const positive = (value, fallback) => {
        const n = Number(value);
        return Number.isFinite(n) && n > 0 ? n : fallback;
    };
    return {
        maxEnvironmentsPerFunction: positive(env.LOCAL_CLOUD_MAX_ENVIRONMENTS_PER_FUNCTION, 8),
        maxEnvironments: positive(env.LOCAL_CLOUD_MAX_ENVIRONMENTS, 64),
        idleSeconds: positive(env.LOCAL_CLOUD_LAMBDA_IDLE_SECONDS, 300),
        spares: env.LOCAL_CLOUD_LAMBDA_SPARES === undefined ? 1 : Math.max(0, Math.floor(Number(env.LOCAL_CLOUD_LAMBDA_SPARES) || 0)),
    };
}
/** The directory holding `@aws-sdk/*` for handlers (Lambda's Node.js runtimes ship SDK v3), if any. */
function sdkNodePath() {
    if (process.env.LOCAL_CLOUD_LAMBDA_NODE_PATH)
        return process.env.LOCAL_CLOUD_LAMBDA_NODE_PATH;
    for (const probe of ['@aws-sdk/client-lambda/package.json', '@aws-sdk/client-sts/package.json']) {
        try {
            // <dir>/node_modules/@aws-sdk/client-x/package.json → <dir>/node_modules
            return (0, node_path_1.dirname)((0, node_path_1.dirname)((0, node_path_1.dirname)(require.resolve(probe))));
        }
        catch {
            // not installed
        }
    }
    return undefined;
}
/** Names of the AWS runtime variables users may not set (reference/aws-wire-and-event-shapes.md §8). */
exports.RESERVED_ENVIRONMENT_KEYS = new Set([
    '_HANDLER',
    '_X_AMZN_TRACE_ID',
    'AWS_DEFAULT_REGION',
    'AWS_REGION',
    'AWS_EXECUTION_ENV',
    'AWS_LAMBDA_FUNCTION_NAME',
    'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
    'AWS_LAMBDA_FUNCTION_VERSION',
    'AWS_LAMBDA_INITIALIZATION_TYPE',
    'AWS_LAMBDA_LOG_GROUP_NAME',
    'AWS_LAMBDA_LOG_STREAM_NAME',
    'AWS_ACCESS_KEY',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_LAMBDA_RUNTIME_API',
    'LAMBDA_TASK_ROOT',
    'LAMBDA_RUNTIME_DIR',
]);
/** Local credentials a function's code gets: the session token names the execution role. */
function functionCredentials(role, functionName) {
    const digest = (0, node_crypto_1.createHash)('sha256').update(role).digest('hex').toUpperCase();
    return {
        AWS_ACCESS_KEY_ID: `ASIA${digest.slice(0, 16)}`,
        AWS_SECRET_ACCESS_KEY: 'local-cloud-lambda-secret',
        AWS_SESSION_TOKEN: `local-cloud:${Buffer.from(JSON.stringify({ role, functionName })).toString('base64url')}`,
    };
}
function streamName(version, id) {
    const now = new Date();
    const date = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${String(now.getUTCDate()).padStart(2, '0')}`;
    return `${date}/[${version}]${id}`;
}
function runtimeVersionArn(region, runtime) {
    return `arn:aws:lambda:${region}::runtime:${(0, node_crypto_1.createHash)('sha256').update(`${runtime}:${process.version}`).digest('hex')}`;
}
function traceHeader(functionArn, hops) {
    const epoch = Math.floor(Date.now() / 1000).toString(16);
    const lineage = (0, node_crypto_1.createHash)('sha256').update(functionArn).digest('hex').slice(0, 8);
    return `Root=1-${epoch}-${(0, ids_1.hex)(12)};Parent=${(0, ids_1.hex)(8)};Sampled=0;Lineage=${lineage}:${hops}`;
}
/**
 * Runs function code: one pool of execution environments per function, cold starts, warm reuse,
 * timeouts, crashes and memory caps, and the platform log lines sent to CloudWatch Logs.
 */
class LambdaRuntime {
    cloud;
    loadCode;
    options;
    pool;
    code;
    specs = new Map();
    reapers = new Map();
    nodePath = sdkNodePath();
    spares = [];
    spareTimer;
    stopped = false;
    constructor(cloud, loadCode, options = runtimeOptionsFromEnv()) {
        this.cloud = cloud;
        this.loadCode = loadCode;
        this.options = options;
        this.code = new code_1.CodeCache(cloud.store.scratchDir('code'));
        this.pool = new pool_1.EnvironmentPool({
            maxPerFunction: options.maxEnvironmentsPerFunction,
            maxTotal: options.maxEnvironments,
            spawn: (spec) => this.spawn(spec),
            onIdle: (env) => this.scheduleReap(env),
        });
    }
    async invoke(spec, payload, options) {
        if (this.stopped)
            throw new Error('local-cloud: the Lambda runtime is stopped');
        const lines = new logs_1.PlatformLines(spec.logFormat === 'JSON');
        const log = new logs_1.InvocationLog();
        const requestId = options.requestId;
        const memory = spec.memorySize;
        if (options.fault)
            return this.injected(spec, options, lines, log);
        const environmentSpec = this.environmentSpec(spec);
        const lease = await this.pool.acquire(environmentSpec);
        const env = lease.env;
        this.reapers.get(env)?.cancel();
        this.reapers.delete(env);
        const cold = env.coldPending;
        env.coldPending = false;
        const init = await env.ready;
        if (cold)
            log.add(lines.initStart(spec.runtime, runtimeVersionArn(this.cloud.config.region, spec.runtime)));
        env.setLogListener((line) => log.add(line));
        let outcome;
        let streamForLog = env.logStreamName;
        try {
            if (!init.ok) {
                log.add(lines.initReport(env.initDurationMs, init.error.errorType));
                log.add(lines.start(requestId, spec.version));
                log.add(lines.end(requestId));
                log.add(lines.report({
                    requestId,
                    durationMs: 0,
                    memorySizeMb: memory,
                    maxMemoryUsedMb: Math.ceil(env.rssBytes() / 1048576),
                    status: 'error',
                    errorType: init.error.errorType,
                }));
                env.kill();
                outcome = this.failure(spec, requestId, init.error, 0);
            }
            else {
                log.add(lines.start(requestId, spec.version));
                const started = node_perf_hooks_1.performance.now();
                const result = await env.invoke({
                    id: requestId,
                    payload: payload.length === 0 ? '{}' : payload.toString('utf8'),
                    deadline: Date.now() + spec.timeout * 1000,
                    arn: options.invokedArn,
                    ...(options.clientContext !== undefined ? { clientContext: options.clientContext } : {}),
                    traceId: traceHeader(spec.functionArn, options.hops ?? 0),
                }, spec.timeout * 1000);
                const durationMs = node_perf_hooks_1.performance.now() - started;
                outcome = this.outcomeOf(spec, requestId, result, durationMs, lines, log);
                const rss = 'rss' in result ? result.rss : env.rssBytes();
                log.add(lines.end(requestId));
                log.add(lines.report({
                    requestId,
                    durationMs,
                    memorySizeMb: memory,
                    maxMemoryUsedMb: Math.max(1, Math.ceil(rss / 1048576)),
                    ...(cold ? { initDurationMs: env.initDurationMs } : {}),
                    ...(result.kind === 'timeout' ? { status: 'timeout' } : {}),
                    ...(result.kind === 'exit' ? { status: 'error', errorType: outcome.errorType } : {}),
                }));
            }
        }
        finally {
            env.setLogListener(undefined);
            streamForLog = env.logStreamName;
            this.pool.release(env);
        }
        this.ship(spec.logGroupName, streamForLog, log);
        if (options.logTail)
            outcome.logResult = log.tail();
        return outcome;
    }
    /** Retires environments of a function (all, or the ones a predicate selects) after a change or delete. */
    retire(functionName, predicate = () => true) {
        for (const [key, spec] of this.specs) {
            if (spec.functionName === functionName && predicate(spec.version, key))
                this.specs.delete(key);
        }
        this.pool.retire(functionName, (env) => predicate(env.spec.version, env.spec.key));
    }
    stats() {
        const rssBytes = {};
        for (const env of this.pool.all())
            rssBytes[`${env.spec.functionName}/${env.id}`] = env.rssBytes();
        const booted = this.spares.filter((child) => child.booted).length;
        return { ...this.pool.stats(), rssBytes, spares: { booted, booting: this.spares.length - booted } };
    }
    environments() {
        return this.pool.all();
    }
    stop() {
        this.stopped = true;
        if (this.spareTimer)
            clearImmediate(this.spareTimer);
        for (const child of this.spares.splice(0))
            child.kill('SIGKILL');
        for (const timer of this.reapers.values())
            timer.cancel();
        this.reapers.clear();
        this.pool.killAll();
        this.code.close();
    }
    environmentSpec(spec) {
        const key = `${spec.functionName}:${spec.version}:${spec.revision}`;
        const known = this.specs.get(key);
        if (known)
            return known;
        const taskRoot = this.code.taskRoot(spec.codeKey, () => this.loadCode(spec.codeKey));
        const region = this.cloud.config.region;
        const user = spec.environment;
        const env = {
            PATH: `${(0, node_path_1.dirname)(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
            LANG: 'en_US.UTF-8',
            TZ: ':UTC',
            AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
            ...(this.nodePath ? { NODE_PATH: this.nodePath } : {}),
            AWS_ENDPOINT_URL: this.cloud.endpoint,
            ...user,
            AWS_REGION: region,
            AWS_DEFAULT_REGION: region,
            AWS_EXECUTION_ENV: `AWS_Lambda_${spec.runtime}`,
            AWS_LAMBDA_FUNCTION_NAME: spec.functionName,
            AWS_LAMBDA_FUNCTION_VERSION: spec.version,
            AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memorySize),
            AWS_LAMBDA_LOG_GROUP_NAME: spec.logGroupName,
            AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
            LAMBDA_TASK_ROOT: taskRoot,
            LAMBDA_RUNTIME_DIR: (0, node_path_1.dirname)((0, bootstrap_path_1.bootstrapPath)()),
            _HANDLER: spec.handler,
            ...functionCredentials(spec.role, spec.functionName),
        };
        if (spec.logFormat === 'JSON') {
            env.AWS_LAMBDA_LOG_FORMAT = 'JSON';
            if (spec.applicationLogLevel)
                env.AWS_LAMBDA_LOG_LEVEL = spec.applicationLogLevel;
        }
        const environmentSpec = {
            key,
            functionName: spec.functionName,
            version: spec.version,
            memorySize: spec.memorySize,
            taskRoot,
            env,
        };
        this.specs.set(key, environmentSpec);
        return environmentSpec;
    }
    spawn(spec) {
        const id = (0, ids_1.hex)(16);
        const stream = streamName(spec.version, id);
        const tmp = this.code.environmentDir(id);
        // A user NODE_OPTIONS must be in place when Node boots: such functions always fork.
        const spare = spec.env.NODE_OPTIONS ? undefined : this.takeSpare();
        const env = new environment_1.ExecutionEnvironment({ ...spec, env: { ...spec.env, AWS_LAMBDA_LOG_STREAM_NAME: stream, TMPDIR: tmp, HOME: tmp } }, id, stream, spare);
        env.onExitOnce(() => {
            this.reapers.get(env)?.cancel();
            this.reapers.delete(env);
            this.code.removeEnvironmentDir(tmp);
        });
        return env;
    }
    /** The oldest live spare, if any; a replacement boots in the background. */
    takeSpare() {
        let spare;
        // A booted spare first (the point of a spare); else the oldest one still booting (it has a head start).
        const booted = this.spares.findIndex((child) => child.booted);
        if (booted > 0)
            this.spares.unshift(...this.spares.splice(booted, 1));
        while (!spare && this.spares.length > 0) {
            const candidate = this.spares.shift();
            if (candidate.exitCode === null && candidate.signalCode === null && candidate.connected)
                spare = candidate;
            else
                candidate.kill('SIGKILL');
        }
        this.refillSpares();
        return spare;
    }
    /** Keeps `options.spares` processes booted, off the request path. */
    refillSpares() {
        if (this.stopped || this.spareTimer || this.spares.length >= this.options.spares)
            return;
        this.spareTimer = setImmediate(() => {
            this.spareTimer = undefined;
            while (!this.stopped && this.spares.length < this.options.spares) {
                const child = (0, environment_1.forkSpare)();
                child.once('exit', () => {
                    const index = this.spares.indexOf(child);
                    if (index >= 0)
                        this.spares.splice(index, 1);
                });
                this.spares.push(child);
            }
        });
    }
    scheduleReap(env) {
        if (this.stopped)
            return;
        this.reapers.get(env)?.cancel();
        this.reapers.set(env, this.cloud.clock.schedule(this.options.idleSeconds * 1000, () => {
            this.reapers.delete(env);
            this.pool.reap(env);
        }));
    }
    outcomeOf(spec, requestId, result, durationMs, lines, log) {
        switch (result.kind) {
            case 'ok': {
                const payload = Buffer.from(result.payload, 'utf8');
                if (payload.length > exports.MAX_RESPONSE_BYTES) {
                    return this.failure(spec, requestId, {
                        errorType: 'Function.ResponseSizeTooLarge',
                        errorMessage: `Response payload size exceeded maximum allowed payload size (${exports.MAX_RESPONSE_BYTES} bytes).`,
                    }, durationMs);
                }
                return { requestId, executedVersion: spec.version, payload, durationMs };
            }
            case 'error':
                return this.failure(spec, requestId, result.error, durationMs);
            case 'timeout': {
                // reference/aws-async-semantics.md §1 "Recorded error payloads": Timeout.
                log.add(lines.timedOut(requestId, spec.timeout));
                return this.failure(spec, requestId, {
                    errorType: 'Sandbox.Timedout',
                    errorMessage: `RequestId: ${requestId} Error: Task timed out after ${spec.timeout.toFixed(2)} seconds`,
                }, durationMs);
            }
            case 'exit': {
                const error = (0, environment_1.exitError)(result.code, result.signal, result.outOfMemory, requestId);
                log.add(lines.runtimeError(requestId, error.errorMessage, error.errorType));
                return this.failure(spec, requestId, error, durationMs);
            }
        }
    }
    failure(spec, requestId, error, durationMs) {
        return {
            requestId,
            executedVersion: spec.version,
            payload: Buffer.from(JSON.stringify(error), 'utf8'),
            functionError: 'Unhandled',
            errorType: error.errorType,
            errorMessage: error.errorMessage,
            durationMs,
        };
    }
    /** An injected fault (faults.ts): the platform lines AWS would log, without running the code. */
    injected(spec, options, lines, log) {
        const requestId = options.requestId;
        const stream = streamName(spec.version, (0, ids_1.hex)(16));
        let outcome;
        if (options.fault === 'timeout') {
            log.add(lines.start(requestId, spec.version));
            log.add(lines.timedOut(requestId, spec.timeout));
            log.add(lines.end(requestId));
            log.add(lines.report({
                requestId,
                durationMs: spec.timeout * 1000,
                memorySizeMb: spec.memorySize,
                maxMemoryUsedMb: 1,
                status: 'timeout',
            }));
            outcome = this.failure(spec, requestId, {
                errorType: 'Sandbox.Timedout',
                errorMessage: `RequestId: ${requestId} Error: Task timed out after ${spec.timeout.toFixed(2)} seconds`,
            }, spec.timeout * 1000);
        }
        else {
            const error = (0, environment_1.exitError)(1, null, false, requestId);
            log.add(lines.initStart(spec.runtime, runtimeVersionArn(this.cloud.config.region, spec.runtime)));
            log.add(lines.runtimeError(requestId, error.errorMessage, error.errorType));
            log.add(lines.initReport(0, error.errorType));
            log.add(lines.start(requestId, spec.version));
            log.add(lines.end(requestId));
            log.add(lines.report({
                requestId,
                durationMs: 0,
                memorySizeMb: spec.memorySize,
                maxMemoryUsedMb: 1,
                status: 'error',
                errorType: error.errorType,
            }));
            outcome = this.failure(spec, requestId, error, 0);
        }
        this.ship(spec.logGroupName, stream, log);
        if (options.logTail)
            outcome.logResult = log.tail();
        return outcome;
    }
    /** Sends an invocation's log events to CloudWatch Logs (the `logs` port), when installed. */
    ship(group, stream, log) {
        if (!this.cloud.ports.has('logs') || log.events.length === 0)
            return;
        try {
            this.cloud.ports.get('logs').append(group, stream, log.events);
        }
        catch (error) {
            process.stderr.write(`local-cloud: lambda logs for ${group} were not stored: ${error.message}\n`);
        }
    }
}
exports.LambdaRuntime = LambdaRuntime;
