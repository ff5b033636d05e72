import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { EnvironmentConfig } from '../environments/types';
import type { Construct } from '../lib/cdktf';

/** The services the stacks use, each pointed at the local cloud's single endpoint. */
export const LOCAL_CLOUD_SERVICES = [
  'iam',
  'sts',
  'lambda',
  'sqs',
  'sns',
  'events',
  'logs',
  'apigateway',
  's3',
] as const;

/**
 * The AWS provider of an environment. For the local cloud: static `test` credentials, no credential or
 * metadata-API checks, but the account ID IS requested (one iam:GetUser against the local cloud), so
 * ARNs carry the local cloud's account as they would on AWS.
 */
export function awsProvider(scope: Construct, config: EnvironmentConfig): AwsProvider {
  const common = { region: config.region, defaultTags: [{ tags: { ...config.tags } }] };
  if (config.provider.kind === 'aws') return new AwsProvider(scope, 'aws', common);
  const { endpoint } = config.provider;
  return new AwsProvider(scope, 'aws', {
    ...common,
    accessKey: 'test',
    secretKey: 'test',
    skipCredentialsValidation: true,
    skipMetadataApiCheck: 'true',
    skipRequestingAccountId: false,
    endpoints: [Object.fromEntries(LOCAL_CLOUD_SERVICES.map((service) => [service, endpoint]))],
    // One endpoint for every service: buckets go in the path, not in a `<bucket>.` host name.
    s3UsePathStyle: true,
  });
}
