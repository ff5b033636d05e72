import type { Cloud } from '../../core/cloud';
import { AwsError } from '../../core/errors';
import { InputReader } from '../../core/input';
import type { QueryService } from '../../core/service';

/**
 * STS: what the Terraform provider and SDKs need. Any credentials are accepted; the caller is the
 * account's root-like local user unless the access key was issued to an assumed role or a function.
 */
export function installSts(cloud: Cloud): void {
  const accountId = cloud.config.accountId;
  const service: QueryService = {
    protocol: 'query',
    signingName: 'sts',
    xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/',
    operations: {
      GetCallerIdentity: () => ({
        Arn: `arn:aws:iam::${accountId}:user/local-cloud`,
        UserId: 'AIDALOCALCLOUDUSER0001',
        Account: accountId,
      }),
      AssumeRole: (input) => {
        const reader = new InputReader(input, 'ValidationError');
        const roleArn = reader.requiredString('RoleArn');
        const sessionName = reader.requiredString('RoleSessionName');
        const duration = reader.integer('DurationSeconds', { min: 900, max: 43_200 }) ?? 3600;
        if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(roleArn)) {
          throw new AwsError('ValidationError', `${roleArn} is invalid`, 400);
        }
        const roleName = roleArn.split('/').pop() as string;
        return {
          Credentials: {
            AccessKeyId: 'ASIALOCALCLOUD000001',
            SecretAccessKey: 'local-cloud-secret',
            SessionToken: 'local-cloud-session-token',
            Expiration: new Date(Date.now() + duration * 1000).toISOString(),
          },
          AssumedRoleUser: {
            AssumedRoleId: `AROALOCALCLOUD:${sessionName}`,
            Arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
          },
        };
      },
    },
  };
  cloud.addService(service);
}
