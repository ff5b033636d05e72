import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteLogStreamCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  ListTagsForResourceCommand,
  ListTagsLogGroupCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { type RunningLocalCloud, startLocalCloud } from '../src/index';

let lc: RunningLocalCloud;
let logs: CloudWatchLogsClient;
const ARN = (name: string): string => `arn:aws:logs:us-east-1:000000000000:log-group:${name}`;

const client = (endpoint: string): CloudWatchLogsClient =>
  new CloudWatchLogsClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });

beforeAll(async () => {
  lc = await startLocalCloud({ port: 0 });
  logs = client(lc.endpoint);
});

afterAll(async () => {
  logs.destroy();
  await lc.stop();
});

async function error(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (e) {
    return { name: (e as Error).name, message: (e as Error).message };
  }
  throw new Error('expected the call to fail');
}

describe('log groups (the Terraform aws_cloudwatch_log_group sequence)', () => {
  it('creates, sets retention, describes and lists tags', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/echo', tags: { env: 'dev' } }));
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/aws/lambda/echo', retentionInDays: 14 }));
    const described = await logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/echo' }),
    );
    expect(described.logGroups).toHaveLength(1);
    const group = described.logGroups?.[0];
    expect(group).toMatchObject({
      logGroupName: '/aws/lambda/echo',
      retentionInDays: 14,
      metricFilterCount: 0,
      arn: `${ARN('/aws/lambda/echo')}:*`,
      logGroupArn: ARN('/aws/lambda/echo'),
      storedBytes: 0,
      logGroupClass: 'STANDARD',
    });
    expect(typeof group?.creationTime).toBe('number');
    const tags = await logs.send(new ListTagsForResourceCommand({ resourceArn: ARN('/aws/lambda/echo') }));
    expect(tags.tags).toEqual({ env: 'dev' });
  });

  it('answers AWS errors for duplicates, unknown groups and invalid values', async () => {
    expect(await error(logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/echo' })))).toEqual({
      name: 'ResourceAlreadyExistsException',
      message: 'The specified log group already exists',
    });
    expect(await error(logs.send(new DeleteLogGroupCommand({ logGroupName: '/nope' })))).toEqual({
      name: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
    const retention = await error(
      logs.send(new PutRetentionPolicyCommand({ logGroupName: '/aws/lambda/echo', retentionInDays: 2 })),
    );
    expect(retention.name).toBe('InvalidParameterException');
    expect(retention.message).toContain(
      "Value '2' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [1, 3, 5, 7, 14, 30",
    );
    const badName = await error(logs.send(new CreateLogGroupCommand({ logGroupName: 'bad name!' })));
    expect(badName.name).toBe('InvalidParameterException');
    expect(
      await error(
        logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'a', logGroupNamePattern: 'b' })),
      ),
    ).toEqual({
      name: 'InvalidParameterException',
      message: 'LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.',
    });
  });

  it('tags with both the new and the legacy operations, removes retention and paginates', async () => {
    await logs.send(new TagResourceCommand({ resourceArn: ARN('/aws/lambda/echo'), tags: { team: 'a' } }));
    await logs.send(new UntagResourceCommand({ resourceArn: ARN('/aws/lambda/echo'), tagKeys: ['env'] }));
    expect((await logs.send(new ListTagsLogGroupCommand({ logGroupName: '/aws/lambda/echo' }))).tags).toEqual(
      { team: 'a' },
    );
    await logs.send(new DeleteRetentionPolicyCommand({ logGroupName: '/aws/lambda/echo' }));
    const group = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePattern: 'ECHO' })))
      .logGroups?.[0];
    expect(group?.logGroupName).toBe('/aws/lambda/echo');
    expect(group?.retentionInDays).toBeUndefined();

    for (const n of [1, 2, 3]) await logs.send(new CreateLogGroupCommand({ logGroupName: `/paged/${n}` }));
    const first = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/paged/', limit: 2 }));
    expect(first.logGroups?.map((g) => g.logGroupName)).toEqual(['/paged/1', '/paged/2']);
    const second = await logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: '/paged/', limit: 2, nextToken: first.nextToken }),
    );
    expect(second.logGroups?.map((g) => g.logGroupName)).toEqual(['/paged/3']);
    expect(second.nextToken).toBeUndefined();
  });
});

