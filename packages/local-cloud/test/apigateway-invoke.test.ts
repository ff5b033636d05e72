import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateModelCommand,
  CreateRequestValidatorCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateIntegrationResponseCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AddPermissionCommand } from '@aws-sdk/client-lambda';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { localInvokeUrl } from '../src/services/apigateway/invoke';
import { type LambdaTestCloud, startLambdaCloud, uniqueName } from './lambda-helpers';

/**
 * Serving deployed stages over plain HTTP at the local invoke URL: the payments flow's `POST /payment` publishing
 * straight to SNS (observed through an SQS subscription), request validation against the PaymentRequest model,
 * the integration role's permissions checked by IAM, deployment snapshots, MOCK routing (path parameters,
 * greedy proxy, ANY), template errors, and Lambda proxy integrations.
 */
const ACCOUNT = '000000000000';
const config = (endpoint: string) => ({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});

// packages/contracts/schemas/payment-request.json (draft 4), as the PaymentsApi construct deploys it.
const PAYMENT_REQUEST_SCHEMA = {
  $schema: 'http://json-schema.org/draft-04/schema#',
  title: 'PaymentRequest',
  type: 'object',
  properties: {
    paymentId: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' },
    customerId: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' },
    amount: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 1000000 },
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
    description: { type: 'string', maxLength: 256 },
  },
  required: ['paymentId', 'customerId', 'amount', 'currency'],
  additionalProperties: false,
};

let t: LambdaTestCloud;
let apigw: APIGatewayClient;
let iam: IAMClient;
let sns: SNSClient;
let sqs: SQSClient;
let logs: CloudWatchLogsClient;

beforeAll(async () => {
  t = await startLambdaCloud();
  apigw = new APIGatewayClient(config(t.endpoint));
  iam = new IAMClient(config(t.endpoint));
  sns = new SNSClient(config(t.endpoint));
  sqs = new SQSClient(config(t.endpoint));
  logs = new CloudWatchLogsClient(config(t.endpoint));
});

afterAll(async () => {
  for (const client of [apigw, iam, sns, sqs, logs]) client.destroy();
  await t.stop();
});

async function post(
  url: string,
  body: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
) {
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function receiveAll(queueUrl: string): Promise<Message[]> {
  const out = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
  );
  return out.Messages ?? [];
}

async function executionLog(apiId: string, stage: string): Promise<string> {
  const out = await logs.send(
    new FilterLogEventsCommand({ logGroupName: `API-Gateway-Execution-Logs_${apiId}/${stage}` }),
  );
  return (out.events ?? []).map((e) => e.message).join('\n');
}

/** The payments topic, a queue subscribed to it, and the API's integration role (exactly sns:Publish on it). */
async function paymentsBackend(name: string, allowPublish = true) {
  const topicArn = (await sns.send(new CreateTopicCommand({ Name: name }))).TopicArn as string;
  const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `${name}-tap` }))).QueueUrl as string;
  const queueArn = (
    await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))
  ).Attributes?.QueueArn as string;
  await sqs.send(
    new SetQueueAttributesCommand({
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
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queueArn }));
  const role = await iam.send(
    new CreateRoleCommand({
      RoleName: `${name}-api`,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      }),
    }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: `${name}-api`,
      PolicyName: 'publish',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['sns:Publish'],
            Resource: [allowPublish ? topicArn : `${topicArn}-other`],
          },
        ],
      }),
    }),
  );
  return { topicArn, queueUrl, roleArn: role.Role?.Arn as string };
}

