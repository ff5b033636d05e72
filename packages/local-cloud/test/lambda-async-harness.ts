import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { Cloud, type CloudConfig, configFromEnv } from '../src/core/cloud';
import { AwsError } from '../src/core/errors';
import type { RestRoute } from '../src/core/service';
import { LocalCloudServer } from '../src/server';
import { installEvents } from '../src/services/events/api';
import { installIam } from '../src/services/iam/api';
import { AsyncEngine } from '../src/services/lambda/async';
import type {
  FunctionVersion,
  InvokeOptions,
  InvokeOutcome,
  LambdaEngine,
} from '../src/services/lambda/types';
import { installSqs } from '../src/services/sqs/api';

/**
 * Model-test harness for the asynchronous engine: a Cloud with the real IAM, SQS and EventBridge services,
 * the real async engine, and a fake `LambdaEngine` that runs JS functions in-process (the real runtime is the
 * other half's). The Invoke route here only stands in for the control plane's (202 + enqueue for Event).
 */

export type Fault = 'throttle' | 'system' | 'timeout' | 'crash';

export interface FakeContext {
  awsRequestId: string;
  attempt: number;
}

export type FakeHandler = (event: unknown, context: FakeContext) => unknown;

interface FakeFunction {
  version: FunctionVersion;
  handler: FakeHandler;
  faults: Fault[];
  policy?: string;
  attempts: Map<string, number>;
  recursiveLoop?: 'Allow' | 'Terminate';
}

export interface Invocation {
  functionName: string;
  requestId: string;
  payload: string;
  invocationType: string;
  wallMs: number;
}

export class FakeEngine implements LambdaEngine {
  readonly functions = new Map<string, FakeFunction>();
  readonly invocations: Invocation[] = [];
  private readonly listeners: Array<(name: string) => void> = [];

  constructor(private readonly cloud: Cloud) {}

  add(
    name: string,
    handler: FakeHandler,
    options: {
      role: string;
      dlq?: string;
      reserved?: number;
      policy?: string;
      recursiveLoop?: 'Allow' | 'Terminate';
    },
  ): FunctionVersion {
    const version: FunctionVersion = {
      functionName: name,
      functionArn: this.cloud.arn('lambda', `function:${name}`),
      version: '$LATEST',
      runtime: 'nodejs20.x',
      handler: 'index.handler',
      role: options.role,
      memorySize: 128,
      timeout: 3,
      environment: {},
      deadLetterTargetArn: options.dlq,
      reservedConcurrency: options.reserved,
      codeSha256: 'fake',
      logGroupName: `/aws/lambda/${name}`,
    };
    const fn: FakeFunction = { version, handler, faults: [], attempts: new Map() };
    if (options.policy) fn.policy = options.policy;
    if (options.recursiveLoop) fn.recursiveLoop = options.recursiveLoop;
    this.functions.set(name, fn);
    return version;
  }

  update(name: string, changes: Partial<FunctionVersion>): void {
    const fn = this.functions.get(name);
    if (fn) fn.version = { ...fn.version, ...changes };
  }

  inject(name: string, ...faults: Fault[]): void {
    this.functions.get(name)?.faults.push(...faults);
  }

  delete(name: string): void {
    this.functions.delete(name);
    for (const listener of this.listeners) listener(name);
  }

  recursiveLoop(name: string): string | undefined {
    return this.functions.get(name)?.recursiveLoop;
  }

  resolve(functionNameOrArn: string, qualifier?: string): FunctionVersion | undefined {
    const name = functionNameOrArn.startsWith('arn:')
      ? (functionNameOrArn.split(':')[6] ?? '')
      : functionNameOrArn;
    const fn = this.functions.get(name);
    if (!fn) return undefined;
    if (qualifier !== undefined && qualifier !== '$LATEST') return undefined;
    return fn.version;
  }

