import { randomUUID } from 'node:crypto';
import { type Clients, createClients } from '../../../src/clients';
import { LocalCloudControl } from '../../../src/local-cloud';
import { type LoadedStackOutputs, loadOutputs } from '../../../src/outputs';
import { describeTarget, type Target, targetFromEnv } from '../../../src/target';

/**
 * What every integration test file gets: the target, the validated stack outputs, AWS SDK clients and (on
 * the local target) the local cloud's control API. The global setup has deployed the stack and exported
 * OUTPUTS_FILE (and, locally, LOCAL_CLOUD_ENDPOINT and INTEGRATION_TIME_SCALE).
 */
export interface IntegrationContext {
  target: Target;
  outputs: LoadedStackOutputs;
  clients: Clients;
  /** The control API of the local cloud (undefined on AWS). */
  local: LocalCloudControl | undefined;
  /** AWS time → wall time (1 on AWS). */
  timeScale: number;
  /** A short random id for this run, to make correlation ids, payment ids… unique. */
  runId: string;
  /**
   * A wall-clock deadline for a path that takes `awsMs` of AWS time (retries, backoff): the scaled time
   * with a 2× margin, plus `overheadMs` of wall time for the functions themselves.
   */
  deadlineFor(awsMs: number, overheadMs?: number): number;
  /** Locally: waits until the cloud has no work in flight or due. On AWS: nothing (there is no equivalent). */
  settle(timeoutMs?: number): Promise<void>;
}

/** Wall time the functions of a path need on a loaded machine (cold starts included). */
export const WALL_OVERHEAD_MS = 45_000;

export function integrationContext(): IntegrationContext {
  const target = targetFromEnv();
  const file = process.env.OUTPUTS_FILE;
  if (!file) {
    throw new Error(
      'OUTPUTS_FILE is not set: run the integration tests with `pnpm --filter @lambda-chain/testing integration` ' +
        '(the global setup deploys and sets it), or set it to the file of `cdktf output <stack> --outputs-file <file>`',
    );
  }
  const outputs = loadOutputs(file, target.stack);
  const clients = createClients(target);
  const local = target.kind === 'local' ? new LocalCloudControl(target.endpoint as string) : undefined;
  const timeScale = target.kind === 'local' ? Number(process.env.INTEGRATION_TIME_SCALE ?? '1') || 1 : 1;
  afterAll(() => clients.destroy());
  return {
    target,
    outputs,
    clients,
    local,
    timeScale,
    runId: randomUUID().slice(0, 8),
    deadlineFor: (awsMs, overheadMs = WALL_OVERHEAD_MS) => Math.ceil(awsMs * timeScale * 2) + overheadMs,
    settle: async (timeoutMs = 60_000) => {
      await local?.settle(timeoutMs);
    },
  };
}

/**
 * `it` for scenarios that need the local cloud's control API (fault injection, settle, traces). On AWS they
 * are registered as skipped, with the reason in their name and printed once per file — never silently.
 */
export function localOnlyIt(ctx: IntegrationContext, needs: string): jest.It {
  if (ctx.target.kind === 'local') return it;
  const reason = `skipped on ${describeTarget(ctx.target)}: needs ${needs} (local cloud only)`;
  process.stderr.write(`[integration] ${expect.getState().testPath ?? ''}: local-only scenarios ${reason}\n`);
  const skipped = ((name: string, fn?: jest.ProvidesCallback, timeout?: number) =>
    it.skip(`[${reason}] ${name}`, fn, timeout)) as jest.It;
  return skipped;
}