/** The PaymentsApi shape, built with the SDK (the Terraform construct makes the same calls). */
async function paymentsApi(topicArn: string, roleArn: string, stageName = 'dev') {
  const api = await apigw.send(new CreateRestApiCommand({ name: uniqueName('payments-api') }));
  const restApiId = api.id as string;
  const resource = await apigw.send(
    new CreateResourceCommand({ restApiId, parentId: api.rootResourceId, pathPart: 'payment' }),
  );
  const resourceId = resource.id as string;
  await apigw.send(
    new CreateModelCommand({
      restApiId,
      name: 'PaymentRequest',
      contentType: 'application/json',
      schema: JSON.stringify(PAYMENT_REQUEST_SCHEMA),
    }),
  );
  const validator = await apigw.send(
    new CreateRequestValidatorCommand({ restApiId, name: 'body', validateRequestBody: true }),
  );
  await apigw.send(
    new PutMethodCommand({
      restApiId,
      resourceId,
      httpMethod: 'POST',
      authorizationType: 'NONE',
      requestValidatorId: validator.id,
      requestModels: { 'application/json': 'PaymentRequest' },
    }),
  );
  await apigw.send(
    new PutIntegrationCommand({
      restApiId,
      resourceId,
      httpMethod: 'POST',
      type: 'AWS',
      integrationHttpMethod: 'POST',
      uri: 'arn:aws:apigateway:us-east-1:sns:action/Publish',
      credentials: roleArn,
      passthroughBehavior: 'NEVER',
      requestParameters: { 'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'" },
      requestTemplates: {
        'application/json': `Action=Publish&TopicArn=$util.urlEncode('${topicArn}')&Message=$util.urlEncode($input.body)`,
      },
    }),
  );
  for (const [statusCode, selectionPattern, template] of [
    ['200', undefined, `{"messageId": "$input.path('$.PublishResponse.PublishResult.MessageId')"}`],
    ['400', '4\\d{2}', '{"message": "Bad request"}'],
    ['500', '5\\d{2}', '{"message": "Internal error"}'],
  ] as const) {
    await apigw.send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod: 'POST', statusCode }));
    await apigw.send(
      new PutIntegrationResponseCommand({
        restApiId,
        resourceId,
        httpMethod: 'POST',
        statusCode,
        ...(selectionPattern ? { selectionPattern } : {}),
        responseTemplates: { 'application/json': template },
      }),
    );
  }
  const deployment = await apigw.send(new CreateDeploymentCommand({ restApiId }));
  await apigw.send(new CreateStageCommand({ restApiId, stageName, deploymentId: deployment.id }));
  return { restApiId, resourceId, url: localInvokeUrl(t.endpoint, restApiId, stageName, '/payment') };
}

const validPayment = { paymentId: 'p-1', customerId: 'c-1', amount: 12.5, currency: 'GBP' };

describe('POST /payment → SNS', () => {
  it('publishes a valid payment to the topic and answers the message id', async () => {
    const backend = await paymentsBackend(uniqueName('payments'));
    const api = await paymentsApi(backend.topicArn, backend.roleArn);
    const body = JSON.stringify(validPayment);
    const response = await post(api.url, body);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    const { messageId } = JSON.parse(response.text) as { messageId: string };
    expect(messageId).toMatch(/^[0-9a-f-]{36}$/);

    await t.running.cloud.clock.settle();
    const messages = await receiveAll(backend.queueUrl);
    expect(messages).toHaveLength(1);
    const envelope = JSON.parse(messages[0]?.Body as string) as Record<string, unknown>;
    expect(envelope).toMatchObject({
      Type: 'Notification',
      MessageId: messageId,
      TopicArn: backend.topicArn,
    });
    // The SNS Message is the request body, byte for byte.
    expect(envelope.Message).toBe(body);
  });

  it('refuses an invalid payment with 400 "Invalid request body" and publishes nothing', async () => {
    const backend = await paymentsBackend(uniqueName('payments'));
    const api = await paymentsApi(backend.topicArn, backend.roleArn);
    const cases: Array<[unknown, RegExp]> = [
      [{ ...validPayment, amount: -1 }, /not strictly greater than the required minimum 0/],
      [
        { paymentId: 'p-1', customerId: 'c-1', currency: 'GBP' },
        /object has missing required properties \(\["amount"\]\)/,
      ],
      [{ ...validPayment, ammount: 1 }, /properties which are not allowed by the schema: \["ammount"\]/],
      [{ ...validPayment, currency: 'gbp' }, /regex "\^\[A-Z\]\{3\}\$" does not match input string "gbp"/],
      [
        { ...validPayment, amount: '12' },
        /instance type \(string\) does not match any allowed primitive type/,
      ],
    ];
    for (const [payload, reason] of cases) {
      const response = await post(api.url, JSON.stringify(payload));
      expect(response.status).toBe(400);
      expect(JSON.parse(response.text)).toEqual({ message: 'Invalid request body' });
      expect(response.headers.get('x-amzn-errortype')).toBe('BadRequestException');
      expect(response.headers.get('x-local-cloud-validation-error')).toMatch(reason);
    }
    const notJson = await post(api.url, '{"paymentId": ');
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.text)).toEqual({ message: 'Invalid request body' });

    // A content type without a template is refused (passthrough NEVER) and reaches nothing either.
    const text = await post(api.url, 'hello', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    expect(JSON.parse(text.text)).toEqual({ message: 'Unsupported Media Type' });

    await t.running.cloud.clock.settle();
    expect(await receiveAll(backend.queueUrl)).toEqual([]);
    const log = await executionLog(api.restApiId, 'dev');
    expect(log).toContain('Request body does not match model schema for content type application/json');
    expect(log).toContain('Method completed with status: 400');
  });

  it('checks the integration role: a role without sns:Publish on the topic gets the 4xx mapping', async () => {
    const backend = await paymentsBackend(uniqueName('payments'), false);
    const api = await paymentsApi(backend.topicArn, backend.roleArn);
    const response = await post(api.url, JSON.stringify(validPayment));
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toEqual({ message: 'Bad request' });
    await t.running.cloud.clock.settle();
    expect(await receiveAll(backend.queueUrl)).toEqual([]);
    const log = await executionLog(api.restApiId, 'dev');
    expect(log).toMatch(/AuthorizationError/);
    expect(log).toMatch(/is not authorized to perform: sns:Publish/);
  });

  it('maps a missing topic through the 4xx selection pattern (SNS answers 404 NotFound)', async () => {
    const backend = await paymentsBackend(uniqueName('payments'));
    const missingTopic = `arn:aws:sns:us-east-1:${ACCOUNT}:${uniqueName('missing')}`;
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: backend.roleArn.split('/').pop(),
        PolicyName: 'publish-missing',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['sns:Publish'], Resource: [missingTopic] }],
        }),
      }),
    );
    const api = await paymentsApi(missingTopic, backend.roleArn);
    const response = await post(api.url, JSON.stringify(validPayment));
    expect(response.status).toBe(400);
    expect(await executionLog(api.restApiId, 'dev')).toMatch(/"Code":"NotFound"/);
  });

  it('serves the deployed snapshot, not the live configuration, until redeployed', async () => {
    const backend = await paymentsBackend(uniqueName('payments'));
    const api = await paymentsApi(backend.topicArn, backend.roleArn);
    await apigw.send(
      new UpdateIntegrationResponseCommand({
        restApiId: api.restApiId,
        resourceId: api.resourceId,
        httpMethod: 'POST',
        statusCode: '200',
        patchOperations: [{ op: 'replace', path: '/responseTemplates/application~1json', value: '{"v": 2}' }],
      }),
    );
    const before = await post(api.url, JSON.stringify(validPayment));
    expect(JSON.parse(before.text)).toHaveProperty('messageId');
    const deployment = await apigw.send(new CreateDeploymentCommand({ restApiId: api.restApiId }));
    await apigw.send(
      new UpdateStageCommand({
        restApiId: api.restApiId,
        stageName: 'dev',
        patchOperations: [{ op: 'replace', path: '/deploymentId', value: deployment.id }],
      }),
    );
    const after = await post(api.url, JSON.stringify(validPayment));
    expect(JSON.parse(after.text)).toEqual({ v: 2 });
  });
});

