import { rmSync } from 'node:fs';
import { destroyStack } from '../../../src/deploy';
import { stopProcess } from '../../../src/local-cloud';
import { formatMs } from '../../../src/report';
import { getHarness, say, setHarness } from './harness';

/** `cdktf destroy local` against the harness's cloud, then stops the cloud and removes the temp dir. */
export default async function globalTeardown(): Promise<void> {
  const harness = getHarness();
  if (!harness) return;
  if (harness.keep) {
    say(
      `INTEGRATION_KEEP=1: the local cloud stays up at ${harness.endpoint} (pid ${harness.pid}), files in ${harness.dir}.\n` +
        `  reuse it: LOCAL_CLOUD_ENDPOINT=${harness.endpoint} OUTPUTS_FILE=${harness.dir}/outputs.json pnpm --filter @lambda-chain/testing integration\n` +
        `  stop it:  pnpm exec local-cloud stop --endpoint ${harness.endpoint}`,
    );
    return;
  }
  let failure: unknown;
  try {
    const run = await destroyStack({ endpoint: harness.endpoint, logFile: harness.deployLog });
    say(`destroyed ${run.planned ?? '?'} resources in ${formatMs(run.durationMs)}`);
  } catch (error) {
    failure = error;
    say(`destroy failed: ${(error as Error).message.split('\n').slice(-20).join('\n')}`);
  } finally {
    const stopped = await stopProcess(harness.pid);
    say(
      `stopped the local cloud (pid ${stopped.pid}${stopped.forced ? ', killed after the grace period' : ''})`,
    );
    rmSync(harness.dir, { recursive: true, force: true });
    setHarness(undefined);
  }
  if (failure) throw failure;
}
