import { TerraformOutputParser } from '../../src/deploy';
import { parseAppLogLine } from '../../src/logs';
import { mapWithConcurrency, percentile, renderBar, renderTable } from '../../src/report';

describe('report helpers', () => {
  it('percentile: nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('renders a bar and a table', () => {
    expect(renderBar(5, 10, 10)).toBe('[█████░░░░░]  5/10');
    expect(
      renderTable(
        ['a', 'n'],
        [
          ['x', '1'],
          ['yy', '10'],
        ],
        [1],
      ),
    ).toBe('a    n\n──  ──\nx    1\nyy  10');
  });

  it('mapWithConcurrency keeps order and bounds concurrency', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapWithConcurrency([1, 2, 3, 4, 5], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await Promise.resolve();
      running--;
      return n * 2;
    });
    expect(out).toEqual([2, 4, 6, 8, 10]);
    expect(peak).toBeLessThanOrEqual(2);
  });
});

describe('TerraformOutputParser', () => {
  it('follows the plan, the applied resources and the SQS queue creation times', () => {
    const parser = new TerraformOutputParser();
    for (const line of [
      'local  Plan: 3 to add, 0 to change, 0 to destroy.',
      'local  aws_sqs_queue.LoanProcessor_OutputQueue_1A2B: Creation complete after 25s [id=http://…]',
      'local  aws_sqs_queue.LoanProcessor_FailureQueue_3C4D: Creation complete after 1m2s [id=http://…]',
      'local  aws_iam_role.Echo_Role_5E6F (EchoWithRetries/Echo/Role): Creation complete after 0s [id=lc-dev-echo-role]',
    ]) {
      parser.feed(line);
    }
    expect(parser.progress).toEqual({ planned: 3, applied: 3, noChanges: false });
    expect(parser.sqsQueueWaits().map((t) => t.seconds)).toEqual([25, 62]);
  });

  it('recognises a no-change plan', () => {
    const parser = new TerraformOutputParser();
    parser.feed('local  No changes. Your infrastructure matches the configuration.');
    expect(parser.progress).toEqual({ planned: 0, applied: 0, noChanges: true });
  });
});

describe('parseAppLogLine', () => {
  it('parses a Node.js runtime line carrying one JSON object', () => {
    expect(parseAppLogLine('2026-01-01T00:00:00.000Z\treq-1\tINFO\t{"level":"INFO","event":"X"}\n')).toEqual({
      timestamp: '2026-01-01T00:00:00.000Z',
      requestId: 'req-1',
      level: 'INFO',
      json: { level: 'INFO', event: 'X' },
    });
    expect(parseAppLogLine('START RequestId: req-1 Version: $LATEST')).toBeUndefined();
  });
});
