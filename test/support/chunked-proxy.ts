/**
 * A counting HTTP proxy on loopback in front of a registry: it forwards every request
 * (node:http, no rewriting of bodies), counts requests and the bytes of every answer's body,
 * and logs each blob GET. Modes change how it treats Range headers, to stand for registries
 * and CDNs that do not honour them:
 *   'pass'       forwards Range as is
 *   'no-range'   drops every Range header (the registry answers 200 with the whole blob)
 *   'no-multi'   drops Range headers that ask for more than one range (200, whole blob)
 *   'multi-416'  answers 416 to a Range header that asks for more than one range
 *   'cut'        passes ranges, but once `cutAfter` bytes of blob bodies have gone through, drops every
 *                later blob GET's connection (a registry gone mid-pull)
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';

export type ProxyMode = 'pass' | 'no-range' | 'no-multi' | 'multi-416' | 'cut';

export interface BlobGet {
  path: string;
  range?: string;
  status: number;
  bytes: number;
}

export interface CountingProxy {
  url: string;
  mode: ProxyMode;
  requests: number;
  bytes: number;
  blobGets: BlobGet[];
  reset(): void;
  close(): Promise<void>;
}

export async function startProxy(target: string, mode: ProxyMode = 'pass', cutAfter = 0): Promise<CountingProxy> {
  const upstream = new URL(target);
  const state = { requests: 0, bytes: 0, blobGets: [] as BlobGet[] };
  const server: Server = createServer((req, res) => {
    state.requests++;
    const headers = { ...req.headers, host: upstream.host };
    const range = typeof headers.range === 'string' ? headers.range : undefined;
    const multi = range !== undefined && range.includes(',');
    if (mode === 'no-range' || (mode === 'no-multi' && multi)) delete headers.range;
    const isBlobGet = req.method === 'GET' && /\/blobs\/sha256:/.test(req.url ?? '');
    if (mode === 'cut' && isBlobGet && state.blobGets.reduce((sum, g) => sum + g.bytes, 0) >= cutAfter) {
      req.socket.destroy();
      return;
    }
    if (mode === 'multi-416' && multi) {
      res.writeHead(416, { 'content-length': '0' });
      res.end();
      if (isBlobGet) state.blobGets.push({ path: req.url!, range, status: 416, bytes: 0 });
      return;
    }
    const forward = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (answer: IncomingMessage) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      let bytes = 0;
      answer.on('data', (piece: Buffer) => { bytes += piece.length; });
      answer.on('end', () => {
        state.bytes += bytes;
        if (isBlobGet) state.blobGets.push({ path: req.url!, ...(headers.range ? { range: headers.range as string } : {}), status: answer.statusCode ?? 0, bytes });
      });
      answer.pipe(res);
    });
    forward.on('error', () => { res.destroy(); });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    mode,
    get requests() { return state.requests; },
    get bytes() { return state.bytes; },
    get blobGets() { return state.blobGets; },
    reset() { state.requests = 0; state.bytes = 0; state.blobGets = []; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
