/**
 * Where the integration tests, the demo and the benchmark run: the embedded local cloud (default) or a
 * deployed stack on AWS.
 *
 * - local (default): the integration harness starts a local cloud of its own, deploys the `local` stack to it
 *   and points `LOCAL_CLOUD_ENDPOINT` and `OUTPUTS_FILE` at it.
 * - aws: `INTEGRATION_TARGET=aws STAGE=dev` (or prod) plus the usual AWS credential and region variables;
 *   `OUTPUTS_FILE` is the file written by `cdktf output <stage> --outputs-file <file>`.
 */
export type TargetKind = 'local' | 'aws';

export interface Target {
  kind: TargetKind;
  /** The cdktf stack whose outputs are read (the key of the outputs file). */
  stack: string;
  region: string;
  /** The local cloud's endpoint (local only). */
  endpoint: string | undefined;
}

export const DEFAULT_LOCAL_ENDPOINT = 'http://127.0.0.1:4580';
export const LOCAL_REGION = 'us-east-1';

export function targetFromEnv(env: NodeJS.ProcessEnv = process.env): Target {
  const kind = (env.INTEGRATION_TARGET?.trim() || 'local') as TargetKind;
  if (kind !== 'local' && kind !== 'aws') {
    throw new Error(`INTEGRATION_TARGET must be "local" or "aws", got "${kind}"`);
  }
  if (kind === 'aws') {
    const stack = env.STAGE?.trim() || 'dev';
    if (stack !== 'dev' && stack !== 'prod')
      throw new Error(`STAGE must be dev or prod for AWS, got "${stack}"`);
    return {
      kind,
      stack,
      region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
      endpoint: undefined,
    };
  }
  return {
    kind,
    stack: 'local',
    region: LOCAL_REGION,
    endpoint: (env.LOCAL_CLOUD_ENDPOINT?.trim() || DEFAULT_LOCAL_ENDPOINT).replace(/\/$/, ''),
  };
}

/** One line for logs: `local cloud at http://…` or `AWS dev stack in eu-west-1`. */
export function describeTarget(target: Target): string {
  return target.kind === 'local'
    ? `local cloud at ${target.endpoint} (stack "${target.stack}")`
    : `AWS, stack "${target.stack}" in ${target.region}`;
}
