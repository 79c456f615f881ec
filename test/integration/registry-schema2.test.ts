/**
 * A registry that takes docker schema 2 manifests only (as older registries and some mirrors
 * do): a proxy on loopback in front of a real docker-registry answers every OCI manifest PUT
 * with 400 MANIFEST_INVALID, as distribution does for a media type it does not accept. cairn
 * push falls back to the schema 2 form of the manifest; skopeo (the peer) pulls that image
 * and each layer decompresses to its DiffID; cairn pull gets it back; the chunk data, whose
 * index is an OCI artifact, is left out with a one-line reason and the push still succeeds.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { CLI } from '../support/paths.js';
import { layerTar, tmp } from '../support/cli.js';
import { sha256, writeOciLayout } from '../support/report-fixtures.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';

const run = promisify(execFile);
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';

interface Schema2Proxy { host: string; refused: number; close(): Promise<void> }

/** Forwards everything to `target` except OCI manifest PUTs, which get distribution's 400. */
async function startSchema2Proxy(target: string): Promise<Schema2Proxy> {
  const upstream = new URL(target);
  const state = { refused: 0 };
  const server: Server = createServer((req, res) => {
    const isManifestPut = req.method === 'PUT' && /\/manifests\//.test(req.url ?? '');
    const type = String(req.headers['content-type'] ?? '');
    if (isManifestPut && (type.startsWith(OCI_MANIFEST) || type.startsWith('application/vnd.oci.'))) {
      state.refused++;
      req.resume();
      const body = JSON.stringify({ errors: [{ code: 'MANIFEST_INVALID', message: 'manifest invalid', detail: `unsupported media type ${type}` }] });
      res.writeHead(400, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    const forward = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => { res.destroy(); });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as { port: number }).port}`,
    get refused() { return state.refused; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** `cairn` without blocking this process's event loop (the proxy runs in it). */
async function cairn(store: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, '--store', store, ...args], { maxBuffer: 1 << 26 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

let registry: RunningRegistry;
let proxy: Schema2Proxy;
const layers = [layerTar('s2-a', 3, 120_000), layerTar('s2-b', 2, 90_000)];
const diffIds = layers.map(sha256);
let source: string;

before(async () => {
  registry = await startRegistry();
  proxy = await startSchema2Proxy(`http://${registry.host}`);
  const dir = tmp('reg-s2');
  writeOciLayout(join(dir, 'app'), [{ tag: 'v1', layers }]);
  source = join(dir, 'store');
  const ingested = await cairn(source, ['ingest', join(dir, 'app'), '--name', 'app']);
  assert.equal(ingested.code, 0, ingested.stderr);
});
after(async () => {
  await proxy?.close();
  await registry?.stop({ remove: true });
});

test('push falls back to docker schema 2; skopeo pulls it and every layer is its DiffID', { timeout: 300_000 }, async () => {
  const pushed = await cairn(source, ['--json', 'push', 'app:v1', `${proxy.host}/team/app:v1`, '--no-chunk-data']);
  assert.equal(pushed.code, 0, pushed.stderr);
  const result = JSON.parse(pushed.stdout);
  assert.equal(result.mediaType, DOCKER_MANIFEST);
  assert.ok(proxy.refused >= 1, 'the OCI manifest was offered first and refused');
  // What the registry holds, read by skopeo straight from the registry (not through the proxy).
  const raw = JSON.parse((await run('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${registry.host}/team/app:v1`])).stdout);
  assert.equal(raw.mediaType, DOCKER_MANIFEST);
  assert.equal(sha256(Buffer.from((await run('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${registry.host}/team/app:v1`])).stdout)), result.manifest);
  const layout = join(tmp('reg-s2-skopeo'), 'layout');
  await run('skopeo', ['copy', '--src-tls-verify=false', `docker://${registry.host}/team/app:v1`, `oci:${layout}:v1`]);
  const blob = (d: string) => readFileSync(join(layout, 'blobs', 'sha256', d.slice('sha256:'.length)));
  const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8'));
  const manifest = JSON.parse(blob(index.manifests[0].digest).toString());
  assert.deepEqual(manifest.layers.map((l: { digest: string }) => sha256(gunzipSync(blob(l.digest)))), diffIds);
});

test('cairn pulls the schema 2 image back, layers checked against their DiffIDs', { timeout: 300_000 }, async () => {
  const store = join(tmp('reg-s2-pull'), 'store');
  const pulled = await cairn(store, ['--json', 'pull', `${proxy.host}/team/app:v1`, '--name', 'back:v1']);
  assert.equal(pulled.code, 0, pulled.stderr);
  const listed = await cairn(store, ['--json', 'ls', 'layers']);
  assert.deepEqual(JSON.parse(listed.stdout).layers.map((l: { diffId: string }) => l.diffId).sort(), [...diffIds].sort());
});

test('with chunk data asked for, the image is pushed and the OCI chunk artifact is left out with its reason', { timeout: 300_000 }, async () => {
  const pushed = await cairn(source, ['--json', 'push', 'app:v1', `${proxy.host}/team/app:v2`]);
  assert.equal(pushed.code, 0, pushed.stderr);
  const result = JSON.parse(pushed.stdout);
  assert.equal(result.mediaType, DOCKER_MANIFEST);
  assert.equal(result.chunkData, null);
  assert.match(result.besideSkipped, /refuses OCI manifests/);
  // The text form says so in one line.
  const text = await cairn(source, ['push', 'app:v1', `${proxy.host}/team/app:v3`]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout + text.stderr, /chunk data and deltas not pushed: the registry refuses OCI manifests/);
  // The image is whole all the same: cairn pulls it (by layers: there is no chunk data to find).
  const store = join(tmp('reg-s2-pull2'), 'store');
  const pulled = await cairn(store, ['--json', 'pull', `${proxy.host}/team/app:v2`]);
  assert.equal(pulled.code, 0, pulled.stderr);
});
