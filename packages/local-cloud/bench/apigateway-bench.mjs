#!/usr/bin/env node
/**
 * API Gateway benchmark: the payments flow's `POST /payment` → request validation (PaymentRequest model) →
 * Velocity request template → SNS Publish (as the integration role, IAM-checked) → the topic's SQS subscription,
 * over the built dist (`pnpm --filter @lambda-chain/local-cloud build`).
 *
 *   node bench/apigateway-bench.mjs [--requests 5000] [--concurrency 16] [--latency 500] [--memory] [--dist DIR]
 *
 * The local cloud runs in a child process (durable store in a temp dir unless --memory); this process drives it
 * over plain HTTP with keep-alive, like a client:
 *   (1) latency: `latency` requests one at a time: p50 / p99 of the HTTP round trip (200 + messageId);
 *   (2) throughput: `requests` requests with `concurrency` in flight: requests/s, and the p50 / p99 under load;
 *   (3) a check that every accepted payment reached the SQS queue subscribed to the topic.
 * APIGW_BENCH_CHILD_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server process.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '16' },
    latency: { type: 'string', default: '500' },
    memory: { type: 'boolean', default: false },
    dist: { type: 'string' },
    child: { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
  },
});
const dist = resolve(args.dist ?? join(here, '../dist'));

if (args.child) {
  const { startLocalCloud } = require(join(dist, 'index.js'));
  const local = await startLocalCloud({ port: 0, dataDir: args['data-dir'] || undefined, timeScale: 1 });
  process.send?.({ endpoint: local.endpoint });
  process.on('message', async (message) => {
    if (message === 'stop') {
      await local.stop();
      process.exit(0);
    }
  });
} else {
  await main();
}

async function main() {
  const dataDir = args.memory ? undefined : mkdtempSync(join(tmpdir(), 'apigw-bench-'));
  const child = fork(
    fileURLToPath(import.meta.url),
    ['--child', '--dist', dist, ...(dataDir ? ['--data-dir', dataDir] : [])],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: process.env.APIGW_BENCH_CHILD_ARGS ? process.env.APIGW_BENCH_CHILD_ARGS.split(' ') : [],
    },
  );
  const { endpoint } = await new Promise((ok) => child.once('message', ok));
  try {
    await run(endpoint);
  } finally {
    child.send('stop');
    await new Promise((ok) => child.once('exit', ok));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

async function run(endpoint) {
  const apigw = require('@aws-sdk/client-api-gateway');
  const iamSdk = require('@aws-sdk/client-iam');
  const snsSdk = require('@aws-sdk/client-sns');
  const sqsSdk = require('@aws-sdk/client-sqs');
  const config = {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
  const api = new apigw.APIGatewayClient(config);
  const iam = new iamSdk.IAMClient(config);
  const sns = new snsSdk.SNSClient(config);
  const sqs = new sqsSdk.SQSClient(config);

  // Backend: topic → queue subscription (with the queue policy SNS needs), the integration role.
  const { TopicArn: topicArn } = await sns.send(new snsSdk.CreateTopicCommand({ Name: 'bench-payments' }));
  const { QueueUrl: queueUrl } = await sqs.send(
    new sqsSdk.CreateQueueCommand({ QueueName: 'bench-payments-tap' }),
  );
  const queueArn = (
    await sqs.send(new sqsSdk.GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))
  ).Attributes.QueueArn;
  await sqs.send(
    new sqsSdk.SetQueueAttributesCommand({
      QueueUrl: queueUrl,
      Attributes: {
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'sns.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Resource: queueArn,
              Condition: { ArnEquals: { 'aws:SourceArn': topicArn } },
            },
          ],
        }),
      },
    }),
  );
  await sns.send(new snsSdk.SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queueArn }));
  const role = await iam.send(
    new iamSdk.CreateRoleCommand({
      RoleName: 'bench-payments-api',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      }),
    }),
  );
  await iam.send(
    new iamSdk.PutRolePolicyCommand({
      RoleName: 'bench-payments-api',
      PolicyName: 'publish',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['sns:Publish'], Resource: [topicArn] }],
      }),
    }),
  );

  // The API, as the PaymentsApi construct builds it.
  const rest = await api.send(new apigw.CreateRestApiCommand({ name: 'bench-payments' }));
  const restApiId = rest.id;
  const { id: resourceId } = await api.send(
    new apigw.CreateResourceCommand({ restApiId, parentId: rest.rootResourceId, pathPart: 'payment' }),
  );
  const schema = require(resolve(here, '../../contracts/schemas/payment-request.json'));
  await api.send(
    new apigw.CreateModelCommand({
      restApiId,
      name: 'PaymentRequest',
      contentType: 'application/json',
      schema: JSON.stringify(schema),
    }),
  );
  const validator = await api.send(
    new apigw.CreateRequestValidatorCommand({ restApiId, name: 'body', validateRequestBody: true }),
  );
  await api.send(
    new apigw.PutMethodCommand({
      restApiId,
      resourceId,
      httpMethod: 'POST',
      authorizationType: 'NONE',
      requestValidatorId: validator.id,
      requestModels: { 'application/json': 'PaymentRequest' },
    }),
  );
  await api.send(
    new apigw.PutIntegrationCommand({
      restApiId,
      resourceId,
      httpMethod: 'POST',
      type: 'AWS',
      integrationHttpMethod: 'POST',
      uri: 'arn:aws:apigateway:us-east-1:sns:action/Publish',
      credentials: role.Role.Arn,
      passthroughBehavior: 'NEVER',
      requestParameters: { 'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'" },
      requestTemplates: {
        'application/json': `Action=Publish&TopicArn=$util.urlEncode('${topicArn}')&Message=$util.urlEncode($input.body)`,
      },
    }),
  );
  for (const [statusCode, selectionPattern, template] of [
    ['200', undefined, `{"messageId": "$input.path('$.PublishResponse.PublishResult.MessageId')"}`],
    ['400', '4\\d{2}', undefined],
    ['500', '5\\d{2}', undefined],
  ]) {
    await api.send(
      new apigw.PutMethodResponseCommand({ restApiId, resourceId, httpMethod: 'POST', statusCode }),
    );
    await api.send(
      new apigw.PutIntegrationResponseCommand({
        restApiId,
        resourceId,
        httpMethod: 'POST',
        statusCode,
        ...(selectionPattern ? { selectionPattern } : {}),
        ...(template ? { responseTemplates: { 'application/json': template } } : {}),
      }),
    );
  }
  await api.send(new apigw.CreateDeploymentCommand({ restApiId, stageName: 'bench' }));
  const url = new URL(`${endpoint}/restapis/${restApiId}/bench/_user_request_/payment`);

  const agent = new http.Agent({ keepAlive: true, maxSockets: Number(args.concurrency) });
  let counter = 0;
  const postOnce = () =>
    new Promise((ok, fail) => {
      const body = JSON.stringify({
        paymentId: `p-${++counter}`,
        customerId: 'c-1',
        amount: 12.5,
        currency: 'GBP',
      });
      const started = process.hrtime.bigint();
      const req = http.request(
        url,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            if (res.statusCode !== 200) fail(new Error(`status ${res.statusCode}: ${Buffer.concat(chunks)}`));
            else ok(ms);
          });
        },
      );
      req.on('error', fail);
      req.end(body);
    });

  const pct = (values, p) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  };

  for (let i = 0; i < 200; i++) await postOnce(); // warm-up (JIT, template and route caches)

  const sequential = [];
  for (let i = 0; i < Number(args.latency); i++) sequential.push(await postOnce());

  const total = Number(args.requests);
  const concurrency = Number(args.concurrency);
  const loaded = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++;
        loaded.push(await postOnce());
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  // Every accepted payment is on the subscribed queue.
  const expected = 200 + sequential.length + loaded.length;
  let visible = 0;
  for (let i = 0; i < 100 && visible < expected; i++) {
    const attrs = await sqs.send(
      new sqsSdk.GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
    );
    visible = Number(attrs.Attributes.ApproximateNumberOfMessages);
    if (visible < expected) await new Promise((r) => setTimeout(r, 50));
  }

  const f = (n) => n.toFixed(2);
  console.log(
    `API Gateway POST /payment → SNS → SQS (${args.memory ? 'memory store' : 'durable store'}, node ${process.version})`,
  );
  console.log(
    `  latency, 1 in flight (${sequential.length} requests): p50 ${f(pct(sequential, 50))} ms, p99 ${f(pct(sequential, 99))} ms`,
  );
  console.log(
    `  throughput, ${concurrency} in flight (${loaded.length} requests): ${Math.round(loaded.length / seconds)} requests/s, p50 ${f(pct(loaded, 50))} ms, p99 ${f(pct(loaded, 99))} ms`,
  );
  console.log(`  delivered to the subscribed queue: ${visible}/${expected}`);
  // bench/run-all.mjs collects one summary per bench.
  if (process.env.BENCH_SUMMARY_FILE) {
    const rows = [
      {
        metric: 'latency, 1 in flight (p50 / p99)',
        value: `${f(pct(sequential, 50))} / ${f(pct(sequential, 99))} ms`,
      },
      {
        metric: `throughput, ${concurrency} in flight`,
        value: `${Math.round(loaded.length / seconds)} req/s (p50 ${f(pct(loaded, 50))} ms, p99 ${f(pct(loaded, 99))} ms)`,
      },
      { metric: 'delivered to the subscribed queue', value: `${visible}/${expected}` },
    ];
    const title = `API Gateway POST /payment → SNS → SQS (${args.memory ? 'memory' : 'durable'})`;
    writeFileSync(process.env.BENCH_SUMMARY_FILE, JSON.stringify({ title, rows }));
  }
  agent.destroy();
  for (const client of [api, iam, sns, sqs]) client.destroy();
  if (visible !== expected) process.exitCode = 1;
}
