/**
 * Conservation: 1,000 loan applications with mixed outcomes, sent as asynchronous invokes with bounded
 * concurrency. Every correlation id must be accounted for, on the queue its outcome says, with the right
 * outcome; duplicates (at-least-once delivery) are counted and reported, not failed.
 */
import { LoanFailureRecordSchema, LoanOutputRecordSchema } from '@lambda-chain/contracts/loan';
import { ContractValidationError, parseWith } from '@lambda-chain/contracts/validation';
import { invokeAsync } from '../../src/invoke';
import {
  classifyLoanRecord,
  EXPECTED,
  type LoanScenario,
  loanApplication,
  loanCorrelationIdOf,
  mixScenarios,
  outcomeMismatch,
} from '../../src/loan';
import { QueueCollector } from '../../src/queue-collector';
import { formatMs, mapWithConcurrency, percentile, renderTable } from '../../src/report';
import { integrationContext } from './support/context';

const ctx = integrationContext();
const COUNT = Number(process.env.CONSERVATION_COUNT ?? 1000);
const CONCURRENCY = Number(process.env.CONSERVATION_CONCURRENCY ?? 16);
const WEIGHTS: Record<LoanScenario, number> = {
  approved: 40,
  'declined-unverified': 10,
  'declined-unknown': 5,
  'declined-bad-credit': 10,
  'identity-failure': 15,
  'flaky-credit': 20,
};
// Sending takes a while on a loaded machine; the slowest path then needs its 180 s (AWS) of retries.
const DEADLINE_MS = ctx.deadlineFor(180_000, 240_000);

const say = (line: string) => process.stderr.write(`[conservation] ${line}\n`);

describe('conservation', () => {
  it(
    `${COUNT} loan applications with mixed outcomes: each accounted for once, on the right queue, with the right outcome`,
    async () => {
      const output = new QueueCollector(ctx.clients.sqs, ctx.outputs.get('loanOutputQueueUrl'), {
        keyOf: loanCorrelationIdOf,
        parallelism: 3,
      });
      const failure = new QueueCollector(ctx.clients.sqs, ctx.outputs.get('loanFailureQueueUrl'), {
        keyOf: loanCorrelationIdOf,
        parallelism: 2,
      });
      const scenarios = mixScenarios(COUNT, WEIGHTS);
      const applications = scenarios.map((scenario, i) => ({
        scenario,
        input: loanApplication(scenario, `cons-${ctx.runId}-${String(i).padStart(4, '0')}-${scenario}`, i),
      }));
      const head = ctx.outputs.get('loanInputFunctionName');
      const t0 = Date.now();
      const deadline = t0 + DEADLINE_MS;

      // Collect while sending: the queues drain as the chain runs.
      let sending = true;
      const accounted = (id: string) => output.seen(id).length > 0 || failure.seen(id).length > 0;
      const ids = applications.map((a) => a.input.correlationId);
      const collecting = (async () => {
        let lastReport = 0;
        for (;;) {
          const left = ids.filter((id) => !accounted(id)).length;
          if (!sending && left === 0) return;
          if (Date.now() >= deadline) return;
          if (Date.now() - lastReport > 10_000) {
            lastReport = Date.now();
            say(`${COUNT - left}/${COUNT} accounted for after ${formatMs(Date.now() - t0)}`);
          }
          await Promise.all([output.pollOnce(deadline), failure.pollOnce(deadline)]);
        }
      })();

      const accepted = new Map<string, { requestId: string; acceptedAt: number }>();
      try {
        await mapWithConcurrency(applications, CONCURRENCY, async ({ input }) => {
          const invoke = await invokeAsync(ctx.clients.lambda, head, input);
          if (invoke.statusCode !== 202)
            throw new Error(`invoke of ${input.correlationId} answered ${invoke.statusCode}`);
          accepted.set(input.correlationId, { requestId: invoke.requestId, acceptedAt: invoke.acceptedAt });
        });
      } finally {
        sending = false;
      }
      const sentMs = Date.now() - t0;
      say(
        `sent ${accepted.size} asynchronous invokes in ${formatMs(sentMs)} (${(accepted.size / (sentMs / 1000)).toFixed(0)}/s, ${CONCURRENCY} at a time)`,
      );
      await collecting;
      const totalMs = Date.now() - t0;

      const missing: string[] = [];
      const wrong: string[] = [];
      const invalid: string[] = [];
      const latencies: number[] = [];
      const perScenario = new Map<
        LoanScenario,
        { sent: number; output: number; failure: number; attempts: Map<number, number> }
      >();
      for (const { scenario, input } of applications) {
        const id = input.correlationId;
        const stats = perScenario.get(scenario) ?? { sent: 0, output: 0, failure: 0, attempts: new Map() };
        perScenario.set(scenario, stats);
        stats.sent++;
        const out = output.seen(id)[0];
        const fail = failure.seen(id)[0];
        if (!out && !fail) {
          missing.push(`${id} (${scenario})`);
          continue;
        }
        if (out && fail) wrong.push(`${id} (${scenario}): on BOTH queues`);
        const queue = out ? 'output' : 'failure';
        const message = (out ?? fail) as NonNullable<typeof out>;
        try {
          parseWith(
            queue === 'output' ? LoanOutputRecordSchema : LoanFailureRecordSchema,
            message.value,
            `${queue} record of ${id}`,
          );
        } catch (error) {
          invalid.push(error instanceof ContractValidationError ? error.message : String(error));
        }
        const observed = classifyLoanRecord(queue, message.value);
        stats[queue]++;
        stats.attempts.set(observed.attempts, (stats.attempts.get(observed.attempts) ?? 0) + 1);
        const mismatch = outcomeMismatch(EXPECTED[scenario], observed);
        if (mismatch)
          wrong.push(`${id} (${scenario}): ${mismatch}${observed.error ? ` [${observed.error}]` : ''}`);
        const sent = accepted.get(id);
        if (sent && Number.isFinite(observed.timestamp)) latencies.push(observed.timestamp - sent.acceptedAt);
      }
      const duplicates = [...output.duplicates(), ...failure.duplicates()];

      say(
        `\n${renderTable(
          ['scenario', 'sent', 'output', 'failure', 'attempts (count×n)'],
          [...perScenario].map(([scenario, s]) => [
            scenario,
            String(s.sent),
            String(s.output),
            String(s.failure),
            [...s.attempts]
              .sort(([a], [b]) => a - b)
              .map(([n, c]) => `${c}×${n}`)
              .join(' '),
          ]),
          [1, 2, 3],
        )}`,
      );
      say(
        `accounted ${COUNT - missing.length}/${COUNT} in ${formatMs(totalMs)}; missing ${missing.length}; wrong outcome ${wrong.length}; ` +
          `invalid records ${invalid.length}; duplicates ${duplicates.length}; ` +
          `latency 202 → record p50 ${formatMs(percentile(latencies, 50))}, p99 ${formatMs(percentile(latencies, 99))}`,
      );
      if (duplicates.length > 0)
        say(`duplicate deliveries (reported, not failed): ${JSON.stringify(duplicates)}`);
      const strays = [...output.unkeyedMessages(), ...failure.unkeyedMessages()];
      if (strays.length > 0)
        say(
          `messages without a correlation id: ${strays.length}: ${strays
            .slice(0, 3)
            .map((m) => m.body)
            .join(' | ')}`,
        );

      expect(missing).toEqual([]);
      expect(wrong).toEqual([]);
      expect(invalid).toEqual([]);
    },
    DEADLINE_MS + 120_000,
  );
});
