/**
 * The chain benchmark (`pnpm --filter @lambda-chain/testing bench`): on a local cloud of its own, times a
 * cold `cdktf deploy local` and a no-change redeploy (with the AWS provider's own SQS waits parsed from the
 * Terraform output), then drives N loan applications through the chain (closed loop, a fixed number in
 * flight) and reports the sustained throughput, none lost, and the latency from the head's 202 to the
 * output record — under that load, and at light load (4 in flight, where queueing does not dominate).
 *
 * Environment: BENCH_APPLICATIONS (10000), BENCH_IN_FLIGHT (64), BENCH_WARMUP (200), BENCH_TIME_SCALE (1:
 * AWS timing; the applications take no retry path), BENCH_SKIP_DESTROY=1.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Clients, createClients } from '../clients';
import { deployStack, destroyStack, startOwnCloud, type TerraformRun } from '../deploy';
import { invokeAsync } from '../invoke';
import {
  classifyLoanRecord,
  EXPECTED,
  type LoanScenario,
  loanApplication,
  loanCorrelationIdOf,
  mixScenarios,
  outcomeMismatch,
} from '../loan';
import { stopProcess } from '../local-cloud';
import { loadOutputs } from '../outputs';
import { type Poller, QueueCollector, startPolling } from '../queue-collector';
import { formatMs, mapWithConcurrency, ProgressLine, percentile } from '../report';
import { LOCAL_REGION } from '../target';

// The AWS SDK's notice that its 2027 releases need Node 22 (engines: >=20.11) is noise in this output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const say = (line = '') => process.stdout.write(`${line}\n`);
const num = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!(value > 0)) throw new Error(`${name} must be a positive number`);
  return value;
};

interface DeployFigures {
  durationMs: number;
  resources: number | undefined;
  sqsQueues: number;
  /** The slowest queue's creation (they are created in parallel: this is what SQS adds to the critical path). */
  sqsWaitMaxS: number;
  sqsWaitSumS: number;
}

function deployFigures(run: TerraformRun): DeployFigures {
  const sqs = run.timings.filter((t) => t.resource.startsWith('aws_sqs_queue.') && t.action === 'Creation');
  return {
    durationMs: Math.round(run.durationMs),
    resources: run.planned,
    sqsQueues: sqs.length,
    sqsWaitMaxS: Math.max(0, ...sqs.map((t) => t.seconds)),
    sqsWaitSumS: sqs.reduce((sum, t) => sum + t.seconds, 0),
  };
}

const LIGHT_LOAD_IN_FLIGHT = 4;
const LIGHT_LOAD_COUNT = 500;

interface RunFigures {
  applications: number;
  inFlight: number;
  accounted: number;
  missing: number;
  wrongOutcome: number;
  duplicates: number;
  durationMs: number;
  throughputPerS: number;
  /** Completions between the 10th and 90th percentile of arrivals, per second (no ramp-up/drain). */
  sustainedPerS: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  lightLoad?: RunFigures;
}

/** Clients, the two terminal queues and ONE poller for the whole benchmark (warm-up and run). */
interface ChainDriver {
  clients: Clients;
  head: string;
  output: QueueCollector;
  failure: QueueCollector;
  poller: Poller;
  inFlight: number;
}

function chainDriver(outputsFile: string, endpoint: string, inFlight: number): ChainDriver {
  const target = { kind: 'local' as const, stack: 'local', region: LOCAL_REGION, endpoint };
  const outputs = loadOutputs(outputsFile, 'local');
  const clients = createClients(target, { maxSockets: inFlight * 2 + 16 });
  const output = new QueueCollector(clients.sqs, outputs.get('loanOutputQueueUrl'), {
    keyOf: loanCorrelationIdOf,
    parallelism: 4,
  });
  const failure = new QueueCollector(clients.sqs, outputs.get('loanFailureQueueUrl'), {
    keyOf: loanCorrelationIdOf,
  });
  return {
    clients,
    head: outputs.get('loanInputFunctionName'),
    output,
    failure,
    poller: startPolling([output, failure], Date.now() + 60 * 60_000),
    inFlight,
  };
}

