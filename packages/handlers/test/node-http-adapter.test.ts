/**
 * The proxies' axios adapter (src/shared/node-http-adapter.ts) against a real HTTP server on 127.0.0.1:
 * what axios's own adapters do for a JSON call (URL, body, status rules, errors with their codes), plus
 * keep-alive and the one retry of a request whose reused socket the server had closed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import axios, { AxiosError, CanceledError } from 'axios';
import { nodeHttpAdapter } from '../src/shared/node-http-adapter';

type Route = (request: IncomingMessage, body: string, response: ServerResponse) => void;

let server: Server;
let base: string;
let route: Route;
const sockets = new Set<Socket>();
let requestsPerSocket = new Map<Socket, number>();

beforeAll(async () => {
  server = createServer((request, response) => {
    const count = (requestsPerSocket.get(request.socket) ?? 0) + 1;
    requestsPerSocket.set(request.socket, count);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => route(request, Buffer.concat(chunks).toString('utf8'), response));
  });
  server.on('connection', (socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requestsPerSocket = new Map();
});

const client = (extra: Parameters<typeof axios.create>[0] = {}) =>
  axios.create({ adapter: nodeHttpAdapter, baseURL: base, ...extra });

/** The rejection of a request that must fail (a success fails the test). */
async function failure(request: Promise<unknown>): Promise<AxiosError> {
  const outcome = await request.then(
    (response) => ({ response }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error('the request succeeded');
  return outcome.error as AxiosError;
}

const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};

describe('node-http adapter', () => {
  it('POSTs the JSON body with its length to baseURL + url + params; parses the JSON answer', async () => {
    let seen: { method?: string; url?: string; headers?: IncomingMessage['headers']; body?: string } = {};
    route = (request, body, response) => {
      seen = { method: request.method, url: request.url, headers: request.headers, body };
      json(response, 201, { ok: true, echo: JSON.parse(body) });
    };
    const response = await client().post('/check', { name: 'Ada' }, { params: { q: 'a b' } });
    expect(response.status).toBe(201);
    expect(response.data).toEqual({ ok: true, echo: { name: 'Ada' } });
    expect(response.headers['content-type']).toBe('application/json');
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/check?q=a+b');
    expect(seen.body).toBe('{"name":"Ada"}');
    expect(seen.headers?.['content-type']).toBe('application/json');
    expect(seen.headers?.['content-length']).toBe('14');
    expect(seen.headers?.['accept-encoding']).toBe('identity');
  });

  it('applies validateStatus as axios does: 4xx ERR_BAD_REQUEST, 5xx ERR_BAD_RESPONSE, with the response', async () => {
    route = (request, _body, response) => json(response, Number(request.url?.slice(1)), { status: 'no' });
    const rejected = await failure(client().get('/404'));
    expect(rejected).toBeInstanceOf(AxiosError);
    expect((rejected as AxiosError).code).toBe(AxiosError.ERR_BAD_REQUEST);
    expect((rejected as AxiosError).response?.data).toEqual({ status: 'no' });
    const failed = await failure(client().get('/503'));
    expect((failed as AxiosError).code).toBe(AxiosError.ERR_BAD_RESPONSE);
    expect((failed as AxiosError).message).toBe('Request failed with status code 503');
    const accepted = await client({ validateStatus: () => true }).get('/503');
    expect(accepted.status).toBe(503);
  });

  it('does not follow redirects: a 3xx is the answer', async () => {
    route = (_request, _body, response) => {
      response.writeHead(302, { location: '/elsewhere' });
      response.end();
    };
    const response = await client({ validateStatus: () => true }).get('/moved');
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/elsewhere');
  });

  it('times out the whole request: ETIMEDOUT with clarifyTimeoutError, ECONNABORTED without', async () => {
    route = () => {
      /* never answers */
    };
    const clarified = await failure(
      client({ timeout: 50, transitional: { clarifyTimeoutError: true } }).get('/slow'),
    );
    expect(clarified.code).toBe('ETIMEDOUT');
    expect(clarified.message).toBe('timeout of 50ms exceeded');
    const plain = await failure(client({ timeout: 50 }).get('/slow'));
    expect(plain.code).toBe('ECONNABORTED');
  });

  it('cancels on an AbortSignal with CanceledError', async () => {
    route = () => {
      /* never answers */
    };
    const controller = new AbortController();
    const pending = client().get('/wait', { signal: controller.signal });
    setImmediate(() => controller.abort());
    const error = await pending.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CanceledError);
    expect(axios.isCancel(error)).toBe(true);
  });

  it('reports network errors with their system code', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(
      axios.create({ adapter: nodeHttpAdapter }).post(`http://127.0.0.1:${port}/x`, {}),
    );
    expect(axios.isAxiosError(error)).toBe(true);
    expect(error.code).toBe('ECONNREFUSED');
  });

  it('enforces maxContentLength and refuses unsupported protocols and response types', async () => {
    route = (_request, _body, response) => json(response, 200, { big: 'x'.repeat(1000) });
    const tooBig = await failure(client({ maxContentLength: 100 }).get('/big'));
    expect(tooBig.message).toBe('maxContentLength size of 100 exceeded');
    const ftp = await failure(axios.create({ adapter: nodeHttpAdapter }).get('ftp://127.0.0.1/x'));
    expect(ftp.message).toBe('unsupported protocol ftp:');
    const stream = await failure(client({ responseType: 'stream' }).get('/big'));
    expect(stream.code).toBe(AxiosError.ERR_NOT_SUPPORT);
  });

  it('keeps the connection alive across requests', async () => {
    route = (_request, _body, response) => json(response, 200, {});
    const http = client();
    for (let i = 0; i < 3; i++) await http.get('/again');
    expect([...requestsPerSocket.values()]).toEqual([3]);
  });

  it('retries once on a fresh socket when the server dropped the reused one', async () => {
    route = (request, _body, response) => {
      // The second request on a socket: drop the connection without an answer (as a server that closed an
      // idle keep-alive connection does).
      if (requestsPerSocket.get(request.socket) === 2) request.socket.destroy();
      else json(response, 200, { on: request.socket.remotePort });
    };
    const http = client();
    const first = await http.get('/a');
    const second = await http.get('/b');
    expect(second.status).toBe(200);
    expect(second.data.on).not.toBe(first.data.on);
    expect([...requestsPerSocket.values()].sort()).toEqual([1, 2]);
  });
});
