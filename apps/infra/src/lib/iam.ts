/** The subset of the IAM policy language this app writes. Actions and resources are always lists. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: readonly string[];
  readonly Resource?: readonly string[];
  readonly Principal?: { readonly Service: string | readonly string[] } | { readonly AWS: string };
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

export function policyDocument(statements: readonly PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/** `Allow <actions> on <resources>`: the shape of every grant in this app. */
export function allow(actions: readonly string[], resources: readonly string[]): PolicyStatement {
  return { Effect: 'Allow', Action: [...actions], Resource: [...resources] };
}

/** Trust policy letting an AWS service assume a role. */
export function assumeRolePolicy(service: string): string {
  return JSON.stringify(
    policyDocument([{ Effect: 'Allow', Principal: { Service: service }, Action: ['sts:AssumeRole'] }]),
  );
}

/**
 * Resource policy statement letting an AWS service principal call `actions` on `resource`, only on behalf
 * of `sourceArn` (the confused-deputy guard).
 */
export function allowServiceFromSource(
  service: string,
  actions: readonly string[],
  resource: string,
  sourceArn: string,
): PolicyStatement {
  return {
    Effect: 'Allow',
    Principal: { Service: service },
    Action: [...actions],
    Resource: [resource],
    Condition: { ArnEquals: { 'aws:SourceArn': sourceArn } },
  };
}
