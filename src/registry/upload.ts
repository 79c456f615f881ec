/**
 * Blob uploads (distribution spec "pushing blobs"): POST opens a session, then one PUT with the
 * whole body (monolithic), or PATCHes of `chunkSize` bytes, each answered with the session's
 * next Location, and a closing PUT with the digest (chunked). A failed upload (unreachable,
 * 5xx, 429) is run again from a new session with exponential backoff, up to 3 times.
 */
import type { Readable } from 'node:stream';
import type { RegistryRequest, RegistryResponse } from './types.js';
import { RegistryResponseError, RegistryUnreachableError } from './errors.js';
import { responseFailure } from './response-errors.js';

export interface UploadOptions {
  chunkSize?: number;
  /** Traffic kind the bytes count under. @default 'layer' */
  kind?: string;
  /** @default 200 */
  backoffMs?: number;
}

type Opener = (start: number, end: number) => Readable;

/** What an upload needs of the client: its name and authenticated, counted requests. */
export interface Requester {
  readonly registry: string;
  request(req: RegistryRequest): Promise<RegistryResponse>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Uploads a blob through `client` (see the module comment). */
export async function uploadWithRetries(client: Requester, repository: string, digest: string, size: number, open: Opener, options: UploadOptions = {}): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await uploadOnce(client, repository, digest, size, open, options);
      return;
    } catch (error) {
      const transient = error instanceof RegistryUnreachableError || (error instanceof RegistryResponseError && (error.status >= 500 || error.status === 429));
      if (!transient || attempt >= 3) throw error;
      await sleep((options.backoffMs ?? 200) * 2 ** attempt);
    }
  }
}

async function expect(client: Requester, response: RegistryResponse, status: number, what: string): Promise<void> {
  if (response.status !== status) throw await responseFailure(client.registry, response, what);
  response.body.resume();
}

function nextLocation(client: Requester, response: RegistryResponse, digest: string): string {
  const header = response.headers['location'];
  const location = Array.isArray(header) ? header[0] : header;
  if (!location) throw new RegistryResponseError(`registry ${client.registry} gave no Location for the upload of ${digest}`, response.status, []);
  return new URL(location, response.url).href;
}

function withDigest(location: string, digest: string): string {
  const url = new URL(location);
  url.searchParams.set('digest', digest);
  return url.href;
}

async function uploadOnce(client: Requester, repository: string, digest: string, size: number, open: Opener, options: UploadOptions): Promise<void> {
  const kind = options.kind ?? 'layer';
  const started = await client.request({ method: 'POST', path: `/v2/${repository}/blobs/uploads/`, repository });
  await expect(client, started, 202, `upload of ${digest} to ${repository}`);
  let location = nextLocation(client, started, digest);
  const chunkSize = options.chunkSize;
  if (chunkSize !== undefined && chunkSize > 0) {
    for (let start = 0; start < size; start += chunkSize) {
      const end = Math.min(size, start + chunkSize);
      const patched = await client.request({
        method: 'PATCH', path: location, repository, retry: false, kind, bodyLength: end - start, body: () => open(start, end),
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(end - start), 'content-range': `${start}-${end - 1}` },
      });
      await expect(client, patched, 202, `upload of ${digest} (bytes ${start}-${end - 1})`);
      location = nextLocation(client, patched, digest);
    }
    const closed = await client.request({ method: 'PUT', path: withDigest(location, digest), repository, retry: false });
    await expect(client, closed, 201, `upload of ${digest}`);
    return;
  }
  const put = await client.request({
    method: 'PUT', path: withDigest(location, digest), repository, retry: false, kind, bodyLength: size, body: () => open(0, size),
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
  });
  await expect(client, put, 201, `upload of ${digest}`);
}
