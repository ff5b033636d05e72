import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  InvokeAsyncCommand,
  InvokeCommand,
  type InvokeCommandOutput,
  LambdaClient,
  PutFunctionConcurrencyCommand,
  TooManyRequestsException,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import {
  credentials,
  decode,
  encode,
  type LambdaTestCloud,
  startLambdaCloud,
  uniqueName,
  zip,
} from './lambda-helpers';

/**
 * Execution: the Node.js handler contract in real child processes (reference/aws-wire-and-event-shapes.md §8),
 * errors as the runtime reports them (reference/aws-async-semantics.md §1), isolation, warm reuse, concurrency,
 * logs in CloudWatch Logs, the AWS CLI.
 */

const MAIN = `
let count = 0;
exports.handler = async (event, context) => {
  count++;
  switch (event.mode) {
    case 'echo':
      return { event, count, pid: process.pid };
    case 'context':
      return {
        awsRequestId: context.awsRequestId,
        functionName: context.functionName,
        functionVersion: context.functionVersion,
        invokedFunctionArn: context.invokedFunctionArn,
        memoryLimitInMB: context.memoryLimitInMB,
        logGroupName: context.logGroupName,
        logStreamName: context.logStreamName,
        remaining: context.getRemainingTimeInMillis(),
        callbackWaitsForEmptyEventLoop: context.callbackWaitsForEmptyEventLoop,
        clientContext: context.clientContext,
        identity: context.identity === undefined ? 'undefined' : context.identity,
        cwd: process.cwd(),
      };
    case 'env':
      return { env: process.env };
    case 'throw':
      throw new TypeError('boom: ' + event.detail);
    case 'throw-string':
      throw 'plain string';
    case 'hang':
      await new Promise(() => setInterval(() => {}, 1000));
      return 'never';
    case 'exit':
      process.exit(event.code);
      return 'never';
    case 'reject':
      Promise.reject(new Error('lost promise'));
      await new Promise((resolve) => setTimeout(resolve, 200));
      return 'never';
    case 'uncaught':
      setTimeout(() => { throw new RangeError('from a timer'); }, 1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      return 'never';
    case 'log':
      console.log('line one\\nline two');
      console.warn('careful', 42);
      console.error('bad', { x: 1 });
      console.debug('details');
      process.stdout.write('raw stdout\\n');
      return 'logged';
    case 'sleep':
      await new Promise((resolve) => setTimeout(resolve, event.ms));
      return { pid: process.pid };
    case 'alloc': {
      const keep = [];
      for (;;) keep.push(Buffer.alloc(16 * 1024 * 1024, 1));
    }
    case 'heap': {
      const keep = [];
      for (;;) keep.push(new Array(1e5).fill({ a: Math.random() }));
    }
    case 'big':
      return 'x'.repeat(7 * 1024 * 1024);
    case 'never-settles':
      return new Promise(() => {});
    case 'sdk': {
      const { LambdaClient, GetFunctionCommand } = require('@aws-sdk/client-lambda');
      const client = new LambdaClient({});
      const out = await client.send(new GetFunctionCommand({ FunctionName: context.functionName }));
      return { name: out.Configuration.FunctionName, endpoint: process.env.AWS_ENDPOINT_URL };
    }
    case 'chain': {
      const { LambdaClient, InvokeCommand } = require('@aws-sdk/client-lambda');
      const client = new LambdaClient({});
      const out = await client.send(
        new InvokeCommand({ FunctionName: context.functionName, InvocationType: 'Event', Payload: JSON.stringify({ mode: 'echo' }) }),
      );
      return { requestId: out.$metadata.requestId, traceId: process.env._X_AMZN_TRACE_ID };
    }
    default:
      return { count };
  }
};
`;

const CALLBACK = `
exports.handler = (event, context, callback) => {
  if (event.wait === false) context.callbackWaitsForEmptyEventLoop = false;
  let fired = false;
  setTimeout(() => { fired = true; }, event.ms ?? 300);
  if (event.error) return callback(new Error('callback failure'));
  if (event.succeed) return context.succeed({ via: 'succeed' });
  callback(null, { firedAtCallback: fired });
};
exports.plain = (event) => { setTimeout(() => {}, 50); };
`;

