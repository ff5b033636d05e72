import { devEnvironment } from './dev';
import { localEnvironment } from './local';
import { prodEnvironment } from './prod';
import type { EnvironmentConfig, StackName, SynthEnv } from './types';

export { devEnvironment } from './dev';
export { DEFAULT_LOCAL_CLOUD_ENDPOINT, localEnvironment } from './local';
export { prodEnvironment } from './prod';
export * from './types';

/** Every environment's configuration, read from `env` at synth. */
export function environments(env: SynthEnv = process.env): Record<StackName, EnvironmentConfig> {
  return { local: localEnvironment(env), dev: devEnvironment(env), prod: prodEnvironment(env) };
}
