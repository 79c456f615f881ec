/** The registry client against a real docker-registry (distribution 2.8): blobs, manifests, tags, auth, TLS, faults. */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { RegistryClient, RegistryDeniedError, parseRegistryReference } from '../../src/registry/index.js';
import { CorruptDataError, NotFoundError } from '../../src/errors.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { makeCertificates } from '../support/registry-tls.js';
import { startTokenServer, type TokenServer } from '../support/registry-token.js';
import { seededBytes } from '../support/random.js';

const digestOf = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const opener = (b: Buffer) => (start: number, end: number) => Readable.from([b.subarray(start, end)]);

async function collect(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of stream) parts.push(p);
  return Buffer.concat(parts);
}

/** A config and a one-layer manifest naming blobs already pushed. */
function manifestFor(config: Buffer, layer: Buffer): Buffer {
  return Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digestOf(config), size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: digestOf(layer), size: layer.length }],
  }));
}

async function pushSmallImage(client: RegistryClient, repository: string, tag: string, seed: string, options: { chunkSize?: number } = {}): Promise<{ layer: Buffer; config: Buffer; manifest: Buffer }> {
  const layer = seededBytes(seed, 300_000);
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [digestOf(layer)] } }));
  await client.uploadBlob(repository, digestOf(layer), layer.length, opener(layer), options);
  await client.uploadBlob(repository, digestOf(config), config.length, opener(config));
  const manifest = manifestFor(config, layer);
  await client.putManifest(repository, tag, manifest, 'application/vnd.oci.image.manifest.v1+json');
  return { layer, config, manifest };
}

