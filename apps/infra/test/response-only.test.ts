// LambdaDestination(fn, { responseOnly: true }) built as AWS CDK builds it (aws-lambda-destinations
// lambda.ts): default bus destination + events:PutEvents, a rule on the default bus matching the source's
// $LATEST results, a target with input_path $.detail.responsePayload, and a permission for that rule only.
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import {
  allowStatement,
  DEFAULT_BUS_ARN,
  eventInvokeConfig,
  lambdaFunction,
  resourcesOfType,
  resourceWhere,
  roleStatements,
  synthStack,
} from './helpers';

describe('the loan processor responseOnly link (identity check → credit reference)', () => {
  // GIVEN the dev stack
  const { json, synthesized } = synthStack('dev');
  const source = lambdaFunction(json, 'lc-dev-identity-check-proxy');
  const target = lambdaFunction(json, 'lc-dev-credit-reference-proxy');
  const rule = resourceWhere(
    json,
    'aws_cloudwatch_event_rule',
    'name',
    'lc-dev-identity-check-proxy-success',
  );

  it("sends the source's successes to the default event bus, and grants events:PutEvents on it", () => {
    expect(
      eventInvokeConfig(json, 'lc-dev-identity-check-proxy').value.destination_config.on_success,
    ).toEqual({
      destination: DEFAULT_BUS_ARN,
    });
    expect(roleStatements(json, 'lc-dev-identity-check-proxy')).toContainEqual(
      allowStatement('events:PutEvents', DEFAULT_BUS_ARN),
    );
    // The default bus ARN is built from the provider's partition, region and account: no literal.
    expect(json.data).toEqual({
      aws_caller_identity: { aws_caller_identity: {} },
      aws_partition: { aws_partition: {} },
      aws_region: { aws_region: {} },
    });
  });

  it("matches the source's $LATEST success records with a rule on the default bus", () => {
    expect(rule.value.event_bus_name).toBeUndefined();
    expect(JSON.parse(rule.value.event_pattern)).toEqual({
      source: ['lambda'],
      'detail-type': ['Lambda Function Invocation Result - Success'],
      resources: [`${source.ref('arn')}:$LATEST`],
    });
  });

  it('invokes the credit reference proxy with the response payload only', () => {
    expect(synthesized).toHaveResourceWithProperties(CloudwatchEventTarget, {
      rule: rule.ref('name'),
      arn: target.ref('arn'),
      input_path: '$.detail.responsePayload',
    });
    const targets = resourcesOfType(json, 'aws_cloudwatch_event_target').filter(
      (t) => t.value.rule === rule.ref('name'),
    );
    expect(targets).toHaveLength(1);
  });

  it('lets EventBridge invoke the credit reference proxy from that rule only', () => {
    const permission = resourceWhere(json, 'aws_lambda_permission', 'source_arn', rule.ref('arn'));
    expect(permission.value).toEqual({
      action: 'lambda:InvokeFunction',
      function_name: target.ref('function_name'),
      principal: 'events.amazonaws.com',
      source_arn: rule.ref('arn'),
      statement_id: 'events-lc-dev-identity-check-proxy-success',
    });
  });

  it('does not grant the source lambda:InvokeFunction on the target (EventBridge invokes it)', () => {
    const actions = roleStatements(json, 'lc-dev-identity-check-proxy').flatMap((s) => s.Action);
    expect(actions).not.toContain('lambda:InvokeFunction');
  });
});
