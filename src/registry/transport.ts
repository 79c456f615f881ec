/**
 * HTTP to one registry endpoint, on node:http/https: which scheme (TLS unless the registry is
 * on loopback or --tls-verify=false and does not speak it, as docker does), CA and client
 * certificates, keep-alive, time-outs, redirects (Authorization is dropped when the origin
 * changes), and retries with exponential backoff on 429, 5xx and dropped connections (a
 * `Retry-After` is honoured, capped). Auth and the distribution API are the client's.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { BadInputError, CorruptDataError } from '../errors.js';
import { RegistryTlsError, RegistryUnreachableError } from './errors.js';
import { isLoopback } from './reference.js';
import { tlsSettingsFor } from './tls-config.js';

export interface TransportOptions {
  /** Verify TLS certificates; false also allows plain HTTP. @default true */
  tlsVerify?: boolean;
  /** Certificate directory (*.crt CAs, *.cert + *.key client certificate). */
  certDir?: string;
  /** A request fails after this long without any byte moving. @default 30000 */
  timeoutMs?: number;
  /** Retries after the first attempt on 429, 5xx and dropped connections. @default 4 */
  retries?: number;
  /** First backoff; doubled each retry. @default 200 */
  backoffMs?: number;
  /** @default 'cairn' */
  userAgent?: string;
}

export interface SendRequest {
  method: string;
  /** A path on the endpoint (`/v2/...`) or an absolute URL (a Location the registry gave). */
  url: string;
  headers?: Record<string, string>;
  /** A body: bytes, or a function opening it afresh (so that a retry can send it again). */
  body?: Buffer | (() => Readable);
  /** Retry on 429, 5xx and dropped connections. @default true */
  retry?: boolean;
  /** Follow redirects (GET and HEAD only). @default true */
  followRedirects?: boolean;
}

export interface SendResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The URL that answered (after redirects). */
  url: URL;
  /** The body, unread. Read it or call `resume()` on it. */
  body: IncomingMessage;
}

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const RETRY_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'CAIRN_TIMEOUT']);
const TLS_TRUST_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE',
]);
const MAX_REDIRECTS = 5;
const MAX_RETRY_AFTER_MS = 10_000;

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused', ECONNRESET: 'connection reset', ETIMEDOUT: 'timed out', CAIRN_TIMEOUT: 'timed out',
  ENOTFOUND: 'host not found', EAI_AGAIN: 'host name lookup failed', EHOSTUNREACH: 'host unreachable', ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed', ECONNABORTED: 'connection aborted',
};

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? '';
}

/** True when a TLS client met a server speaking plain HTTP. */
function isPlainHttpAnswer(error: unknown): boolean {
  const code = errorCode(error);
  const message = (error as Error | undefined)?.message ?? '';
  return code === 'EPROTO' || code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number|packet length too long/i.test(message);
}

