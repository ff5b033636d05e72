/**
 * Where the integration tests and the demo run: the embedded local cloud (default) or a deployed stack on
 * AWS. Switch with `INTEGRATION_TARGET=aws` plus `STAGE=dev` (or prod) and the usual AWS credential and
 * region variables; the outputs file then comes from `cdktf output <stage> --outputs-file`.
 */
export type TargetKind = 'local' | 'aws';

export interface Target {
  kind: TargetKind;
  /** The cdktf stack whose outputs the tests read. */
  stack: string;
  region: string;
  /** The local cloud's endpoint (local only). */
  endpoint: string | undefined;
}

export function targetFromEnv(env: NodeJS.ProcessEnv = process.env): Target {
  const kind = (env.INTEGRATION_TARGET ?? 'local') as TargetKind;
  if (kind !== 'local' && kind !== 'aws') {
    throw new Error(`INTEGRATION_TARGET must be "local" or "aws", got "${kind}"`);
  }
  if (kind === 'aws') {
    const stack = env.STAGE ?? 'dev';
    if (stack !== 'dev' && stack !== 'prod') throw new Error(`STAGE must be dev or prod for AWS, got "${stack}"`);
    return { kind, stack, region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1', endpoint: undefined };
  }
  return {
    kind,
    stack: 'local',
    region: 'us-east-1',
    endpoint: env.LOCAL_CLOUD_ENDPOINT ?? 'http://127.0.0.1:4580',
  };
}
