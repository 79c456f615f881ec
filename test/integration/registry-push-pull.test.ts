/**
 * cairn push / cairn pull against a real docker-registry, with skopeo as the independent peer:
 * skopeo pulls what cairn pushed (every layer's uncompressed sha256 is its DiffID), cairn pulls
 * what skopeo pushed; blobs present are skipped, blobs in another repository mounted, layers
 * the store has not fetched; faults: wrong credentials, unknown image, altered blob, a blob
 * missing mid-pull and the registry stopped mid-pull (the next pull fetches only the rest).
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { openStore } from '../../src/store/open-store.js';
import { parseRegistryReference, pullImage } from '../../src/registry/index.js';
import { cairn, layerTar, tmp, cairnOk as ok } from '../support/cli.js';
import { sha256, writeOciLayout } from '../support/report-fixtures.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { makeCertificates } from '../support/registry-tls.js';

const json = (store: string, args: string[]): any => JSON.parse(ok(store, ['--json', ...args]));

/** A store holding app:v1, an OCI image of three layers (gzip by Node's zlib). */
function storeWithImage(seed: string, layers: Buffer[]): { store: string; diffIds: string[] } {
  const dir = tmp('reg-src');
  writeOciLayout(join(dir, 'app'), [{ tag: 'v1', layers }]);
  const store = join(dir, 'store');
  ok(store, ['ingest', join(dir, 'app'), '--name', 'app']);
  return { store, diffIds: layers.map(sha256) };
}