  async invoke(fnv: FunctionVersion, payload: Buffer, options: InvokeOptions): Promise<InvokeOutcome> {
    const fn = this.functions.get(fnv.functionName);
    if (!fn) throw new AwsError('ResourceNotFoundException', `Function not found: ${fnv.functionArn}`, 404);
    const fault = fn.faults.shift();
    this.invocations.push({
      functionName: fnv.functionName,
      requestId: options.requestId,
      payload: payload.toString('utf8'),
      invocationType: options.invocationType,
      wallMs: Date.now(),
    });
    if (fault === 'throttle') {
      throw new AwsError('TooManyRequestsException', 'Rate Exceeded.', 429, {
        extra: { Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' },
      });
    }
    if (fault === 'system') throw new AwsError('ServiceException', 'local-cloud: injected system error', 500);
    const base = { requestId: options.requestId, executedVersion: '$LATEST', durationMs: 1 };
    if (fault === 'timeout' || fault === 'crash') {
      const errorType = fault === 'timeout' ? 'Sandbox.Timedout' : 'Runtime.ExitError';
      const errorMessage =
        fault === 'timeout'
          ? `RequestId: ${options.requestId} Error: Task timed out after 3.00 seconds`
          : `RequestId: ${options.requestId} Error: Runtime exited without providing a reason`;
      return {
        ...base,
        payload: Buffer.from(JSON.stringify({ errorType, errorMessage })),
        functionError: 'Unhandled',
        errorType,
        errorMessage,
      };
    }
    const attempt = (fn.attempts.get(options.requestId) ?? 0) + 1;
    fn.attempts.set(options.requestId, attempt);
    try {
      const event = JSON.parse(payload.toString('utf8'));
      const result = await fn.handler(event, { awsRequestId: options.requestId, attempt });
      return { ...base, payload: Buffer.from(result === undefined ? 'null' : JSON.stringify(result)) };
    } catch (error) {
      const err = error as Error;
      // The Node.js runtime's error shape (reference/aws-async-semantics.md §1): key `trace`.
      const body = { errorType: err.name, errorMessage: err.message, trace: (err.stack ?? '').split('\n') };
      return {
        ...base,
        payload: Buffer.from(JSON.stringify(body)),
        functionError: 'Unhandled',
        errorType: err.name,
        errorMessage: err.message,
      };
    }
  }

  resourcePolicy(functionName: string): string | undefined {
    return this.functions.get(functionName)?.policy;
  }

  onDeleted(listener: (functionName: string) => void): void {
    this.listeners.push(listener);
  }
}

/** Stand-in for the control plane's Invoke route: Event → enqueue + 202 with an empty body. */
function invokeRoute(engine: FakeEngine, invoker: AsyncEngine): RestRoute {
  return {
    method: 'POST',
    path: '/2015-03-31/functions/{FunctionName}/invocations',
    operation: 'Invoke',
    handler: async (request, ctx) => {
      const fn = engine.resolve(request.params.FunctionName as string);
      if (!fn) throw new AwsError('ResourceNotFoundException', 'Function not found', 404);
      if (request.headers['x-amz-invocation-type'] === 'Event') {
        invoker.enqueue(fn, request.body, { requestId: ctx.requestId, hops: 0 });
        return { status: 202 };
      }
      const outcome = await engine.invoke(fn, request.body, {
        requestId: ctx.requestId,
        invocationType: 'RequestResponse',
      });
      return {
        status: 200,
        headers: {
          'X-Amz-Executed-Version': outcome.executedVersion,
          ...(outcome.functionError ? { 'X-Amz-Function-Error': outcome.functionError } : {}),
        },
        body: outcome.payload,
      };
    },
  };
}

export interface Harness {
  cloud: Cloud;
  engine: FakeEngine;
  invoker: AsyncEngine;
  endpoint: string;
  lambda: LambdaClient;
  sqs: SQSClient;
  iam: IAMClient;
  events: EventBridgeClient;
  stop(): Promise<void>;
  /** Creates a role trusted by Lambda whose inline policy allows `actions` on `*`. */
  role(name: string, actions: string[]): Promise<string>;
  queue(name: string, attributes?: Record<string, string>): Promise<{ url: string; arn: string }>;
  /** Receives everything currently visible in a queue. */
  drain(url: string, max?: number): Promise<Message[]>;
  settle(): Promise<void>;
  control(path: string, method?: string): Promise<unknown>;
}

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

export async function startHarness(
  overrides: Partial<CloudConfig> = {},
  beforeStart?: (engine: FakeEngine) => void,
): Promise<Harness> {
  const config: CloudConfig = { ...configFromEnv({}), port: 0, timeScale: 0.001, ...overrides };
  const cloud = new Cloud(config);
  const server = new LocalCloudServer(cloud);
  installIam(cloud);
  installSqs(cloud);
  installEvents(cloud);
  const engine = new FakeEngine(cloud);
  const invoker = new AsyncEngine(cloud, engine);
  cloud.addService({
    protocol: 'rest-json',
    signingName: 'lambda',
    routes: [...invoker.routes(), invokeRoute(engine, invoker)],
  });
  cloud.store.load();
  beforeStart?.(engine);
  await cloud.start();
  const port = await server.listen();
  const endpoint = `http://127.0.0.1:${port}`;
  const clientConfig = { endpoint, region: 'us-east-1', credentials };
  const lambda = new LambdaClient(clientConfig);
  const sqs = new SQSClient(clientConfig);
  const iam = new IAMClient(clientConfig);
  const events = new EventBridgeClient(clientConfig);
  let stopped = false;
  const harness: Harness = {
    cloud,
    engine,
    invoker,
    endpoint,
    lambda,
    sqs,
    iam,
    events,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const client of [lambda, sqs, iam, events]) client.destroy();
      await server.close();
      await cloud.stop();
    },
    async role(name, actions) {
      const created = await iam.send(
        new CreateRoleCommand({
          RoleName: name,
          AssumeRolePolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
            ],
          }),
        }),
      );
      if (actions.length > 0) {
        await iam.send(
          new PutRolePolicyCommand({
            RoleName: name,
            PolicyName: 'inline',
            PolicyDocument: JSON.stringify({
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
            }),
          }),
        );
      }
      return created.Role?.Arn as string;
    },
    async queue(name, attributes) {
      const created = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
      const url = created.QueueUrl as string;
      const attrs = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
      );
      return { url, arn: attrs.Attributes?.QueueArn as string };
    },
    async drain(url, max = 100) {
      const out: Message[] = [];
      while (out.length < max) {
        const received = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: url,
            MaxNumberOfMessages: 10,
            MessageAttributeNames: ['All'],
            MessageSystemAttributeNames: ['All'],
          }),
        );
        if (!received.Messages || received.Messages.length === 0) break;
        out.push(...received.Messages);
      }
      return out;
    },
    async settle() {
      const settled = await cloud.clock.settle(20_000);
      if (!settled) throw new Error(`local cloud did not settle: ${JSON.stringify(cloud.clock.stats())}`);
    },
    async control(path, method = 'GET') {
      const response = await fetch(`${endpoint}/_local-cloud/${path}`, { method });
      return response.json();
    },
  };
  return harness;
}

/** The trace entries of a request id. */
export function traceOf(cloud: Cloud, requestId: string): Array<Record<string, unknown>> {
  return (cloud.trace.get(requestId) ?? []) as Array<Record<string, unknown>>;
}
