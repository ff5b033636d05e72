import type { Cloud } from '../../core/cloud';
import { AwsError } from '../../core/errors';
import type { LambdaInvokePort } from '../../core/ports';
import { FaultRegistry } from './faults';
import { type FunctionState, LATEST, type LambdaModel, type VersionConfig } from './model';
import { functionRef, parseFunctionRef } from './refs';
import { LambdaRuntime, LOCAL_NODE_RUNTIMES, type RunSpec } from './runtime/runtime';
import type { FunctionVersion, InvokeOptions, InvokeOutcome, LambdaEngine } from './types';

/** Blob key of a function's zip in the store. */
export const codeBlobKey = (codeKey: string): string => `lambda-code-${codeKey}.zip`;

/** Account concurrency limit (GetAccountSettings ConcurrentExecutions); reserved concurrency is carved out of it. */
export function accountConcurrencyLimit(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.LOCAL_CLOUD_LAMBDA_CONCURRENCY_LIMIT);
  return Number.isInteger(n) && n > 0 ? n : 1000;
}

/** AWS keeps at least 100 unreserved (PutFunctionConcurrency refuses to go below). */
export const MIN_UNRESERVED = 100;

export const logGroupOf = (fn: FunctionState, config: VersionConfig): string =>
  config.logGroup ?? `/aws/lambda/${fn.name}`;

/**
 * The control plane's engine (`LambdaEngine`, types.ts): resolves names to function versions and invokes them
 * in execution environments, enforcing reserved and account concurrency (429) and injected faults.
 */
export class Engine implements LambdaEngine {
  readonly faults = new FaultRegistry();
  readonly runtime: LambdaRuntime;
  readonly accountLimit = accountConcurrencyLimit();
  private readonly inflight = new Map<string, number>();
  private unreservedInflight = 0;
  private readonly deletedListeners: Array<(functionName: string) => void> = [];

  constructor(
    private readonly cloud: Cloud,
    private readonly model: LambdaModel,
  ) {
    this.runtime = new LambdaRuntime(cloud, (codeKey) => cloud.store.getBlob(codeBlobKey(codeKey)));
    model.onChange((event) => {
      if (event.kind === 'deleted') {
        this.runtime.retire(event.name);
        this.faults.clear(event.name);
        for (const listener of this.deletedListeners) listener(event.name);
      } else {
        // A code or configuration change retires the version's warm environments.
        this.runtime.retire(event.name, (version) => version === event.version);
      }
    });
  }

  resolve(functionNameOrArn: string, qualifier?: string): FunctionVersion | undefined {
    const ref = parseFunctionRef(functionNameOrArn);
    if (!ref || (ref.accountId !== undefined && ref.accountId !== this.cloud.config.accountId))
      return undefined;
    if (qualifier && ref.qualifier && qualifier !== ref.qualifier) return undefined;
    const fn = this.model.get(ref.name);
    if (!fn) return undefined;
    const config = this.pickVersion(fn, qualifier || ref.qualifier);
    return config ? this.toFunctionVersion(fn, config) : undefined;
  }

  /** The version an invocation runs: a version, `$LATEST`, or an alias (weighted routing applied). */
  pickVersion(fn: FunctionState, qualifier: string | undefined): VersionConfig | undefined {
    const alias = qualifier ? fn.aliases[qualifier] : undefined;
    if (alias?.additionalVersionWeights) {
      let roll = Math.random();
      for (const [version, weight] of Object.entries(alias.additionalVersionWeights)) {
        if (roll < weight) return fn.versions[version] ?? this.model.versionConfig(fn, qualifier);
        roll -= weight;
      }
    }
    return this.model.versionConfig(fn, qualifier);
  }

  toFunctionVersion(fn: FunctionState, config: VersionConfig): FunctionVersion {
    return {
      functionName: fn.name,
      functionArn: fn.arn,
      version: config.version,
      runtime: config.runtime,
      handler: config.handler,
      role: config.role,
      memorySize: config.memorySize,
      timeout: config.timeout,
      environment: config.environment ?? {},
      deadLetterTargetArn: config.deadLetterTargetArn,
      reservedConcurrency: fn.reservedConcurrency,
      codeSha256: config.codeSha256,
      logGroupName: logGroupOf(fn, config),
      recursiveLoop: fn.recursiveLoop,
    };
  }

  recursiveLoop(functionName: string): 'Terminate' | 'Allow' | undefined {
    return this.model.get(functionName)?.recursiveLoop;
  }

  resourcePolicy(functionName: string): string | undefined {
    const fn = this.model.get(functionName);
    const statements = fn?.policies[''];
    return statements && statements.length > 0 ? policyDocument(statements) : undefined;
  }

  onDeleted(listener: (functionName: string) => void): void {
    this.deletedListeners.push(listener);
  }

