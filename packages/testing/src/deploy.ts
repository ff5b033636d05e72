import { appendFileSync } from 'node:fs';
import { deployLocal, destroyLocal, ensureLocalCloud } from '@lambda-chain/infra/deploy';
import { freePort, LocalCloudControl, type LocalCloudHealth } from './local-cloud';

/**
 * Deploying the `local` stack with the real Terraform (through @lambda-chain/infra/deploy), with the
 * Terraform output parsed for progress and timings. Shared by the integration harness, the demo and the
 * benchmark.
 */

export interface TerraformProgress {
  /** Resources in the plan (add + change + destroy), once the plan line was printed. */
  planned: number | undefined;
  /** Resources applied so far. */
  applied: number;
  noChanges: boolean;
}

export interface ResourceTiming {
  resource: string;
  action: 'Creation' | 'Modifications' | 'Destruction';
  seconds: number;
}

export interface TerraformRun {
  durationMs: number;
  planned: number | undefined;
  noChanges: boolean;
  timings: ResourceTiming[];
}

const PLAN = /Plan: (\d+) to add, (\d+) to change, (\d+) to destroy/;
// `aws_sqs_queue.Name_1A2B (Path/To/Construct): Creation complete after 25s [id=…]` (cdktf adds the path).
const COMPLETE =
  /(aws_[a-z0-9_]+\.[^:\s]+)(?: \([^)]*\))?: (Creation|Modifications|Destruction) complete after (?:(\d+)m)?(\d+)s/;

/** Follows cdktf/Terraform output lines: plan size, applied resources, per-resource durations. */
export class TerraformOutputParser {
  readonly progress: TerraformProgress = { planned: undefined, applied: 0, noChanges: false };
  readonly timings: ResourceTiming[] = [];

  feed(line: string): boolean {
    if (/No changes\.|Plan: 0 to add, 0 to change, 0 to destroy/.test(line)) {
      this.progress.noChanges = true;
      this.progress.planned ??= 0;
      return true;
    }
    const plan = PLAN.exec(line);
    if (plan) {
      this.progress.planned ??= Number(plan[1]) + Number(plan[2]) + Number(plan[3]);
      return true;
    }
    const done = COMPLETE.exec(line);
    if (done) {
      this.timings.push({
        resource: done[1] as string,
        action: done[2] as ResourceTiming['action'],
        seconds: Number(done[3] ?? 0) * 60 + Number(done[4]),
      });
      this.progress.applied++;
      return true;
    }
    return false;
  }

  /** The SQS queues' creation times (the provider waits ~25 s after creating each queue). */
  sqsQueueWaits(): ResourceTiming[] {
    return this.timings.filter((t) => t.resource.startsWith('aws_sqs_queue.') && t.action === 'Creation');
  }
}

export interface RunOptions {
  endpoint: string;
  /** Every line of cdktf/Terraform output is appended here (and kept out of the console). */
  logFile?: string;
  onProgress?: (progress: TerraformProgress) => void;
  /** Lines worth showing (warnings, errors), besides the log file. */
  onLine?: (line: string) => void;
}

function follower(options: RunOptions): { parser: TerraformOutputParser; log: (line: string) => void } {
  const parser = new TerraformOutputParser();
  const t0 = performance.now();
  const log = (line: string): void => {
    // Seconds since the start on every line: Terraform's own output has no timestamps.
    if (options.logFile)
      appendFileSync(
        options.logFile,
        `[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${line}\n`,
      );
    if (parser.feed(line)) options.onProgress?.(parser.progress);
    options.onLine?.(line);
  };
  return { parser, log };
}

/** Deploys the local stack (what `cdktf deploy local` does) to the cloud at `endpoint` (which must be up). */
export async function deployStack(options: RunOptions & { outputsFile: string }): Promise<TerraformRun> {
  const { parser, log } = follower(options);
  const result = await deployLocal({
    endpoint: options.endpoint,
    outputsFile: options.outputsFile,
    startCloud: false,
    log,
  });
  return {
    durationMs: result.durationMs,
    planned: parser.progress.planned,
    noChanges: parser.progress.noChanges,
    timings: parser.timings,
  };
}

/** Destroys the local stack (what `cdktf destroy local` does) on the cloud at `endpoint`. */
export async function destroyStack(options: RunOptions): Promise<TerraformRun> {
  const { parser, log } = follower(options);
  const result = await destroyLocal({ endpoint: options.endpoint, log });
  return {
    durationMs: result.durationMs,
    planned: parser.progress.planned,
    noChanges: parser.progress.noChanges,
    timings: parser.timings,
  };
}

export interface OwnCloud {
  endpoint: string;
  pid: number;
  health: LocalCloudHealth;
  control: LocalCloudControl;
}

/**
 * Starts a local cloud of our own on a free port (detached, so it outlives nothing by accident: callers
 * stop it by pid) with its own data dir and time scale.
 */
export async function startOwnCloud(options: {
  dataDir: string;
  timeScale: number;
  log?: (line: string) => void;
}): Promise<OwnCloud> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  await ensureLocalCloud({
    endpoint,
    dataDir: options.dataDir,
    timeScale: options.timeScale,
    ...(options.log ? { log: options.log } : {}),
  });
  const control = new LocalCloudControl(endpoint);
  const health = await control.health(10_000);
  return { endpoint, pid: health.pid, health, control };
}
