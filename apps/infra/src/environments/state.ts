import type { StackName, StateBackend, SynthEnv } from './types';

/**
 * A local state file outside `cdktf.out/` (which turbo restores from its cache) in
 * `apps/infra/.terraform-state/<stack>.tfstate`. Relative to the stack's working directory
 * `cdktf.out/stacks/<stack>`, so the synthesized JSON does not depend on where the repo is checked out.
 */
export function localState(stack: StackName): StateBackend {
  return { kind: 'local', path: `../../../.terraform-state/${stack}.tfstate` };
}

/**
 * The state of a cloud environment: an S3 backend when `TF_STATE_BUCKET` is set (`TF_STATE_REGION`
 * required with it, `TF_STATE_LOCK_TABLE` optional), key `lambda-chain/<stack>/terraform.tfstate`.
 *
 * FALLBACK: when `TF_STATE_BUCKET` is unset (a laptop, CI synth) the stack gets a local backend instead
 * (`localState`), so synth never needs cloud settings. Deploying a shared environment with local state is
 * a mistake the README warns about: set the bucket before `cdktf deploy dev|prod`.
 */
export function cloudState(stack: StackName, env: SynthEnv): StateBackend {
  const bucket = env.TF_STATE_BUCKET?.trim();
  if (!bucket) return localState(stack);
  const region = env.TF_STATE_REGION?.trim();
  if (!region)
    throw new Error('TF_STATE_BUCKET is set but TF_STATE_REGION is not: set the bucket region too');
  const lockTable = env.TF_STATE_LOCK_TABLE?.trim();
  return {
    kind: 's3',
    bucket,
    region,
    key: `lambda-chain/${stack}/terraform.tfstate`,
    ...(lockTable ? { lockTable } : {}),
  };
}