describe('registry client, anonymous', () => {
  let registry: RunningRegistry;
  before(async () => { registry = await startRegistry(); });
  after(async () => { await registry.stop({ remove: true }); });

  test('upload (monolithic and chunked), HEAD, GET verified, manifests, tags, mount', async () => {
    const client = RegistryClient.forReference(parseRegistryReference(`${registry.host}/team/app:v1`), { credentials: null });
    try {
      const { layer, manifest } = await pushSmallImage(client, 'team/app', 'v1', 'one');
      await pushSmallImage(client, 'team/app', 'v2', 'two', { chunkSize: 100_000 });
      assert.equal(await client.headBlob('team/app', digestOf(layer)), layer.length);
      assert.equal(await client.headBlob('team/app', digestOf(Buffer.from('absent'))), undefined);
      assert.deepEqual(await collect(client.getBlob('team/app', digestOf(layer), { size: layer.length })), layer);
      const fetched = await client.getManifest('team/app', 'v1');
      assert.equal(fetched.digest, digestOf(manifest));
      assert.deepEqual(fetched.bytes, manifest);
      const resolved = await client.resolveImage('team/app', digestOf(manifest));
      assert.equal(resolved.manifest.digest, digestOf(manifest));
      assert.deepEqual((await client.listTags('team/app')).sort(), ['v1', 'v2']);
      assert.equal(await client.mountBlob('other/app', digestOf(layer), 'team/app'), true);
      assert.equal(await client.headBlob('other/app', digestOf(layer)), layer.length);
      const ranged = await client.openBlob('team/app', digestOf(layer), { range: 'bytes=10-19' });
      assert.equal(ranged.status, 206);
      assert.deepEqual(await collect(ranged.body as AsyncIterable<Buffer>), layer.subarray(10, 20));
      const stats = client.stats;
      assert.ok(stats.requests > 10);
      assert.ok((stats.received['layer'] ?? 0) >= layer.length);
      assert.ok((stats.sent['layer'] ?? 0) >= 2 * layer.length);
    } finally {
      client.close();
    }
  });

  test('unknown image: NotFoundError naming it', async () => {
    const client = new RegistryClient(registry.host, registry.host, 'nothing/here', { credentials: null });
    try {
      await assert.rejects(client.getManifest('nothing/here', 'v9'), (e: unknown) => e instanceof NotFoundError && /nothing\/here:v9 not found/.test(e.message));
    } finally {
      client.close();
    }
  });

  test('a blob whose stored bytes were altered is refused', async () => {
    const client = new RegistryClient(registry.host, registry.host, 'bad/blob', { credentials: null });
    try {
      const blob = seededBytes('to-alter', 50_000);
      const digest = digestOf(blob);
      await client.uploadBlob('bad/blob', digest, blob.length, opener(blob));
      const hex = digest.slice(7);
      const data = join(registry.storage, 'docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex, 'data');
      const altered = readFileSync(data);
      altered[1000] ^= 0xff;
      writeFileSync(data, altered);
      await assert.rejects(collect(client.getBlob('bad/blob', digest)), (e: unknown) => e instanceof CorruptDataError && /refused/.test(e.message));
    } finally {
      client.close();
    }
  });

  test('indexes nested without end are refused', async () => {
    const client = new RegistryClient(registry.host, registry.host, 'nested/app', { credentials: null });
    try {
      const { manifest } = await pushSmallImage(client, 'nested/app', 'inner', 'nested');
      let inner = { digest: digestOf(manifest), size: manifest.length, mediaType: 'application/vnd.oci.image.manifest.v1+json' };
      for (let depth = 0; depth < 8; depth++) {
        const index = Buffer.from(JSON.stringify({
          schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json',
          manifests: [{ ...inner, platform: { os: 'linux', architecture: 'amd64' } }],
        }));
        await client.putManifest('nested/app', `depth${depth}`, index, 'application/vnd.oci.image.index.v1+json');
        inner = { digest: digestOf(index), size: index.length, mediaType: 'application/vnd.oci.image.index.v1+json' };
      }
      const platform = { os: 'linux', architecture: 'amd64' };
      assert.equal((await client.resolveImage('nested/app', 'depth2', { platform })).indexes.length, 3);
      await assert.rejects(client.resolveImage('nested/app', 'depth7', { platform }), /nested more than 4 deep/);
    } finally {
      client.close();
    }
  });
});

describe('registry client, hostile server', () => {
  // docker-registry itself refuses manifests over 4 MiB, so a registry that serves one is played by a loopback server.
  let server: Server;
  let host: string;
  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/v2/') { res.writeHead(200); res.end('{}'); return; }
      const big = Buffer.alloc(5 * 1024 * 1024, 0x20);
      if (req.url === '/v2/big/manifests/declared') {
        res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'content-length': String(big.length) });
        res.end(big);
      } else if (req.url === '/v2/big/manifests/chunked') {
        res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
        res.end(big);
      } else { res.writeHead(404); res.end(); }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => { server.close(); });

  test('a manifest over 4 MiB is refused, with or without Content-Length', async () => {
    const client = new RegistryClient(host, host, 'big', { credentials: null });
    try {
      await assert.rejects(client.getManifest('big', 'declared'), /larger than the 4194304-byte limit/);
      await assert.rejects(client.getManifest('big', 'chunked'), /larger than the 4194304-byte limit/);
      assert.ok((client.stats.received['manifest'] ?? 0) <= 4 * 1024 * 1024 + (1 << 17));
    } finally {
      client.close();
    }
  });
});