describe('log streams and events', () => {
  const group = '/app/events';
  const now = Date.now();

  beforeAll(async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'a' }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'b' }));
  });

  it('puts events and reads them back with GetLogEvents tokens', async () => {
    const put = await logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 'a',
        sequenceToken: 'ignored',
        logEvents: [1, 2, 3, 4, 5].map((n) => ({ timestamp: now + n, message: `event ${n}` })),
      }),
    );
    expect(put.nextSequenceToken).toBeDefined();
    expect(put.rejectedLogEventsInfo).toBeUndefined();

    const head = await logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: 'a', startFromHead: true, limit: 2 }),
    );
    expect(head.events?.map((e) => e.message)).toEqual(['event 1', 'event 2']);
    expect(head.nextForwardToken).toMatch(/^f\/\d{56}$/);
    const next = await logs.send(
      new GetLogEventsCommand({
        logGroupName: group,
        logStreamName: 'a',
        nextToken: head.nextForwardToken,
        limit: 2,
      }),
    );
    expect(next.events?.map((e) => e.message)).toEqual(['event 3', 'event 4']);
    const rest = await logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: 'a', nextToken: next.nextForwardToken }),
    );
    expect(rest.events?.map((e) => e.message)).toEqual(['event 5']);
    // At the end the same token comes back (how the CLI and SDK paginators stop).
    const end = await logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: 'a', nextToken: rest.nextForwardToken }),
    );
    expect(end.events).toEqual([]);
    expect(end.nextForwardToken).toBe(rest.nextForwardToken);

    // Without startFromHead, the most recent events come first; backward tokens go further back.
    const tail = await logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: 'a', limit: 2 }),
    );
    expect(tail.events?.map((e) => e.message)).toEqual(['event 4', 'event 5']);
    const before = await logs.send(
      new GetLogEventsCommand({
        logGroupName: group,
        logStreamName: 'a',
        limit: 2,
        nextToken: tail.nextBackwardToken,
      }),
    );
    expect(before.events?.map((e) => e.message)).toEqual(['event 2', 'event 3']);
    expect(before.events?.[0]?.ingestionTime).toBeGreaterThanOrEqual(now - 1000);

    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
    expect(streams.logStreams?.map((s) => s.logStreamName)).toEqual(['a', 'b']);
    expect(streams.logStreams?.[0]).toMatchObject({
      logStreamName: 'a',
      firstEventTimestamp: now + 1,
      lastEventTimestamp: now + 5,
      arn: `${ARN(group)}:log-stream:a`,
    });
  });

  it('validates PutLogEvents batches and reports rejected events', async () => {
    expect(
      await error(
        logs.send(
          new PutLogEventsCommand({
            logGroupName: group,
            logStreamName: 'b',
            logEvents: [
              { timestamp: now + 2, message: 'x' },
              { timestamp: now + 1, message: 'y' },
            ],
          }),
        ),
      ),
    ).toEqual({
      name: 'InvalidParameterException',
      message: 'Log events in a single PutLogEvents request must be in chronological order.',
    });
    const big = await error(
      logs.send(
        new PutLogEventsCommand({
          logGroupName: group,
          logStreamName: 'b',
          logEvents: [{ timestamp: now, message: 'x'.repeat(1_048_551) }],
        }),
      ),
    );
    expect(big).toEqual({
      name: 'InvalidParameterException',
      message: 'Upload too large: 1048577 bytes exceeds limit of 1048576',
    });
    const tooMany = await error(
      logs.send(
        new PutLogEventsCommand({
          logGroupName: group,
          logStreamName: 'b',
          logEvents: Array.from({ length: 10_001 }, () => ({ timestamp: now, message: 'x' })),
        }),
      ),
    );
    expect(tooMany.name).toBe('InvalidParameterException');
    expect(
      await error(
        logs.send(
          new PutLogEventsCommand({
            logGroupName: group,
            logStreamName: 'nope',
            logEvents: [{ timestamp: now, message: 'x' }],
          }),
        ),
      ),
    ).toEqual({ name: 'ResourceNotFoundException', message: 'The specified log stream does not exist.' });

    const ok = await logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 'b',
        logEvents: [{ timestamp: now + 6, message: 'ok' }],
      }),
    );
    expect(ok.rejectedLogEventsInfo).toBeUndefined();
    expect(
      await error(
        logs.send(
          new PutLogEventsCommand({
            logGroupName: group,
            logStreamName: 'b',
            logEvents: [
              { timestamp: now - 25 * 3_600_000, message: 'x' },
              { timestamp: now, message: 'y' },
            ],
          }),
        ),
      ),
    ).toEqual({
      name: 'InvalidParameterException',
      message: 'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.',
    });
    expect(
      (
        await logs.send(
          new GetLogEventsCommand({ logGroupName: group, logStreamName: 'b', startFromHead: true }),
        )
      ).events?.map((e) => e.message),
    ).toEqual(['ok']);

    // Rejected events (too old: 14 days, too new: 2 hours, expired: past retention) are reported by index.
    const other = '/app/rejections';
    await logs.send(new CreateLogGroupCommand({ logGroupName: other }));
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: other, retentionInDays: 1 }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: other, logStreamName: 's' }));
    const put = (timestamps: number[]) =>
      logs.send(
        new PutLogEventsCommand({
          logGroupName: other,
          logStreamName: 's',
          logEvents: timestamps.map((timestamp, i) => ({ timestamp, message: `m${i}@${timestamp - now}` })),
        }),
      );
    const day = 86_400_000;
    expect(
      (await put([now - 14 * day - 3_600_000, now - 14 * day - 1000, now - 14 * day + 3_600_000]))
        .rejectedLogEventsInfo,
    ).toEqual({
      tooOldLogEventEndIndex: 1,
      expiredLogEventEndIndex: 2,
    });
    expect((await put([now - 1000, now + 3 * 3_600_000])).rejectedLogEventsInfo).toEqual({
      tooNewLogEventStartIndex: 1,
    });
    const kept = await logs.send(
      new GetLogEventsCommand({ logGroupName: other, logStreamName: 's', startFromHead: true }),
    );
    expect(kept.events?.map((e) => e.message)).toEqual(['m0@-1000']);
  });

  it('filters events across streams with terms, JSON patterns, streams, time and pages', async () => {
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 'b',
        logEvents: [
          { timestamp: now + 10, message: JSON.stringify({ level: 'ERROR', ms: 12 }) },
          { timestamp: now + 11, message: JSON.stringify({ level: 'INFO', ms: 500 }) },
          { timestamp: now + 12, message: 'ERROR plain' },
        ],
      }),
    );
    const all = await logs.send(new FilterLogEventsCommand({ logGroupName: group }));
    expect(all.events?.map((e) => e.message)).toHaveLength(9);
    expect(all.events?.[0]).toMatchObject({ logStreamName: 'a', message: 'event 1' });
    expect(all.events?.[0]?.eventId).toMatch(/^\d{56}$/);

    const errors = await logs.send(
      new FilterLogEventsCommand({ logGroupName: group, filterPattern: 'ERROR' }),
    );
    expect(errors.events?.map((e) => e.message)).toEqual(['{"level":"ERROR","ms":12}', 'ERROR plain']);
    const json = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: group,
        filterPattern: '{ $.level = "ERROR" || $.ms > 100 }',
      }),
    );
    expect(json.events?.map((e) => e.message)).toEqual([
      '{"level":"ERROR","ms":12}',
      '{"level":"INFO","ms":500}',
    ]);
    const either = await logs.send(
      new FilterLogEventsCommand({ logGroupName: group, filterPattern: '?"event 2" ?plain -INFO' }),
    );
    expect(either.events?.map((e) => e.message)).toEqual(['event 2', 'ERROR plain']);

    const onlyA = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: group,
        logStreamNames: ['a'],
        startTime: now + 2,
        endTime: now + 3,
      }),
    );
    expect(onlyA.events?.map((e) => e.message)).toEqual(['event 2', 'event 3']);

    const pages: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await logs.send(new FilterLogEventsCommand({ logGroupName: group, limit: 4, nextToken }));
      pages.push(...(page.events ?? []).map((e) => e.message ?? ''));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(pages).toEqual(all.events?.map((e) => e.message));

    expect(
      await error(logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: '{ $.a = }' }))),
    ).toMatchObject({
      name: 'InvalidParameterException',
    });
    expect(
      await error(
        logs.send(
          new FilterLogEventsCommand({
            logGroupName: group,
            logStreamNames: ['a'],
            logStreamNamePrefix: 'a',
          }),
        ),
      ),
    ).toEqual({
      name: 'InvalidParameterException',
      message: 'Cannot specify both logStreamNames and logStreamNamePrefix.',
    });
  });

  it('deletes streams and their events', async () => {
    await logs.send(new DeleteLogStreamCommand({ logGroupName: group, logStreamName: 'a' }));
    expect(
      await error(logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 'a' }))),
    ).toEqual({
      name: 'ResourceNotFoundException',
      message: 'The specified log stream does not exist.',
    });
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'a' }));
    expect(
      (await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 'a' }))).events,
    ).toEqual([]);
  });
});

