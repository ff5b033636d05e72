"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
/**
 * The bootstrap of one Lambda execution environment: a child process forked by the server, speaking to it
 * over the IPC channel (see protocol.ts). It implements the Node.js handler contract the way the AWS Node.js
 * runtime interface client (RIC) does — reference/aws-wire-and-event-shapes.md §8 "Node.js handler":
 * handler resolution and loading errors, async and callback handlers, `callbackWaitsForEmptyEventLoop`,
 * the context object, the console patch that formats log lines, and the uncaught-exception /
 * unhandled-rejection behaviour (report the error, then exit).
 *
 * Self-contained on purpose (Node built-ins only; `import type` is erased), so it can run from dist or be
 * transpiled on its own in development. Keep it small: it is on the cold-start path.
 */
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
const node_url_1 = require("node:url");
const node_util_1 = require("node:util");
const send = (message) => {
    if (process.connected)
        process.send?.(message);
};
// ---------------------------------------------------------------------------------------------------
// Errors (RIC Errors.js): `Runtime.*` names, and the response shape with `trace`.
class RuntimeError extends Error {
    constructor(name, message, stack) {
        super(message);
        this.name = name;
        if (stack !== undefined)
            this.stack = stack;
    }
}
function isErrorLike(value) {
    if (node_util_1.types.isNativeError(value))
        return true;
    const candidate = value;
    return (!!candidate &&
        typeof candidate.name === 'string' &&
        typeof candidate.message === 'string' &&
        typeof candidate.stack === 'string');
}
function toRuntimeResponse(error) {
    try {
        if (isErrorLike(error)) {
            return {
                errorType: error.name,
                errorMessage: error.message,
                trace: typeof error.stack === 'string' ? error.stack.split('\n') : [],
            };
        }
        return { errorType: typeof error, errorMessage: String(error), trace: [] };
    }
    catch {
        return {
            errorType: 'handled',
            errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
        };
    }
}
/** RIC `toFormatted`: a tab, then the error as JSON with its own enumerable properties and `stack` lines. */
function toFormatted(error) {
    try {
        return `\t${JSON.stringify(error, (_key, value) => {
            if (value instanceof Error) {
                const out = {
                    errorType: value.name,
                    errorMessage: value.message,
                    code: value.code,
                    ...value,
                };
                if (typeof value.stack === 'string')
                    out.stack = value.stack.split('\n');
                return out;
            }
            return value;
        })}`;
    }
    catch {
        return `\t${JSON.stringify(toRuntimeResponse(error))}`;
    }
}
const intoError = (value) => (value instanceof Error ? value : new Error(String(value)));
// ---------------------------------------------------------------------------------------------------
// Console patch (RIC LogPatch): `<ISO>\t<requestId>\t<LEVEL>\t<util.format(...)>`, `\n` → `\r`, one event
// per call. JSON format when AWS_LAMBDA_LOG_FORMAT=JSON. Levels filtered by AWS_LAMBDA_LOG_LEVEL.
let currentRequestId;
const REQUEST_ID_SYMBOL = Symbol.for('aws.lambda.runtime.requestId');
function setRequestId(id) {
    currentRequestId = id;
    globalThis[REQUEST_ID_SYMBOL] = id;
}
const LEVELS = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };
let jsonFormat = false;
function emit(level, params) {
    const time = new Date().toISOString();
    let line;
    if (jsonFormat) {
        const record = { timestamp: time, level, requestId: currentRequestId };
        record.message = params.length === 1 && typeof params[0] !== 'string' ? params[0] : (0, node_util_1.format)(...params);
        try {
            line = JSON.stringify(record, (_key, value) => value instanceof Error
                ? {
                    errorType: value.constructor?.name ?? 'UnknownError',
                    errorMessage: value.message,
                    stackTrace: typeof value.stack === 'string' ? value.stack.split('\n') : value.stack,
                }
                : value);
        }
        catch {
            record.message = (0, node_util_1.format)(...params);
            line = JSON.stringify(record);
        }
    }
    else {
        line = `${time}\t${currentRequestId}\t${level}\t${(0, node_util_1.format)(...params)}`;
    }
    send({ t: 'log', line: `${line.replace(/\n/g, '\r')}\n` });
}
function patchConsole() {
    jsonFormat = (process.env.AWS_LAMBDA_LOG_FORMAT ?? '').toUpperCase() === 'JSON';
    const wanted = LEVELS[(process.env.AWS_LAMBDA_LOG_LEVEL ?? '').toUpperCase()] ?? LEVELS.TRACE;
    const make = (level) => (...params) => {
        if (LEVELS[level] >= wanted)
            emit(level, params);
    };
    const target = console;
    target.trace = make('TRACE');
    target.debug = make('DEBUG');
    target.info = make('INFO');
    target.log = target.info;
    target.warn = make('WARN');
    target.error = make('ERROR');
    target.fatal = make('FATAL');
}
const logError = (label, error) => {
    if (jsonFormat)
        console.error(intoError(error));
    else
        console.error(label, toFormatted(intoError(error)));
};
const HANDLER_STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
// Dynamic import kept as a real `import()` whatever the module output (CommonJS transpilers rewrite it).
const importModule = new Function('specifier', 'return import(specifier)');
function hasPackageTypeModule(folder) {
    if (folder.endsWith('/node_modules'))
        return false;
    const packageJson = (0, node_path_1.join)(folder, 'package.json');
    if ((0, node_fs_1.existsSync)(packageJson)) {
        try {
            return JSON.parse((0, node_fs_1.readFileSync)(packageJson, 'utf8')).type === 'module';
        }
        catch {
            return false;
        }
    }
    const parent = (0, node_path_1.resolve)(folder, '..');
    return parent === folder ? false : hasPackageTypeModule(parent);
}
function tryRequire(file) {
    return (0, node_fs_1.existsSync)(file) ? require(file) : undefined;
}
async function tryImport(file) {
    return (0, node_fs_1.existsSync)(file) ? importModule((0, node_url_1.pathToFileURL)(file).href) : undefined;
}
async function loadModule(appRoot, moduleRoot, module) {
    const lambdaStylePath = (0, node_path_1.resolve)(appRoot, moduleRoot, module);
    const extensionless = tryRequire(lambdaStylePath);
    if (extensionless)
        return extensionless;
    const isModule = hasPackageTypeModule((0, node_path_1.dirname)(lambdaStylePath));
    if (!isModule) {
        const loaded = tryRequire(`${lambdaStylePath}.js`);
        if (loaded)
            return loaded;
    }
    const loaded = (isModule && (await tryImport(`${lambdaStylePath}.js`))) ||
        (await tryImport(`${lambdaStylePath}.mjs`)) ||
        tryRequire(`${lambdaStylePath}.cjs`);
    if (loaded)
        return loaded;
    return require(require.resolve(module, { paths: [appRoot, moduleRoot] }));
}
async function loadHandler(appRoot, fullHandler) {
    if (fullHandler.includes('..')) {
        throw new RuntimeError('Runtime.MalformedHandlerName', `'${fullHandler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`);
    }
    const handlerString = (0, node_path_1.basename)(fullHandler);
    const moduleRoot = fullHandler.substring(0, fullHandler.indexOf(handlerString));
    const match = /^([^.]*)\.(.*)$/.exec(handlerString);
    if (!match)
        throw new RuntimeError('Runtime.MalformedHandlerName', 'Bad handler');
    const [, module = '', handlerPath = ''] = match;
    globalThis.awslambda = {
        streamifyResponse: (handler) => {
            handler[HANDLER_STREAMING] = 'response';
            return handler;
        },
    };
    let app;
    try {
        app = await loadModule(appRoot, moduleRoot, module);
    }
    catch (error) {
        const err = error;
        if (error instanceof SyntaxError) {
            throw new RuntimeError('Runtime.UserCodeSyntaxError', String(error), err.stack);
        }
        if (err?.code === 'MODULE_NOT_FOUND')
            throw new RuntimeError('Runtime.ImportModuleError', String(error));
        throw error;
    }
    const handler = handlerPath
        .split('.')
        .reduce((nested, key) => nested?.[key], app);
    if (!handler) {
        throw new RuntimeError('Runtime.HandlerNotFound', `${fullHandler} is undefined or not exported`);
    }
    if (typeof handler !== 'function') {
        throw new RuntimeError('Runtime.HandlerNotFound', `${fullHandler} is not a function`);
    }
    return handler;
}
// ---------------------------------------------------------------------------------------------------
// Invocation (RIC Runtime.js + CallbackContext.js).
let handler;
let handlerIsAsync = false;
let activeId;
let beforeExit;
let finishActive;
process.on('beforeExit', () => {
    const listener = beforeExit;
    beforeExit = undefined;
    listener?.();
});
function holdChannel(hold) {
    const channel = process.channel;
    if (hold)
        channel?.ref?.();
    else
        channel?.unref?.();
}
function runInvoke(message) {
    const fn = handler;
    if (!fn)
        return;
    activeId = message.id;
    setRequestId(message.id);
    if (message.traceId)
        process.env._X_AMZN_TRACE_ID = message.traceId;
    else
        delete process.env._X_AMZN_TRACE_ID;
    let reported = false;
    const finish = (outcome, fatal = false) => {
        if (reported)
            return;
        reported = true;
        beforeExit = undefined;
        finishActive = undefined;
        activeId = undefined;
        holdChannel(true);
        send({ t: 'done', id: message.id, ...outcome, rss: process.memoryUsage.rss(), ...(fatal ? { fatal } : {}) });
    };
    finishActive = finish;
    const complete = (result) => {
        let payload;
        try {
            payload = JSON.stringify(result === undefined ? null : result);
        }
        catch {
            finish({ error: { errorType: 'Runtime.JSONStringifyError', errorMessage: 'Unable to stringify response body' } });
            return;
        }
        finish({ payload });
    };
    const postError = (error) => {
        logError('Invoke Error', error);
        finish({ error: toRuntimeResponse(error) });
    };
    let waitForEmptyEventLoop = true;
    let called = false;
    const once = (body) => (...args) => {
        if (called)
            return;
        called = true;
        body(...args);
    };
    const callback = once((error, result) => {
        beforeExit = undefined;
        if (error !== undefined && error !== null)
            postError(error);
        else if (!waitForEmptyEventLoop)
            complete(result);
        else
            beforeExit = () => setImmediate(() => complete(result));
    });
    const done = (error, result) => {
        beforeExit = undefined;
        if (error !== undefined && error !== null)
            postError(error);
        else
            complete(result);
    };
    const context = {
        get callbackWaitsForEmptyEventLoop() {
            return waitForEmptyEventLoop;
        },
        set callbackWaitsForEmptyEventLoop(value) {
            waitForEmptyEventLoop = value;
        },
        succeed: once((result) => done(null, result)),
        fail: once((error) => done(error === undefined || error === null ? 'handled' : error, null)),
        done: once(done),
        functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
        functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
        memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
        logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
        logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
        clientContext: undefined,
        identity: undefined,
        invokedFunctionArn: message.arn,
        awsRequestId: message.id,
        getRemainingTimeInMillis: () => message.deadline - Date.now(),
    };
    // Nothing of ours keeps the event loop alive during an invocation, so `beforeExit` means "the handler's
    // event loop is empty" — exactly what callbackWaitsForEmptyEventLoop and the default exit listener need.
    holdChannel(false);
    beforeExit = () => {
        if (handlerIsAsync) {
            const error = new RuntimeError('Runtime.NodeJsExit', 'Error: Runtime exited without providing a reason: the handler returned a Promise that never settled and the event loop is empty');
            logError('Invoke Error', error);
            finish({ error: toRuntimeResponse(error) });
        }
        else {
            complete(null);
        }
    };
    try {
        if (message.clientContext !== undefined)
            context.clientContext = JSON.parse(message.clientContext);
        if (fn[HANDLER_STREAMING]) {
            throw new RuntimeError('Runtime.MalformedStreamingHandler', 'local-cloud does not support response streaming handlers (awslambda.streamifyResponse)');
        }
        const result = fn(JSON.parse(message.payload), context, callback);
        if (result && typeof result.then === 'function') {
            result.then((value) => {
                if (!called) {
                    called = true;
                    done(null, value);
                }
            }, (error) => {
                if (!called) {
                    called = true;
                    done(error === undefined || error === null ? 'handled' : error, null);
                }
            });
        }
    }
    catch (error) {
        callback(error);
    }
}
// Uncaught errors: report to the active invocation (or as the init error), then exit — RIC index.mjs.
process.on('uncaughtException', (error) => {
    logError('Uncaught Exception', error);
    reportFatal(error, 129);
});
process.on('unhandledRejection', (reason) => {
    const error = new RuntimeError('Runtime.UnhandledPromiseRejection', String(reason));
    logError('Unhandled Promise Rejection', error);
    reportFatal(error, 128);
});
function reportFatal(error, code) {
    if (finishActive && activeId)
        finishActive({ error: toRuntimeResponse(error) }, true);
    else if (!handler)
        send({ t: 'initError', error: toRuntimeResponse(error) });
    holdChannel(true);
    // Let the IPC write drain, then exit with the RIC's code.
    setImmediate(() => process.exit(code));
}
process.on('message', (message) => {
    if (message?.t === 'invoke')
        runInvoke(message);
    else if (message?.t === 'init' && spare) {
        spare = false;
        adopt(message);
        void init();
    }
});
/**
 * A spare environment (LOCAL_CLOUD_SPARE=1) is a Node process booted ahead of need with an empty
 * environment; it becomes a function's environment when the parent sends `init` (its variables and task root).
 */
