import { cloudState } from './state';
import type { EnvironmentConfig, SynthEnv } from './types';

/** Development on AWS: mock external services, fast failure feedback (no retries), short log retention. */
export function devEnvironment(env: SynthEnv = process.env): EnvironmentConfig {
  return {
    stackName: 'dev',
    namePrefix: 'lc-dev',
    region: 'us-east-1',
    async: { retryAttempts: 0, maxEventAgeSeconds: 900 },
    logRetentionDays: 7,
    sqsManagedSse: false,
    reservedConcurrency: {},
    lambda: { memorySize: 256, timeoutSeconds: 10 },
    httpTimeoutMs: 3000,
    tags: { Project: 'lambda-destinations-chain', Environment: 'dev', ManagedBy: 'cdktf' },
    externalServices: { kind: 'mock' },
    provider: { kind: 'aws' },
    state: cloudState('dev', env),
  };
}
