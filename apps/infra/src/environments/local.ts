import { devEnvironment } from './dev';
import { localState } from './state';
import type { EnvironmentConfig, SynthEnv } from './types';

export const DEFAULT_LOCAL_CLOUD_ENDPOINT = 'http://127.0.0.1:4580';

/**
 * The dev configuration deployed by the real Terraform to the embedded local cloud. It differs from dev
 * ONLY in the provider (endpoint, static credentials, us-east-1) and the state backend (always local):
 * the resources are the same, so what passes here is what deploys to dev.
 * `LOCAL_CLOUD_ENDPOINT` is read at synth and written into the synthesized stack. `LOCAL_CLOUD_STATE_FILE`
 * (relative to the stack's directory, or absolute) gives a deployment its own state, as the integration
 * tests do for the cloud they start, so they never touch the state of the cloud you deploy to by hand.
 */
export function localEnvironment(env: SynthEnv = process.env): EnvironmentConfig {
  const endpoint = env.LOCAL_CLOUD_ENDPOINT?.trim() || DEFAULT_LOCAL_CLOUD_ENDPOINT;
  if (!URL.canParse(endpoint)) throw new Error(`LOCAL_CLOUD_ENDPOINT is not a URL: ${endpoint}`);
  return {
    ...devEnvironment(env),
    stackName: 'local',
    // The local cloud's region, whatever region dev moves to.
    region: 'us-east-1',
    provider: { kind: 'local-cloud', endpoint },
    state: env.LOCAL_CLOUD_STATE_FILE?.trim()
      ? { kind: 'local', path: env.LOCAL_CLOUD_STATE_FILE.trim() }
      : localState('local'),
  };
}
