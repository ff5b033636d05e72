import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Target } from './target';

export interface Clients {
  lambda: LambdaClient;
  sqs: SQSClient;
  sns: SNSClient;
  events: EventBridgeClient;
  logs: CloudWatchLogsClient;
  iam: IAMClient;
  destroy(): void;
}

/** AWS SDK v3 clients for the target: the local cloud's endpoint with test credentials, or the default chain on AWS. */
export function createClients(target: Target): Clients {
  const config =
    target.kind === 'local'
      ? {
          region: target.region,
          endpoint: target.endpoint,
          credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
          maxAttempts: 1,
        }
      : { region: target.region };
  const clients = {
    lambda: new LambdaClient(config),
    sqs: new SQSClient(config),
    sns: new SNSClient(config),
    events: new EventBridgeClient(config),
    logs: new CloudWatchLogsClient(config),
    iam: new IAMClient(config),
  };
  return {
    ...clients,
    destroy: () => {
      for (const client of Object.values(clients)) client.destroy();
    },
  };
}
