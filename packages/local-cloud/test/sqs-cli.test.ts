import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { type RunningLocalCloud, startLocalCloud } from '../src/index';

/**
 * A second, independent client: the AWS CLI v1 (botocore, JSON protocol) against the same server.
 * Skipped, with a message, only when `aws` is not on PATH.
 */
function onPath(command: string): boolean {
  // A PATH lookup, not `aws --version`: starting the CLI's Python costs most of a second.
  return (process.env.PATH ?? '')
    .split(delimiter)
    .some((dir) => dir !== '' && existsSync(join(dir, command)));
}

const hasAws = onPath('aws');
if (!hasAws)
  process.stderr.write('sqs-cli.test.ts: the AWS CLI (`aws`) is not on PATH; skipping the CLI check\n');

let lc: RunningLocalCloud;

beforeAll(async () => {
  lc = await startLocalCloud({ port: 0 });
});

afterAll(async () => {
  await lc.stop();
});

function aws(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'aws',
      ['--endpoint-url', lc.endpoint, '--region', 'us-east-1', '--output', 'json', 'sqs', ...args],
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_PAGER: '',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        },
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

(hasAws ? it : it.skip)(
  'the AWS CLI creates a queue, sends, receives and deletes a message',
  async () => {
    const created = await aws('create-queue', '--queue-name', 'cli-queue');
    expect(created.code).toBe(0);
    const url = JSON.parse(created.stdout).QueueUrl as string;
    expect(url).toBe(`${lc.endpoint}/000000000000/cli-queue`);

    const sent = await aws(
      'send-message',
      '--queue-url',
      url,
      '--message-body',
      'from the cli',
      '--message-attributes',
      'attribName1={DataType=String,StringValue=attribValue 1}',
    );
    expect(sent.code).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({
      MD5OfMessageBody: createHash('md5').update('from the cli').digest('hex'),
      MD5OfMessageAttributes: '19e27d4e946b072f3f58da80d94fd778',
    });

    const received = await aws(
      'receive-message',
      '--queue-url',
      url,
      '--attribute-names',
      'All',
      '--message-attribute-names',
      'All',
      '--wait-time-seconds',
      '1',
    );
    expect(received.code).toBe(0);
    const [message] = JSON.parse(received.stdout).Messages;
    expect(message.Body).toBe('from the cli');
    expect(message.MessageAttributes).toEqual({
      attribName1: { DataType: 'String', StringValue: 'attribValue 1' },
    });
    expect(message.Attributes.ApproximateReceiveCount).toBe('1');

    const deleted = await aws(
      'delete-message',
      '--queue-url',
      url,
      '--receipt-handle',
      message.ReceiptHandle,
    );
    expect(deleted.code).toBe(0);

    const missing = await aws(
      'get-queue-attributes',
      '--queue-url',
      `${url}-missing`,
      '--attribute-names',
      'All',
    );
    expect(missing.code).not.toBe(0);
    // botocore shows the query-compatible code from the x-amzn-query-error header.
    expect(missing.stderr).toContain('AWS.SimpleQueueService.NonExistentQueue');
    expect(missing.stderr).toContain('The specified queue does not exist.');
  },
  60_000,
);
