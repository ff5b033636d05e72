"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.installSts = installSts;
const errors_1 = require("../../core/errors");
const input_1 = require("../../core/input");
/**
 * STS: what the Terraform provider and SDKs need. Any credentials are accepted; the caller is the
 * account's root-like local user unless the access key was issued to an assumed role or a function.
 */
function installSts(cloud) {
    const accountId = cloud.config.accountId;
    const service = {
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
                const reader = new input_1.InputReader(input, 'ValidationError');
                const roleArn = reader.requiredString('RoleArn');
                const sessionName = reader.requiredString('RoleSessionName');
                const duration = reader.integer('DurationSeconds', { min: 900, max: 43_200 }) ?? 3600;
                if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(roleArn)) {
                    throw new errors_1.AwsError('ValidationError', `${roleArn} is invalid`, 400);
                }
                const roleName = roleArn.split('/').pop();
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
