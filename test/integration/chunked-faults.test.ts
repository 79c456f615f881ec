/**
 * Faults in a pull by chunks, against a real docker-registry: the registry gone mid-pull (the
 * store verifies, nothing is named, the next pull fetches only the rest), and a pack whose
 * bytes were changed in the registry's storage (refused, nothing named).
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ingest, openStore, type Store } from '../../src/index.js';
import { pullImage } from '../../src/registry/pull.js';
import { pushImage } from '../../src/registry/push.js';
import { parseRegistryReference } from '../../src/registry/reference.js';
import { chunkLayerProvider, forgetProbes, pushBeside, type ChunkPullReport } from '../../src/registry/chunked/index.js';
import { tmp } from '../support/cli.js';
import { smallCorpus, type CorpusImage } from '../support/chunked-corpus.js';
import { startProxy } from '../support/chunked-proxy.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';

let dir: string;
let registry: RunningRegistry;
let image: CorpusImage;

before(async () => {
  dir = tmp('chunked-faults');
  image = smallCorpus().find((i) => i.name === 'esbuild-app:0.20.0')!;
  registry = await startRegistry();
  const sender = await openStore(join(dir, 'sender'));
  try {
    await ingest(sender, [image.ociLayout], { name: image.name });
    for (const repo of ['demo/a', 'demo/b']) {
      const ref = parseRegistryReference(`${registry.host}/${repo}:1`);
      const pushed = await pushImage(sender, image.manifestDigest, ref, { credentials: null });
      await pushBeside(sender, image.manifestDigest, ref, pushed, { credentials: null });
    }
  } finally {
    await sender.close();
  }
});

after(async () => {
  await registry?.stop({ remove: true });
});

async function pull(store: Store, host: string, repo: string, options: { batchBytes?: number; checkOnWorker?: boolean } = {}): Promise<ChunkPullReport | undefined> {
  let report: ChunkPullReport | undefined;
  await pullImage(store, parseRegistryReference(`${host}/${repo}:1`), {
    name: 'app:1', credentials: null, retries: 0, layerProviders: [chunkLayerProvider((r) => { report = r; }, options)],
  });
  return report;
}

test('a registry gone mid-pull: a clear error, a store that verifies, and the next pull fetches only the rest', async () => {
  forgetProbes();
  const cut = await startProxy(`http://${registry.host}`, 'cut', 2 << 20);
  const store = await openStore(join(dir, 'resume'));
  try {
    await assert.rejects(pull(store, new URL(cut.url).host, 'demo/a', { batchBytes: 256 << 10 }));
    assert.deepEqual(await store.listNames(), [], 'nothing is named');
    assert.equal((await store.verify()).ok, true);
    await cut.close();
    const pass = await startProxy(`http://${registry.host}`, 'pass');
    // Files span the small windows: their hashes carry over from one job to the next on the worker.
    const report = await pull(store, new URL(pass.url).host, 'demo/a', { batchBytes: 256 << 10, checkOnWorker: true });
    await pass.close();
    assert.ok(report);
    // Independently: a full pull of the same image into an empty store.
    const fresh = await openStore(join(dir, 'fresh'));
    const full = await pull(fresh, registry.host, 'demo/a');
    await fresh.close();
    assert.ok(full);
    assert.ok(report.chunks < full.chunks, `the second pull fetched ${report.chunks} chunks of ${full.chunks}`);
    assert.equal(await store.resolveImage('app:1'), (await store.listNames())[0]!.image);
    assert.equal((await store.verify()).ok, true);
  } finally {
    await store.close();
  }
});

test('a pack whose bytes were changed in the registry is refused, and nothing is named', async () => {
  forgetProbes();
  // The largest blob of the registry's storage for demo/b that is a pack: change one byte in its middle.
  const blobs = join(registry.storage, 'docker', 'registry', 'v2', 'blobs', 'sha256');
  const files = readdirSync(blobs).flatMap((p) => readdirSync(join(blobs, p)).map((h) => join(blobs, p, h, 'data')));
  const layerBlobs = new Set(JSON.parse(readFileSync(join(image.ociLayout, 'blobs', 'sha256', image.manifestDigest.slice(7)), 'utf8')).layers.map((l: { digest: string }) => l.digest.slice(7)));
  const pack = files.filter((f) => !layerBlobs.has(f.split('/').at(-2)!)).sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
  const bytes = readFileSync(pack);
  bytes[bytes.length >> 1] ^= 0xff;
  writeFileSync(pack, bytes);
  // Checked on this thread (a small pull's default) and on the arrival worker: the same refusal.
  for (const checkOnWorker of [false, true]) {
    const store = await openStore(join(dir, `tampered-${checkOnWorker}`));
    try {
      await assert.rejects(pull(store, registry.host, 'demo/b', { checkOnWorker }), (error: Error & { code?: string }) => /does not match|bad zstd|refused/.test(error.message) && error.code === 'CAIRN_CORRUPT');
      assert.deepEqual(await store.listNames(), []);
      assert.equal((await store.verify()).ok, true);
    } finally {
      await store.close();
    }
  }
});
