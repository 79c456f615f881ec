/**
 * Chunk artifacts against a real docker-registry (distribution 2.8): push beside the image,
 * partial pull counted by a proxy on loopback, registries that ignore or refuse ranges, and
 * garbage collection with untagged manifests deleted.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readFileSync, writeFileSync } from 'node:fs';
import { CorruptDataError, ingest, openStore, readLayer, type Store } from '../../src/index.js';
import { Codec, RecordKind, parsePackStructure } from '../../src/pack/index.js';
import { RecordDecompressor } from '../../src/store/compression.js';
import { listPackFiles, storeLayout } from '../../src/store/layout.js';
import { RegistryClient } from '../../src/registry/client.js';
import { pullImage, type PullResult } from '../../src/registry/pull.js';
import { pushImage } from '../../src/registry/push.js';
import { parseRegistryReference } from '../../src/registry/reference.js';
import {
  chunkLayerProvider, clientRemote, forgetProbes, pushBeside, pushChunkArtifact, Traffic, type ChunkPullReport,
} from '../../src/registry/chunked/index.js';
import { tmp } from '../support/cli.js';
import { smallCorpus, type CorpusImage } from '../support/chunked-corpus.js';
import { startProxy, type ProxyMode } from '../support/chunked-proxy.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';

const REPO = 'demo/esbuild-app';
let dir: string;
let registry: RunningRegistry;
let images: CorpusImage[];
/** the manifest digests the registry holds for v1 and v2 */
let pushed: string[];
let pushedSize: number[];
let sender: Store;

const remoteFor = (host: string, repository: string) => clientRemote(new RegistryClient(host, host, repository, { credentials: null, push: true }), repository);

async function layerSha(store: Store, diffId: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of readLayer(store, diffId)) hash.update(piece);
  return `sha256:${hash.digest('hex')}`;
}

/** Raw bytes of the chunks of `image`'s layers that `held` (images) lack, from the sender's store. */
async function newChunkBytes(store: Store, image: string, held: string[]): Promise<number> {
  const chunksOf = async (digest: string): Promise<Map<string, number>> => {
    const out = new Map<string, number>();
    for (const layer of (await store.getImage(digest)).layers) {
      for await (const s of (await store.getLayerRecipe(layer.diffId)).segments) {
        if (s.kind !== 'file') continue;
        for (const c of (await store.getFileRecipe(s.digest)).chunks) out.set(c.digest, c.length);
      }
    }
    return out;
  };
  const have = new Set<string>();
  for (const h of held) for (const d of (await chunksOf(h)).keys()) have.add(d);
  let bytes = 0;
  for (const [d, length] of await chunksOf(image)) if (!have.has(d)) bytes += length;
  return bytes;
}

async function pull(store: Store, host: string, i: number, name: string): Promise<{ result: PullResult; report: ChunkPullReport | undefined }> {
  let report: ChunkPullReport | undefined;
  const result = await pullImage(store, parseRegistryReference(`${host}/${REPO}:${images[i]!.name.split(':')[1]}`), {
    name, credentials: null, layerProviders: [chunkLayerProvider((r) => { report = r; })],
  });
  return { result, report };
}

async function checkImage(store: Store, i: number, name: string): Promise<void> {
  assert.equal(await store.resolveImage(name), pushed[i]);
  for (const diffId of images[i]!.diffIds) assert.equal(await layerSha(store, diffId), diffId, 'every layer rebuilds to its DiffID');
  assert.equal((await store.verify()).ok, true);
}

before(async () => {
  dir = tmp('chunked-pull');
  images = smallCorpus().filter((i) => i.name.startsWith('esbuild-app:'));
  assert.equal(images.length, 2);
  registry = await startRegistry();
  sender = await openStore(join(dir, 'sender'));
  pushed = [];
  pushedSize = [];
  for (const image of images) {
    await ingest(sender, [image.ociLayout], { name: image.name });
    const ref = parseRegistryReference(`${registry.host}/${REPO}:${image.name.split(':')[1]}`);
    const result = await pushImage(sender, image.manifestDigest, ref, { credentials: null });
    await pushBeside(sender, image.manifestDigest, ref, result, { credentials: null });
    pushed.push(result.manifest);
    pushedSize.push((await new RegistryClient(registry.host, registry.host, REPO, { credentials: null }).headManifest(REPO, result.manifest))!.size);
  }
});

