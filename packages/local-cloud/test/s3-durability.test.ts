import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeletePublicAccessBlockCommand,
  GetBucketEncryptionCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  GetPublicAccessBlockCommand,
  ListObjectVersionsCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { computeChecksum } from '../src/services/s3/checksums';

/**
 * What S3 acknowledged survives `kill -9` (journal replay) and a clean restart (snapshot): buckets and their
 * settings, objects with their versions, delete markers, metadata, tags and checksums, and the bodies.
 * A body nothing refers to any more is removed from the blob area. Runs the built CLI (`pnpm build` first).
 */

const CLI = join(__dirname, '..', 'dist', 'cli.js');
if (!existsSync(CLI))
  throw new Error(`s3-durability.test.ts needs the built CLI at ${CLI}: run the build first`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function start(port: number, dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'start', '--port', String(port), '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d) => {
    log += d;
  });
  child.stderr?.on('data', (d) => {
    log += d;
  });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`local-cloud exited early:\n${log}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/_local-cloud/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`local-cloud did not become healthy:\n${log}`);
}

function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

const client = (port: number) =>
  new S3Client({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    forcePathStyle: true,
    maxAttempts: 1,
  });

let dataDir: string;
let current: ChildProcess | undefined;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'local-cloud-s3-durability-'));
});

afterAll(async () => {
  if (current) await stop(current, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const s3Blobs = () => readdirSync(join(dataDir, 'blobs')).filter((name) => name.startsWith('s3-'));

it('keeps buckets, settings, versions and bodies across kill -9 and a clean restart', async () => {
  let port = await freePort();
  current = await start(port, dataDir);
  let s3 = client(port);

  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::durable/*' },
    ],
  });
  await s3.send(new CreateBucketCommand({ Bucket: 'durable' }));
  await s3.send(
    new PutBucketVersioningCommand({ Bucket: 'durable', VersioningConfiguration: { Status: 'Enabled' } }),
  );
  await s3.send(
    new PutBucketTaggingCommand({ Bucket: 'durable', Tagging: { TagSet: [{ Key: 'team', Value: 'a' }] } }),
  );
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: 'durable',
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: true }],
      },
    }),
  );
  await s3.send(new DeletePublicAccessBlockCommand({ Bucket: 'durable' }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: 'durable', Policy: policy }));
  const v1 = await s3.send(
    new PutObjectCommand({
      Bucket: 'durable',
      Key: 'doc',
      Body: 'version one',
      ContentType: 'text/plain',
      Metadata: { step: '1' },
      Tagging: 'stage=one',
    }),
  );
  const v2 = await s3.send(new PutObjectCommand({ Bucket: 'durable', Key: 'doc', Body: 'version two' }));
  await s3.send(new PutObjectCommand({ Bucket: 'durable', Key: 'removed', Body: 'soon gone' }));
  const marker = await s3.send(new DeleteObjectCommand({ Bucket: 'durable', Key: 'removed' }));

  await s3.send(new CreateBucketCommand({ Bucket: 'plain' }));
  await s3.send(new PutObjectCommand({ Bucket: 'plain', Key: 'x', Body: 'overwritten' }));
  await s3.send(new PutObjectCommand({ Bucket: 'plain', Key: 'x', Body: 'current x' }));
  await s3.send(new PutObjectCommand({ Bucket: 'plain', Key: 'y', Body: 'deleted y' }));
  await s3.send(new DeleteObjectCommand({ Bucket: 'plain', Key: 'y' }));
  // Bodies of the overwritten and deleted unversioned objects are gone; versioned ones stay.
  expect(s3Blobs()).toHaveLength(4);

  s3.destroy();
  await stop(current, 'SIGKILL');

  const check = async (s3: S3Client) => {
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: 'durable' }))).Status).toBe('Enabled');
    expect((await s3.send(new GetBucketTaggingCommand({ Bucket: 'durable' }))).TagSet).toEqual([
      { Key: 'team', Value: 'a' },
    ]);
    expect(
      (await s3.send(new GetBucketEncryptionCommand({ Bucket: 'durable' }))).ServerSideEncryptionConfiguration
        ?.Rules?.[0]?.BucketKeyEnabled,
    ).toBe(true);
    expect((await s3.send(new GetBucketPolicyCommand({ Bucket: 'durable' }))).Policy).toBe(policy);
    const noBlock = await s3
      .send(new GetPublicAccessBlockCommand({ Bucket: 'durable' }))
      .catch((e: Error) => e);
    expect((noBlock as Error).name).toBe('NoSuchPublicAccessBlockConfiguration');

    const latest = await s3.send(
      new GetObjectCommand({ Bucket: 'durable', Key: 'doc', ChecksumMode: 'ENABLED' }),
    );
    expect(await latest.Body?.transformToString()).toBe('version two');
    expect([latest.VersionId, latest.ChecksumCRC32]).toEqual([
      v2.VersionId,
      computeChecksum('CRC32', Buffer.from('version two')),
    ]);
    const first = await s3.send(
      new GetObjectCommand({ Bucket: 'durable', Key: 'doc', VersionId: v1.VersionId }),
    );
    expect(await first.Body?.transformToString()).toBe('version one');
    expect([first.ContentType, first.Metadata]).toEqual(['text/plain', { step: '1' }]);
    expect(
      (await s3.send(new GetObjectTaggingCommand({ Bucket: 'durable', Key: 'doc', VersionId: v1.VersionId })))
        .TagSet,
    ).toEqual([{ Key: 'stage', Value: 'one' }]);
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: 'durable' }));
    expect(versions.DeleteMarkers?.map((m) => [m.Key, m.VersionId, m.IsLatest])).toEqual([
      ['removed', marker.VersionId, true],
    ]);
    expect(versions.Versions?.map((v) => v.Key)).toEqual(['doc', 'doc', 'removed']);

    expect(
      await (await s3.send(new GetObjectCommand({ Bucket: 'plain', Key: 'x' }))).Body?.transformToString(),
    ).toBe('current x');
    const y = await s3.send(new GetObjectCommand({ Bucket: 'plain', Key: 'y' })).catch((e: Error) => e);
    expect((y as Error).name).toBe('NoSuchKey');
  };

  port = await freePort();
  current = await start(port, dataDir);
  s3 = client(port);
  await check(s3);
  s3.destroy();

  // A clean stop writes a snapshot; the restart restores from it.
  await stop(current, 'SIGTERM');
  port = await freePort();
  current = await start(port, dataDir);
  s3 = client(port);
  await check(s3);
  s3.destroy();
  expect(s3Blobs()).toHaveLength(4);
}, 60_000);
