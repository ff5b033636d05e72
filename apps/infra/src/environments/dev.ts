import { cloudState } from './state';
import type { EnvironmentConfig, SynthEnv } from './types';

/**
 * Development on AWS: mock external services, AWS's default two retries with a short maximum event age
 * (5 min: long enough for the 60 s + 120 s retry path, short enough to see EventAgeExceeded quickly),
 * short log retention.
 */
export function devEnvironment(env: SynthEnv = process.env): EnvironmentConfig {
  return {
    stackName: 'dev',
    environmentName: 'dev',
    namePrefix: 'lc-dev',
    region: 'us-east-1',
    async: { retryAttempts: 2, maxEventAgeSeconds: 300 },
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
