import {
  arnMatch,
  evaluatePolicies,
  globMatch,
  type NamedPolicy,
  PolicyError,
  parsePolicy,
} from '../src/services/iam/policy';

const identity = (doc: unknown): NamedPolicy => ({
  name: 'p',
  document: parsePolicy(JSON.stringify(doc), 'identity'),
});
const resource = (doc: unknown): NamedPolicy => ({
  name: 'r',
  document: parsePolicy(JSON.stringify(doc), 'resource'),
});

const QUEUE = 'arn:aws:sqs:us-east-1:000000000000:orders';
const TOPIC = 'arn:aws:sns:us-east-1:000000000000:payments';

describe('policy parsing', () => {
  it('accepts Statement as an object and Action as a string', () => {
    const doc = parsePolicy(
      '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}}',
      'identity',
    );
    expect(doc.Statement).toEqual([{ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: ['*'] }]);
  });

  it.each([
    ['not json', 'This policy contains invalid Json'],
    ['[]', 'This policy contains invalid Json'],
    ['{"Version":"2012-10-17"}', 'Syntax errors in policy.'],
    ['{"Statement":[{"Effect":"Maybe","Action":"s3:*","Resource":"*"}]}', 'Syntax errors in policy.'],
    ['{"Statement":[{"Effect":"Allow","Resource":"*"}]}', 'Syntax errors in policy.'],
    ['{"Version":"2020-01-01","Statement":[]}', 'The policy failed legacy parsing'],
    [
      '{"Statement":[{"Effect":"Allow","Action":"SendMessage","Resource":"*"}]}',
      'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. (invalid action: SendMessage)',
    ],
    [
      '{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"bucket"}]}',
      'Resource bucket must be in ARN format or "*".',
    ],
    [
      '{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Principal":"*"}]}',
      'Policy document should not specify a principal.',
    ],
  ])('rejects %s', (text, message) => {
    expect(() => parsePolicy(text, 'identity')).toThrow(new PolicyError(message));
  });

  it('requires a principal in trust and resource policies and forbids Resource in trust policies', () => {
    expect(() =>
      parsePolicy('{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}', 'trust'),
    ).toThrow('Missing required field Principal');
    expect(() =>
      parsePolicy(
        '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Resource":"*"}]}',
        'trust',
      ),
    ).toThrow('Has prohibited field Resource');
    expect(() =>
      parsePolicy('{"Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]}', 'resource'),
    ).toThrow('Missing required field Principal');
  });
});

describe('wildcards', () => {
  it('matches * and ? with actions case-insensitive and resources case-sensitive', () => {
    expect(globMatch('sqs:Send*', 'SQS:SENDMESSAGE', true)).toBe(true);
    expect(globMatch('sqs:Send*', 'SQS:SENDMESSAGE', false)).toBe(false);
    expect(globMatch('arn:aws:sqs:*:*:orders-?', 'arn:aws:sqs:us-east-1:000000000000:orders-1')).toBe(true);
    expect(globMatch('arn:aws:sqs:*:*:orders-?', 'arn:aws:sqs:us-east-1:000000000000:orders-12')).toBe(false);
    expect(globMatch('arn:aws:sqs:*:*:Orders', QUEUE)).toBe(false);
    expect(globMatch('a.b(c)', 'a.b(c)')).toBe(true);
    expect(globMatch('a.b', 'axb')).toBe(false);
  });

  it('matches ARNs component by component', () => {
    expect(arnMatch('arn:aws:sns:*:000000000000:*', TOPIC)).toBe(true);
    expect(arnMatch('arn:aws:sns:*:111111111111:*', TOPIC)).toBe(false);
    expect(
      arnMatch(
        'arn:aws:lambda:us-east-1:000000000000:function:f:*',
        'arn:aws:lambda:us-east-1:000000000000:function:f:$LATEST',
      ),
    ).toBe(true);
    expect(arnMatch('arn:aws:*', TOPIC)).toBe(false);
  });
});