function blobPath(registry: RunningRegistry, digest: string): string {
  const hex = digest.slice('sha256:'.length);
  return join(registry.storage, 'docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex, 'data');
}

describe('push and pull, anonymous registry', () => {
  let registry: RunningRegistry;
  const layers = [layerTar('reg-a', 3, 200_000), layerTar('reg-b', 2, 150_000), layerTar('reg-c', 4, 100_000)];
  let source: { store: string; diffIds: string[] };
  before(async () => {
    registry = await startRegistry();
    source = storeWithImage('reg', layers);
  });
  after(async () => { await registry.stop({ remove: true }); });

  test('push uploads every blob; a second push skips them all; another repository mounts them', () => {
    const first = json(source.store, ['push', 'app:v1', `${registry.host}/team/app:v1`, '--no-chunk-data']);
    assert.deepEqual(first.layers.map((l: any) => l.how), ['uploaded', 'uploaded', 'uploaded']);
    assert.deepEqual(first.layers.map((l: any) => l.diffId), source.diffIds);
    assert.equal(first.config.how, 'uploaded');
    const blobBytes = first.layers.reduce((s: number, l: any) => s + l.size, 0);
    assert.ok(first.bytes.sent.layer >= blobBytes);
    const again = json(source.store, ['push', 'app:v1', `${registry.host}/team/app:v1`, '--no-chunk-data']);
    assert.deepEqual(again.layers.map((l: any) => l.how), ['present', 'present', 'present']);
    assert.equal(again.bytes.sent.layer, undefined);
    assert.equal(again.manifest, first.manifest);
    const other = json(source.store, ['push', 'app:v1', `${registry.host}/other/app:v1`, '--no-chunk-data']);
    assert.deepEqual(other.layers.map((l: any) => l.how), ['mounted', 'mounted', 'mounted']);
    assert.equal(other.bytes.sent.layer, undefined);
  });

  test('skopeo pulls what cairn pushed: each layer decompresses to its DiffID', () => {
    const layout = join(tmp('reg-skopeo'), 'layout');
    execFileSync('skopeo', ['copy', '--src-tls-verify=false', `docker://${registry.host}/team/app:v1`, `oci:${layout}:v1`], { stdio: 'pipe' });
    const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8'));
    const blob = (d: string) => readFileSync(join(layout, 'blobs', 'sha256', d.slice(7)));
    const manifest = JSON.parse(blob(index.manifests[0].digest).toString());
    const config = JSON.parse(blob(manifest.config.digest).toString());
    assert.deepEqual(config.rootfs.diff_ids, source.diffIds);
    assert.deepEqual(manifest.layers.map((l: any) => sha256(gunzipSync(blob(l.digest)))), source.diffIds);
  });

  test('cairn pull gets the image whole, then fetches nothing it has', () => {
    const store = join(tmp('reg-pull'), 'store');
    const first = json(store, ['pull', `${registry.host}/team/app:v1`, '--name', 'pulled:v1']);
    assert.deepEqual(first.layers.map((l: any) => l.how), ['whole', 'whole', 'whole']);
    assert.deepEqual(first.layers.map((l: any) => l.diffId), source.diffIds);
    for (const [i, diffId] of source.diffIds.entries()) {
      const out = join(tmp('reg-layer'), 'l.tar');
      ok(store, ['export', 'layer', diffId, '-o', out]);
      assert.deepEqual(readFileSync(out), layers[i]);
    }
    const again = json(store, ['pull', `${registry.host}/team/app:v1`, '--name', 'pulled:v1']);
    assert.deepEqual(again.layers.map((l: any) => l.how), ['already', 'already', 'already']);
    assert.equal(again.bytes.received.layer, undefined);
    assert.equal(again.manifest, first.manifest);
    assert.match(ok(store, ['ls']), /pulled:v1/);
  });

  test('cairn pull gets what skopeo pushed, with its manifest digest', () => {
    const dir = tmp('reg-skopeo-push');
    const own = [layerTar('sk-a', 2, 120_000), layerTar('sk-b', 1, 90_000)];
    writeOciLayout(join(dir, 'layout'), [{ tag: 'v1', layers: own }]);
    const index = JSON.parse(readFileSync(join(dir, 'layout', 'index.json'), 'utf8'));
    execFileSync('skopeo', ['copy', '--dest-tls-verify=false', `oci:${join(dir, 'layout')}:v1`, `docker://${registry.host}/skopeo/app:v1`], { stdio: 'pipe' });
    const store = join(dir, 'store');
    const pulled = json(store, ['pull', `${registry.host}/skopeo/app:v1`]);
    assert.equal(pulled.manifest, index.manifests[0].digest);
    assert.deepEqual(pulled.layers.map((l: any) => l.diffId), own.map(sha256));
    assert.match(ok(store, ['ls']), new RegExp(`${registry.host}/skopeo/app:v1`));
  });

  test('unknown image: one line, exit 2', () => {
    const r = cairn(join(tmp('reg-unknown'), 'store'), ['pull', `${registry.host}/team/app:nope`]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^cairn: manifest team\/app:nope not found in registry/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });

  /** Pushes a one-layer image to REPO, alters its layer blob in the registry's storage, pulls it into a new store. */
  function pullAltered(repo: string, layer: Buffer, alter: (blob: Buffer) => void): { other: string; r: ReturnType<typeof cairn> } {
    const dir = tmp(`reg-${repo}`);
    writeOciLayout(join(dir, 'app'), [{ tag: 'v1', layers: [layer] }]);
    const store = join(dir, 'store');
    ok(store, ['ingest', join(dir, 'app'), '--name', 'app']);
    const pushed = json(store, ['push', 'app:v1', `${registry.host}/${repo}/app:v1`, '--no-chunk-data']);
    const path = blobPath(registry, pushed.layers[0].digest);
    const bytes = readFileSync(path);
    alter(bytes);
    writeFileSync(path, bytes);
    const other = join(dir, 'other');
    return { other, r: cairn(other, ['pull', `${registry.host}/${repo}/app:v1`]) };
  }

  test('a blob whose bytes do not match its digest is refused; no name is set', () => {
    const { other, r } = pullAltered('altered', layerTar('alter-a', 2, 100_000), (bytes) => {
      bytes[bytes.length - 20] ^= 0x55;
    });
    assert.equal(r.status, 4, r.stderr);
    assert.match(r.stderr, /refused|corrupt/);
    assert.doesNotMatch(ok(other, ['ls']), /altered/);
  });

  test('a blob whose gzip stream breaks at its start is still judged by its digest: exit 4, nothing kept', () => {
    const { other, r } = pullAltered('broken', layerTar('broken-a', 4, 1_000_000), (bytes) => {
      bytes[10] = 0xff; // the first deflate block: final, of the reserved type 3, so gunzip fails at once
    });
    assert.equal(r.status, 4, r.stderr);
    assert.match(r.stderr, /its bytes hash to sha256:[0-9a-f]{64}; refused/);
    assert.doesNotMatch(ok(other, ['ls']), /broken/);
    const kept = join(other, 'partial-blobs');
    assert.deepEqual(existsSync(kept) ? readdirSync(kept) : [], [], 'no part of a blob that failed its digest is kept');
  });

  test('a pull that stops at a missing blob keeps the layers it verified; the next one fetches only the rest', () => {
    const dir = tmp('reg-resume');
    const own = [layerTar('res-a', 2, 100_000), layerTar('res-b', 2, 100_000), layerTar('res-c', 2, 100_000)];
    writeOciLayout(join(dir, 'app'), [{ tag: 'v1', layers: own }]);
    const store = join(dir, 'store');
    ok(store, ['ingest', join(dir, 'app'), '--name', 'app']);
    const pushed = json(store, ['push', 'app:v1', `${registry.host}/resume/app:v1`, '--no-chunk-data']);
    const hidden = blobPath(registry, pushed.layers[1].digest);
    const saved = readFileSync(hidden);
    rmSync(hidden);
    const target = join(dir, 'target');
    const r = cairn(target, ['pull', `${registry.host}/resume/app:v1`]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /not found/);
    assert.deepEqual(json(target, ['verify']).problems, []);
    writeFileSync(hidden, saved);
    const resumed = json(target, ['pull', `${registry.host}/resume/app:v1`]);
    assert.deepEqual(resumed.layers.map((l: any) => l.how), ['already', 'whole', 'whole']);
    assert.equal(resumed.bytes.received.layer, pushed.layers[1].size + pushed.layers[2].size);
  });

  test('registry stopped mid-pull: a clear error, the store verifies, the next pull fetches only the rest', async () => {
    const dir = tmp('reg-stop');
    const big = [layerTar('stop-a', 4, 1_000_000), layerTar('stop-b', 4, 1_000_000), layerTar('stop-c', 4, 1_000_000)];
    writeOciLayout(join(dir, 'app'), [{ tag: 'v1', layers: big }]);
    const source = join(dir, 'store');
    ok(source, ['ingest', join(dir, 'app'), '--name', 'app']);
    const pushed = json(source, ['push', 'app:v1', `${registry.host}/stop/app:v1`, '--no-chunk-data']);
    const firstSize = pushed.layers[0].size as number;
    const ref = parseRegistryReference(`${registry.host}/stop/app:v1`);
    const store = await openStore(join(dir, 'target'), { create: true });
    let stopping: Promise<void> | undefined;
    try {
      await assert.rejects(
        pullImage(store, ref, {
          credentials: null, retries: 1, backoffMs: 50, timeoutMs: 5000,
          onProgress: ({ done }) => { if (done > firstSize + 1000 && !stopping) stopping = registry.stop({ kill: true }); },
        }),
        (e: any) => /cannot reach registry|connection lost/.test(e.message) && !e.message.includes('\n'),
      );
      await stopping;
      const report = await store.verify();
      assert.equal(report.problems.length, 0, JSON.stringify(report.problems));
      assert.equal(await store.hasLayer(pushed.layers[0].diffId), true);
      // What the cut pull received of the blob it was fetching is kept (src/registry/resumable-blob.ts).
      const partialDir = join(dir, 'target', 'partial-blobs');
      const kept = existsSync(partialDir) ? readdirSync(partialDir).reduce((sum, f) => sum + statSync(join(partialDir, f)).size, 0) : 0;
      await registry.restart();
      const resumed = await pullImage(store, ref, { credentials: null });
      // The first layer was verified before the stop; whatever else was not is fetched now, and nothing more.
      assert.equal(resumed.layers[0]!.how, 'already');
      assert.ok(resumed.layers.some((l) => l.how === 'whole'));
      const wholeBytes = resumed.layers.filter((l) => l.how === 'whole').reduce((sum, l) => sum + l.size, 0);
      assert.equal(resumed.traffic.received['layer'], wholeBytes - kept, `${kept} bytes were kept from the cut pull`);
    } finally {
      await store.close();
      if (stopping) await registry.restart().catch(() => undefined);
    }
  });
});

describe('push and pull with auth and TLS', () => {
  const certs = makeCertificates();
  let registry: RunningRegistry;
  let source: { store: string; diffIds: string[] };
  before(async () => {
    registry = await startRegistry({ basic: { user: 'carol', password: 'pa55' }, tls: { cert: certs.serverCert, key: certs.serverKey } });
    source = storeWithImage('auth', [layerTar('auth-a', 2, 80_000)]);
  });
  after(async () => { await registry.stop({ remove: true }); });

  test('--creds and --cert-dir work; wrong credentials and an untrusted certificate fail in one line with exit 2', () => {
    const ref = `${registry.host}/secure/app:v1`;
    json(source.store, ['push', 'app:v1', ref, '--creds', 'carol:pa55', '--cert-dir', certs.certDir]);
    const store = join(tmp('reg-auth'), 'store');
    const wrong = cairn(store, ['pull', ref, '--creds', 'carol:bad', '--cert-dir', certs.certDir]);
    assert.equal(wrong.status, 2, wrong.stderr);
    assert.match(wrong.stderr, /^cairn: registry .* carol .*realm/);
    assert.equal(wrong.stderr.trim().split('\n').length, 1);
    const untrusted = cairn(store, ['pull', ref, '--creds', 'carol:pa55']);
    assert.equal(untrusted.status, 2, untrusted.stderr);
    assert.match(untrusted.stderr, /TLS failed/);
    const authFile = join(tmp('reg-authfile'), 'auth.json');
    writeFileSync(authFile, JSON.stringify({ auths: { [registry.host]: { auth: Buffer.from('carol:pa55').toString('base64') } } }));
    const pulled = json(store, ['pull', ref, '--authfile', authFile, '--cert-dir', certs.certDir]);
    assert.deepEqual(pulled.layers.map((l: any) => l.diffId), source.diffIds);
    const unverified = json(join(tmp('reg-noverify'), 'store'), ['pull', ref, '--creds', 'carol:pa55', '--tls-verify=false']);
    assert.equal(unverified.manifest, pulled.manifest);
  });
});