describe('routing, gateway responses and templates (MOCK)', () => {
  let restApiId: string;
  let rootId: string;

  async function mockMethod(
    resourceId: string,
    httpMethod: string,
    responseTemplate: string,
    extra: {
      requestTemplate?: string;
      requestParameters?: Record<string, boolean>;
      validatorId?: string;
    } = {},
  ) {
    await apigw.send(
      new PutMethodCommand({
        restApiId,
        resourceId,
        httpMethod,
        authorizationType: 'NONE',
        ...(extra.requestParameters ? { requestParameters: extra.requestParameters } : {}),
        ...(extra.validatorId ? { requestValidatorId: extra.validatorId } : {}),
      }),
    );
    await apigw.send(
      new PutIntegrationCommand({
        restApiId,
        resourceId,
        httpMethod,
        type: 'MOCK',
        requestTemplates: { 'application/json': extra.requestTemplate ?? '{"statusCode": 200}' },
      }),
    );
    await apigw.send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod, statusCode: '200' }));
    await apigw.send(
      new PutIntegrationResponseCommand({
        restApiId,
        resourceId,
        httpMethod,
        statusCode: '200',
        responseTemplates: { 'application/json': responseTemplate },
      }),
    );
  }

  const url = (path: string, stage = 'test') => localInvokeUrl(t.endpoint, restApiId, stage, path);

  beforeAll(async () => {
    const api = await apigw.send(new CreateRestApiCommand({ name: uniqueName('mock') }));
    restApiId = api.id as string;
    rootId = api.rootResourceId as string;
    const items = await apigw.send(
      new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'items' }),
    );
    const item = await apigw.send(
      new CreateResourceCommand({ restApiId, parentId: items.id, pathPart: '{id}' }),
    );
    const special = await apigw.send(
      new CreateResourceCommand({ restApiId, parentId: items.id, pathPart: 'special' }),
    );
    const files = await apigw.send(
      new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'files' }),
    );
    const proxy = await apigw.send(
      new CreateResourceCommand({ restApiId, parentId: files.id, pathPart: '{proxy+}' }),
    );
    const broken = await apigw.send(
      new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'broken' }),
    );
    const params = await apigw.send(
      new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'params' }),
    );
    const validator = await apigw.send(
      new CreateRequestValidatorCommand({ restApiId, name: 'params', validateRequestParameters: true }),
    );

    await mockMethod(rootId, 'GET', '{"root": true}');
    await mockMethod(
      item.id as string,
      'GET',
      '{"id": "$input.params(\'id\')", "q": "$input.params(\'q\')", "resource": "$context.resourcePath", "stage": "$context.stage", "method": "$context.httpMethod", "env": "$stageVariables.env", "requestId": "$context.requestId"}',
    );
    await mockMethod(special.id as string, 'GET', '{"special": true}');
    await mockMethod(
      proxy.id as string,
      'ANY',
      '{"proxy": "$input.params(\'proxy\')", "method": "$context.httpMethod"}',
    );
    await mockMethod(broken.id as string, 'GET', '#if(');
    await mockMethod(params.id as string, 'GET', '{"ok": true}', {
      requestParameters: {
        'method.request.querystring.name': true,
        'method.request.header.x-api-client': true,
      },
      validatorId: validator.id,
    });
    const deployment = await apigw.send(new CreateDeploymentCommand({ restApiId }));
    await apigw.send(
      new CreateStageCommand({
        restApiId,
        stageName: 'test',
        deploymentId: deployment.id,
        variables: { env: 'test' },
      }),
    );
  });

  it('routes literal > {param} > {proxy+} and renders $input, $context and $stageVariables', async () => {
    const root = await fetch(url(''));
    expect(await root.json()).toEqual({ root: true });

    const item = await fetch(url('/items/42?q=a%20b'));
    expect(item.status).toBe(200);
    const body = (await item.json()) as Record<string, string>;
    expect(body).toMatchObject({
      id: '42',
      q: 'a b',
      resource: '/items/{id}',
      stage: 'test',
      method: 'GET',
      env: 'test',
    });
    expect(body.requestId).toBe(item.headers.get('x-amzn-requestid'));

    expect(await (await fetch(url('/items/special'))).json()).toEqual({ special: true });
    const deep = await fetch(url('/files/a/b/c.txt'), { method: 'DELETE' });
    expect(await deep.json()).toEqual({ proxy: 'a/b/c.txt', method: 'DELETE' });
  });

  it('answers 403 Missing Authentication Token for unknown paths and methods, 403 Forbidden for unknown stages/APIs', async () => {
    for (const [path, method] of [
      ['/nothing', 'GET'],
      ['/items/42', 'POST'],
      ['/files', 'GET'],
    ] as const) {
      const response = await fetch(url(path), { method });
      expect(response.status).toBe(403);
      expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
      expect(await response.json()).toEqual({ message: 'Missing Authentication Token' });
    }
    const stage = await fetch(url('/items/1', 'nostage'));
    expect(stage.status).toBe(403);
    expect(await stage.json()).toEqual({ message: 'Forbidden' });
    const api = await fetch(localInvokeUrl(t.endpoint, 'nope123456', 'test', '/x'));
    expect(api.status).toBe(403);
    expect(await api.json()).toEqual({ message: 'Forbidden' });
  });

  it('validates required request parameters', async () => {
    const missing = await fetch(url('/params'));
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({
      message: 'Missing required request parameters: [name, x-api-client]',
    });
    const ok = await fetch(url('/params?name=x'), { headers: { 'x-api-client': 'y' } });
    expect(ok.status).toBe(200);
  });

  it('turns a broken template into 500 Internal server error with the reason in the execution log', async () => {
    const response = await fetch(url('/broken'));
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal server error' });
    const log = await executionLog(restApiId, 'test');
    expect(log).toContain(
      'Execution failed due to configuration error: the integration response mapping template failed',
    );
  });

  it('survives garbage: bad percent-encoding, huge paths, odd methods', async () => {
    expect((await fetch(url('/items/%E0%A4%A'))).status).toBe(200);
    expect((await fetch(url(`/${'a/'.repeat(500)}`))).status).toBe(403);
    expect((await fetch(url('/items/1'), { method: 'PROPFIND' })).status).toBe(403);
  });
});

