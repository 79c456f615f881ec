// An unconfirmed blob description (what a pull by chunks or a bundle apply keeps: docs/bundle.md,
// "Blob rebuilds") is used by export and push, and what it makes is checked against the blob's
// digest: a right one gives the producer's blobs and manifest digest; a wrong one (here: level 9
// where Python's gzip used 6) gives a new gzip blob for that layer, a new manifest, and the
// reason, and the export or push still succeeds. The exported fallback blob is checked
// independently: it inflates to the layer's DiffID. Descriptions are planted through the
// library in a store ingested with describeBlobs off; export and push run through the CLI, push
// into a real docker-registry.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { gzipHeaderLength } from '../../src/deflate/index.js';
import { ingest, openStore, parseRegistryReference, pullImage } from '../../src/index.js';
import type { BlobDescription } from '../../src/reblob/index.js';
import { cairn, tmp } from '../support/cli.js';
import { assertProducerLayers, makeLayout, type MadeLayout } from '../support/gzip-layouts.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';

const sha = (b: Uint8Array): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

let registry: RunningRegistry;
before(async () => { registry = await startRegistry(); });
after(async () => { await registry.stop({ remove: true }); });

/** A store holding `made` (python-6 gzip layers) with an unconfirmed description of each layer blob at `levels[i]`. */
async function plantedStore(dir: string, made: MadeLayout, levels: number[]): Promise<string> {
  const path = join(dir, `store-${levels.join('-')}`);
  const store = await openStore(path, { create: true });
  try {
    await ingest(store, [made.dir], { name: 'app', describeBlobs: false });
    for (const [i, layer] of made.layers.entries()) {
      const blob = made.blobs.get(layer.digest)!;
      const tarLength = gunzipSync(blob).length;
      const description: BlobDescription = {
        version: 1, digest: layer.digest, size: blob.length, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', diffId: layer.diffId,
        descriptor: '{}', reproduced: false, reason: 'not confirmed yet: planted by a test',
        unconfirmed: { format: 'gzip', tail: '', members: [{ header: blob.subarray(0, gzipHeaderLength(blob, 0)).toString('hex'), size: tarLength, deflate: { impl: 'zlib-1.2.13', level: levels[i]!, memLevel: 8, windowBits: 15, strategy: 0 } }] },
      };
      await store.putBlobDescription(description);
    }
    await store.commit();
  } finally {
    await store.close();
  }
  return path;
}

interface ExportJson { manifest: string; original: boolean; layers: { diffId: string; digest: string; reproduced: boolean; reason?: string }[] }

test('export oci: right unconfirmed descriptions give the producer\'s manifest; a wrong one a new blob, checked, and a new manifest', { timeout: 300_000 }, async () => {
  const dir = tmp('reblob-unconfirmed');
  const made = makeLayout(join(dir, 'in'), 'python-6', ['unconf-a', 'unconf-b']);
  const right = await plantedStore(dir, made, [6, 6]);
  const r1 = cairn(right, ['--json', 'export', 'oci', 'app:v1', join(dir, 'out-right')]);
  assert.equal(r1.status, 0, r1.stderr);
  const j1 = JSON.parse(r1.stdout) as ExportJson;
  assert.equal(j1.manifest, made.manifest);
  assertProducerLayers(join(dir, 'out-right'), made);

  const wrong = await plantedStore(dir, made, [6, 9]);
  const r2 = cairn(wrong, ['--json', 'export', 'oci', 'app:v1', join(dir, 'out-wrong')]);
  assert.equal(r2.status, 0, r2.stderr);
  const j2 = JSON.parse(r2.stdout) as ExportJson;
  assert.notEqual(j2.manifest, made.manifest);
  assert.equal(j2.original, false);
  assert.deepEqual(j2.layers.map((l) => l.reproduced), [true, false]);
  assert.match(j2.layers[1]!.reason ?? '', /does not reproduce the original blob/);
  assert.equal(j2.layers[0]!.digest, made.layers[0]!.digest);
  const fallback = readFileSync(join(dir, 'out-wrong', 'blobs', 'sha256', j2.layers[1]!.digest.slice(7)));
  assert.equal(sha(fallback), j2.layers[1]!.digest);
  assert.equal(sha(gunzipSync(fallback)), made.layers[1]!.diffId, 'the new blob inflates to the layer');
  const manifest = JSON.parse(readFileSync(join(dir, 'out-wrong', 'blobs', 'sha256', j2.manifest.slice(7)), 'utf8')) as { layers: { digest: string }[] };
  assert.deepEqual(manifest.layers.map((l) => l.digest), j2.layers.map((l) => l.digest), 'the new manifest names the blobs written');
});

test('push: a wrong unconfirmed description falls back to a new blob and manifest; right ones keep the producer\'s digest', { timeout: 300_000 }, async () => {
  const dir = tmp('reblob-unconfirmed-push');
  const made = makeLayout(join(dir, 'in'), 'python-6', ['unconf-c', 'unconf-d']);
  const wrong = await plantedStore(dir, made, [9, 6]);
  const p1 = cairn(wrong, ['--json', 'push', 'app:v1', `${registry.host}/unconfirmed/wrong:v1`, '--no-chunk-data']);
  assert.equal(p1.status, 0, p1.stderr);
  const j1 = JSON.parse(p1.stdout) as { manifest: string; manifestKept: boolean; layers: { digest: string; reproduced?: boolean; reason?: string }[] };
  assert.equal(j1.manifestKept, false);
  assert.match(j1.layers[0]!.reason ?? '', /does not reproduce the original blob/);
  assert.deepEqual(j1.layers.map((l) => l.reproduced), [false, true]);
  assert.equal(j1.layers[1]!.digest, made.layers[1]!.digest);
  const raw = execFileSync('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${registry.host}/unconfirmed/wrong:v1`]);
  assert.equal(sha(raw), j1.manifest);
  const served = JSON.parse(raw.toString('utf8')) as { layers: { digest: string }[] };
  assert.deepEqual(served.layers.map((l) => l.digest), j1.layers.map((l) => l.digest));
  // The registry holds the new blob: skopeo copies the image out and checks every digest.
  execFileSync('skopeo', ['copy', '--quiet', '--src-tls-verify=false', `docker://${registry.host}/unconfirmed/wrong:v1`, `oci:${join(dir, 'copied')}:v1`]);

  const right = await plantedStore(dir, made, [6, 6]);
  const p2 = cairn(right, ['--json', 'push', 'app:v1', `${registry.host}/unconfirmed/right:v1`, '--no-chunk-data']);
  assert.equal(p2.status, 0, p2.stderr);
  assert.equal((JSON.parse(p2.stdout) as { manifestKept: boolean }).manifestKept, true);

  // Pulled whole by the library: unconfirmed by default, confirmed over the whole blob when asked.
  for (const confirmBlobs of [false, true]) {
    const store = await openStore(join(dir, `pulled-${confirmBlobs}`), { create: true });
    try {
      const pulled = await pullImage(store, parseRegistryReference(`${registry.host}/unconfirmed/right:v1`), { confirmBlobs });
      assert.deepEqual(pulled.layers.map((l) => [l.how, l.blob?.reproduced]), made.layers.map(() => ['whole', confirmBlobs ? true : 'unconfirmed']));
    } finally {
      await store.close();
    }
  }
});
