import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { AwsContext } from '../lib/aws-context';
import type { HandlerBundle } from '../lib/bundles';
import { AssetType, Construct, TerraformAsset, TerraformStack } from '../lib/cdktf';

export interface CodeBucketProps {
  /** Bucket names are global: the account and region are appended (`<prefix>-<account>-<region>`). */
  readonly namePrefix: string;
}

/**
 * The stack's bucket for function code, one object per handler bundle, as AWS CDK deploys its assets.
 *
 * Why not `filename` on the functions: the AWS provider holds one global lock around the whole create of every
 * function that uploads a local zip (it reads the file under the lock, then waits its fixed 5 s for the
 * function to become Active), so a stack's functions are created one after another — 12 × 5 s. Functions
 * whose code is in S3 are created in parallel, and Lambda copies the code at create/update time, so the
 * objects can be replaced freely.
 *
 * Objects have a stable key per bundle and the bundle's SHA-256 as `source_hash`: a changed bundle updates its
 * object in place, and the functions built from it update their code (their `source_code_hash` changes too).
 */
export class CodeBucket extends Construct {
  /** The stack's code bucket; created with a name from the stack's id when the stack has none yet. */
  static of(scope: Construct): CodeBucket {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(CODE_BUCKET_ID);
    if (existing instanceof CodeBucket) return existing;
    return new CodeBucket(stack, { namePrefix: `${stack.node.id.toLowerCase()}-code` });
  }

  readonly bucket: S3Bucket;
  private readonly objects = new Map<string, S3Object>();

  constructor(stack: TerraformStack, props: CodeBucketProps) {
    super(stack, CODE_BUCKET_ID);
    const aws = AwsContext.of(this);
    this.bucket = new S3Bucket(this, 'Bucket', {
      bucket: `${props.namePrefix}-${aws.accountId}-${aws.region}`,
      // It holds build outputs only (every deploy uploads them again): nothing to keep when the stack goes.
      forceDestroy: true,
    });
    new S3BucketPublicAccessBlock(this, 'PublicAccessBlock', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'Encryption', {
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
  }

  /** The object holding `bundle`'s zip (one per bundle, shared by every function built from it). */
  objectFor(bundle: HandlerBundle): S3Object {
    const existing = this.objects.get(bundle.name);
    if (existing) return existing;
    const asset = new TerraformAsset(this, `Asset-${bundle.name}`, {
      path: bundle.zipPath,
      type: AssetType.FILE,
    });
    const object = new S3Object(this, `Object-${bundle.name}`, {
      bucket: this.bucket.id,
      key: `${bundle.name}.zip`,
      source: asset.path,
      sourceHash: bundle.sha256Base64,
      contentType: 'application/zip',
    });
    this.objects.set(bundle.name, object);
    return object;
  }
}

const CODE_BUCKET_ID = 'CodeBucket';
