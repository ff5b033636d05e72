import { AwsError } from './errors';

export interface Arn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  /** Everything after the account id, e.g. `function:name:$LATEST`, `my-queue`, `event-bus/default`. */
  resource: string;
}

const ARN_PATTERN = /^arn:(aws[a-zA-Z-]*):([a-z0-9-.]+):([a-z0-9-]*):(\d{12}|aws|):(.+)$/;

export function parseArn(value: string): Arn | undefined {
  const match = ARN_PATTERN.exec(value);
  if (!match) return undefined;
  const [, partition, service, region, accountId, resource] = match;
  return {
    partition: partition as string,
    service: service as string,
    region: region as string,
    accountId: accountId as string,
    resource: resource as string,
  };
}

export function requireArn(value: string, field: string): Arn {
  const arn = parseArn(value);
  if (!arn)
    throw new AwsError('ValidationException', `Value '${value}' at '${field}' is not a valid ARN.`, 400);
  return arn;
}

export const formatArn = (arn: Arn): string =>
  `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.accountId}:${arn.resource}`;
