import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GetFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { strToU8, zipSync } from 'fflate';
import { type RunningLocalCloud, startLocalCloud } from '../src/index';

/**
 * The Terraform AWS provider 5.100.0 against S3 as the stacks use it: a code bucket (force_destroy, public
 * access block, SSE-S3, versioning, default tags), an object uploaded from a zip, and a function whose code
 * comes from it (`s3_bucket`/`s3_key`/`s3_object_version`). apply, then `plan -detailed-exitcode` must be 0,
 * a new zip updates the object and the function, and destroy empties and deletes the bucket.
 *
 * Slow (about 100 s: three provider starts per phase), so it runs only with LOCAL_CLOUD_TERRAFORM=1 and
 * needs `terraform` on PATH and the provider mirror (scripts/terraform-cli-config.mjs).
 */

const CLI_CONFIG_SCRIPT = resolve(__dirname, '../../../scripts/terraform-cli-config.mjs');
const onPath = (command: string) =>
  (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, command)));

function skipReason(): string | undefined {
  if (process.env.LOCAL_CLOUD_TERRAFORM !== '1') return 'set LOCAL_CLOUD_TERRAFORM=1 to run it (about 100 s)';
  if (!onPath('terraform')) return '`terraform` is not on PATH';
  if (!existsSync(CLI_CONFIG_SCRIPT)) return `${CLI_CONFIG_SCRIPT} is missing`;
  return undefined;
}

const reason = skipReason();
if (reason) process.stderr.write(`s3-terraform.test.ts: skipped: ${reason}\n`);

function terraformEnv(): NodeJS.ProcessEnv {
  const script = `import { terraformEnv } from ${JSON.stringify(pathToFileURL(CLI_CONFIG_SCRIPT).href)};
process.stdout.write(JSON.stringify(terraformEnv()));`;
  const env = JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }),
  );
  return { ...process.env, ...env };
}

/** Runs terraform without blocking the event loop (the cloud answers from this process). */
function terraform(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(
      'terraform',
      [...args, '-no-color', '-input=false'],
      { cwd, env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        done({
          code: error ? Number((error as { code?: number }).code ?? 1) : 0,
          output: `${stdout}\n${stderr}`,
        }),
    );
  });
}

const handlerZip = (answer: string) =>
  Buffer.from(
    zipSync({
      'index.js': strToU8(`exports.handler = async () => ({ answer: ${JSON.stringify(answer)} });`),
    }),
  );

function config(endpoint: string): string {
  return `
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_metadata_api_check     = "true"
  skip_requesting_account_id  = false
  s3_use_path_style           = true
  default_tags {
    tags = { Environment = "dev", ManagedBy = "cdktf" }
  }
  endpoints {
    iam    = "${endpoint}"
    sts    = "${endpoint}"
    lambda = "${endpoint}"
    s3     = "${endpoint}"
  }
}
resource "aws_s3_bucket" "code" {
  bucket        = "tf-code-000000000000-us-east-1"
  force_destroy = true
}
resource "aws_s3_bucket_public_access_block" "code" {
  bucket                  = aws_s3_bucket.code.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
resource "aws_s3_bucket_server_side_encryption_configuration" "code" {
  bucket = aws_s3_bucket.code.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}
resource "aws_s3_bucket_versioning" "code" {
  bucket = aws_s3_bucket.code.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_object" "code" {
  bucket       = aws_s3_bucket.code.id
  key          = "fn.zip"
  source       = "\${path.module}/fn.zip"
  source_hash  = filebase64sha256("\${path.module}/fn.zip")
  etag         = filemd5("\${path.module}/fn.zip")
  content_type = "application/zip"
  depends_on   = [aws_s3_bucket_versioning.code]
}
resource "aws_iam_role" "fn" {
  name = "tf-s3-fn"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}
resource "aws_lambda_function" "fn" {
  function_name     = "tf-s3-fn"
  role              = aws_iam_role.fn.arn
  runtime           = "nodejs20.x"
  handler           = "index.handler"
  s3_bucket         = aws_s3_object.code.bucket
  s3_key            = aws_s3_object.code.key
  s3_object_version = aws_s3_object.code.version_id
  source_code_hash  = filebase64sha256("\${path.module}/fn.zip")
}
`;
}

let lc: RunningLocalCloud;
let dir: string;

beforeAll(async () => {
  if (reason) return;
  lc = await startLocalCloud({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 's3-terraform-'));
});

afterAll(async () => {
  if (reason) return;
  await lc.stop();
  rmSync(dir, { recursive: true, force: true });
});

(reason ? it.skip : it)(
  'applies, plans clean, updates code from S3 and destroys',
  async () => {
    const env = terraformEnv();
    const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
    const lambda = new LambdaClient({ endpoint: lc.endpoint, region: 'us-east-1', credentials });
    const s3 = new S3Client({
      endpoint: lc.endpoint,
      region: 'us-east-1',
      credentials,
      forcePathStyle: true,
    });
    try {
      writeFileSync(join(dir, 'main.tf'), config(lc.endpoint));
      writeFileSync(join(dir, 'fn.zip'), handlerZip('v1'));
      expect((await terraform(['init'], dir, env)).code).toBe(0);

      const apply = await terraform(['apply', '-auto-approve'], dir, env);
      expect(apply.output).toContain('Apply complete! Resources: 7 added');
      const plan = await terraform(['plan', '-detailed-exitcode'], dir, env);
      expect({ code: plan.code, output: plan.code === 0 ? '' : plan.output }).toEqual({
        code: 0,
        output: '',
      });

      const v2 = handlerZip('v2');
      writeFileSync(join(dir, 'fn.zip'), v2);
      const update = await terraform(['apply', '-auto-approve'], dir, env);
      expect(update.output).toContain('Resources: 0 added, 2 changed, 0 destroyed');
      const fn = await lambda.send(new GetFunctionCommand({ FunctionName: 'tf-s3-fn' }));
      expect(fn.Configuration?.CodeSha256).toBe(createHash('sha256').update(v2).digest('base64'));
      const invoked = await lambda.send(
        new InvokeCommand({ FunctionName: 'tf-s3-fn', Payload: Buffer.from('{}') }),
      );
      expect(JSON.parse(Buffer.from(invoked.Payload as Uint8Array).toString())).toEqual({ answer: 'v2' });
      const replan = await terraform(['plan', '-detailed-exitcode'], dir, env);
      expect({ code: replan.code, output: replan.code === 0 ? '' : replan.output }).toEqual({
        code: 0,
        output: '',
      });

      // An object Terraform does not manage: force_destroy empties the bucket before deleting it.
      await s3.send(
        new PutObjectCommand({ Bucket: 'tf-code-000000000000-us-east-1', Key: 'extra', Body: 'x' }),
      );
      const destroy = await terraform(['destroy', '-auto-approve'], dir, env);
      expect(destroy.output).toContain('Destroy complete! Resources: 7 destroyed.');
      const gone = await s3
        .send(new HeadBucketCommand({ Bucket: 'tf-code-000000000000-us-east-1' }))
        .catch((error: Error) => error);
      expect((gone as Error).name).toBe('NotFound');
    } finally {
      lambda.destroy();
      s3.destroy();
    }
  },
  300_000,
);
