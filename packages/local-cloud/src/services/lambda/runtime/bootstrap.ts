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
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format, types } from 'node:util';
import type { ChildMessage, InitMessage, InvokeMessage, ParentMessage, RuntimeErrorShape } from './protocol';

const send = (message: ChildMessage): void => {
  if (process.connected) process.send?.(message);
};

// ---------------------------------------------------------------------------------------------------
// Errors (RIC Errors.js): `Runtime.*` names, and the response shape with `trace`.

class RuntimeError extends Error {
  constructor(name: string, message: string, stack?: string) {
    super(message);
    this.name = name;
    if (stack !== undefined) this.stack = stack;
  }
}

function isErrorLike(value: unknown): value is Error {
  if (types.isNativeError(value)) return true;
  const candidate = value as Partial<Error> | null | undefined;
  return (
    !!candidate &&
    typeof candidate.name === 'string' &&
    typeof candidate.message === 'string' &&
    typeof candidate.stack === 'string'
  );
}

function toRuntimeResponse(error: unknown): RuntimeErrorShape {
  try {
    if (isErrorLike(error)) {
      return {
        errorType: error.name,
        errorMessage: error.message,
        trace: typeof error.stack === 'string' ? error.stack.split('\n') : [],
      };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage:
        'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

/** RIC `toFormatted`: a tab, then the error as JSON with its own enumerable properties and `stack` lines. */
function toFormatted(error: unknown): string {
  try {
    return `\t${JSON.stringify(error, (_key, value: unknown) => {
      if (value instanceof Error) {
        const out: Record<string, unknown> = {
          errorType: value.name,
          errorMessage: value.message,
          code: (value as { code?: unknown }).code,
          ...value,
        };
        if (typeof value.stack === 'string') out.stack = value.stack.split('\n');
        return out;
      }
      return value;
    })}`;
  } catch {
    return `\t${JSON.stringify(toRuntimeResponse(error))}`;
  }
}

const intoError = (value: unknown): Error => (value instanceof Error ? value : new Error(String(value)));

// ---------------------------------------------------------------------------------------------------
// Console patch (RIC LogPatch): `<ISO>\t<requestId>\t<LEVEL>\t<util.format(...)>`, `\n` → `\r`, one event
// per call. JSON format when AWS_LAMBDA_LOG_FORMAT=JSON. Levels filtered by AWS_LAMBDA_LOG_LEVEL.

let currentRequestId: string | undefined;
const REQUEST_ID_SYMBOL = Symbol.for('aws.lambda.runtime.requestId');

function setRequestId(id: string | undefined): void {
  currentRequestId = id;
  (globalThis as Record<symbol, unknown>)[REQUEST_ID_SYMBOL] = id;
}

const LEVELS = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 } as const;
type Level = keyof typeof LEVELS;

let jsonFormat = false;

function emit(level: Level, params: unknown[]): void {
  const time = new Date().toISOString();
  let line: string;
  if (jsonFormat) {
    const record: Record<string, unknown> = { timestamp: time, level, requestId: currentRequestId };
    record.message = params.length === 1 && typeof params[0] !== 'string' ? params[0] : format(...params);
    try {
      line = JSON.stringify(record, (_key, value: unknown) =>
        value instanceof Error
          ? {
              errorType: value.constructor?.name ?? 'UnknownError',
              errorMessage: value.message,
              stackTrace: typeof value.stack === 'string' ? value.stack.split('\n') : value.stack,
            }
          : value,
      );
    } catch {
      record.message = format(...params);
      line = JSON.stringify(record);
    }
  } else {
    line = `${time}\t${currentRequestId}\t${level}\t${format(...params)}`;
  }
  send({ t: 'log', line: `${line.replace(/\n/g, '\r')}\n` });
}

/**
 * Raw writes to stdout/stderr go through the same IPC channel as console lines and the `done` message, so a
 * line written just before the handler returns is logged before END (a separate pipe could deliver it after).
 * Writes straight to the file descriptors (fs.writeSync(1, …)) still reach the pipes and are logged too.
 */
function routeRawWrites(stream: NodeJS.WriteStream): void {
  const original = stream.write.bind(stream);
  stream.write = ((chunk: unknown, encodingOrCallback?: unknown, callback?: unknown): boolean => {
    if (!process.connected)
      return original(chunk as string, encodingOrCallback as BufferEncoding, callback as () => void);
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    for (const line of text.split('\n')) if (line !== '') send({ t: 'log', line: `${line}\n` });
    const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    if (typeof done === 'function') process.nextTick(done as () => void);
    return true;
  }) as typeof stream.write;
}

function patchConsole(): void {
  jsonFormat = (process.env.AWS_LAMBDA_LOG_FORMAT ?? '').toUpperCase() === 'JSON';
  const wanted = LEVELS[(process.env.AWS_LAMBDA_LOG_LEVEL ?? '').toUpperCase() as Level] ?? LEVELS.TRACE;
  const make =
    (level: Level) =>
    (...params: unknown[]): void => {
      if (LEVELS[level] >= wanted) emit(level, params);
    };
  const target = console as unknown as Record<string, unknown>;
  target.trace = make('TRACE');
  target.debug = make('DEBUG');
  target.info = make('INFO');
  target.log = target.info;
  target.warn = make('WARN');
  target.error = make('ERROR');
  target.fatal = make('FATAL');
}

const logError = (label: string, error: unknown): void => {
  if (jsonFormat) console.error(intoError(error));
  else console.error(label, toFormatted(intoError(error)));
};

// ---------------------------------------------------------------------------------------------------
// Handler loading (RIC UserFunction.js).

type Handler = (event: unknown, context: Record<string, unknown>, callback: Callback) => unknown;
type Callback = (error?: unknown, result?: unknown) => void;

const HANDLER_STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');

// Dynamic import kept as a real `import()` whatever the module output (CommonJS transpilers rewrite it).
const importModule = new Function('specifier', 'return import(specifier)') as (
  specifier: string,
) => Promise<Record<string, unknown>>;

function hasPackageTypeModule(folder: string): boolean {
  if (folder.endsWith('/node_modules')) return false;
  const packageJson = join(folder, 'package.json');
  if (existsSync(packageJson)) {
    try {
      return (JSON.parse(readFileSync(packageJson, 'utf8')) as { type?: unknown }).type === 'module';
    } catch {
      return false;
    }
  }
  const parent = resolvePath(folder, '..');
  return parent === folder ? false : hasPackageTypeModule(parent);
}

function tryRequire(file: string): unknown {
  return existsSync(file) ? require(file) : undefined;
}

async function tryImport(file: string): Promise<unknown> {
  return existsSync(file) ? importModule(pathToFileURL(file).href) : undefined;
}

async function loadModule(appRoot: string, moduleRoot: string, module: string): Promise<unknown> {
  const lambdaStylePath = resolvePath(appRoot, moduleRoot, module);
  const extensionless = tryRequire(lambdaStylePath);
  if (extensionless) return extensionless;
  const isModule = hasPackageTypeModule(dirname(lambdaStylePath));
  if (!isModule) {
    const loaded = tryRequire(`${lambdaStylePath}.js`);
    if (loaded) return loaded;
  }
  const loaded =
    (isModule && (await tryImport(`${lambdaStylePath}.js`))) ||
    (await tryImport(`${lambdaStylePath}.mjs`)) ||
    tryRequire(`${lambdaStylePath}.cjs`);
  if (loaded) return loaded;
  return require(require.resolve(module, { paths: [appRoot, moduleRoot] }));
}

async function loadHandler(appRoot: string, fullHandler: string): Promise<Handler> {
  if (fullHandler.includes('..')) {
    throw new RuntimeError(
      'Runtime.MalformedHandlerName',
      `'${fullHandler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const handlerString = basename(fullHandler);
  const moduleRoot = fullHandler.substring(0, fullHandler.indexOf(handlerString));
  const match = /^([^.]*)\.(.*)$/.exec(handlerString);
  if (!match) throw new RuntimeError('Runtime.MalformedHandlerName', 'Bad handler');
  const [, module = '', handlerPath = ''] = match;
  (globalThis as Record<string, unknown>).awslambda = {
    streamifyResponse: (handler: Record<symbol, unknown>) => {
      handler[HANDLER_STREAMING] = 'response';
      return handler;
    },
  };
  let app: unknown;
  try {
    app = await loadModule(appRoot, moduleRoot, module);
  } catch (error) {
    const err = error as { code?: unknown } & Error;
    if (error instanceof SyntaxError) {
      throw new RuntimeError('Runtime.UserCodeSyntaxError', String(error), err.stack);
    }
    if (err?.code === 'MODULE_NOT_FOUND') throw new RuntimeError('Runtime.ImportModuleError', String(error));
    throw error;
  }
  const handler = handlerPath
    .split('.')
    .reduce<unknown>((nested, key) => (nested as Record<string, unknown> | undefined)?.[key], app);
  if (!handler) {
    throw new RuntimeError('Runtime.HandlerNotFound', `${fullHandler} is undefined or not exported`);
  }
  if (typeof handler !== 'function') {
    throw new RuntimeError('Runtime.HandlerNotFound', `${fullHandler} is not a function`);
  }
  return handler as Handler;
}

// ---------------------------------------------------------------------------------------------------
// Invocation (RIC Runtime.js + CallbackContext.js).

let handler: Handler | undefined;
let handlerIsAsync = false;
let activeId: string | undefined;
let beforeExit: (() => void) | undefined;
let finishActive:
  | ((outcome: { payload?: string; error?: RuntimeErrorShape }, fatal?: boolean) => void)
  | undefined;

process.on('beforeExit', () => {
  const listener = beforeExit;
  beforeExit = undefined;
  listener?.();
});

function holdChannel(hold: boolean): void {
  const channel = process.channel as { ref?: () => void; unref?: () => void } | undefined;
  if (hold) channel?.ref?.();
  else channel?.unref?.();
}

function runInvoke(message: InvokeMessage): void {
  const fn = handler;
  if (!fn) return;
  activeId = message.id;
  setRequestId(message.id);
  if (message.traceId) process.env._X_AMZN_TRACE_ID = message.traceId;
  else delete process.env._X_AMZN_TRACE_ID;

  let reported = false;
  const finish = (outcome: { payload?: string; error?: RuntimeErrorShape }, fatal = false): void => {
    if (reported) return;
    reported = true;
    beforeExit = undefined;
    finishActive = undefined;
    activeId = undefined;
    holdChannel(true);
    send({
      t: 'done',
      id: message.id,
      ...outcome,
      rss: process.memoryUsage.rss(),
      ...(fatal ? { fatal } : {}),
    });
  };
  finishActive = finish;
  const complete = (result: unknown): void => {
    let payload: string;
    try {
      payload = JSON.stringify(result === undefined ? null : result);
    } catch {
      finish({
        error: { errorType: 'Runtime.JSONStringifyError', errorMessage: 'Unable to stringify response body' },
      });
      return;
    }
    finish({ payload });
  };
  const postError = (error: unknown): void => {
    logError('Invoke Error', error);
    finish({ error: toRuntimeResponse(error) });
  };

  let waitForEmptyEventLoop = true;
  let called = false;
  const once =
    <A extends unknown[]>(body: (...args: A) => void) =>
    (...args: A): void => {
      if (called) return;
      called = true;
      body(...args);
    };
  const callback: Callback = once((error?: unknown, result?: unknown) => {
    beforeExit = undefined;
    if (error !== undefined && error !== null) postError(error);
    else if (!waitForEmptyEventLoop) complete(result);
    else beforeExit = () => setImmediate(() => complete(result));
  });
  const done = (error?: unknown, result?: unknown): void => {
    beforeExit = undefined;
    if (error !== undefined && error !== null) postError(error);
    else complete(result);
  };
  const context: Record<string, unknown> = {
    get callbackWaitsForEmptyEventLoop() {
      return waitForEmptyEventLoop;
    },
    set callbackWaitsForEmptyEventLoop(value: boolean) {
      waitForEmptyEventLoop = value;
    },
    succeed: once((result?: unknown) => done(null, result)),
    fail: once((error?: unknown) => done(error === undefined || error === null ? 'handled' : error, null)),
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
      const error = new RuntimeError(
        'Runtime.NodeJsExit',
        'Error: Runtime exited without providing a reason: the handler returned a Promise that never settled and the event loop is empty',
      );
      logError('Invoke Error', error);
      finish({ error: toRuntimeResponse(error) });
    } else {
      complete(null);
    }
  };
  try {
    if (message.clientContext !== undefined) context.clientContext = JSON.parse(message.clientContext);
    if ((fn as unknown as Record<symbol, unknown>)[HANDLER_STREAMING]) {
      throw new RuntimeError(
        'Runtime.MalformedStreamingHandler',
        'local-cloud does not support response streaming handlers (awslambda.streamifyResponse)',
      );
    }
    const result = fn(JSON.parse(message.payload), context, callback);
    if (result && typeof (result as PromiseLike<unknown>).then === 'function') {
      (result as PromiseLike<unknown>).then(
        (value) => {
          if (!called) {
            called = true;
            done(null, value);
          }
        },
        (error: unknown) => {
          if (!called) {
            called = true;
            done(error === undefined || error === null ? 'handled' : error, null);
          }
        },
      );
    }
  } catch (error) {
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

function reportFatal(error: unknown, code: number): void {
  if (finishActive && activeId) finishActive({ error: toRuntimeResponse(error) }, true);
  else if (!handler) send({ t: 'initError', error: toRuntimeResponse(error) });
  holdChannel(true);
  // Let the IPC write drain, then exit with the RIC's code.
  setImmediate(() => process.exit(code));
}

// The server went away (even by SIGKILL): an environment never outlives it.
process.on('disconnect', () => process.exit(0));

process.on('message', (message: ParentMessage) => {
  if (message?.t === 'invoke') runInvoke(message);
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

function adopt(message: InitMessage): void {
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, message.env);
  process.chdir(message.cwd);
  // NODE_PATH is read at startup; re-read it for the adopted environment.
  (require('node:module') as { _initPaths?: () => void })._initPaths?.();
}

async function init(): Promise<void> {
  patchConsole();
  routeRawWrites(process.stdout);
  routeRawWrites(process.stderr);
  const taskRoot = process.env.LAMBDA_TASK_ROOT ?? process.cwd();
  const handlerName = process.env._HANDLER ?? '';
  try {
    const loaded = await loadHandler(taskRoot, handlerName);
    handlerIsAsync = loaded.constructor?.name === 'AsyncFunction';
    // nodejs24.x and later: callback handlers are refused (RIC src/function/callback-deprecation.ts).
    const major = Number(/nodejs(\d+)/.exec(process.env.AWS_EXECUTION_ENV ?? '')?.[1] ?? 0);
    if (
      major >= 24 &&
      loaded.length >= 3 &&
      !(loaded as unknown as Record<symbol, unknown>)[HANDLER_STREAMING]
    ) {
      throw new RuntimeError(
        'Runtime.CallbackHandlerDeprecated',
        'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.',
      );
    }
    handler = loaded;
    send({ t: 'ready' });
  } catch (error) {
    logError('Uncaught Exception', error);
    send({ t: 'initError', error: toRuntimeResponse(error) });
  }
}

if (spare) send({ t: 'booted' });
else void init();
