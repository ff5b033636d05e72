import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { AddPermissionCommand } from '@aws-sdk/client-lambda';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { credentials, type LambdaTestCloud, startLambdaCloud, uniqueName } from './lambda-helpers';

/**
 * End to end with the real Lambda service: SNS → Lambda (asynchronous invoke, resource policy checked in
 * the delivery door) → the handler's console output in CloudWatch Logs (through the logs port).
 */

let t: LambdaTestCloud;
let sns: SNSClient;
let logs: CloudWatchLogsClient;

beforeAll(async () => {
  t = await startLambdaCloud({ timeScale: 0.001 });
  sns = new SNSClient({ endpoint: t.endpoint, region: 'us-east-1', credentials });
  logs = new CloudWatchLogsClient({ endpoint: t.endpoint, region: 'us-east-1', credentials });
});

afterAll(async () => {
  sns.destroy();
  logs.destroy();
  await t.stop();
});

it('invokes a subscribed function with the SNS event once the function policy allows the topic', async () => {
  const fn = uniqueName('sns-consumer');
  await t.create(fn, {
    'index.js':
      'exports.handler = async (event) => { console.log("EVENT " + JSON.stringify(event)); return "ok"; };',
  });
  const fnArn = `arn:aws:lambda:us-east-1:000000000000:function:${fn}`;
  const topicArn = (await sns.send(new CreateTopicCommand({ Name: `${fn}-topic` }))).TopicArn as string;
  const { SubscriptionArn } = await sns.send(
    new SubscribeCommand({ TopicArn: topicArn, Protocol: 'lambda', Endpoint: fnArn }),
  );

  // Without permission the delivery fails (recorded, not silent).
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  let denied: string | undefined;
  try {
    denied = (await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'denied' }))).MessageId;
  } finally {
    stderr.mockRestore();
  }
  expect(
    t.running.cloud.trace.get(denied as string)?.find((e) => e.kind === 'sns.delivery.failed')?.error,
  ).toMatch(/^AccessDenied: sns\.amazonaws\.com is not authorized to perform: lambda:InvokeFunction/);

  await t.lambda.send(
    new AddPermissionCommand({
      FunctionName: fn,
      StatementId: 'sns',
      Action: 'lambda:InvokeFunction',
      Principal: 'sns.amazonaws.com',
      SourceArn: topicArn,
    }),
  );
  const published = await sns.send(
    new PublishCommand({ TopicArn: topicArn, Message: '{"amount":5}', Subject: 'Pay' }),
  );
  expect(await t.running.cloud.clock.settle(30_000)).toBe(true);

  const found = await logs.send(
    new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${fn}`, filterPattern: '"EVENT "' }),
  );
  expect(found.events).toHaveLength(1);
  const line = found.events?.[0]?.message ?? '';
  const event = JSON.parse(line.slice(line.indexOf('EVENT ') + 6));
  expect(event.Records[0]).toMatchObject({
    EventSource: 'aws:sns',
    EventSubscriptionArn: SubscriptionArn,
    Sns: {
      MessageId: published.MessageId,
      TopicArn: topicArn,
      Subject: 'Pay',
      Message: '{"amount":5}',
      MessageAttributes: {},
    },
  });
}, 60_000);