async function driveChain(
  driver: ChainDriver,
  count: number,
  label: string,
  quiet = false,
  inFlight = driver.inFlight,
): Promise<RunFigures> {
  const { clients, head, output, failure } = driver;
  // The happy paths (no retry): approved, declined by identity, declined by rating.
  const weights: Partial<Record<LoanScenario, number>> = {
    approved: 70,
    'declined-unverified': 15,
    'declined-bad-credit': 15,
  };
  const scenarios = mixScenarios(count, weights);
  const applications = scenarios.map((scenario, i) => ({
    scenario,
    input: loanApplication(scenario, `${label}-${String(i).padStart(5, '0')}`, i),
  }));
  const accepted = new Map<string, number>();
  const requestIds = new Map<string, string>();
  const t0 = Date.now();
  const progress = new ProgressLine(process.stdout, 5);
  let done = 0;
  let durationMs: number;
  try {
    await mapWithConcurrency(applications, inFlight, async ({ input }) => {
      const id = input.correlationId;
      const invoke = await invokeAsync(clients.lambda, head, input);
      if (invoke.statusCode !== 202) throw new Error(`invoke of ${id}: ${invoke.statusCode}`);
      accepted.set(id, invoke.acceptedAt);
      requestIds.set(id, invoke.requestId);
      let timer: NodeJS.Timeout | undefined;
      const giveUp = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 120_000);
      });
      await Promise.race([output.arrival(id), failure.arrival(id), giveUp]);
      clearTimeout(timer);
      done++;
      if (!quiet) progress.update(done, count, label);
    });
  } finally {
    durationMs = Date.now() - t0;
    progress.done();
  }
  for (const [name, collector] of [
    ['output', output],
    ['failure', failure],
  ] as const) {
    const errors = collector.pollErrors;
    if (errors.count > 0)
      say(`  ${name} queue: ${errors.count} failed poll(s), last: ${errors.last?.message}`);
  }
  let missing = 0;
  let wrong = 0;
  const latencies: number[] = [];
  const arrivals: number[] = [];
  for (const { scenario, input } of applications) {
    const id = input.correlationId;
    const message = output.seen(id)[0] ?? failure.seen(id)[0];
    if (!message) {
      missing++;
      if (missing <= 5)
        say(`  MISSING ${id} (head request id ${requestIds.get(id) ?? 'none: the invoke failed'})`);
      continue;
    }
    const observed = classifyLoanRecord(output.seen(id).length > 0 ? 'output' : 'failure', message.value);
    if (outcomeMismatch(EXPECTED[scenario], observed)) wrong++;
    const sentAt = accepted.get(id);
    if (sentAt !== undefined && Number.isFinite(observed.timestamp))
      latencies.push(observed.timestamp - sentAt);
    arrivals.push(message.receivedAt);
  }
  arrivals.sort((a, b) => a - b);
  const p10 = arrivals[Math.floor(arrivals.length * 0.1)] ?? t0;
  const p90 = arrivals[Math.floor(arrivals.length * 0.9)] ?? t0;
  const sustained =
    p90 > p10
      ? (Math.floor(arrivals.length * 0.9) - Math.floor(arrivals.length * 0.1)) / ((p90 - p10) / 1000)
      : 0;
  return {
    applications: count,
    inFlight,
    accounted: count - missing,
    missing,
    wrongOutcome: wrong,
    duplicates: output.duplicates().length + failure.duplicates().length,
    durationMs,
    throughputPerS: Math.round((count / (durationMs / 1000)) * 10) / 10,
    sustainedPerS: Math.round(sustained * 10) / 10,
    latencyP50Ms: Math.round(percentile(latencies, 50)),
    latencyP99Ms: Math.round(percentile(latencies, 99)),
    latencyMaxMs: Math.round(Math.max(...latencies)),
  };
}

