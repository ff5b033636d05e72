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

export interface ClientOptions {
  /** Sockets per client (the benchmark drives hundreds of invokes at once). Default: the SDK's 50. */
  maxSockets?: number;
}

/** AWS SDK v3 clients for the target: the local cloud's endpoint with test credentials, or the default chain on AWS. */
export function createClients(target: Target, options: ClientOptions = {}): Clients {
  const requestHandler =
    options.maxSockets === undefined
      ? {}
      : {
          requestHandler: {
            httpsAgent: { maxSockets: options.maxSockets },
            httpAgent: { maxSockets: options.maxSockets },
          },
        };
  const config =
    target.kind === 'local'
      ? {
          region: target.region,
          endpoint: target.endpoint,
          credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
          // The local cloud answers or fails deterministically: a retry would only hide a bug.
          maxAttempts: 1,
          ...requestHandler,
        }
      : { region: target.region, ...requestHandler };
  const clients = {
    lambda: new LambdaClient(config),
    sqs: new SQSClient(config),
    sns: new SNSClient(config),
    events: new EventBridgeClient(config),
    logs: new CloudWatchLogsClient(config),
    // IAM is global: on AWS its endpoint is us-east-1 whatever the stack's region.
    iam: new IAMClient(target.kind === 'local' ? config : { region: 'us-east-1', ...requestHandler }),
  };
  return {
    ...clients,
    destroy: () => {
      for (const client of Object.values(clients)) client.destroy();
    },
  };
}
