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
 *   'cut-body'   passes ranges, but the first blob GET whose body reaches `cutAfter` bytes has its
 *                connection dropped right there (a blob cut mid-transfer); later requests pass
 *   'cut-down'   as 'cut-body', and every blob GET after the cut is dropped too (the registry gone)
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';

export type ProxyMode = 'pass' | 'no-range' | 'no-multi' | 'multi-416' | 'cut' | 'cut-body' | 'cut-down';

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
  const state = { requests: 0, bytes: 0, blobGets: [] as BlobGet[], cut: false };
  const server: Server = createServer((req, res) => {
    state.requests++;
    const headers = { ...req.headers, host: upstream.host };
    const range = typeof headers.range === 'string' ? headers.range : undefined;
    const multi = range !== undefined && range.includes(',');
    if (mode === 'no-range' || (mode === 'no-multi' && multi)) delete headers.range;
    const isBlobGet = req.method === 'GET' && /\/blobs\/sha256:/.test(req.url ?? '');
    if ((mode === 'cut' && isBlobGet && state.blobGets.reduce((sum, g) => sum + g.bytes, 0) >= cutAfter) || (mode === 'cut-down' && isBlobGet && state.cut)) {
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
      const cutting = (mode === 'cut-body' || mode === 'cut-down') && isBlobGet && !state.cut;
      let mine = false;
      answer.on('data', (piece: Buffer) => {
        bytes += piece.length;
        if (!cutting || mine) return;
        if (state.cut || bytes < cutAfter) {
          res.write(piece);
          return;
        }
        // Part of this piece goes out, then the connection drops mid-body.
        state.cut = true;
        mine = true;
        res.write(piece.subarray(0, piece.length - (bytes - cutAfter)), () => {
          state.bytes += cutAfter;
          state.blobGets.push({ path: req.url!, ...(headers.range ? { range: headers.range as string } : {}), status: answer.statusCode ?? 0, bytes: cutAfter });
          // A clean close (FIN, not RST): the client reads every byte sent before it.
          res.socket?.end();
          answer.destroy();
        });
      });
      answer.on('end', () => {
        if (mine) return;
        if (cutting) res.end();
        state.bytes += bytes;
        if (isBlobGet) state.blobGets.push({ path: req.url!, ...(headers.range ? { range: headers.range as string } : {}), status: answer.statusCode ?? 0, bytes });
      });
      if (!cutting) answer.pipe(res);
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
