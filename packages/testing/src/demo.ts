/**
 * The main job (`pnpm start` → `pnpm demo` → `pnpm --filter @lambda-chain/testing demo`): ensures a local
 * cloud, deploys the local stack with the real Terraform, sends a batch of loan applications through the
 * chain and prints what happened to each — then leaves the cloud running for you to explore.
 *
 * Environment: LOCAL_CLOUD_ENDPOINT (default http://127.0.0.1:4580), LOCAL_CLOUD_DATA_DIR (default
 * <repo>/.local-cloud/data), LOCAL_CLOUD_TIME_SCALE (for a cloud the demo starts; default 0.05),
 * OUTPUTS_FILE (default apps/infra/outputs/local.json), DEMO_APPLICATIONS (default 24),
 * DEMO_FAILURES (1/0: include identity-service failures; default: when their retries take ≤ 30 s).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_OUTPUTS_FILE, ensureLocalCloud, REPO_ROOT } from '@lambda-chain/infra/deploy';
import { createClients } from './clients';
import { deployStack, type TerraformProgress } from './deploy';
import { invokeAsync } from './invoke';
import {
  classifyLoanRecord,
  EXPECTED,
  type LoanScenario,
  loanApplication,
  loanCorrelationIdOf,
  mixScenarios,
  type ObservedLoanOutcome,
  outcomeMismatch,
} from './loan';
import { LocalCloudControl } from './local-cloud';
import { loadOutputs } from './outputs';
import { QueueCollector, startPolling } from './queue-collector';
import { formatMs, mapWithConcurrency, ProgressLine, percentile, renderTable } from './report';
import { DEFAULT_LOCAL_ENDPOINT, LOCAL_REGION, targetFromEnv } from './target';

/** A 60 s retry takes 3 s: the identity failures' 180 s of retries take 9 s instead of 3 minutes. */
const DEFAULT_DEMO_TIME_SCALE = 0.05;
/** Failures are shown when their 180 s (AWS) of retries take at most this long on the cloud's clock. */
const MAX_FAILURE_WAIT_MS = 30_000;
const RETRY_PATH_AWS_MS = 180_000;

// The AWS SDK's notice that its 2027 releases need Node 22 (engines: >=20.11) is noise in this output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const out = (line = '') => process.stdout.write(`${line}\n`);
const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);

function describeIdentity(o: ObservedLoanOutcome): string {
  if (o.identity === 'error') return 'error';
  return o.identity ? 'verified' : `not verified (${o.identityReason ?? '?'})`;
}

function describeOutcome(o: ObservedLoanOutcome): string {
  return o.decision === 'Failed' ? `Failed (${o.condition})` : o.decision;
}

