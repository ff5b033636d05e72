import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { type RunningLocalCloud, startLocalCloud } from '../src/index';

/**
 * A second, independent client: the AWS CLI v1 (botocore) `s3api` and `s3` commands against the same
 * server (path-style, as botocore picks for an IP endpoint). Skipped, with a message, only when `aws` is
 * not on PATH.
 */
function onPath(command: string): boolean {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .some((dir) => dir !== '' && existsSync(join(dir, command)));
}

const hasAws = onPath('aws');
if (!hasAws)
  process.stderr.write('s3-cli.test.ts: the AWS CLI (`aws`) is not on PATH; skipping the CLI check\n');

let lc: RunningLocalCloud;
let dir: string;

beforeAll(async () => {
  lc = await startLocalCloud({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 's3-cli-'));
});

afterAll(async () => {
  await lc.stop();
  rmSync(dir, { recursive: true, force: true });
});

function aws(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'aws',
      ['--endpoint-url', lc.endpoint, '--region', 'us-east-1', '--output', 'json', ...args],
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
  's3api: creates a bucket, puts, lists, gets and deletes objects',
  async () => {
    const bucket = `cli-${process.pid}`;
    const created = await aws('s3api', 'create-bucket', '--bucket', bucket);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toEqual({ Location: `/${bucket}` });

    const file = join(dir, 'body.txt');
    writeFileSync(file, 'from the cli\n');
    const put = await aws(
      's3api',
      'put-object',
      '--bucket',
      bucket,
      '--key',
      'dir/a file.txt',
      '--body',
      file,
      '--content-type',
      'text/plain',
      '--metadata',
      'origin=cli',
    );
    expect(put.code).toBe(0);
    expect(JSON.parse(put.stdout)).toMatchObject({
      ETag: `"${createHash('md5').update('from the cli\n').digest('hex')}"`,
      ServerSideEncryption: 'AES256',
    });

    // botocore asks for encoding-type=url and decodes the keys.
    const listed = await aws('s3api', 'list-objects-v2', '--bucket', bucket, '--prefix', 'dir/');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).Contents.map((c: { Key: string }) => c.Key)).toEqual(['dir/a file.txt']);

    const out = join(dir, 'out.txt');
    const got = await aws('s3api', 'get-object', '--bucket', bucket, '--key', 'dir/a file.txt', out);
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout)).toMatchObject({
      ContentType: 'text/plain',
      ContentLength: 13,
      Metadata: { origin: 'cli' },
    });
    expect(readFileSync(out, 'utf8')).toBe('from the cli\n');

    const missing = await aws('s3api', 'get-object', '--bucket', bucket, '--key', 'nope', out);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('NoSuchKey');
    expect(missing.stderr).toContain('The specified key does not exist.');

    const deleted = await aws(
      's3api',
      'delete-objects',
      '--bucket',
      bucket,
      '--delete',
      JSON.stringify({ Objects: [{ Key: 'dir/a file.txt' }] }),
    );
    expect(deleted.code).toBe(0);
    expect(JSON.parse(deleted.stdout).Deleted).toEqual([{ Key: 'dir/a file.txt' }]);
    expect((await aws('s3api', 'delete-bucket', '--bucket', bucket)).code).toBe(0);
  },
  60_000,
);

(hasAws ? it : it.skip)(
  's3: cp up and down, ls and rb --force',
  async () => {
    const bucket = `cli-s3-${process.pid}`;
    expect((await aws('s3', 'mb', `s3://${bucket}`)).code).toBe(0);
    const file = join(dir, 'upload.bin');
    const data = Buffer.alloc(300_000, 7);
    writeFileSync(file, data);
    const up = await aws('s3', 'cp', file, `s3://${bucket}/nested/upload.bin`);
    expect(up.code).toBe(0);
    const ls = await aws('s3', 'ls', `s3://${bucket}/`, '--recursive');
    expect(ls.code).toBe(0);
    expect(ls.stdout).toMatch(/300000 nested\/upload\.bin/);
    const back = join(dir, 'download.bin');
    const down = await aws('s3', 'cp', `s3://${bucket}/nested/upload.bin`, back);
    expect(down.code).toBe(0);
    expect(readFileSync(back).equals(data)).toBe(true);
    // rb --force lists and deletes what is left, then deletes the bucket.
    const rb = await aws('s3', 'rb', `s3://${bucket}`, '--force');
    expect(rb.code).toBe(0);
    expect(rb.stdout).toContain(`delete: s3://${bucket}/nested/upload.bin`);
    const head = await fetch(`${lc.endpoint}/${bucket}`, {
      method: 'HEAD',
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request' },
    });
    expect(head.status).toBe(404);
  },
  60_000,
);