  async invoke(version: FunctionVersion, payload: Buffer, options: InvokeOptions): Promise<InvokeOutcome> {
    const fn = this.model.get(version.functionName);
    const config = fn ? this.model.versionConfig(fn, version.version) : undefined;
    if (!fn || !config) {
      const arn =
        version.version === LATEST ? version.functionArn : `${version.functionArn}:${version.version}`;
      throw new AwsError('ResourceNotFoundException', `Function not found: ${arn}`, 404);
    }
    // Accepted at CreateFunction (Terraform must deploy it) but only Node.js runs locally.
    if (!LOCAL_NODE_RUNTIMES.has(config.runtime)) {
      throw new AwsError(
        'InvalidRuntimeException',
        `local-cloud cannot run runtime ${config.runtime} locally: only ${[...LOCAL_NODE_RUNTIMES].join(', ')} run (on the local Node.js ${process.version})`,
        502,
      );
    }
    const fault = this.faults.take(fn.name);
    if (fault)
      this.cloud.trace.record(options.requestId, 'fault-injected', { function: fn.name, kind: fault });
    if (fault === 'throttle') {
      throw new AwsError('TooManyRequestsException', 'Rate Exceeded.', 429, {
        extra: { Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' },
      });
    }
    if (fault === 'system') {
      throw new AwsError('ServiceException', 'local-cloud: injected system error (ServiceException)', 500);
    }
    const reserved = fn.reservedConcurrency;
    const running = this.inflight.get(fn.name) ?? 0;
    // reference/aws-async-semantics.md §1 "Throttling".
    if (reserved !== undefined && running >= reserved) {
      throw new AwsError('TooManyRequestsException', 'Rate Exceeded.', 429, {
        extra: { Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' },
      });
    }
    if (
      reserved === undefined &&
      this.unreservedInflight >= this.accountLimit - this.model.totalReservedConcurrency()
    ) {
      throw new AwsError('TooManyRequestsException', 'Rate Exceeded.', 429, {
        extra: { Reason: 'ConcurrentInvocationLimitExceeded' },
      });
    }
    this.inflight.set(fn.name, running + 1);
    if (reserved === undefined) this.unreservedInflight++;
    const invokedArn = options.qualifier
      ? `${fn.arn}:${options.qualifier}`
      : config.version === LATEST
        ? fn.arn
        : `${fn.arn}:${config.version}`;
    const spec: RunSpec = {
      functionName: fn.name,
      functionArn: fn.arn,
      version: config.version,
      runtime: config.runtime,
      handler: config.handler,
      memorySize: config.memorySize,
      timeout: config.timeout,
      environment: config.environment ?? {},
      role: config.role,
      logGroupName: logGroupOf(fn, config),
      logFormat: config.logFormat,
      applicationLogLevel: config.applicationLogLevel,
      codeKey: config.codeKey,
      revision: config.revisionId,
    };
    const run = this.runtime.invoke(spec, payload, {
      requestId: options.requestId,
      invokedArn,
      ...(options.invocationType === 'RequestResponse' && options.clientContext !== undefined
        ? { clientContext: options.clientContext }
        : {}),
      ...(options.logTail && options.invocationType === 'RequestResponse' ? { logTail: true } : {}),
      ...(options.hops !== undefined ? { hops: options.hops } : {}),
      ...(fault === 'timeout' || fault === 'init-crash' ? { fault } : {}),
    });
    try {
      return await this.cloud.clock.track(run);
    } finally {
      const now = (this.inflight.get(fn.name) ?? 1) - 1;
      if (now <= 0) this.inflight.delete(fn.name);
      else this.inflight.set(fn.name, now);
      if (reserved === undefined) this.unreservedInflight--;
    }
  }

  /** In-flight invocations per function (for stats and tests). */
  concurrency(): Record<string, number> {
    return Object.fromEntries(this.inflight);
  }

  /** The synchronous invoke port for in-process callers (API Gateway's Lambda integrations). */
  invokePort(): LambdaInvokePort {
    return {
      invoke: async (functionArn, payload, options) => {
        const ref = functionRef(functionArn);
        const fn = this.resolve(functionArn);
        if (!fn) throw new AwsError('ResourceNotFoundException', `Function not found: ${functionArn}`, 404);
        if (options.traceId)
          this.cloud.trace.record(options.requestId, 'caused-by', { traceId: options.traceId });
        const outcome = await this.invoke(fn, payload, {
          requestId: options.requestId,
          invocationType: 'RequestResponse',
          ...(ref.qualifier ? { qualifier: ref.qualifier } : {}),
        });
        return {
          payload: outcome.payload,
          executedVersion: outcome.executedVersion,
          ...(outcome.functionError ? { functionError: outcome.functionError } : {}),
          ...(outcome.errorType !== undefined ? { errorType: outcome.errorType } : {}),
          ...(outcome.errorMessage !== undefined ? { errorMessage: outcome.errorMessage } : {}),
        };
      },
    };
  }

  stop(): void {
    this.runtime.stop();
  }
}

export function policyDocument(statements: unknown[]): string {
  return JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements });
}
