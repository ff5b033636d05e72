import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { LambdaFunctionURLEvent } from 'aws-lambda';

export const fixturesDir = join(__dirname, 'fixtures');

// biome-ignore lint/suspicious/noExplicitAny: fixtures are arbitrary JSON that tests reshape on purpose
export function fixture<T = any>(relativePath: string): T {
  return JSON.parse(readFileSync(join(fixturesDir, relativePath), 'utf8')) as T;
}

/** Captures console.log; `lines()` parses each call's first argument as one JSON line. */
export function captureLogs() {
  const spy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  return {
    lines: () => spy.mock.calls.map((call) => JSON.parse(String(call[0])) as Record<string, unknown>),
    raw: () => spy.mock.calls.map((call) => call.map(String).join(' ')),
    restore: () => spy.mockRestore(),
  };
}

export interface TestServer {
  url: string;
  requests: Array<{ method: string; path: string; body: string }>;
  close: () => Promise<void>;
}

type Responder = (request: {
  method: string;
  path: string;
  body: string;
}) =>
  | { status: number; body?: unknown; delayMs?: number }
  | Promise<{ status: number; body?: unknown; delayMs?: number }>;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function listen(
  handle: (req: IncomingMessage, res: ServerResponse, body: string) => Promise<void>,
  requests: TestServer['requests'],
) {
  const server: Server = createServer((req, res) => {
    readBody(req)
      .then(async (body) => {
        requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', body });
        await handle(req, res, body);
      })
      .catch((error: unknown) => {
        res.statusCode = 599;
        res.end(String(error));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A real HTTP server on 127.0.0.1 (port 0) answering with `respond` (JSON bodies, optional delay). */
export async function serveJson(respond: Responder): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  return listen(async (req, res, body) => {
    const answer = await respond({ method: req.method ?? 'GET', path: req.url ?? '/', body });
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    if (res.destroyed) return;
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(
      answer.body === undefined
        ? ''
        : typeof answer.body === 'string'
          ? answer.body
          : JSON.stringify(answer.body),
    );
  }, requests);
}

/** Builds a function URL (payload 2.0) event, as Lambda does for a request to the URL. */
export function functionUrlEvent(method: string, path: string, body: string): LambdaFunctionURLEvent {
  const base = fixture<LambdaFunctionURLEvent>('function-url/identity-request-event.json');
  return {
    ...base,
    rawPath: path,
    body,
    isBase64Encoded: false,
    requestContext: { ...base.requestContext, http: { ...base.requestContext.http, method, path } },
  };
}

/** Serves a function-URL handler over real HTTP, like a Lambda function URL would. */
export async function serveFunctionUrl(
  handler: (
    event: LambdaFunctionURLEvent,
  ) => Promise<{ statusCode?: number; headers?: unknown; body?: string }>,
): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  return listen(async (req, res, body) => {
    const result = await handler(functionUrlEvent(req.method ?? 'GET', req.url ?? '/', body));
    if (res.destroyed) return;
    res.writeHead(result.statusCode ?? 200, (result.headers as Record<string, string>) ?? {});
    res.end(result.body ?? '');
  }, requests);
}