/** A one-line reason for a network error. */
export function networkReason(error: unknown): string {
  const code = errorCode(error);
  return REASONS[code] ?? ((error as Error | undefined)?.message || code || 'unknown error');
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class Transport {
  readonly endpoint: string;
  readonly #options: Required<Omit<TransportOptions, 'certDir'>>;
  readonly #httpAgent: HttpAgent;
  readonly #httpsAgent: HttpsAgent;
  /** Decided at the first request: 'https', or 'http' where TLS was refused and that is allowed. */
  #scheme: 'https' | 'http' | undefined;
  /** HTTP requests made so far: every attempt, redirect and token request (a TLS handshake a plain-HTTP registry refused is not one). */
  requests = 0;
  readonly #mayUseHttp: boolean;

  constructor(endpoint: string, options: TransportOptions = {}) {
    this.endpoint = endpoint;
    this.#options = {
      tlsVerify: options.tlsVerify ?? true,
      timeoutMs: options.timeoutMs ?? 30_000,
      retries: options.retries ?? 4,
      backoffMs: options.backoffMs ?? 200,
      userAgent: options.userAgent ?? 'cairn',
    };
    const tls = tlsSettingsFor(endpoint, options.certDir);
    this.#httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 8 });
    this.#httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 8, rejectUnauthorized: this.#options.tlsVerify, ...tls });
    this.#mayUseHttp = isLoopback(endpoint) || !this.#options.tlsVerify;
  }

  /** `https://endpoint` or `http://endpoint`, once the first request has decided. */
  get origin(): string {
    return `${this.#scheme ?? 'https'}://${this.endpoint}`;
  }

  /** Sends a request (see SendRequest); throws RegistryUnreachableError or RegistryTlsError when no answer comes. */
  async send(request: SendRequest): Promise<SendResponse> {
    const retries = request.retry === false ? 0 : this.#options.retries;
    for (let attempt = 0; ; attempt++) {
      let response: SendResponse;
      try {
        response = await this.#sendFollowing(request);
      } catch (error) {
        // A request body that failed its own check (a rebuilt blob with another digest, a bad
        // input) is not the network's doing: neither retried nor called unreachable.
        if (error instanceof RegistryTlsError || error instanceof CorruptDataError || error instanceof BadInputError) throw error;
        const code = errorCode(error);
        if (attempt < retries && RETRY_CODES.has(code)) {
          await sleep(this.#options.backoffMs * 2 ** attempt);
          continue;
        }
        throw new RegistryUnreachableError(this.endpoint, networkReason(error), error);
      }
      if (attempt < retries && RETRY_STATUSES.has(response.status)) {
        response.body.resume();
        const after = Number(response.headers['retry-after']);
        const wait = Number.isFinite(after) && after > 0 ? Math.min(after * 1000, MAX_RETRY_AFTER_MS) : this.#options.backoffMs * 2 ** attempt;
        await sleep(wait);
        continue;
      }
      return response;
    }
  }

  /** The first request to the endpoint tries TLS; a loopback registry (or any with --tls-verify=false) answering in plain HTTP gets HTTP from then on. */
  async #sendFollowing(request: SendRequest): Promise<SendResponse> {
    const relative = !/^https?:\/\//.test(request.url);
    if (!relative) return this.#sendFrom(new URL(request.url), request);
    if (this.#scheme === undefined) {
      try {
        const response = await this.#sendFrom(new URL(request.url, `https://${this.endpoint}`), request);
        this.#scheme = 'https';
        return response;
      } catch (error) {
        if (!isPlainHttpAnswer(error)) throw error;
        if (!this.#mayUseHttp) throw new RegistryTlsError(this.endpoint, 'it answers in plain HTTP', error);
        this.#scheme = 'http';
      }
    }
    return this.#sendFrom(new URL(request.url, `${this.#scheme}://${this.endpoint}`), request);
  }

  async #sendFrom(start: URL, request: SendRequest): Promise<SendResponse> {
    let url = start;
    let headers = { ...request.headers };
    for (let hop = 0; ; hop++) {
      const response = await this.#once(request.method, url, headers, request.body);
      const location = response.headers.location;
      const follow = request.followRedirects !== false && (request.method === 'GET' || request.method === 'HEAD');
      if (!follow || !REDIRECTS.has(response.status) || location === undefined || hop >= MAX_REDIRECTS) return response;
      response.body.resume();
      const next = new URL(location, url);
      if (next.origin !== url.origin) {
        const { authorization: _dropped, ...rest } = headers;
        headers = rest;
      }
      url = next;
    }
  }

  #once(method: string, url: URL, headers: Record<string, string>, body: SendRequest['body']): Promise<SendResponse> {
    return new Promise((resolve, reject) => {
      const https = url.protocol === 'https:';
      const send = https ? httpsRequest : httpRequest;
      const allHeaders: Record<string, string> = { 'user-agent': this.#options.userAgent, ...headers };
      if (Buffer.isBuffer(body) && allHeaders['content-length'] === undefined) allHeaders['content-length'] = String(body.length);
      if (body === undefined && (method === 'PUT' || method === 'POST' || method === 'PATCH') && allHeaders['content-length'] === undefined) {
        allHeaders['content-length'] = '0';
      }
      let answered = false;
      const req = send(url, { method, headers: allHeaders, agent: https ? this.#httpsAgent : this.#httpAgent }, (res) => {
        answered = true;
        this.requests++;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, url, body: res });
      });
      req.setTimeout(this.#options.timeoutMs, () => {
        const error = Object.assign(new Error(`no data for ${this.#options.timeoutMs} ms`), { code: 'CAIRN_TIMEOUT' });
        req.destroy(error);
      });
      req.on('error', (error) => {
        if (!answered && !isPlainHttpAnswer(error)) this.requests++;
        if (https && TLS_TRUST_CODES.has(errorCode(error))) reject(new RegistryTlsError(this.endpoint, (error as Error).message, error));
        else reject(error);
      });
      if (body === undefined) req.end();
      else if (Buffer.isBuffer(body)) req.end(body);
      else {
        const stream = body();
        stream.on('error', (error) => req.destroy(error));
        stream.pipe(req);
      }
    });
  }

  /** Closes idle connections (call when done, so the process can exit). */
  close(): void {
    this.#httpAgent.destroy();
    this.#httpsAgent.destroy();
  }
}