after(async () => {
  await sender?.close();
  await registry?.stop({ remove: true });
});

test('a second push of the next version uploads only the packs the repository lacks', async () => {
  const traffic = new Traffic();
  const subject = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: pushed[1]!, size: pushedSize[1]! };
  const again = await pushChunkArtifact(sender, remoteFor(registry.host, REPO), images[1]!.manifestDigest, traffic, subject);
  assert.equal(again.packsUploaded, 0, 'the same image pushed again uploads no pack');
  assert.equal(traffic.totalSent - traffic.sent.manifests, 0);
  // v2's packs: a fresh repository holding v1's artifact receives only the packs v2 does not share with v1.
  const other = remoteFor(registry.host, 'demo/other');
  const first = await pushChunkArtifact(sender, other, images[0]!.manifestDigest, new Traffic());
  const second = await pushChunkArtifact(sender, other, images[1]!.manifestDigest, new Traffic());
  assert.ok(second.packsUploaded < second.packs, `v2 reuses v1's packs (${second.packsUploaded} of ${second.packs} uploaded)`);
  assert.ok(second.bytesUploaded < first.bytesUploaded, `v2 uploads less than v1 (${second.bytesUploaded} vs ${first.bytesUploaded})`);
});

test('a damaged chunk the store already holds fails the pull of a layer that uses it, naming the chunk and its pack', async () => {
  // The rebuild that checks each pulled layer reads the store's chunks unchecked (the DiffID
  // covers them); on a mismatch it reads them again checked, so the error names the damage.
  const storeDir = join(dir, 'damaged-held');
  const store = await openStore(storeDir);
  let target: { hex: string; pack: string } | undefined;
  try {
    await pull(store, registry.host, 0, 'v1');
    const wanted: string[] = [];
    for (const diffId of images[1]!.diffIds) {
      if (await store.hasLayer(diffId)) continue;
      for await (const s of (await sender.getLayerRecipe(diffId)).segments) {
        if (s.kind === 'file') for (const c of (await sender.getFileRecipe(s.digest)).chunks) wanted.push(c.digest.replace('sha256:', ''));
      }
    }
    const held = await store.holdsMany('chunk', wanted);
    const shared = new Set(wanted.filter((_, i) => held[i]));
    assert.ok(shared.size > 0, 'v2 has a missing layer that uses chunks v1 brought');
    await store.close();
    for (const [id, path] of await listPackFiles(storeLayout(storeDir))) {
      const bytes = readFileSync(path);
      // A zstd record damaged where it still decompresses, to other bytes: it is the DiffID
      // that fails, and only the checked re-read can name the chunk.
      const records = parsePackStructure(bytes, id).records.filter((r) => r.kind === RecordKind.Chunk && r.codec === Codec.Zstd && shared.has(r.digest));
      let record: (typeof records)[number] | undefined;
      let at = -1;
      for (const r of records) {
        const payload = bytes.subarray(r.offset + 44, r.offset + 44 + r.storedLength);
        const original = new RecordDecompressor().decompress(payload, r.uncompressedLength);
        for (let k = 8; k < payload.length && at < 0; k++) {
          const damaged = Buffer.from(payload);
          damaged[k]! ^= 0x20;
          try {
            if (!new RecordDecompressor().decompress(damaged, r.uncompressedLength).equals(original)) at = r.offset + 44 + k;
          } catch { /* this byte breaks the frame: try the next */ }
        }
        if (at >= 0) {
          record = r;
          break;
        }
      }
      if (!record) continue;
      bytes[at]! ^= 0x20;
      writeFileSync(path, bytes);
      target = { hex: record.digest, pack: id };
      break;
    }
    assert.ok(target, 'a shared chunk record to damage');
  } finally {
    await store.close();
  }
  const again = await openStore(storeDir);
  try {
    await assert.rejects(pull(again, registry.host, 1, 'v2'), (error: Error) => {
      assert.ok(error instanceof CorruptDataError, `a CorruptDataError, got ${String(error)}`);
      assert.match(error.message, new RegExp(`chunk sha256:${target!.hex} in pack ${target!.pack}`));
      return true;
    });
    await assert.rejects(again.resolveImage('v2'), 'no name is set');
  } finally {
    await again.close();
  }
});

