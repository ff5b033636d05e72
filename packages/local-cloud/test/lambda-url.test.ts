import { request as httpRequest } from 'node:http';
import {
  AddPermissionCommand,
  CreateAliasCommand,
  CreateFunctionUrlConfigCommand,
  DeleteFunctionUrlConfigCommand,
  GetFunctionUrlConfigCommand,
  ListFunctionUrlConfigsCommand,
  PublishVersionCommand,
  UpdateFunctionUrlConfigCommand,
} from '@aws-sdk/client-lambda';
import { type LambdaTestCloud, startLambdaCloud, uniqueName } from './lambda-helpers';

/** Function URLs: configuration API, payload format 2.0 events, response mapping (reference §6). */

const HANDLER = `
exports.handler = async (event) => {
  const mode = event.queryStringParameters && event.queryStringParameters.mode;
  if (mode === 'raw') return { hello: 'world' };
  if (mode === 'string') return 'Hello, world!';
  if (mode === 'throw') throw new Error('broken');
  if (mode === 'binary') return { statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from([1, 2, 3]).toString('base64'), isBase64Encoded: true };
  return {
    statusCode: 201,
    headers: { 'x-custom': 'yes', 'content-type': 'application/json' },
    cookies: ['a=1; Path=/', 'b=2'],
    body: JSON.stringify({ event }),
  };
};
`;

let t: LambdaTestCloud;
const fn = uniqueName('url');

beforeAll(async () => {
  t = await startLambdaCloud();
  await t.create(fn, { 'index.js': HANDLER });
});

afterAll(async () => {
  await t?.stop();
});

interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const allowPublic = (name: string, qualifier?: string): Promise<unknown> =>
  t.lambda.send(
    new AddPermissionCommand({
      FunctionName: name,
      StatementId: 'FunctionURLAllowPublicAccess',
      Action: 'lambda:InvokeFunctionUrl',
      Principal: '*',
      FunctionUrlAuthType: 'NONE',
      ...(qualifier ? { Qualifier: qualifier } : {}),
    }),
  );

describe('function URL configuration', () => {
  it('creates, reads, updates, lists and deletes a URL config', async () => {
    const name = uniqueName('urlcfg');
    await t.create(name, { 'index.js': HANDLER });
    const created = await t.lambda.send(
      new CreateFunctionUrlConfigCommand({ FunctionName: name, AuthType: 'NONE' }),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.FunctionUrl).toMatch(new RegExp(`^${t.endpoint}/lambda-url/[a-z0-9]{32}/$`));
    expect(created).toMatchObject({
      FunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
      AuthType: 'NONE',
      InvokeMode: 'BUFFERED',
    });
    await expect(
      t.lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: name, AuthType: 'NONE' })),
    ).rejects.toMatchObject({ name: 'ResourceConflictException', $metadata: { httpStatusCode: 409 } });
    const got = await t.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: name }));
    expect(got).toMatchObject({ FunctionUrl: created.FunctionUrl, AuthType: 'NONE' });
    expect(got.LastModifiedTime).toBeTruthy();
    const updated = await t.lambda.send(
      new UpdateFunctionUrlConfigCommand({
        FunctionName: name,
        AuthType: 'AWS_IAM',
        Cors: { AllowOrigins: ['*'] },
      }),
    );
    expect(updated).toMatchObject({
      AuthType: 'AWS_IAM',
      Cors: { AllowOrigins: ['*'] },
      FunctionUrl: created.FunctionUrl,
    });
    const list = await t.lambda.send(new ListFunctionUrlConfigsCommand({ FunctionName: name }));
    expect(list.FunctionUrlConfigs?.length).toBe(1);
    await expect(
      t.lambda.send(
        new CreateFunctionUrlConfigCommand({
          FunctionName: name,
          AuthType: 'NONE',
          InvokeMode: 'RESPONSE_STREAM',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceConflictException' });
    const deleted = await t.lambda.send(new DeleteFunctionUrlConfigCommand({ FunctionName: name }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    await expect(
      t.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: name })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    // After deletion the URL answers 403, as AWS does.
    expect((await send(created.FunctionUrl as string)).status).toBe(403);
  });

  it('refuses response streaming URLs', async () => {
    const name = uniqueName('stream');
    await t.create(name, { 'index.js': HANDLER });
    await expect(
      t.lambda.send(
        new CreateFunctionUrlConfigCommand({
          FunctionName: name,
          AuthType: 'NONE',
          InvokeMode: 'RESPONSE_STREAM',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
      message: expect.stringContaining('local-cloud does not support'),
    });
  });
});

describe('invoking through a function URL', () => {
  let url: string;
  beforeAll(async () => {
    url = (await t.lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: fn, AuthType: 'NONE' })))
      .FunctionUrl as string;
  });

  it('answers 403 until a resource policy allows public invocation', async () => {
    expect((await send(url)).status).toBe(403);
    await allowPublic(fn);
    expect((await send(`${url}?mode=raw`)).status).toBe(200);
  });

  it('sends a payload 2.0 event and maps a structured response', async () => {
    const res = await send(`${url}some/path?a=1&a=2&b=x`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: 'c1=v1; c2=v2',
        'x-multi': 'm',
        'user-agent': 'tester',
      },
      body: '{"in":true}',
    });
    expect(res.status).toBe(201);
    expect(res.headers['x-custom']).toBe('yes');
    expect(res.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2']);
    const { event } = JSON.parse(res.body.toString()) as { event: Record<string, unknown> };
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/some/path',
      rawQueryString: 'a=1&a=2&b=x',
      cookies: ['c1=v1', 'c2=v2'],
      queryStringParameters: { a: '1,2', b: 'x' },
      body: '{"in":true}',
      isBase64Encoded: false,
    });
    const headers = event.headers as Record<string, string>;
    expect(headers['x-multi']).toBe('m');
    expect(headers.cookie).toBeUndefined();
    const context = event.requestContext as Record<string, unknown>;
    const urlId = /lambda-url\/([a-z0-9]{32})\//.exec(url)?.[1];
    expect(context).toMatchObject({
      apiId: urlId,
      domainName: `${urlId}.lambda-url.us-east-1.on.aws`,
      domainPrefix: urlId,
      routeKey: '$default',
      stage: '$default',
      http: { method: 'POST', path: '/some/path', protocol: 'HTTP/1.1', userAgent: 'tester' },
    });
    expect(context.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(typeof context.timeEpoch).toBe('number');
  });

  it('encodes binary request bodies and decodes base64 responses', async () => {
    const res = await send(`${url}?mode=binary`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.from([0xff, 0x00]),
    });
    expect(res.status).toBe(200);
    expect([...res.body]).toEqual([1, 2, 3]);
  });

  it('answers a JSON value without statusCode as 200 application/json', async () => {
    const raw = await send(`${url}?mode=raw`);
    expect(raw.status).toBe(200);
    expect(raw.headers['content-type']).toBe('application/json');
    expect(JSON.parse(raw.body.toString())).toEqual({ hello: 'world' });
    const text = await send(`${url}?mode=string`);
    expect(text.body.toString()).toBe('"Hello, world!"');
  });

  it('answers 502 Internal Server Error on a function error', async () => {
    const res = await send(`${url}?mode=throw`);
    expect(res.status).toBe(502);
    expect(JSON.parse(res.body.toString())).toEqual({ Message: 'Internal Server Error' });
  });

  it('accepts the host form of the URL', async () => {
    const id = /lambda-url\/([a-z0-9]{32})\//.exec(url)?.[1];
    const res = await send(`${t.endpoint}/?mode=raw`, {
      headers: { host: `${id}.lambda-url.us-east-1.on.aws` },
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({ hello: 'world' });
  });
});