describe('Lambda integrations', () => {
  const PROXY_CODE = {
    'index.js': `exports.handler = async (event) => {
      if (event.path === '/malformed') return { body: { not: 'a string' } };
      if (event.path === '/throws') throw new Error('boom');
      if (event.path === '/slow') { await new Promise((r) => setTimeout(r, 500)); return { statusCode: 200, body: 'late' }; }
      return {
        statusCode: 201,
        headers: { 'x-echo': 'yes', 'content-type': 'application/json' },
        multiValueHeaders: { 'x-multi': ['a', 'b'] },
        body: JSON.stringify({ event }),
      };
    };`,
  };

  async function proxyApi(functionName: string, timeoutInMillis = 29000) {
    const fnArn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${functionName}`;
    const api = await apigw.send(new CreateRestApiCommand({ name: uniqueName('proxy') }));
    const restApiId = api.id as string;
    const proxy = await apigw.send(
      new CreateResourceCommand({ restApiId, parentId: api.rootResourceId, pathPart: '{proxy+}' }),
    );
    await apigw.send(
      new PutMethodCommand({ restApiId, resourceId: proxy.id, httpMethod: 'ANY', authorizationType: 'NONE' }),
    );
    await apigw.send(
      new PutIntegrationCommand({
        restApiId,
        resourceId: proxy.id,
        httpMethod: 'ANY',
        type: 'AWS_PROXY',
        integrationHttpMethod: 'POST',
        uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fnArn}/invocations`,
        timeoutInMillis,
      }),
    );
    await apigw.send(
      new CreateDeploymentCommand({ restApiId, stageName: 'live', variables: { color: 'blue' } }),
    );
    return { restApiId, url: (path: string) => localInvokeUrl(t.endpoint, restApiId, 'live', path) };
  }

  it('invokes the function with the REST (1.0) event and maps its answer', async () => {
    const name = uniqueName('proxy-fn');
    await t.create(name, PROXY_CODE);
    const api = await proxyApi(name);
    await t.lambda.send(
      new AddPermissionCommand({
        FunctionName: name,
        StatementId: 'apigw',
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
        SourceArn: `arn:aws:execute-api:us-east-1:${ACCOUNT}:${api.restApiId}/*/*/*`,
      }),
    );
    const response = await fetch(api.url('/orders/7?x=1&x=2'), {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-custom': 'c' },
      body: '{"a":1}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-echo')).toBe('yes');
    expect(response.headers.get('x-multi')).toBe('a, b');
    // biome-ignore lint/suspicious/noExplicitAny: the proxy event is untyped JSON; the test indexes into it
    const { event } = (await response.json()) as { event: Record<string, any> };
    expect(event).toMatchObject({
      resource: '/{proxy+}',
      path: '/orders/7',
      httpMethod: 'PUT',
      queryStringParameters: { x: '2' },
      multiValueQueryStringParameters: { x: ['1', '2'] },
      pathParameters: { proxy: 'orders/7' },
      stageVariables: { color: 'blue' },
      body: '{"a":1}',
      isBase64Encoded: false,
    });
    expect(event.headers['x-custom']).toBe('c');
    expect(event.multiValueHeaders['x-custom']).toEqual(['c']);
    expect(event.requestContext).toMatchObject({
      resourcePath: '/{proxy+}',
      httpMethod: 'PUT',
      path: '/live/orders/7',
      accountId: ACCOUNT,
      protocol: 'HTTP/1.1',
      stage: 'live',
      apiId: api.restApiId,
      requestId: response.headers.get('x-amzn-requestid'),
    });
    expect(event.requestContext.identity.sourceIp).toBe('127.0.0.1');

    for (const path of ['/malformed', '/throws']) {
      const bad = await fetch(api.url(path));
      expect(bad.status).toBe(502);
      expect(await bad.json()).toEqual({ message: 'Internal server error' });
    }
    expect(await executionLog(api.restApiId, 'live')).toContain('Malformed Lambda proxy response');
  });

  it('answers 500 when the function policy does not let API Gateway invoke it', async () => {
    const name = uniqueName('private-fn');
    await t.create(name, PROXY_CODE);
    const api = await proxyApi(name);
    const response = await fetch(api.url('/x'));
    expect(response.status).toBe(500);
    expect(await executionLog(api.restApiId, 'live')).toContain('Invalid permissions on Lambda function');
  });

  it('answers 504 when the function outlives the integration timeout', async () => {
    const name = uniqueName('slow-fn');
    await t.create(name, PROXY_CODE);
    const api = await proxyApi(name, 100);
    await t.lambda.send(
      new AddPermissionCommand({
        FunctionName: name,
        StatementId: 'apigw',
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
        SourceArn: `arn:aws:execute-api:us-east-1:${ACCOUNT}:${api.restApiId}/*`,
      }),
    );
    const response = await fetch(api.url('/slow'));
    expect(response.status).toBe(504);
    expect(await response.json()).toEqual({ message: 'Endpoint request timed out' });
    await t.running.cloud.clock.settle();
  });
});