const FILES = {
  'index.js': MAIN,
  'cb.js': CALLBACK,
  'esm.mjs': 'export const handler = async (event) => ({ esm: true, event });',
  'src/app.js': "exports.api = { get: async () => 'nested' };",
  'syntax.js': 'exports.handler = async () => { return ; ]',
  'init-throws.js': "throw new Error('init failed');",
  'notfn.js': 'exports.handler = 42;',
};

let t: LambdaTestCloud;
let logs: CloudWatchLogsClient;
/** The SDK retries throttles and 5xx; assertions on them use a client that does not. */
let once: LambdaClient;
const fn = uniqueName('rt');

beforeAll(async () => {
  process.env.LOCAL_CLOUD_TEST_SECRET = 'must-not-leak';
  t = await startLambdaCloud();
  logs = new CloudWatchLogsClient({ endpoint: t.endpoint, region: 'us-east-1', credentials });
  once = new LambdaClient({ endpoint: t.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  await t.create(fn, FILES, {
    Environment: { Variables: { GREETING: 'hello', NODE_OPTIONS: '' } },
    MemorySize: 256,
  });
});

afterAll(async () => {
  logs?.destroy();
  once?.destroy();
  await t?.stop();
  delete process.env.LOCAL_CLOUD_TEST_SECRET;
});

const invoke = (
  mode: string,
  extra: Record<string, unknown> = {},
  options: { FunctionName?: string; LogType?: 'Tail'; ClientContext?: string; Qualifier?: string } = {},
): Promise<InvokeCommandOutput> =>
  t.lambda.send(new InvokeCommand({ FunctionName: fn, Payload: encode({ mode, ...extra }), ...options }));

/** Polls a condition (no fixed sleeps). */
async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const inFlight = async (name: string): Promise<number> => {
  const res = await fetch(`${t.endpoint}/_local-cloud/lambda-runtime`);
  const body = (await res.json()) as { inFlight: Record<string, number> };
  return body.inFlight[name] ?? 0;
};

describe('the Node.js handler contract', () => {
  it('runs an async handler and returns its JSON result', async () => {
    const out = await invoke('echo', { value: [1, 'two'] });
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBeUndefined();
    expect(out.ExecutedVersion).toBe('$LATEST');
    expect(decode(out.Payload)).toMatchObject({ event: { mode: 'echo', value: [1, 'two'] } });
  });

  it('gives the context object', async () => {
    const clientContext = Buffer.from(JSON.stringify({ custom: { tenant: 'a' } })).toString('base64');
    const out = await invoke('context', {}, { ClientContext: clientContext });
    const body = decode(out.Payload) as Record<string, unknown>;
    expect(body.awsRequestId).toBe(out.$metadata.requestId);
    expect(body.functionName).toBe(fn);
    expect(body.functionVersion).toBe('$LATEST');
    expect(body.invokedFunctionArn).toBe(`arn:aws:lambda:us-east-1:000000000000:function:${fn}`);
    expect(body.memoryLimitInMB).toBe('256');
    expect(body.logGroupName).toBe(`/aws/lambda/${fn}`);
    expect(body.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(body.remaining).toBeGreaterThan(2000);
    expect(body.remaining).toBeLessThanOrEqual(3000);
    expect(body.callbackWaitsForEmptyEventLoop).toBe(true);
    expect(body.clientContext).toEqual({ custom: { tenant: 'a' } });
    expect(body.identity).toBe('undefined');
    expect(String(body.cwd)).toContain('code');
  });

  it('sets the runtime environment variables and nothing of the server', async () => {
    const out = await invoke('env');
    const env = (decode(out.Payload) as { env: Record<string, string> }).env;
    expect(env).toMatchObject({
      GREETING: 'hello',
      AWS_LAMBDA_FUNCTION_NAME: fn,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn}`,
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      _HANDLER: 'index.handler',
      TZ: ':UTC',
      AWS_ENDPOINT_URL: t.endpoint,
    });
    expect(env.AWS_LAMBDA_LOG_STREAM_NAME).toMatch(/\[\$LATEST\][0-9a-f]{32}$/);
    expect(env.LAMBDA_TASK_ROOT).toBeTruthy();
    expect(env.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(env.AWS_SECRET_ACCESS_KEY).toBeTruthy();
    expect(env.AWS_SESSION_TOKEN).toBeTruthy();
    expect(env.LOCAL_CLOUD_TEST_SECRET).toBeUndefined();
    expect(env.HOME).not.toBe(process.env.HOME);
  });

  it('reports a thrown error as a function error with the Node shape (trace)', async () => {
    const out = await invoke('throw', { detail: 'x' });
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBe('Unhandled');
    const error = decode(out.Payload) as { errorType: string; errorMessage: string; trace: string[] };
    expect(error.errorType).toBe('TypeError');
    expect(error.errorMessage).toBe('boom: x');
    expect(error.trace[0]).toBe('TypeError: boom: x');
    expect(Object.keys(error)).toEqual(['errorType', 'errorMessage', 'trace']);
  });

  it('reports a thrown non-error', async () => {
    const out = await invoke('throw-string');
    expect(decode(out.Payload)).toEqual({ errorType: 'string', errorMessage: 'plain string', trace: [] });
  });

  it('supports callback handlers and callbackWaitsForEmptyEventLoop', async () => {
    const name = uniqueName('cb');
    await t.create(name, FILES, { Handler: 'cb.handler' });
    const waited = Date.now();
    const out = await t.lambda.send(new InvokeCommand({ FunctionName: name, Payload: encode({}) }));
    expect(decode(out.Payload)).toEqual({ firedAtCallback: false });
    expect(Date.now() - waited).toBeGreaterThanOrEqual(280);

    const failed = await t.lambda.send(
      new InvokeCommand({ FunctionName: name, Payload: encode({ error: true }) }),
    );
    expect(failed.FunctionError).toBe('Unhandled');
    expect(decode(failed.Payload)).toMatchObject({ errorType: 'Error', errorMessage: 'callback failure' });

    const succeed = await t.lambda.send(
      new InvokeCommand({ FunctionName: name, Payload: encode({ succeed: true }) }),
    );
    expect(decode(succeed.Payload)).toEqual({ via: 'succeed' });

    // Last (its timer stays pending in the frozen environment): without waiting for the event loop, the
    // answer comes long before a 3 s timer.
    const quick = Date.now();
    const fast = await t.lambda.send(
      new InvokeCommand({ FunctionName: name, Payload: encode({ wait: false, ms: 3000 }) }),
    );
    expect(decode(fast.Payload)).toEqual({ firedAtCallback: false });
    expect(Date.now() - quick).toBeLessThan(2000);
  });

  it('answers null for a sync handler that never calls back, once its event loop is empty', async () => {
    const name = uniqueName('plain');
    await t.create(name, FILES, { Handler: 'cb.plain' });
    const out = await t.lambda.send(new InvokeCommand({ FunctionName: name, Payload: encode({}) }));
    expect(out.FunctionError).toBeUndefined();
    expect(Buffer.from(out.Payload ?? []).toString()).toBe('null');
  });

  it('fails an async handler whose promise never settles once the event loop is empty', async () => {
    const out = await invoke('never-settles');
    expect(out.FunctionError).toBe('Unhandled');
    expect(decode(out.Payload)).toMatchObject({ errorType: 'Runtime.NodeJsExit' });
  });

  it('loads ES modules and nested handler paths', async () => {
    const esm = uniqueName('esm');
    await t.create(esm, FILES, { Handler: 'esm.handler' });
    const out = await t.lambda.send(new InvokeCommand({ FunctionName: esm, Payload: encode({ a: 1 }) }));
    expect(decode(out.Payload)).toEqual({ esm: true, event: { a: 1 } });

    const nested = uniqueName('nested');
    await t.create(nested, FILES, { Handler: 'src/app.api.get' });
    const res = await t.lambda.send(new InvokeCommand({ FunctionName: nested }));
    expect(decode(res.Payload)).toBe('nested');

    const moduleType = uniqueName('type-module');
    await t.create(
      moduleType,
      { 'package.json': '{"type":"module"}', 'index.js': 'export const handler = async () => "module js";' },
      { Handler: 'index.handler', Runtime: 'nodejs22.x' },
    );
    const typed = await t.lambda.send(new InvokeCommand({ FunctionName: moduleType }));
    expect(decode(typed.Payload)).toBe('module js');
  });

  it.each([
    ['missing.handler', 'Runtime.ImportModuleError', /Cannot find module 'missing'/],
    ['index.nothere', 'Runtime.HandlerNotFound', /^index\.nothere is undefined or not exported$/],
    ['notfn.handler', 'Runtime.HandlerNotFound', /^notfn\.handler is not a function$/],
    ['index', 'Runtime.MalformedHandlerName', /^Bad handler$/],
    ['../escape.handler', 'Runtime.MalformedHandlerName', /is not a valid handler name/],
    ['syntax.handler', 'Runtime.UserCodeSyntaxError', /SyntaxError/],
    ['init-throws.handler', 'Error', /^init failed$/],
  ])('reports init errors: %s → %s', async (handler: string, errorType: string, message: RegExp) => {
    const name = uniqueName('init');
    await t.create(name, FILES, { Handler: handler });
    const out = await t.lambda.send(new InvokeCommand({ FunctionName: name, Payload: encode({}) }));
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBe('Unhandled');
    const error = decode(out.Payload) as { errorType: string; errorMessage: string };
    expect(error.errorType).toBe(errorType);
    expect(error.errorMessage).toMatch(message);
  });

  it('refuses callback handlers on nodejs24.x as the nodejs24 runtime does', async () => {
    const name = uniqueName('cb24');
    await t.create(name, FILES, { Handler: 'cb.handler', Runtime: 'nodejs24.x' });
    const out = await t.lambda.send(new InvokeCommand({ FunctionName: name, Payload: encode({}) }));
    expect(decode(out.Payload)).toMatchObject({ errorType: 'Runtime.CallbackHandlerDeprecated' });
  });

  it('lets a handler call back into the local cloud through the AWS SDK (AWS_ENDPOINT_URL)', async () => {
    const out = await invoke('sdk');
    expect(out.FunctionError).toBeUndefined();
    expect(decode(out.Payload)).toEqual({ name: fn, endpoint: t.endpoint });
  });

  it('carries the recursion lineage: an Invoke made by a handler arrives one hop further', async () => {
    const out = await invoke('chain');
    const body = decode(out.Payload) as { requestId: string; traceId: string };
    expect(body.traceId).toMatch(
      /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0;Lineage=[0-9a-f]{8}:0$/,
    );
    const trace = (await (await fetch(`${t.endpoint}/_local-cloud/trace/${body.requestId}`)).json()) as {
      entries: Array<{ kind: string; hops?: number }>;
    };
    expect(trace.entries.find((entry) => entry.kind === 'enqueued')?.hops).toBe(1);
    await t.running.cloud.clock.settle();
  });
});

describe('isolation', () => {
  it('times out a hanging handler, kills its environment and keeps serving meanwhile', async () => {
    const name = uniqueName('hang');
    await t.create(name, FILES, { Timeout: 1 });
    const hanging = t.lambda.send(
      new InvokeCommand({ FunctionName: name, Payload: encode({ mode: 'hang' }) }),
    );
    // While it hangs, the server answers other calls and runs other functions.
    const other = await invoke('echo');
    expect(other.FunctionError).toBeUndefined();
    const out = await hanging;
    expect(out.FunctionError).toBe('Unhandled');
    expect(decode(out.Payload)).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${out.$metadata.requestId} Error: Task timed out after 1.00 seconds`,
    });
    // A fresh environment serves the next call.
    const again = await t.lambda.send(
      new InvokeCommand({ FunctionName: name, Payload: encode({ mode: 'echo' }) }),
    );
    expect(decode(again.Payload)).toMatchObject({ count: 1 });
  });

  it('reports process exits as Runtime.ExitError', async () => {
    const failed = await invoke('exit', { code: 3 });
    expect(decode(failed.Payload)).toEqual({
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${failed.$metadata.requestId} Error: Runtime exited with error: exit status 3`,
    });
    const clean = await invoke('exit', { code: 0 });
    expect(decode(clean.Payload)).toEqual({
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${clean.$metadata.requestId} Error: Runtime exited without providing a reason`,
    });
  });

  it('reports unhandled rejections and uncaught exceptions, then replaces the environment', async () => {
    const rejected = await invoke('reject');
    expect(rejected.FunctionError).toBe('Unhandled');
    expect(decode(rejected.Payload)).toMatchObject({
      errorType: 'Runtime.UnhandledPromiseRejection',
      errorMessage: 'Error: lost promise',
    });
    const uncaught = await invoke('uncaught');
    expect(decode(uncaught.Payload)).toMatchObject({ errorType: 'RangeError', errorMessage: 'from a timer' });
    const after = await invoke('echo');
    expect(decode(after.Payload)).toMatchObject({ count: 1 });
  });

  it('kills an environment that allocates without bound (memory cap) and keeps serving', async () => {
    const name = uniqueName('alloc');
    await t.create(name, FILES, { Timeout: 20, MemorySize: 128 });
    const outside = await t.lambda.send(
      new InvokeCommand({ FunctionName: name, Payload: encode({ mode: 'alloc' }) }),
    );
    expect(outside.FunctionError).toBe('Unhandled');
    expect(decode(outside.Payload)).toMatchObject({ errorType: 'Runtime.OutOfMemory' });
    const heap = await t.lambda.send(
      new InvokeCommand({ FunctionName: name, Payload: encode({ mode: 'heap' }) }),
    );
    expect(heap.FunctionError).toBe('Unhandled');
    expect(['Runtime.OutOfMemory', 'Runtime.ExitError']).toContain(
      (decode(heap.Payload) as { errorType: string }).errorType,
    );
    const ok = await t.lambda.send(
      new InvokeCommand({ FunctionName: name, Payload: encode({ mode: 'echo' }) }),
    );
    expect(ok.FunctionError).toBeUndefined();
  });

  it('refuses a response over 6 MB as Function.ResponseSizeTooLarge', async () => {
    const out = await invoke('big');
    expect(out.FunctionError).toBe('Unhandled');
    expect(decode(out.Payload)).toMatchObject({ errorType: 'Function.ResponseSizeTooLarge' });
  });
});

describe('execution environments', () => {
  it('reuses a warm environment and cold-starts another for a concurrent invocation', async () => {
    const name = uniqueName('warm');
    await t.create(name, FILES);
    const first = decode(
      (await t.lambda.send(new InvokeCommand({ FunctionName: name, Payload: encode({ mode: 'echo' }) })))
        .Payload,
    ) as { count: number; pid: number };
    const second = decode(
      (await t.lambda.send(new InvokeCommand({ FunctionName: name, Payload: encode({ mode: 'echo' }) })))
        .Payload,
    ) as { count: number; pid: number };
    expect(first.count).toBe(1);
    expect(second).toMatchObject({ count: 2, pid: first.pid });
    const [a, b] = await Promise.all([
      t.lambda.send(new InvokeCommand({ FunctionName: name, Payload: encode({ mode: 'sleep', ms: 300 }) })),
      t.lambda.send(new InvokeCommand({ FunctionName: name, Payload: encode({ mode: 'sleep', ms: 300 }) })),
    ]);
    const pids = new Set([
      (decode(a.Payload) as { pid: number }).pid,
      (decode(b.Payload) as { pid: number }).pid,
    ]);
    expect(pids.size).toBe(2);
  });

  it('retires warm environments when the code or the configuration changes', async () => {
    const name = uniqueName('update');
    await t.create(name, FILES, { Environment: { Variables: { VAR: 'one' } } });
    const before = decode(
      (await t.lambda.send(new InvokeCommand({ FunctionName: name, Payload: encode({ mode: 'env' }) })))
        .Payload,
    ) as { env: Record<string, string> };
    expect(before.env.VAR).toBe('one');
    await t.lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: name,
        Environment: { Variables: { VAR: 'two' } },
      }),
    );
    const after = decode(
      (await t.lambda.send(new InvokeCommand({ FunctionName: name, Payload: encode({ mode: 'env' }) })))
        .Payload,
    ) as { env: Record<string, string> };
    expect(after.env.VAR).toBe('two');
    await t.lambda.send(
      new UpdateFunctionCodeCommand({
        FunctionName: name,
        ZipFile: zip({ 'index.js': "exports.handler = async () => 'v2';" }),
      }),
    );
    const code = await t.lambda.send(new InvokeCommand({ FunctionName: name }));
    expect(decode(code.Payload)).toBe('v2');
  });

  it('throttles beyond reserved concurrency with 429 TooManyRequestsException', async () => {
    const name = uniqueName('reserved');
    await t.create(name, FILES, { Timeout: 10 });
    await t.lambda.send(
      new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: 1 }),
    );
    const slow = t.lambda.send(
      new InvokeCommand({ FunctionName: name, Payload: encode({ mode: 'sleep', ms: 1500 }) }),
    );
    await until(async () => (await inFlight(name)) >= 1);
    const error = await once
      .send(new InvokeCommand({ FunctionName: name, Payload: encode({ mode: 'echo' }) }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyRequestsException);
    expect((error as TooManyRequestsException).message).toBe('Rate Exceeded.');
    expect((error as TooManyRequestsException).Reason).toBe(
      'ReservedFunctionConcurrentInvocationLimitExceeded',
    );
    expect((error as TooManyRequestsException).$metadata.httpStatusCode).toBe(429);
    expect((await slow).FunctionError).toBeUndefined();

    await t.lambda.send(
      new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: 0 }),
    );
    await expect(once.send(new InvokeCommand({ FunctionName: name }))).rejects.toMatchObject({
      name: 'TooManyRequestsException',
    });
  });
});