describe('AWS_IAM URLs, aliases and CORS', () => {
  it('requires a SigV4 Authorization header for AWS_IAM', async () => {
    const name = uniqueName('iam-url');
    await t.create(name, { 'index.js': HANDLER });
    const url = (
      await t.lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: name, AuthType: 'AWS_IAM' }))
    ).FunctionUrl as string;
    expect((await send(`${url}?mode=raw`)).status).toBe(403);
    const signed = await send(url, {
      headers: {
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc',
        'x-amz-date': '20260101T000000Z',
      },
    });
    expect(signed.status).toBe(201);
    const { event } = JSON.parse(signed.body.toString()) as {
      event: { requestContext: Record<string, unknown> };
    };
    expect(event.requestContext.authorizer).toMatchObject({
      iam: { accessKey: 'AKIDLOCAL', accountId: '000000000000' },
    });
  });

  it('serves a URL on an alias and answers CORS preflights', async () => {
    const name = uniqueName('alias-url');
    await t.create(name, { 'index.js': HANDLER });
    await t.lambda.send(new PublishVersionCommand({ FunctionName: name }));
    await t.lambda.send(new CreateAliasCommand({ FunctionName: name, Name: 'live', FunctionVersion: '1' }));
    const created = await t.lambda.send(
      new CreateFunctionUrlConfigCommand({
        FunctionName: name,
        Qualifier: 'live',
        AuthType: 'NONE',
        Cors: { AllowOrigins: ['https://app.example'], AllowMethods: ['GET', 'POST'], MaxAge: 60 },
      }),
    );
    expect(created.FunctionArn).toBe(`arn:aws:lambda:us-east-1:000000000000:function:${name}:live`);
    await allowPublic(name, 'live');
    const preflight = await send(created.FunctionUrl as string, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(preflight.headers['access-control-allow-methods']).toBe('GET,POST');
    expect(preflight.headers['access-control-max-age']).toBe('60');
    const res = await send(`${created.FunctionUrl}?mode=raw`, { headers: { origin: 'https://app.example' } });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example');
  });
});
