// The stack outputs are a contract (@lambda-chain/contracts/stack-outputs): the integration tests find
// every resource through them, by these exact names.
import { STACK_OUTPUT_NAMES } from '@lambda-chain/contracts/stack-outputs';
import { STACK_NAMES } from '../src/environments';
import { DECLARED_OUTPUT_NAMES } from '../src/outputs';
import { lambdaFunction, queue, resourceWhere, synthStack, topic } from './helpers';

describe.each(STACK_NAMES)('the %s stack outputs', (stack) => {
  const { json } = synthStack(stack);

  it('are exactly the contract names', () => {
    const expected = [...STACK_OUTPUT_NAMES];
    expect(Object.keys(json.output).sort()).toEqual([...expected].sort());
    expect([...DECLARED_OUTPUT_NAMES].sort()).toEqual([...expected].sort());
  });

  it('point at the resources the integration tests drive', () => {
    const prefix = stack === 'prod' ? 'lc-prod' : 'lc-dev';
    const fnName = (n: string) => lambdaFunction(json, `${prefix}-${n}`).ref('function_name');
    const queueUrl = (n: string) => queue(json, `${prefix}-${n}`).ref('url');
    const value = (name: string) => json.output[name].value;

    expect(value('loanInputFunctionName')).toBe(fnName('identity-check-proxy'));
    expect(value('loanInputFunctionArn')).toBe(
      lambdaFunction(json, `${prefix}-identity-check-proxy`).ref('arn'),
    );
    expect(value('loanOutputQueueUrl')).toBe(queueUrl('loan-output'));
    const stage = resourceWhere(
      json,
      'aws_api_gateway_stage',
      'stage_name',
      stack === 'prod' ? 'prod' : 'dev',
    );
    expect(value('paymentsApiUrl')).toBe(
      stack === 'local'
        ? `http://127.0.0.1:4580/restapis/${resourceWhere(json, 'aws_api_gateway_rest_api', 'name', `${prefix}-payments-api`).ref('id')}/${stage.ref('stage_name')}/_user_request_/payment`
        : `${stage.ref('invoke_url')}/payment`,
    );
    expect(value('loanFailureQueueUrl')).toBe(queueUrl('loan-failure'));
    expect(value('paymentsTopicArn')).toBe(topic(json, `${prefix}-payments`).ref('arn'));
    expect(value('processPaymentFunctionName')).toBe(fnName('process-payment'));
    expect(value('notifyCustomerFunctionName')).toBe(fnName('notify-customer'));
    expect(value('failedPaymentsFunctionName')).toBe(fnName('failed-payments'));
    expect(value('notifyCustomerQueueUrl')).toBe(queueUrl('notify-customer'));
    expect(value('failedPaymentsQueueUrl')).toBe(queueUrl('failed-payments'));
    expect(value('simpleFunctionName')).toBe(fnName('simple-function'));
    expect(value('simpleDlqUrl')).toBe(queueUrl('simple-function-dlq'));
    expect(value('destinationsTesterFunctionName')).toBe(fnName('destinations-tester'));
    expect(value('destinationsSuccessTopicArn')).toBe(
      topic(json, `${prefix}-destinations-success`).ref('arn'),
    );
    expect(value('destinationsSuccessTapQueueUrl')).toBe(queueUrl('destinations-success-tap'));
    expect(value('failureLoggerFunctionName')).toBe(fnName('failure-logger'));
    expect(value('destinationsTesterEventBridgeFunctionName')).toBe(
      fnName('destinations-tester-eventbridge'),
    );
    expect(value('destinationsBusName')).toBe(
      resourceWhere(json, 'aws_cloudwatch_event_bus', 'name', `${prefix}-destinations`).ref('name'),
    );
    expect(value('destinationsEventTapQueueUrl')).toBe(queueUrl('destinations-event-tap'));
    expect(value('echoFunctionName')).toBe(fnName('echo'));
    expect(value('echoDlqUrl')).toBe(queueUrl('echo-dlq'));
    expect(value('echoRoleName')).toBe(
      resourceWhere(json, 'aws_iam_role', 'name', `${prefix}-echo-role`).ref('name'),
    );
  });
});
