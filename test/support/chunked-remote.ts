/**
 * For the chunk artifact tests: a real docker-registry (distribution 2.8) on a free loopback
 * port with its storage in a temp directory, and a minimal anonymous plain-HTTP ChunkRemote
 * for one repository of it (the registry client proper lives in src/registry).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { BlobResponse, ChunkRemote } from '../../src/registry/chunked/index.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningRegistry {
  url: string;
  host: string;
  config: string;
  stop(): Promise<void>;
  /** `docker-registry garbage-collect --delete-untagged` (the registry is stopped and started around it). */
  collectGarbage(): Promise<string>;
}

export async function startRegistry(dir: string): Promise<RunningRegistry> {
  const port = await freePort();
  const config = join(dir, 'config.yml');
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(config, [
    'version: 0.1',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    'log:',
    '  level: error',
    '',
  ].join('\n'));
  let child: ChildProcess;
  const start = async (): Promise<void> => {
    child = spawn('docker-registry', ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.resume();
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/v2/`)).ok) return;
      } catch { /* not up yet */ }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('docker-registry did not start');
  };
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    config,
    stop,
    async collectGarbage() {
      await stop();
      const r = spawnSync('docker-registry', ['garbage-collect', '--delete-untagged', config], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`garbage-collect failed: ${r.stderr}`);
      await start();
      return r.stdout;
    },
  };
}

const headersOf = (h: Headers): Record<string, string | undefined> => Object.fromEntries([...h.entries()].map(([k, v]) => [k.toLowerCase(), v]));

const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json', 'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json', 'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');

/** An anonymous ChunkRemote for `base` (http://host:port, maybe a proxy) and one repository. */
export function plainRemote(base: string, repository: string): ChunkRemote {
  const url = (path: string): string => `${base}/v2/${repository}/${path}`;
  return {
    registry: new URL(base).host,
    async getBlob(digest, range): Promise<BlobResponse> {
      const r = await fetch(url(`blobs/${digest}`), { headers: range ? { range } : {} });
      const body = Buffer.from(await r.arrayBuffer());
      if (r.status !== 200 && r.status !== 206 && r.status !== 416) throw new Error(`GET blob ${digest}: ${r.status}`);
      return { status: r.status, headers: headersOf(r.headers), body };
    },
    async hasBlob(digest) {
      const r = await fetch(url(`blobs/${digest}`), { method: 'HEAD' });
      return r.status === 200;
    },
    async putBlob(digest, bytes) {
      const start = await fetch(url('blobs/uploads/'), { method: 'POST' });
      if (start.status !== 202) throw new Error(`upload start: ${start.status}`);
      const location = new URL(start.headers.get('location')!, base);
      location.searchParams.set('digest', digest);
      const put = await fetch(location, { method: 'PUT', body: new Uint8Array(bytes), headers: { 'content-type': 'application/octet-stream' } });
      if (put.status !== 201) throw new Error(`upload ${digest}: ${put.status} ${await put.text()}`);
    },
    async getManifest(reference) {
      const r = await fetch(url(`manifests/${reference}`), { headers: { accept: MANIFEST_TYPES } });
      if (r.status === 404) return undefined;
      if (r.status !== 200) throw new Error(`GET manifest ${reference}: ${r.status}`);
      return { bytes: Buffer.from(await r.arrayBuffer()), mediaType: r.headers.get('content-type') ?? '' };
    },
    async putManifest(reference, bytes, mediaType) {
      const r = await fetch(url(`manifests/${reference}`), { method: 'PUT', body: new Uint8Array(bytes), headers: { 'content-type': mediaType } });
      if (r.status !== 201) throw new Error(`PUT manifest ${reference}: ${r.status} ${await r.text()}`);
      return { headers: headersOf(r.headers) };
    },
    async referrers(digest) {
      const r = await fetch(url(`referrers/${digest}`), { headers: { accept: 'application/vnd.oci.image.index.v1+json' } });
      if (r.status === 404) return undefined;
      if (r.status !== 200) throw new Error(`GET referrers ${digest}: ${r.status}`);
      return Buffer.from(await r.arrayBuffer());
    },
  };
}