describe('invocation types and limits', () => {
  it('answers DryRun with 204', async () => {
    const out = await t.lambda.send(new InvokeCommand({ FunctionName: fn, InvocationType: 'DryRun' }));
    expect(out.StatusCode).toBe(204);
  });

  it('accepts an Event invoke with 202 and runs it with the request id as awsRequestId', async () => {
    const out = await t.lambda.send(
      new InvokeCommand({ FunctionName: fn, InvocationType: 'Event', Payload: encode({ mode: 'log' }) }),
    );
    expect(out.StatusCode).toBe(202);
    expect(out.Payload?.length ?? 0).toBe(0);
    const requestId = out.$metadata.requestId as string;
    await t.running.cloud.clock.settle();
    const events = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: `/aws/lambda/${fn}`,
        filterPattern: `"START RequestId: ${requestId}"`,
      }),
    );
    expect(events.events?.length).toBe(1);
  });

  it('accepts the legacy InvokeAsync with 202', async () => {
    const out = await t.lambda.send(
      new InvokeAsyncCommand({ FunctionName: fn, InvokeArgs: Buffer.from(JSON.stringify({ mode: 'echo' })) }),
    );
    expect(out.Status).toBe(202);
    await t.running.cloud.clock.settle();
  });

  it('refuses payloads over the limits with 413', async () => {
    const big = Buffer.from(JSON.stringify({ pad: 'x'.repeat(6 * 1024 * 1024) }));
    await expect(t.lambda.send(new InvokeCommand({ FunctionName: fn, Payload: big }))).rejects.toMatchObject({
      name: 'RequestEntityTooLargeException',
      message: 'Request must be smaller than 6291456 bytes for the InvokeFunction operation',
      $metadata: { httpStatusCode: 413 },
    });
    const event = Buffer.from(JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }));
    await expect(
      t.lambda.send(new InvokeCommand({ FunctionName: fn, InvocationType: 'Event', Payload: event })),
    ).rejects.toMatchObject({
      message: `${event.length} byte payload is too large for the Event invocation type (limit 1048576 bytes)`,
      $metadata: { httpStatusCode: 413 },
    });
  });

  it('refuses a payload that is not JSON', async () => {
    await expect(
      t.lambda.send(new InvokeCommand({ FunctionName: fn, Payload: Buffer.from('not json') })),
    ).rejects.toMatchObject({ name: 'InvalidRequestContentException', $metadata: { httpStatusCode: 400 } });
  });

  it('refuses to run a runtime the local Node cannot run (accepted at CreateFunction)', async () => {
    const name = uniqueName('py');
    await t.create(
      name,
      { 'handler.py': 'def handler(e, c): return 1' },
      { Runtime: 'python3.12', Handler: 'handler.handler' },
    );
    await expect(t.lambda.send(new InvokeCommand({ FunctionName: name }))).rejects.toMatchObject({
      name: 'InvalidRuntimeException',
      message: expect.stringContaining('local-cloud cannot run runtime python3.12 locally'),
      $metadata: { httpStatusCode: 502 },
    });
  });

  it('answers ResourceNotFoundException for an unknown function', async () => {
    await expect(t.lambda.send(new InvokeCommand({ FunctionName: 'nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope',
      $metadata: { httpStatusCode: 404 },
    });
  });
});

