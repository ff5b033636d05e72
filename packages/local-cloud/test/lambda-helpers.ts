import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateFunctionCommand, type CreateFunctionCommandInput, LambdaClient } from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import { type RunningLocalCloud, startLocalCloud } from '../src/index';

/** Shared setup for the Lambda control-plane / runtime tests (not a test file itself). */

export const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** A deployment package built in memory. */
export function zip(files: Record<string, string>): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const [name, text] of Object.entries(files)) entries[name] = strToU8(text);
  return zipSync(entries, { level: 1 });
}

export const TRUST_LAMBDA = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

export interface LambdaTestCloud {
  running: RunningLocalCloud;
  endpoint: string;
  lambda: LambdaClient;
  iam: IAMClient;
  role: string;
  create(
    name: string,
    files: Record<string, string>,
    extra?: Partial<CreateFunctionCommandInput>,
  ): Promise<void>;
  stop(): Promise<void>;
}

let counter = 0;
export const uniqueName = (prefix: string): string => `${prefix}-${process.pid}-${++counter}`;

export async function startLambdaCloud(options: { timeScale?: number } = {}): Promise<LambdaTestCloud> {
  const running = await startLocalCloud({
    port: 0,
    ...(options.timeScale ? { timeScale: options.timeScale } : {}),
  });
  const endpoint = running.endpoint;
  const config = { endpoint, region: 'us-east-1', credentials };
  const lambda = new LambdaClient(config);
  const iam = new IAMClient(config);
  const created = await iam.send(
    new CreateRoleCommand({ RoleName: `lambda-test-${process.pid}`, AssumeRolePolicyDocument: TRUST_LAMBDA }),
  );
  const role = created.Role?.Arn as string;
  return {
    running,
    endpoint,
    lambda,
    iam,
    role,
    async create(name, files, extra = {}) {
      await lambda.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: role,
          Code: { ZipFile: zip(files) },
          Timeout: 3,
          ...extra,
        }),
      );
    },
    async stop() {
      lambda.destroy();
      iam.destroy();
      await running.stop();
    },
  };
}

export const decode = (payload: Uint8Array | undefined): unknown =>
  payload && payload.length > 0 ? JSON.parse(Buffer.from(payload).toString('utf8')) : undefined;

export const encode = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value));