describe('registry client, basic auth (htpasswd)', () => {
  let registry: RunningRegistry;
  before(async () => { registry = await startRegistry({ basic: { user: 'alice', password: 's3cret' } }); });
  after(async () => { await registry.stop({ remove: true }); });

  test('right credentials work; wrong and missing ones are denied in one line naming the realm', async () => {
    const good = new RegistryClient(registry.host, registry.host, 'app', { creds: 'alice:s3cret' });
    const bad = new RegistryClient(registry.host, registry.host, 'app', { creds: 'alice:wrong' });
    const none = new RegistryClient(registry.host, registry.host, 'app', { credentials: null });
    try {
      await pushSmallImage(good, 'app', 'v1', 'basic');
      assert.equal((await good.getManifest('app', 'v1')).json.layers?.length, 1);
      await assert.rejects(bad.getManifest('app', 'v1'), (e: unknown) => e instanceof RegistryDeniedError && /alice/.test(e.message) && /realm "cairn-test"/.test(e.message) && !e.message.includes('\n'));
      await assert.rejects(none.getManifest('app', 'v1'), (e: unknown) => e instanceof RegistryDeniedError && /requires credentials/.test(e.message));
    } finally {
      good.close(); bad.close(); none.close();
    }
  });

  test('credentials from an auth file (docker config.json "auths")', async () => {
    const dir = registry.dir;
    const file = join(dir, 'auth.json');
    writeFileSync(file, JSON.stringify({ auths: { [`http://${registry.host}`]: { auth: Buffer.from('alice:s3cret').toString('base64') } } }));
    const client = new RegistryClient(registry.host, registry.host, 'app', { authFile: file });
    const viaEnv = new RegistryClient(registry.host, registry.host, 'app', { env: { REGISTRY_AUTH_FILE: file } });
    try {
      await pushSmallImage(client, 'app', 'v2', 'authfile');
      assert.deepEqual((await viaEnv.listTags('app')).sort(), ['v1', 'v2'].filter((t) => t === 'v2' || t === 'v1'));
    } finally {
      client.close(); viaEnv.close();
    }
  });
});

describe('registry client, bearer tokens', () => {
  let tokens: TokenServer;
  let registry: RunningRegistry;
  before(async () => {
    tokens = await startTokenServer({ bob: 'hunter2' });
    registry = await startRegistry({ token: tokens });
  });
  after(async () => { await registry.stop({ remove: true }); await tokens.close(); });

  test('token per repository scope, push and pull; a cached token is reused; wrong password denied', async () => {
    const client = new RegistryClient(registry.host, registry.host, 'proj/app', { creds: 'bob:hunter2', push: true });
    const bad = new RegistryClient(registry.host, registry.host, 'proj/app', { creds: 'bob:nope' });
    try {
      await pushSmallImage(client, 'proj/app', 'v1', 'token');
      assert.equal((await client.getManifest('proj/app', 'v1')).json.layers?.length, 1);
      const granted = tokens.requests.filter((r) => r.granted);
      assert.ok(granted.some((r) => r.scopes.includes('repository:proj/app:pull,push')));
      assert.ok(granted.length <= 2, `tokens fetched: ${granted.length}`);
      await assert.rejects(bad.getManifest('proj/app', 'v1'), (e: unknown) => e instanceof RegistryDeniedError && e.message.includes(tokens.realm) && e.message.includes('repository:proj/app:pull'));
    } finally {
      client.close(); bad.close();
    }
  });
});

describe('registry client, TLS', () => {
  const certs = makeCertificates();
  let registry: RunningRegistry;
  before(async () => { registry = await startRegistry({ tls: { cert: certs.serverCert, key: certs.serverKey } }); });
  after(async () => { await registry.stop({ remove: true }); });

  test('trusted through --cert-dir; refused without it; accepted with tls-verify false', async () => {
    const trusted = new RegistryClient(registry.host, registry.host, 'tls/app', { certDir: certs.certDir, credentials: null });
    const untrusted = new RegistryClient(registry.host, registry.host, 'tls/app', { credentials: null });
    const unverified = new RegistryClient(registry.host, registry.host, 'tls/app', { tlsVerify: false, credentials: null });
    try {
      await pushSmallImage(trusted, 'tls/app', 'v1', 'tls');
      await assert.rejects(untrusted.getManifest('tls/app', 'v1'), /TLS failed.*--cert-dir/);
      assert.equal((await unverified.getManifest('tls/app', 'v1')).json.layers?.length, 1);
    } finally {
      trusted.close(); untrusted.close(); unverified.close();
    }
  });
});
