import { CodeBucket } from '../constructs/code-bucket';
import type { EnvironmentConfig } from '../environments/types';
import { DestinationsTester } from '../flows/destinations-tester';
import { EchoWithRetries } from '../flows/echo-with-retries';
import { type ExternalServiceUrls, LoanProcessor } from '../flows/loan-processor';
import { Payments } from '../flows/payments';
import { SimpleFunctionWithDlq } from '../flows/simple-function-with-dlq';
import type { HandlerBundles } from '../lib/bundles';
import { type Construct, TerraformStack, TerraformVariable } from '../lib/cdktf';
import { prefixedName } from '../lib/naming';
import { addStackOutputs } from '../outputs';
import { stateBackend } from './backend';
import { awsProvider } from './provider';

export interface LambdaChainStackProps {
  readonly config: EnvironmentConfig;
  readonly bundles: HandlerBundles;
}

/**
 * One environment's whole chain in one stack (no cross-stack references), named after the environment.
 * The stack only composes flow constructs and declares the outputs.
 */
export class LambdaChainStack extends TerraformStack {
  readonly config: EnvironmentConfig;
  readonly loanProcessor: LoanProcessor;
  readonly payments: Payments;
  readonly simpleFunction: SimpleFunctionWithDlq;
  readonly destinationsTester: DestinationsTester;
  readonly echo: EchoWithRetries;

  constructor(scope: Construct, props: LambdaChainStackProps) {
    super(scope, props.config.stackName);
    const { config } = props;
    this.config = config;
    awsProvider(this, config);
    stateBackend(this, config.state);
    new CodeBucket(this, { namePrefix: prefixedName(config.namePrefix, 'code') });

    const flow = { config, bundles: props.bundles };
    this.loanProcessor = new LoanProcessor(this, 'LoanProcessor', {
      ...flow,
      externalServices:
        config.externalServices.kind === 'terraform-variables' ? this.externalServiceVariables() : undefined,
    });
    this.payments = new Payments(this, 'Payments', flow);
    this.simpleFunction = new SimpleFunctionWithDlq(this, 'SimpleFunctionWithDlq', flow);
    this.destinationsTester = new DestinationsTester(this, 'DestinationsTester', flow);
    this.echo = new EchoWithRetries(this, 'EchoWithRetries', flow);

    const { loanProcessor: loan, payments, simpleFunction, destinationsTester: tester, echo } = this;
    addStackOutputs(this, {
      loanInputFunctionName: loan.inputFunction.function.functionName,
      loanInputFunctionArn: loan.inputFunction.functionArn,
      loanOutputQueueUrl: loan.outputQueue.url,
      loanFailureQueueUrl: loan.failureQueue.url,
      identityServiceUrl: loan.serviceUrls.identityServiceUrl,
      creditReferenceServiceUrl: loan.serviceUrls.creditReferenceServiceUrl,
      paymentsTopicArn: payments.topic.arn,
      paymentsApiUrl: payments.api.invokeUrl,
      processPaymentFunctionName: payments.processPayment.function.functionName,
      notifyCustomerFunctionName: payments.notifyCustomer.function.functionName,
      failedPaymentsFunctionName: payments.failedPayments.function.functionName,
      notifyCustomerQueueUrl: payments.notifyCustomerQueue.url,
      failedPaymentsQueueUrl: payments.failedPaymentsQueue.url,
      simpleFunctionName: simpleFunction.function.function.functionName,
      simpleDlqUrl: simpleFunction.deadLetterQueue.url,
      destinationsTesterFunctionName: tester.function.function.functionName,
      destinationsSuccessTopicArn: tester.successTopic.arn,
      destinationsSuccessTapQueueUrl: tester.successTapQueue.url,
      failureLoggerFunctionName: tester.failureLogger.function.functionName,
      destinationsTesterEventBridgeFunctionName: tester.eventBridgeFunction.function.functionName,
      destinationsBusName: tester.eventBus.name,
      destinationsEventTapQueueUrl: tester.eventTapQueue.url,
      echoFunctionName: echo.function.function.functionName,
      echoDlqUrl: echo.deadLetterQueue.url,
      echoRoleName: echo.function.role.name,
    });
  }

  /**
   * Production's external services, given at deploy time: `TF_VAR_identity_service_url=…` (e.g. from
   * $IDENTITY_SERVICE_URL). Synth needs no value; plan fails without one, with the description below.
   */
  private externalServiceVariables(): ExternalServiceUrls {
    const urlVariable = (name: string, what: string) => {
      const variable = new TerraformVariable(this, name, {
        type: 'string',
        nullable: false,
        description: `Base URL of the ${what} (set TF_VAR_${name})`,
      });
      variable.overrideLogicalId(name);
      variable.addValidation({
        condition: `\${can(regex("^https?://", var.${name}))}`,
        errorMessage: `${name} must be an http(s) URL.`,
      });
      return variable.stringValue;
    };
    return {
      identityServiceUrl: urlVariable('identity_service_url', 'identity check service'),
      creditReferenceServiceUrl: urlVariable('credit_reference_service_url', 'credit reference service'),
    };
  }
}