describe('identity policy evaluation', () => {
  const allowSend = identity({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: QUEUE }],
  });

  it('allows exactly what a statement grants', () => {
    expect(evaluatePolicies([allowSend], { action: 'sqs:SendMessage', resource: QUEUE }).decision).toBe(
      'Allow',
    );
    expect(evaluatePolicies([allowSend], { action: 'sqs:sendmessage', resource: QUEUE }).decision).toBe(
      'Allow',
    );
    expect(evaluatePolicies([allowSend], { action: 'sqs:ReceiveMessage', resource: QUEUE }).decision).toBe(
      'ImplicitDeny',
    );
    expect(
      evaluatePolicies([allowSend], { action: 'sqs:SendMessage', resource: `${QUEUE}-dlq` }).decision,
    ).toBe('ImplicitDeny');
    expect(evaluatePolicies([], { action: 'sqs:SendMessage', resource: QUEUE }).decision).toBe(
      'ImplicitDeny',
    );
  });

  it('lets an explicit deny win over any allow, in any policy', () => {
    const denyAll = identity({ Statement: [{ Effect: 'Deny', Action: 'sqs:*', Resource: '*' }] });
    const decision = evaluatePolicies([allowSend, denyAll], { action: 'sqs:SendMessage', resource: QUEUE });
    expect(decision.decision).toBe('ExplicitDeny');
    expect(decision.matched).toBe('p statement 1');
  });

  it('supports NotAction and NotResource', () => {
    const everythingButIam = identity({
      Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }],
    });
    expect(evaluatePolicies([everythingButIam], { action: 'sns:Publish', resource: TOPIC }).decision).toBe(
      'Allow',
    );
    expect(evaluatePolicies([everythingButIam], { action: 'iam:CreateRole', resource: '*' }).decision).toBe(
      'ImplicitDeny',
    );
    const notThisQueue = identity({ Statement: [{ Effect: 'Allow', Action: 'sqs:*', NotResource: QUEUE }] });
    expect(evaluatePolicies([notThisQueue], { action: 'sqs:SendMessage', resource: QUEUE }).decision).toBe(
      'ImplicitDeny',
    );
    expect(
      evaluatePolicies([notThisQueue], { action: 'sqs:SendMessage', resource: `${QUEUE}2` }).decision,
    ).toBe('Allow');
  });
});

