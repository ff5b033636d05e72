import { cloudState } from './state';
import type { EnvironmentConfig, SynthEnv } from './types';

/** Production: real external services (Terraform variables), AWS retries, SSE-SQS, reserved concurrency. */
export function prodEnvironment(env: SynthEnv = process.env): EnvironmentConfig {
  return {
    stackName: 'prod',
    environmentName: 'prod',
    namePrefix: 'lc-prod',
    region: 'us-east-1',
    async: { retryAttempts: 2, maxEventAgeSeconds: 3600 },
    logRetentionDays: 90,
    sqsManagedSse: true,
    // Caps what the head of each chain can take from the account pool (and guarantees it as much).
    reservedConcurrency: { 'identity-check-proxy': 20, 'credit-reference-proxy': 20, 'process-payment': 10 },
    lambda: { memorySize: 512, timeoutSeconds: 10 },
    httpTimeoutMs: 5000,
    tags: { Project: 'lambda-destinations-chain', Environment: 'prod', ManagedBy: 'cdktf' },
    externalServices: { kind: 'terraform-variables' },
    provider: { kind: 'aws' },
    state: cloudState('prod', env),
  };
}