async function main(): Promise<number> {
  const t0 = performance.now();
  const target = targetFromEnv({ ...process.env, INTEGRATION_TARGET: 'local' });
  const endpoint = target.endpoint as string;
  const dataDir = process.env.LOCAL_CLOUD_DATA_DIR ?? join(REPO_ROOT, '.local-cloud', 'data');
  const outputsFile = process.env.OUTPUTS_FILE ?? DEFAULT_OUTPUTS_FILE;
  const count = Number(process.env.DEMO_APPLICATIONS ?? 24);
  const envPrefix =
    (endpoint === DEFAULT_LOCAL_ENDPOINT ? '' : `LOCAL_CLOUD_ENDPOINT=${endpoint} `) +
    (process.env.LOCAL_CLOUD_STATE_FILE
      ? `LOCAL_CLOUD_STATE_FILE=${process.env.LOCAL_CLOUD_STATE_FILE} `
      : '');

  out(bold('Lambda destinations chain — local demo'));
  out();

  // 1. The cloud.
  const control = new LocalCloudControl(endpoint);
  let started = false;
  if (!(await control.isUp())) {
    const timeScale = Number(process.env.LOCAL_CLOUD_TIME_SCALE ?? DEFAULT_DEMO_TIME_SCALE);
    out(`Starting a local cloud at ${endpoint} (data ${dataDir}, time scale ${timeScale})…`);
    await ensureLocalCloud({ endpoint, dataDir, timeScale });
    started = true;
  }
  const health = await control.health(10_000);
  const scale = health.timeScale;
  out(
    `Local cloud ${started ? 'started' : 'already running'} at ${endpoint} (pid ${health.pid}, data ${health.dataDir ?? 'in memory'}).`,
  );
  out(
    scale === 1
      ? 'Time scale 1: AWS timing (a 60 s retry takes 60 s).'
      : `Time scale ${scale}: AWS delays run ${Math.round(1 / scale)}× faster (a 60 s retry takes ${formatMs(60_000 * scale)}; ` +
          'retries, backoff, event age, visibility timeouts and long polls scale; the functions run in real time).',
  );
  out();

  // 2. Deploy.
  out(bold('Deploying the local stack with Terraform…'));
  const logDir = join(REPO_ROOT, '.local-cloud');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, 'deploy.log');
  writeFileSync(logFile, '');
  const bar = new ProgressLine();
  let planned = false;
  const onProgress = (p: TerraformProgress) => {
    if (p.noChanges) return;
    if (p.planned !== undefined) {
      if (!planned) {
        planned = true;
        out(`  plan: ${p.planned} resource(s) to create/change/destroy`);
      }
      bar.update(p.applied, p.planned, 'resources');
    }
  };
  let deploy: Awaited<ReturnType<typeof deployStack>>;
  try {
    deploy = await deployStack({ endpoint, outputsFile, logFile, onProgress });
  } catch (error) {
    bar.done();
    out(`Deploy failed (full log: ${logFile}):`);
    out((error as Error).message.split('\n').slice(-25).join('\n'));
    return 1;
  }
  bar.done();
  const sqsWaits = deploy.timings.filter((t) => t.resource.startsWith('aws_sqs_queue.'));
  out(
    deploy.noChanges
      ? `  no changes: already deployed (checked in ${formatMs(deploy.durationMs)})`
      : `  deployed in ${formatMs(deploy.durationMs)}` +
          (sqsWaits.length > 0
            ? ` (of which the AWS provider's own wait after creating each SQS queue: ~${Math.max(...sqsWaits.map((t) => t.seconds))} s)`
            : ''),
  );
  out(`  outputs: ${outputsFile}; log: ${logFile}`);
  out();

  // 3. The applications.
  const outputs = loadOutputs(outputsFile, target.stack);
  const head = outputs.get('loanInputFunctionName');
  const failureWaitMs = RETRY_PATH_AWS_MS * scale;
  const withFailures =
    process.env.DEMO_FAILURES === undefined
      ? failureWaitMs <= MAX_FAILURE_WAIT_MS
      : process.env.DEMO_FAILURES === '1';
  const weights: Partial<Record<LoanScenario, number>> = {
    approved: 8,
    'declined-unverified': 3,
    'declined-unknown': 2,
    'declined-bad-credit': 3,
    'flaky-credit': 4,
    ...(withFailures ? { 'identity-failure': 4 } : { approved: 12 }),
  };
  const scenarios = mixScenarios(count, weights);
  const stamp = new Date().toISOString().slice(11, 19).replaceAll(':', '');
  const applications = scenarios.map((scenario, i) => ({
    scenario,
    input: loanApplication(scenario, `demo-${stamp}-${String(i + 1).padStart(2, '0')}`, i),
  }));
  out(bold(`Sending ${count} loan applications to ${head} (asynchronous invokes, 4 at a time)…`));
  out(
    withFailures
      ? `  including identity-service failures: 3 attempts, 60 s + 120 s apart on AWS — ${formatMs(failureWaitMs)} on this cloud's clock`
      : `  without identity-service failures: their retries would take ${formatMs(failureWaitMs)} at time scale ${scale} ` +
          '(DEMO_FAILURES=1 to include them, or start the cloud with LOCAL_CLOUD_TIME_SCALE=0.05)',
  );

  const clients = createClients(target);
  // Long polls of at most 5 s (AWS time), so stopping at the end never waits long, whatever the time scale.
  const collectorOptions = { keyOf: loanCorrelationIdOf, maxWaitSeconds: 5 };
  const output = new QueueCollector(clients.sqs, outputs.get('loanOutputQueueUrl'), collectorOptions);
  const failure = new QueueCollector(clients.sqs, outputs.get('loanFailureQueueUrl'), collectorOptions);
  const ids = applications.map((a) => a.input.correlationId);
  const accepted = new Map<string, { requestId: string; acceptedAt: number }>();
  const chainStart = Date.now();
  const deadline = chainStart + 60_000 + 3 * failureWaitMs;
  const progress = new ProgressLine(process.stdout, 50);
  let deadlineTimer: NodeJS.Timeout | undefined;
  const untilDeadline = new Promise<void>((resolve) => {
    deadlineTimer = setTimeout(resolve, deadline - Date.now());
  });
  const doneCount = () => ids.filter((id) => output.seen(id).length + failure.seen(id).length > 0).length;
  const render = () =>
    progress.update(doneCount(), count, `through the chain (${accepted.size}/${count} sent)`);
  const poller = startPolling([output, failure], deadline);
  try {
    await mapWithConcurrency(applications, 4, async ({ input }) => {
      const invoke = await invokeAsync(clients.lambda, head, input);
      if (invoke.statusCode !== 202)
        throw new Error(`invoke answered ${invoke.statusCode} for ${input.correlationId}`);
      accepted.set(input.correlationId, { requestId: invoke.requestId, acceptedAt: invoke.acceptedAt });
      render();
    });
    // Every application's terminal record, or the deadline.
    await Promise.all(
      ids.map((id) => Promise.race([output.arrival(id), failure.arrival(id), untilDeadline]).then(render)),
    );
  } finally {
    clearTimeout(deadlineTimer);
    await poller.stop();
  }
  progress.done();
  const chainMs = Date.now() - chainStart;
  out();

  // 4. What happened to each.
  const rows: string[][] = [];
  const latencies: number[] = [];
  const counts = new Map<string, number>();
  let problems = 0;
  const example: { failure?: string; flaky?: string; approved?: string } = {};
  for (const [i, { scenario, input }] of applications.entries()) {
    const id = input.correlationId;
    const message = output.seen(id)[0] ?? failure.seen(id)[0];
    const sent = accepted.get(id);
    if (!message) {
      problems++;
      rows.push([String(i + 1), id, scenario, '—', '—', 'MISSING', '—', '—', '✗']);
      counts.set('Missing', (counts.get('Missing') ?? 0) + 1);
      continue;
    }
    const observed = classifyLoanRecord(output.seen(id).length > 0 ? 'output' : 'failure', message.value);
    const mismatch = outcomeMismatch(EXPECTED[scenario], observed);
    if (mismatch) problems++;
    const latency = sent ? observed.timestamp - sent.acceptedAt : Number.NaN;
    if (Number.isFinite(latency)) latencies.push(latency);
    counts.set(observed.decision, (counts.get(observed.decision) ?? 0) + 1);
    if (scenario === 'identity-failure') example.failure ??= sent?.requestId;
    if (scenario === 'flaky-credit') example.flaky ??= observed.requestId;
    if (scenario === 'approved') example.approved ??= id;
    rows.push([
      String(i + 1),
      id,
      scenario,
      describeIdentity(observed),
      observed.rating ?? '—',
      describeOutcome(observed),
      String(observed.attempts),
      formatMs(latency),
      mismatch ? `✗ ${mismatch}` : '✓',
    ]);
  }
  out(
    renderTable(
      ['#', 'correlation id', 'scenario', 'identity', 'rating', 'outcome', 'attempts', 'latency', 'expected'],
      rows,
      [0, 6, 7],
    ),
  );
  out();
  out(
    "attempts = the terminal record's approximateInvokeCount; latency = head's 202 → terminal record timestamp.",
  );
  out();

  // 5. Summary.
  const duplicates = output.duplicates().length + failure.duplicates().length;
  out(bold('Summary'));
  out(
    `  ${[...counts].map(([k, v]) => `${k}: ${v}`).join(', ')}${duplicates > 0 ? `; duplicate deliveries: ${duplicates}` : ''}`,
  );
  out(`  latency p50 ${formatMs(percentile(latencies, 50))}, p99 ${formatMs(percentile(latencies, 99))}`);
  out(
    `  total ${formatMs(performance.now() - t0)} (deploy ${formatMs(deploy.durationMs)}, chain ${formatMs(chainMs)})`,
  );
  out(
    problems === 0
      ? '  every application reached the outcome its triggers ask for ✓'
      : `  ${problems} application(s) did NOT ✗`,
  );
  out();

  // 6. Where to look next.
  const aws = `AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test aws --endpoint-url ${endpoint} --region ${LOCAL_REGION}`;
  const endpointFlag = endpoint === DEFAULT_LOCAL_ENDPOINT ? '' : ` --endpoint ${endpoint}`;
  out(bold('Explore (the cloud keeps running)'));
  if (example.failure)
    out(`  an identity failure's retries:  pnpm exec local-cloud trace ${example.failure}${endpointFlag}`);
  if (example.flaky)
    out(`  a flaky credit check's retry:   pnpm exec local-cloud trace ${example.flaky}${endpointFlag}`);
  out(`  the latest traces:              pnpm exec local-cloud traces${endpointFlag}`);
  if (example.approved) {
    out(
      `  one application's logs:         ${aws} logs filter-log-events --log-group-name /aws/lambda/${head} --filter-pattern '"${example.approved}"'`,
    );
  }
  out(
    `  the output queue:               ${aws} sqs receive-message --queue-url ${outputs.get('loanOutputQueueUrl')}`,
  );
  out(`  run it again:                   pnpm demo   (a no-change redeploy, then a new batch)`);
  out(`  stop the cloud:                 ${envPrefix}pnpm cloud:stop`);
  out(`  destroy the stack:              ${envPrefix}pnpm destroy:local`);
  clients.destroy();
  return problems === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