describe('logs', () => {
  it('returns the log tail and writes START / console / END / REPORT lines to CloudWatch Logs', async () => {
    const name = uniqueName('logs');
    await t.create(name, FILES);
    const out = await t.lambda.send(
      new InvokeCommand({ FunctionName: name, Payload: encode({ mode: 'log' }), LogType: 'Tail' }),
    );
    const id = out.$metadata.requestId as string;
    const tail = Buffer.from(out.LogResult ?? '', 'base64').toString('utf8');
    expect(tail).toContain(`START RequestId: ${id} Version: $LATEST\n`);
    expect(tail).toMatch(
      new RegExp(`\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z\\t${id}\\tINFO\\tline one\\rline two\\n`),
    );
    expect(tail).toContain(`\t${id}\tWARN\tcareful 42\n`);
    expect(tail).toContain(`\t${id}\tERROR\tbad { x: 1 }\n`);
    expect(tail).toContain(`\t${id}\tDEBUG\tdetails\n`);
    expect(tail).toContain('raw stdout\n');
    expect(tail).toContain(`END RequestId: ${id}\n`);
    expect(tail).toMatch(
      new RegExp(
        `REPORT RequestId: ${id}\\tDuration: \\d+\\.\\d{2} ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: \\d+\\.\\d{2} ms\\t\\n`,
      ),
    );

    const events = await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${name}` }));
    const messages = (events.events ?? []).map((e) => e.message ?? '');
    expect(messages.some((m) => m === `START RequestId: ${id} Version: $LATEST\n`)).toBe(true);
    expect(messages.some((m) => m.startsWith(`REPORT RequestId: ${id}\t`))).toBe(true);
    expect(messages.some((m) => m.endsWith('\tINFO\tline one\rline two\n'))).toBe(true);
    expect(events.events?.[0]?.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);

    // A warm invocation has no Init Duration.
    const warm = await t.lambda.send(new InvokeCommand({ FunctionName: name, LogType: 'Tail' }));
    expect(Buffer.from(warm.LogResult ?? '', 'base64').toString()).not.toContain('Init Duration');
  });
});

describe('JSON log format', () => {
  it('writes JSON application lines filtered by ApplicationLogLevel, and platform records', async () => {
    const name = uniqueName('jsonlogs');
    await t.create(name, FILES, { LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'WARN' } });
    const out = await t.lambda.send(
      new InvokeCommand({ FunctionName: name, Payload: encode({ mode: 'log' }), LogType: 'Tail' }),
    );
    const id = out.$metadata.requestId as string;
    const lines = Buffer.from(out.LogResult ?? '', 'base64')
      .toString()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const app = lines.filter((line) => 'level' in line);
    expect(app.map((line) => line.level)).toEqual(['WARN', 'ERROR']);
    expect(app[0]).toMatchObject({ requestId: id, message: 'careful 42' });
    expect(lines.find((line) => line.type === 'platform.start')).toMatchObject({
      record: { requestId: id, version: '$LATEST' },
    });
    expect(lines.find((line) => line.type === 'platform.report')).toMatchObject({
      record: { requestId: id, status: 'success', metrics: { memorySizeMB: 128 } },
    });
  });
});

describe('fault injection', () => {
  const fault = async (body: unknown, method = 'POST'): Promise<unknown> => {
    const res = await fetch(`${t.endpoint}/_local-cloud/faults`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: method === 'POST' ? JSON.stringify(body) : undefined,
    });
    return res.json();
  };

  it('makes the next invocations fail as throttle, system error, timeout or init crash', async () => {
    const name = uniqueName('faults');
    await t.create(name, FILES);
    await fault({ functionName: name, kind: 'throttle', count: 2 });
    expect(await fault(undefined, 'GET')).toEqual({
      faults: [{ functionName: name, kind: 'throttle', remaining: 2 }],
    });
    for (let i = 0; i < 2; i++) {
      await expect(once.send(new InvokeCommand({ FunctionName: name }))).rejects.toMatchObject({
        name: 'TooManyRequestsException',
        $metadata: { httpStatusCode: 429 },
      });
    }
    expect((await t.lambda.send(new InvokeCommand({ FunctionName: name }))).FunctionError).toBeUndefined();

    await fault({ functionName: name, kind: 'system' });
    await expect(once.send(new InvokeCommand({ FunctionName: name }))).rejects.toMatchObject({
      name: 'ServiceException',
      $metadata: { httpStatusCode: 500 },
    });
    await fault({ functionName: name, kind: 'timeout' });
    const timedOut = await t.lambda.send(new InvokeCommand({ FunctionName: name }));
    expect(decode(timedOut.Payload)).toMatchObject({ errorType: 'Sandbox.Timedout' });
    await fault({ functionName: name, kind: 'init-crash' });
    const crashed = await t.lambda.send(new InvokeCommand({ FunctionName: name }));
    expect(decode(crashed.Payload)).toMatchObject({ errorType: 'Runtime.ExitError' });

    await fault({ functionName: name, kind: 'throttle', count: 5 });
    await fault(undefined, 'DELETE');
    expect(await fault(undefined, 'GET')).toEqual({ faults: [] });
  });
});

describe('idle environments', () => {
  it('reaps an idle environment after its idle time, in wall time even on a scaled clock', async () => {
    const previous = process.env.LOCAL_CLOUD_LAMBDA_IDLE_SECONDS;
    process.env.LOCAL_CLOUD_LAMBDA_IDLE_SECONDS = '0.3';
    const scaled = await startLambdaCloud({ timeScale: 0.001 });
    if (previous === undefined) delete process.env.LOCAL_CLOUD_LAMBDA_IDLE_SECONDS;
    else process.env.LOCAL_CLOUD_LAMBDA_IDLE_SECONDS = previous;
    try {
      const name = uniqueName('reap');
      await scaled.create(name, FILES);
      await scaled.lambda.send(new InvokeCommand({ FunctionName: name, Payload: encode({ mode: 'echo' }) }));
      const live = async (): Promise<number> => {
        const res = await fetch(`${scaled.endpoint}/_local-cloud/lambda-runtime`);
        const body = (await res.json()) as {
          environments: { perFunction: Record<string, { live: number }> };
        };
        return body.environments.perFunction[name]?.live ?? 0;
      };
      // 0.3 s of wall time, whatever the scale (it would be 0.3 ms of wall time if the clock scaled it).
      await until(async () => (await live()) === 0);
      const again = await scaled.lambda.send(
        new InvokeCommand({ FunctionName: name, Payload: encode({ mode: 'echo' }), LogType: 'Tail' }),
      );
      expect(Buffer.from(again.LogResult ?? '', 'base64').toString()).toContain('Init Duration');
    } finally {
      await scaled.stop();
    }
  });
});

describe('AWS CLI', () => {
  it('invokes a function with `aws lambda invoke`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lambda-cli-'));
    const outfile = join(dir, 'out.json');
    const { stdout } = await promisify(execFile)(
      'aws',
      [
        'lambda',
        'invoke',
        '--function-name',
        fn,
        '--payload',
        '{"mode":"echo","cli":true}',
        '--endpoint-url',
        t.endpoint,
        outfile,
      ],
      {
        env: {
          PATH: process.env.PATH,
          HOME: dir,
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_DEFAULT_REGION: 'us-east-1',
        },
      },
    );
    expect(JSON.parse(stdout)).toMatchObject({ StatusCode: 200, ExecutedVersion: '$LATEST' });
    expect(JSON.parse(readFileSync(outfile, 'utf8'))).toMatchObject({ event: { mode: 'echo', cli: true } });
  });
});
