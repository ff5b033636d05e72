import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployStack, startOwnCloud, type TerraformProgress } from '../../../src/deploy';
import { isAlive, LocalCloudControl, stopProcess } from '../../../src/local-cloud';
import { loadOutputs } from '../../../src/outputs';
import { formatMs } from '../../../src/report';
import { describeTarget, targetFromEnv } from '../../../src/target';
import { getHarness, say, setHarness } from './harness';

/**
 * Time scale of the harness's own cloud: 0.05, so AWS's 60 s + 120 s function-error retries take 9 s of
 * wall time, the throttle backoff past the dev config's 300 s maximum event age ~13 s, a 20 s long poll
 * 1 s. The handlers, their timeouts and their HTTP calls always run in WALL time, and that bounds the
 * scale from below: the maximum event age (300 s) becomes 15 s of wall time, and the look-ahead of the
 * retry policy leaves 120 s × scale = 6 s of wall time for two attempts of a failing function. At 0.01
 * (3 s and 1.2 s) a loaded 2-core machine turned ~5% of a 1,000-application run into EventAgeExceeded —
 * faithful to the scaled clock, but not what the scenarios test. SQS visibility timeouts (30 s → 1.5 s) and
 * idle environments (300 s → 15 s) stay longer than a cold start.
 */
export const DEFAULT_TIME_SCALE = 0.05;

export default async function globalSetup(): Promise<void> {
  const target = targetFromEnv();
  if (target.kind === 'aws') {
    const file = process.env.OUTPUTS_FILE;
    if (!file) {
      throw new Error(
        `INTEGRATION_TARGET=aws: set OUTPUTS_FILE to the outputs of the deployed stack, e.g.\n` +
          `  (cd apps/infra && pnpm exec cdktf output ${target.stack} --outputs-file ../../outputs/${target.stack}.json)\n` +
          `  OUTPUTS_FILE=$PWD/outputs/${target.stack}.json INTEGRATION_TARGET=aws STAGE=${target.stack} pnpm --filter @lambda-chain/testing integration`,
      );
    }
    const outputs = loadOutputs(file, target.stack);
    say(
      `target: ${describeTarget(target)}; outputs: ${file}${outputs.missing.length ? ` (missing: ${outputs.missing.join(', ')})` : ''}`,
    );
    say('local-only scenarios (fault injection, settle, traces) are skipped on AWS, each with its reason');
    return;
  }

  if (process.env.OUTPUTS_FILE) {
    // Reuse: a stack already deployed to a running local cloud (fast iteration on the tests themselves).
    const control = new LocalCloudControl(target.endpoint as string);
    const health = await control.health().catch((error: Error) => {
      throw new Error(
        `OUTPUTS_FILE is set (reuse mode) but no local cloud answers at ${target.endpoint}: ${error.message}`,
      );
    });
    process.env.INTEGRATION_TIME_SCALE = String(health.timeScale);
    loadOutputs(process.env.OUTPUTS_FILE, target.stack);
    say(
      `reusing the deployment at ${target.endpoint} (time scale ${health.timeScale}), outputs ${process.env.OUTPUTS_FILE}; nothing is deployed or destroyed`,
    );
    return;
  }

  const timeScale = Number(process.env.INTEGRATION_TIME_SCALE ?? DEFAULT_TIME_SCALE);
  if (!(timeScale > 0))
    throw new Error(
      `INTEGRATION_TIME_SCALE must be a positive number, got ${process.env.INTEGRATION_TIME_SCALE}`,
    );
  const keep = process.env.INTEGRATION_KEEP === '1';
  const dir = mkdtempSync(join(tmpdir(), 'lambda-chain-it-'));
  const dataDir = join(dir, 'cloud-data');
  mkdirSync(dataDir);
  const stateFile = join(dir, 'terraform.tfstate');
  const outputsFile = join(dir, 'outputs.json');
  const deployLog = join(dir, 'deploy.log');

  const t0 = performance.now();
  const cloud = await startOwnCloud({ dataDir, timeScale });
  say(
    `started a local cloud at ${cloud.endpoint} (pid ${cloud.pid}, time scale ${timeScale}, data ${dataDir})`,
  );
  setHarness({ dir, endpoint: cloud.endpoint, pid: cloud.pid, keep, stateFile, deployLog });
  // Whatever happens to this process (a crash, Ctrl-C), the cloud it started does not outlive it.
  process.once('exit', () => {
    const harness = getHarness();
    if (harness && !harness.keep && isAlive(harness.pid)) process.kill(harness.pid, 'SIGTERM');
  });

  // The local stack reads both at synth: the provider endpoint and its own Terraform state file, so this
  // deployment never touches the state of the cloud you deploy to by hand.
  process.env.LOCAL_CLOUD_ENDPOINT = cloud.endpoint;
  process.env.LOCAL_CLOUD_STATE_FILE = stateFile;
  process.env.INTEGRATION_TIME_SCALE = String(timeScale);

  let lastQuarter = -1;
  const onProgress = (p: TerraformProgress): void => {
    if (!p.planned) return;
    const quarter = Math.floor((4 * p.applied) / p.planned);
    if (quarter > lastQuarter) {
      lastQuarter = quarter;
      say(`deploy: ${p.applied}/${p.planned} resources`);
    }
  };
  try {
    const run = await deployStack({ endpoint: cloud.endpoint, outputsFile, logFile: deployLog, onProgress });
    const sqs = run.timings.filter((t) => t.resource.startsWith('aws_sqs_queue.'));
    const sqsMax = Math.max(0, ...sqs.map((t) => t.seconds));
    say(
      `deployed ${run.planned ?? '?'} resources in ${formatMs(run.durationMs)} ` +
        `(${sqs.length} SQS queues, the provider's wait after creating each: up to ${sqsMax} s; log ${deployLog})`,
    );
  } catch (error) {
    say(`deploy failed after ${formatMs(performance.now() - t0)}; last lines of ${deployLog}:`);
    try {
      process.stderr.write(`${readFileSync(deployLog, 'utf8').split('\n').slice(-40).join('\n')}\n`);
    } catch {
      // no log
    }
    if (!keep) {
      await stopProcess(cloud.pid);
      rmSync(dir, { recursive: true, force: true });
      setHarness(undefined);
    }
    throw error;
  }
  const outputs = loadOutputs(outputsFile, target.stack);
  if (outputs.missing.length > 0) {
    say(
      `the stack does not declare: ${outputs.missing.join(', ')} — the scenarios that need them will fail, the others run`,
    );
  }
  process.env.OUTPUTS_FILE = outputsFile;
}