describe('the logs port (Lambda function logs)', () => {
  it('creates the group and the stream when missing', async () => {
    const port = lc.cloud.ports.get('logs');
    const stream = '2024/01/01/[$LATEST]0123456789abcdef0123456789abcdef';
    const t = Date.now();
    port.append('/aws/lambda/new-fn', stream, [
      { timestamp: t, message: 'START RequestId: r1 Version: $LATEST\n' },
      { timestamp: t + 1, message: 'END RequestId: r1\n' },
    ]);
    port.append('/aws/lambda/new-fn', stream, [
      { timestamp: t + 2, message: 'REPORT RequestId: r1\tDuration: 1.00 ms\t\n' },
    ]);
    const events = await logs.send(
      new FilterLogEventsCommand({ logGroupName: '/aws/lambda/new-fn', filterPattern: '"RequestId: r1"' }),
    );
    expect(events.events?.map((e) => e.logStreamName)).toEqual([stream, stream, stream]);
    const groups = await logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/new-fn' }),
    );
    expect(groups.logGroups?.[0]?.storedBytes).toBeGreaterThan(0);
  });
});

describe('durability', () => {
  it('keeps groups, retention, tags, streams and events across a restart, and forgets deleted ones', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'logs-'));
    try {
      const first = await startLocalCloud({ port: 0, dataDir });
      const c1 = client(first.endpoint);
      await c1.send(new CreateLogGroupCommand({ logGroupName: 'kept', tags: { k: 'v' } }));
      await c1.send(new PutRetentionPolicyCommand({ logGroupName: 'kept', retentionInDays: 7 }));
      await c1.send(new CreateLogStreamCommand({ logGroupName: 'kept', logStreamName: 's' }));
      await c1.send(new CreateLogStreamCommand({ logGroupName: 'kept', logStreamName: 'gone' }));
      const t = Date.now();
      await c1.send(
        new PutLogEventsCommand({
          logGroupName: 'kept',
          logStreamName: 's',
          logEvents: [{ timestamp: t, message: 'one' }],
        }),
      );
      await c1.send(
        new PutLogEventsCommand({
          logGroupName: 'kept',
          logStreamName: 'gone',
          logEvents: [{ timestamp: t, message: 'x' }],
        }),
      );
      await c1.send(
        new PutLogEventsCommand({
          logGroupName: 'kept',
          logStreamName: 's',
          logEvents: [{ timestamp: t + 1, message: 'two' }],
        }),
      );
      await c1.send(new DeleteLogStreamCommand({ logGroupName: 'kept', logStreamName: 'gone' }));
      await c1.send(new CreateLogGroupCommand({ logGroupName: 'dropped' }));
      first.cloud.ports.get('logs').append('dropped', 's', [{ timestamp: t, message: 'bye' }]);
      await c1.send(new DeleteLogGroupCommand({ logGroupName: 'dropped' }));
      c1.destroy();
      await first.stop();
      expect(readdirSync(join(dataDir, 'logs'))).toHaveLength(1);

      const second = await startLocalCloud({ port: 0, dataDir });
      const c2 = client(second.endpoint);
      const groups = await c2.send(new DescribeLogGroupsCommand({}));
      expect(groups.logGroups?.map((g) => [g.logGroupName, g.retentionInDays])).toEqual([['kept', 7]]);
      expect((await c2.send(new ListTagsForResourceCommand({ resourceArn: ARN('kept') }))).tags).toEqual({
        k: 'v',
      });
      const streams = await c2.send(new DescribeLogStreamsCommand({ logGroupName: 'kept' }));
      expect(streams.logStreams?.map((s) => s.logStreamName)).toEqual(['s']);
      const events = await c2.send(
        new GetLogEventsCommand({ logGroupName: 'kept', logStreamName: 's', startFromHead: true }),
      );
      expect(events.events?.map((e) => e.message)).toEqual(['one', 'two']);
      c2.destroy();
      await second.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
