import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import type { BundledFunctionProps } from '../constructs/bundled-function';
import { type StandardQueueProps, standardQueue } from '../constructs/queues';
import type { EnvironmentConfig } from '../environments/types';
import type { HandlerBundles, HandlerName } from '../lib/bundles';
import type { Construct } from '../lib/cdktf';
import { prefixedName } from '../lib/naming';

/** What every flow construct takes: the environment's settings and where the bundles are. */
export interface FlowProps {
  readonly config: EnvironmentConfig;
  readonly bundles: HandlerBundles;
}

/**
 * The props of a function built from bundle `handler`, named `<prefix>-<name>` (name defaults to the
 * handler's), with the environment's sizing, reserved concurrency and log retention.
 */
export function functionProps(
  { config, bundles }: FlowProps,
  handler: HandlerName,
  overrides: Partial<Omit<BundledFunctionProps, 'bundle' | 'functionName'>> & { readonly name?: string } = {},
): BundledFunctionProps {
  const { name = handler, ...rest } = overrides;
  return {
    functionName: prefixedName(config.namePrefix, name),
    bundle: bundles.get(handler),
    memorySize: config.lambda.memorySize,
    timeoutSeconds: config.lambda.timeoutSeconds,
    reservedConcurrentExecutions: config.reservedConcurrency[handler],
    logRetentionDays: config.logRetentionDays,
    ...rest,
  };
}

/** A standard queue named `<prefix>-<name>`, encrypted as the environment says. */
export function flowQueue(
  scope: Construct,
  id: string,
  config: EnvironmentConfig,
  name: string,
  props: Omit<StandardQueueProps, 'name' | 'sqsManagedSse'> = {},
): SqsQueue {
  return standardQueue(scope, id, {
    name: prefixedName(config.namePrefix, name),
    sqsManagedSse: config.sqsManagedSse,
    ...props,
  });
}
