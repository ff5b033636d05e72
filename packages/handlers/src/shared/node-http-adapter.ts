/**
 * An axios adapter on Node's `http`/`https` modules, for the proxies' JSON calls.
 *
 * Why not axios's own Node adapters: the `http` adapter brings follow-redirects, proxy-from-env, zlib
 * streams and http2 (bundle 121 KB, module load ~80 ms), and the `fetch` adapter reads the global
 * `Request`/`Response` when axios is imported, which makes Node 20 load undici (~40 ms) before the handler
 * runs. This one loads `http` only (~7 ms) and `https` on the first https request.
 *
 * What it does, as axios's adapters do: the full URL from `baseURL`/`url`/`params`, the already transformed
 * body, `timeout` (whole request; ETIMEDOUT with `transitional.clarifyTimeoutError`, else ECONNABORTED),
 * `signal` (CanceledError), `maxContentLength`/`maxBodyLength`, `validateStatus`, `responseType`
 * json/text/arraybuffer. What it does not: follow redirects (a 3xx is an answer for the caller to judge),
 * proxies, streams, compression (it asks for `identity`).
 */
import http from 'node:http';
import type https from 'node:https';
import axios, {
  type AxiosAdapter,
  AxiosError,
  AxiosHeaders,
  type AxiosResponse,
  CanceledError,
  type InternalAxiosRequestConfig,
} from 'axios';

// One keep-alive pool per protocol for the life of the execution environment (warm invocations reuse it).
const httpAgent = new http.Agent({ keepAlive: true });
let httpsModule: Promise<{ agent: https.Agent; request: typeof https.request }> | undefined;

function transport(protocol: string): Promise<{ agent: http.Agent; request: typeof http.request }> {
  if (protocol === 'http:') return Promise.resolve({ agent: httpAgent, request: http.request });
  if (protocol === 'https:') {
    httpsModule ??= import('node:https').then((module) => ({
      agent: new module.Agent({ keepAlive: true }),
      request: module.request,
    }));
    return httpsModule;
  }
  return Promise.reject(new Error(`unsupported protocol ${protocol}`));
}

function bodyBytes(data: unknown): Buffer | undefined {
  if (data === undefined || data === null) return undefined;
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof URLSearchParams) return Buffer.from(data.toString(), 'utf8');
  throw new TypeError(`the node-http adapter sends strings and bytes, not ${typeof data}`);
}

/** axios's `settle`: resolve unless `validateStatus` rejects the status. */
function settle(response: AxiosResponse, config: InternalAxiosRequestConfig, request: http.ClientRequest) {
  const { validateStatus } = config;
  if (!validateStatus || validateStatus(response.status)) return response;
  throw new AxiosError(
    `Request failed with status code ${response.status}`,
    response.status < 500 ? AxiosError.ERR_BAD_REQUEST : AxiosError.ERR_BAD_RESPONSE,
    config,
    request,
    response,
  );
}

export const nodeHttpAdapter: AxiosAdapter = async (config) => {
  const url = new URL(axios.getUri(config));
  const { agent, request: send } = await transport(url.protocol).catch((error: Error) => {
    throw new AxiosError(error.message, AxiosError.ERR_BAD_REQUEST, config);
  });
  let body: Buffer | undefined;
  try {
    body = bodyBytes(config.data);
  } catch (error) {
    throw new AxiosError((error as Error).message, AxiosError.ERR_BAD_REQUEST, config);
  }
  if (body && config.maxBodyLength !== undefined && config.maxBodyLength > -1) {
    if (body.length > config.maxBodyLength)
      throw new AxiosError(
        'Request body larger than maxBodyLength limit',
        AxiosError.ERR_BAD_REQUEST,
        config,
      );
  }
  const headers = AxiosHeaders.from(config.headers).normalize(false);
  headers.set('Accept-Encoding', 'identity');
  if (body) headers.set('Content-Length', String(body.length));
  else headers.delete('Content-Type');

  // A keep-alive socket the server closed while the environment was idle fails the first write; Node's
  // documented answer is to retry on a fresh socket when the request went out on a reused one.
  const attempt = (retried: boolean): Promise<AxiosResponse> =>
    new Promise((resolve, reject) => {
      let settled = false;
      const finish = (error: unknown, response?: AxiosResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        config.signal?.removeEventListener?.('abort', onAbort);
        if (error) reject(error);
        else resolve(response as AxiosResponse);
      };
      const request = send(url, {
        method: (config.method ?? 'get').toUpperCase(),
        headers: headers.toJSON() as http.OutgoingHttpHeaders,
        agent,
      });
      const onAbort = () => {
        request.destroy();
        finish(new CanceledError(undefined, config, request));
      };
      const timeoutMs = config.timeout ?? 0;
      const timer =
        timeoutMs > 0
          ? setTimeout(() => {
              request.destroy();
              const clarify = config.transitional?.clarifyTimeoutError;
              finish(
                new AxiosError(
                  config.timeoutErrorMessage ?? `timeout of ${timeoutMs}ms exceeded`,
                  clarify ? AxiosError.ETIMEDOUT : AxiosError.ECONNABORTED,
                  config,
                  request,
                ),
              );
            }, timeoutMs)
          : undefined;
      if (config.signal?.aborted) return onAbort();
      config.signal?.addEventListener?.('abort', onAbort);

      request.on('error', (error: NodeJS.ErrnoException) => {
        if (!retried && request.reusedSocket && error.code === 'ECONNRESET' && !settled) {
          settled = true;
          clearTimeout(timer);
          config.signal?.removeEventListener?.('abort', onAbort);
          attempt(true).then(resolve, reject);
          return;
        }
        finish(AxiosError.from(error, error.code, config, request));
      });
      request.on('response', (incoming) => {
        const chunks: Buffer[] = [];
        let length = 0;
        const max = config.maxContentLength ?? -1;
        incoming.on('data', (chunk: Buffer) => {
          length += chunk.length;
          if (max > -1 && length > max) {
            request.destroy();
            finish(
              new AxiosError(
                `maxContentLength size of ${max} exceeded`,
                AxiosError.ERR_BAD_RESPONSE,
                config,
                request,
              ),
            );
            return;
          }
          chunks.push(chunk);
        });
        incoming.on('error', (error: NodeJS.ErrnoException) =>
          finish(AxiosError.from(error, error.code, config, request)),
        );
        incoming.on('end', () => {
          const raw = Buffer.concat(chunks, length);
          const responseType = config.responseType ?? 'json';
          const data = responseType === 'arraybuffer' ? raw : raw.toString('utf8');
          const response: AxiosResponse = {
            data,
            status: incoming.statusCode ?? 0,
            statusText: incoming.statusMessage ?? '',
            headers: new AxiosHeaders(incoming.headers as Record<string, string>),
            config,
            request,
          };
          try {
            finish(undefined, settle(response, config, request));
          } catch (error) {
            finish(error);
          }
        });
      });
      request.end(body);
    });

  if (
    config.responseType === 'stream' ||
    config.responseType === 'document' ||
    config.responseType === 'blob'
  )
    throw new AxiosError(
      `responseType '${config.responseType}' is not supported by the node-http adapter`,
      AxiosError.ERR_NOT_SUPPORT,
      config,
    );
  return attempt(false);
};