let spare = process.env.LOCAL_CLOUD_SPARE === '1';
function adopt(message) {
    for (const key of Object.keys(process.env))
        delete process.env[key];
    Object.assign(process.env, message.env);
    process.chdir(message.cwd);
    // NODE_PATH is read at startup; re-read it for the adopted environment.
    require('node:module')._initPaths?.();
}
async function init() {
    patchConsole();
    const taskRoot = process.env.LAMBDA_TASK_ROOT ?? process.cwd();
    const handlerName = process.env._HANDLER ?? '';
    try {
        const loaded = await loadHandler(taskRoot, handlerName);
        handlerIsAsync = loaded.constructor?.name === 'AsyncFunction';
        // nodejs24.x and later: callback handlers are refused (RIC src/function/callback-deprecation.ts).
        const major = Number(/nodejs(\d+)/.exec(process.env.AWS_EXECUTION_ENV ?? '')?.[1] ?? 0);
        if (major >= 24 && loaded.length >= 3 && !loaded[HANDLER_STREAMING]) {
            throw new RuntimeError('Runtime.CallbackHandlerDeprecated', 'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.');
        }
        handler = loaded;
        send({ t: 'ready' });
    }
    catch (error) {
        logError('Uncaught Exception', error);
        send({ t: 'initError', error: toRuntimeResponse(error) });
    }
}
if (spare)
    send({ t: 'booted' });
else
    void init();