export async function runBenchmark(): Promise<number> {
  const count = num('BENCH_APPLICATIONS', 10_000);
  const inFlight = num('BENCH_IN_FLIGHT', 64);
  const warmup = Number(process.env.BENCH_WARMUP ?? 200);
  const timeScale = num('BENCH_TIME_SCALE', 1);
  const reuse = process.env.BENCH_OUTPUTS_FILE;
  if (reuse) {
    // An existing deployment (LOCAL_CLOUD_ENDPOINT + its outputs file): the chain run only.
    const endpoint = (process.env.LOCAL_CLOUD_ENDPOINT ?? '').replace(/\/$/, '');
    if (!endpoint) throw new Error('BENCH_OUTPUTS_FILE needs LOCAL_CLOUD_ENDPOINT');
    return chainFigures(reuse, endpoint, count, inFlight, warmup).then(({ ok }) => (ok ? 0 : 1));
  }
  const dir = mkdtempSync(join(tmpdir(), 'lambda-chain-bench-'));
  const dataDir = join(dir, 'cloud-data');
  mkdirSync(dataDir);
  process.env.LOCAL_CLOUD_STATE_FILE = join(dir, 'terraform.tfstate');
  const outputsFile = join(dir, 'outputs.json');
  const logFile = join(dir, 'terraform.log');
  const cloud = await startOwnCloud({ dataDir, timeScale });
  process.env.LOCAL_CLOUD_ENDPOINT = cloud.endpoint;
  const keep = process.env.BENCH_KEEP === '1';
  const stopCloud = () => {
    try {
      process.kill(cloud.pid, 'SIGTERM');
    } catch {
      // already stopped
    }
  };
  if (!keep) {
    process.once('exit', stopCloud);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        stopCloud();
        process.exit(130);
      });
    }
  }
  say(
    `chain benchmark — local cloud ${cloud.endpoint} (pid ${cloud.pid}, time scale ${timeScale}), ${new Date().toISOString()}`,
  );
  try {
    say('cold deploy (cdktf deploy local)…');
    const cold = deployFigures(await deployStack({ endpoint: cloud.endpoint, outputsFile, logFile }));
    say(
      `  cold deploy: ${formatMs(cold.durationMs)} for ${cold.resources} resources; ${cold.sqsQueues} SQS queues created in parallel, ` +
        `each ~${cold.sqsWaitMaxS} s (the provider's own wait after CreateQueue): ≥ ${cold.sqsWaitMaxS} s of the critical path ` +
        `(${Math.round((100 * cold.sqsWaitMaxS * 1000) / cold.durationMs)}%)`,
    );
    say('no-change redeploy…');
    const redeploy = deployFigures(await deployStack({ endpoint: cloud.endpoint, outputsFile, logFile }));
    say(
      `  no-change redeploy: ${formatMs(redeploy.durationMs)} (synth + refresh + empty plan; log ${logFile})`,
    );
    const { run, ok } = await chainFigures(outputsFile, cloud.endpoint, count, inFlight, warmup);
    let destroy: DeployFigures | undefined;
    if (process.env.BENCH_SKIP_DESTROY !== '1' && !keep) {
      say('destroy…');
      destroy = deployFigures(await destroyStack({ endpoint: cloud.endpoint, logFile }));
      say(`  destroy: ${formatMs(destroy.durationMs)}`);
    }
    say();
    say(JSON.stringify({ at: new Date().toISOString(), timeScale, cold, redeploy, run, destroy }));
    return ok ? 0 : 1;
  } finally {
    if (keep) {
      say(
        `BENCH_KEEP=1: cloud ${cloud.endpoint} (pid ${cloud.pid}) and ${dir} kept; reuse: LOCAL_CLOUD_ENDPOINT=${cloud.endpoint} BENCH_OUTPUTS_FILE=${outputsFile}`,
      );
    } else {
      await stopProcess(cloud.pid);
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

async function chainFigures(
  outputsFile: string,
  endpoint: string,
  count: number,
  inFlight: number,
  warmup: number,
): Promise<{ run: RunFigures; ok: boolean }> {
  const driver = chainDriver(outputsFile, endpoint, inFlight);
  try {
    if (warmup > 0) {
      say(`warm-up: ${warmup} applications (not measured)…`);
      await driveChain(driver, warmup, `warmup-${Date.now().toString(36)}`, true);
    }
    say(`${count} loan applications, ${inFlight} in flight (closed loop)…`);
    const run = await driveChain(driver, count, `bench-${Date.now().toString(36)}`);
    say(
      `  ${run.accounted}/${run.applications} accounted for (missing ${run.missing}, wrong outcome ${run.wrongOutcome}, duplicates ${run.duplicates}) in ${formatMs(run.durationMs)}`,
    );
    say(
      `  throughput ${run.throughputPerS}/s overall, ${run.sustainedPerS}/s sustained (10th–90th percentile of arrivals); ` +
        `latency 202 → output record p50 ${run.latencyP50Ms} ms, p99 ${run.latencyP99Ms} ms, max ${run.latencyMaxMs} ms`,
    );
    // Latency without queueing: a closed loop of a few applications in flight.
    const light = await driveChain(
      driver,
      LIGHT_LOAD_COUNT,
      `light-${Date.now().toString(36)}`,
      true,
      LIGHT_LOAD_IN_FLIGHT,
    );
    say(
      `  at light load (${LIGHT_LOAD_IN_FLIGHT} in flight, ${LIGHT_LOAD_COUNT} applications): latency p50 ${light.latencyP50Ms} ms, ` +
        `p99 ${light.latencyP99Ms} ms (${light.throughputPerS}/s; missing ${light.missing})`,
    );
    return {
      run: { ...run, lightLoad: light },
      ok: run.missing === 0 && run.wrongOutcome === 0 && light.missing === 0,
    };
  } finally {
    // Graceful: the long polls in flight return on their own (≤ 20 s, after the figures are taken).
    await driver.poller.stop();
    driver.clients.destroy();
  }
}