test('pulling v2 after v1 fetches the new chunks and a few KiB of metadata, counted by a proxy', async (t) => {
  forgetProbes();
  const proxy = await startProxy(`http://${registry.host}`, 'pass');
  const store = await openStore(join(dir, 'partial'));
  try {
    const host = new URL(proxy.url).host;
    const v1 = await pull(store, host, 0, 'app:1');
    assert.deepEqual(v1.result.layers.map((l) => l.how), ['chunks', 'chunks', 'chunks']);
    await checkImage(store, 0, 'app:1');
    proxy.reset();
    const v2 = await pull(store, host, 1, 'app:2');
    await checkImage(store, 1, 'app:2');
    const expected = await newChunkBytes(sender, images[1]!.manifestDigest, [images[0]!.manifestDigest]);
    t.diagnostic(`v2 after v1: ${proxy.bytes} bytes in ${proxy.requests} requests (proxy); new chunks ${expected} bytes raw; cairn counted ${JSON.stringify(v2.result.traffic)}`);
    assert.equal(v2.report?.rangeSupport, 'multi');
    assert.deepEqual(v2.result.layers.map((l) => l.how), ['already', 'chunks', 'chunks'], 'the unchanged base layer is not fetched');
    assert.ok(expected > 0);
    // The wire (counted by the proxy, not by cairn): at most the new chunks' raw bytes plus 5% and 64 KiB of metadata.
    assert.ok(proxy.bytes <= expected * 1.05 + 64 * 1024, `pulled ${proxy.bytes} bytes for ${expected} bytes of new chunks`);
    assert.ok(proxy.requests <= 40, `${proxy.requests} requests`);
    const gets = proxy.blobGets.filter((g) => g.status === 200).map((g) => g.path);
    assert.equal(new Set(gets).size, gets.length, 'no blob downloaded whole twice');
    // A pull of what the store holds fetches no chunk.
    proxy.reset();
    const again = await pull(store, host, 1, 'app:2');
    assert.ok(again.result.layers.every((l) => l.how === 'already'));
    assert.ok(proxy.blobGets.length <= 1, 'only the config blob is read again');
  } finally {
    await store.close();
    await proxy.close();
  }
});

for (const mode of ['no-range', 'no-multi', 'multi-416'] as ProxyMode[]) {
  test(`a registry that answers ranges as '${mode}': the pull succeeds and downloads no blob twice`, async () => {
    forgetProbes();
    const proxy = await startProxy(`http://${registry.host}`, mode);
    const store = await openStore(join(dir, `mode-${mode}`));
    try {
      const host = new URL(proxy.url).host;
      const v1 = await pull(store, host, 0, 'app:1');
      assert.equal(v1.report?.rangeSupport, mode === 'no-range' ? 'none' : 'single');
      const v2 = await pull(store, host, 1, 'app:2');
      assert.deepEqual(v2.result.layers.map((l) => l.how), ['already', 'chunks', 'chunks']);
      await checkImage(store, 0, 'app:1');
      await checkImage(store, 1, 'app:2');
      const whole = proxy.blobGets.filter((g) => g.status === 200).map((g) => g.path);
      assert.equal(new Set(whole).size, whole.length, `no blob downloaded whole twice: ${whole.join(' ')}`);
      const multi = proxy.blobGets.filter((g) => g.range?.includes(','));
      assert.ok(multi.length <= 1, 'at most the probe asks for several ranges');
    } finally {
      await store.close();
      await proxy.close();
    }
  });
}

test('after garbage-collect --delete-untagged every pushed image still pulls by chunks', async () => {
  forgetProbes();
  // An untagged manifest, so that the collection has something to delete.
  const untagged = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] }));
  const digest = `sha256:${createHash('sha256').update(untagged).digest('hex')}`;
  await remoteFor(registry.host, REPO).putManifest(digest, untagged, 'application/vnd.oci.image.index.v1+json');
  await registry.stop();
  const log = registry.garbageCollect(true);
  assert.match(log, new RegExp(`manifest eligible for deletion: ${digest}`), 'garbage-collect deletes untagged manifests');
  await registry.restart();
  const store = await openStore(join(dir, 'after-gc'));
  try {
    for (const i of [0, 1]) {
      const { result } = await pull(store, registry.host, i, `app:${i}`);
      assert.ok(result.layers.some((l) => l.how === 'chunks'), `image ${i} pulls by chunks after garbage collection`);
      await checkImage(store, i, `app:${i}`);
    }
  } finally {
    await store.close();
  }
});