describe('resource policy evaluation', () => {
  const queuePolicy = resource({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'topic-to-queue',
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: QUEUE,
        Condition: { ArnEquals: { 'aws:SourceArn': TOPIC } },
      },
    ],
  });
  const sns = { type: 'service' as const, service: 'sns.amazonaws.com' };

  it('allows the service principal from the named source only', () => {
    const request = { action: 'sqs:SendMessage', resource: QUEUE, principal: sns };
    expect(
      evaluatePolicies([queuePolicy], { ...request, context: { 'aws:SourceArn': TOPIC } }, true).decision,
    ).toBe('Allow');
    expect(
      evaluatePolicies([queuePolicy], { ...request, context: { 'aws:SourceArn': `${TOPIC}-other` } }, true)
        .decision,
    ).toBe('ImplicitDeny');
    expect(evaluatePolicies([queuePolicy], { ...request, context: {} }, true).decision).toBe('ImplicitDeny');
    expect(
      evaluatePolicies(
        [queuePolicy],
        {
          ...request,
          principal: { type: 'service', service: 'events.amazonaws.com' },
          context: { 'aws:SourceArn': TOPIC },
        },
        true,
      ).decision,
    ).toBe('ImplicitDeny');
  });

  it('matches condition keys case-insensitively (Lambda writes AWS:SourceArn) and ArnLike wildcards', () => {
    const functionPolicy = resource({
      Version: '2012-10-17',
      Id: 'default',
      Statement: [
        {
          Sid: 'sns',
          Effect: 'Allow',
          Principal: { Service: 'sns.amazonaws.com' },
          Action: 'lambda:InvokeFunction',
          Resource: 'arn:aws:lambda:us-east-1:000000000000:function:f',
          Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:sns:us-east-1:000000000000:pay*' } },
        },
      ],
    });
    const decision = evaluatePolicies(
      [functionPolicy],
      {
        action: 'lambda:InvokeFunction',
        resource: 'arn:aws:lambda:us-east-1:000000000000:function:f',
        principal: sns,
        context: { 'aws:SourceArn': TOPIC },
      },
      true,
    );
    expect(decision.decision).toBe('Allow');
  });

  it('supports Principal "*", {"AWS":"*"}, accounts and role ARNs', () => {
    const star = resource({
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sns:Publish', Resource: TOPIC }],
    });
    const awsStar = resource({
      Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sns:Publish', Resource: TOPIC }],
    });
    const account = resource({
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::000000000000:root' },
          Action: 'sns:Publish',
          Resource: TOPIC,
        },
      ],
    });
    const role = { type: 'aws' as const, arn: 'arn:aws:iam::000000000000:role/r', accountId: '000000000000' };
    const other = {
      type: 'aws' as const,
      arn: 'arn:aws:iam::111111111111:role/r',
      accountId: '111111111111',
    };
    const req = (principal: typeof role | typeof sns) => ({
      action: 'sns:Publish',
      resource: TOPIC,
      principal,
    });
    expect(evaluatePolicies([star], req(sns), true).decision).toBe('Allow');
    expect(evaluatePolicies([awsStar], req(sns), true).decision).toBe('Allow');
    expect(evaluatePolicies([account], req(role), true).decision).toBe('Allow');
    expect(evaluatePolicies([account], req(other), true).decision).toBe('ImplicitDeny');
    expect(evaluatePolicies([account], req(sns), true).decision).toBe('ImplicitDeny');
  });

  it('evaluates StringEquals/StringLike on aws:SourceAccount, negated operators and IfExists', () => {
    const policy = (condition: unknown) =>
      resource({
        Statement: [
          { Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: '*', Condition: condition },
        ],
      });
    const req = (context: Record<string, string>) => ({
      action: 'sqs:SendMessage',
      resource: QUEUE,
      principal: sns,
      context,
    });
    expect(
      evaluatePolicies(
        [policy({ StringEquals: { 'aws:SourceAccount': '000000000000' } })],
        req({ 'aws:SourceAccount': '000000000000' }),
        true,
      ).decision,
    ).toBe('Allow');
    expect(
      evaluatePolicies(
        [policy({ StringEquals: { 'aws:SourceAccount': '000000000000' } })],
        req({ 'aws:SourceAccount': '1' }),
        true,
      ).decision,
    ).toBe('ImplicitDeny');
    expect(
      evaluatePolicies(
        [policy({ StringLike: { 'aws:SourceArn': 'arn:aws:sns:*' } })],
        req({ 'aws:SourceArn': TOPIC }),
        true,
      ).decision,
    ).toBe('Allow');
    expect(
      evaluatePolicies([policy({ StringNotEquals: { 'aws:SourceAccount': '1' } })], req({}), true).decision,
    ).toBe('Allow');
    expect(
      evaluatePolicies([policy({ ArnEqualsIfExists: { 'aws:SourceArn': TOPIC } })], req({}), true).decision,
    ).toBe('Allow');
    expect(
      evaluatePolicies(
        [policy({ ArnEqualsIfExists: { 'aws:SourceArn': TOPIC } })],
        req({ 'aws:SourceArn': QUEUE }),
        true,
      ).decision,
    ).toBe('ImplicitDeny');
    expect(evaluatePolicies([policy({ Null: { 'aws:SourceArn': 'true' } })], req({}), true).decision).toBe(
      'Allow',
    );
    // Several values of one key are ORed; several keys are ANDed.
    expect(
      evaluatePolicies(
        [
          policy({
            ArnEquals: { 'aws:SourceArn': [QUEUE, TOPIC] },
            StringEquals: { 'aws:SourceAccount': '000000000000' },
          }),
        ],
        req({ 'aws:SourceArn': TOPIC, 'aws:SourceAccount': '000000000000' }),
        true,
      ).decision,
    ).toBe('Allow');
  });

  it('fails closed on condition operators it does not implement, and says so', () => {
    const allowWithUnknown = resource({
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'sqs:*',
          Resource: '*',
          Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } },
        },
      ],
    });
    const decision = evaluatePolicies(
      [allowWithUnknown],
      { action: 'sqs:SendMessage', resource: QUEUE, principal: sns },
      true,
    );
    expect(decision.decision).toBe('ImplicitDeny');
    expect(decision.notes).toEqual(['condition operator DateGreaterThan is not supported by local cloud']);

    const allow = resource({
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sqs:*', Resource: '*' }],
    });
    const denyWithUnknown = resource({
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'sqs:*',
          Resource: '*',
          Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
        },
      ],
    });
    expect(
      evaluatePolicies(
        [allow, denyWithUnknown],
        { action: 'sqs:SendMessage', resource: QUEUE, principal: sns },
        true,
      ).decision,
    ).toBe('ExplicitDeny');
  });

  it('supports NotPrincipal in deny statements', () => {
    const policy = resource({
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: '*' },
        {
          Effect: 'Deny',
          NotPrincipal: { Service: 'sns.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: '*',
        },
      ],
    });
    const req = { action: 'sqs:SendMessage', resource: QUEUE };
    expect(evaluatePolicies([policy], { ...req, principal: sns }, true).decision).toBe('Allow');
    expect(
      evaluatePolicies(
        [policy],
        { ...req, principal: { type: 'service', service: 'events.amazonaws.com' } },
        true,
      ).decision,
    ).toBe('ExplicitDeny');
  });
});

describe('trust policies', () => {
  it('lets lambda.amazonaws.com assume a Lambda execution role', () => {
    const trust: NamedPolicy = {
      name: 'trust',
      document: parsePolicy(
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: 'sts:AssumeRole' },
          ],
        }),
        'trust',
      ),
    };
    const req = (service: string) => ({
      action: 'sts:AssumeRole',
      resource: 'arn:aws:iam::000000000000:role/r',
      principal: { type: 'service' as const, service },
    });
    expect(evaluatePolicies([trust], req('lambda.amazonaws.com'), true).decision).toBe('Allow');
    expect(evaluatePolicies([trust], req('states.amazonaws.com'), true).decision).toBe('ImplicitDeny');
  });
});
