/**
 * A layer blob cut mid-transfer, against a real docker-registry behind a counting proxy that
 * drops the connection part-way through the blob's body: the pull asks for the rest with a
 * Range request (within the same pull, or in the next one after the registry was gone), and
 * the proxy's own count shows the blob crossed the wire once in all.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ingest, openStore } from '../../src/index.js';
import { pullImage } from '../../src/registry/pull.js';
import { pushImage } from '../../src/registry/push.js';
import { parseRegistryReference } from '../../src/registry/reference.js';
import { PARTIAL_DIR } from '../../src/registry/resumable-blob.js';
import { tmp } from '../support/cli.js';
import { startProxy, type BlobGet } from '../support/chunked-proxy.js';
import { seededBytes } from '../support/random.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';

let dir: string;
let registry: RunningRegistry;
let layer: { digest: string; size: number };
const CUT = 1 << 20;

before(async () => {
  dir = tmp('registry-resume');
  registry = await startRegistry();
  const tree = join(dir, 'tree');
  mkdirSync(tree, { recursive: true });
  // Incompressible: the layer blob is about as large as its 3 MB of content.
  for (let i = 0; i < 3; i++) writeFileSync(join(tree, `part${i}.bin`), seededBytes(`resume-${i}`, 1_000_000));
  const sender = await openStore(join(dir, 'sender'));
  try {
    const result = await ingest(sender, [tree], { name: 'app:1' });
    const pushed = await pushImage(sender, result.images[0]!.manifest, parseRegistryReference(`${registry.host}/demo/app:1`), { credentials: null });
    assert.equal(pushed.layers.length, 1);
    layer = { digest: pushed.layers[0]!.digest, size: pushed.layers[0]!.size };
    assert.ok(layer.size > 2 * CUT, `the layer blob is ${layer.size} bytes`);
  } finally {
    await sender.close();
  }
});

after(async () => {
  await registry?.stop({ remove: true });
});

/**
 * Bytes the client had received but not yet consumed when the connection dropped (its stream
 * buffers) are lost with it: the resumed request may start up to this much before the cut.
 */
const SLACK = 256 << 10;

/** The start of a `bytes=N-` request, checked to lie just before the cut. */
function resumedFrom(get: BlobGet): number {
  const m = /^bytes=(\d+)-$/.exec(get.range ?? '');
  assert.ok(m, `a Range request for the rest, not ${get.range}`);
  const from = Number(m[1]);
  assert.ok(from > CUT - SLACK && from <= CUT, `resumed from ${from}, the cut was at ${CUT}`);
  return from;
}

const layerGets = (gets: readonly BlobGet[]): BlobGet[] => gets.filter((g) => g.path.endsWith(layer.digest));

test('a blob cut mid-transfer is resumed with a Range request in the same pull: its bytes cross the wire once', async () => {
  const proxy = await startProxy(`http://${registry.host}`, 'cut-body', CUT);
  const store = await openStore(join(dir, 'same-pull'));
  try {
    const pulled = await pullImage(store, parseRegistryReference(`${new URL(proxy.url).host}/demo/app:1`), { name: 'app:1', credentials: null, backoffMs: 10 });
    assert.deepEqual(pulled.layers.map((l) => l.how), ['whole']);
    const gets = layerGets(proxy.blobGets);
    assert.equal(gets.length, 2, JSON.stringify(gets));
    assert.equal(gets[0]!.bytes, CUT);
    const from = resumedFrom(gets[1]!);
    assert.equal(gets[1]!.status, 206);
    assert.equal(gets[1]!.bytes, layer.size - from, 'the second request fetched only the rest');
    assert.ok(gets[0]!.bytes + gets[1]!.bytes <= layer.size + SLACK, `the layer blob came about once in all: ${gets[0]!.bytes} + ${gets[1]!.bytes} bytes for ${layer.size}`);
    assert.equal((await store.verify()).ok, true);
    assert.equal(existsSync(join(store.dir, PARTIAL_DIR, layer.digest.slice(7))), false, 'the kept part is gone once the blob is complete');
  } finally {
    await store.close();
    await proxy.close();
  }
});

test('a registry gone mid-blob: the pull fails, and the next one fetches only the rest of the blob', async () => {
  const down = await startProxy(`http://${registry.host}`, 'cut-down', CUT);
  const store = await openStore(join(dir, 'next-pull'));
  try {
    await assert.rejects(pullImage(store, parseRegistryReference(`${new URL(down.url).host}/demo/app:1`), { name: 'app:1', credentials: null, retries: 1, backoffMs: 10 }));
    await down.close();
    assert.deepEqual(await store.listNames(), [], 'nothing is named');
    assert.equal((await store.verify()).ok, true);
    const pass = await startProxy(`http://${registry.host}`, 'pass');
    try {
      const pulled = await pullImage(store, parseRegistryReference(`${new URL(pass.url).host}/demo/app:1`), { name: 'app:1', credentials: null });
      assert.deepEqual(pulled.layers.map((l) => l.how), ['whole']);
      const gets = layerGets(pass.blobGets);
      assert.equal(gets.length, 1, JSON.stringify(gets));
      const from = resumedFrom(gets[0]!);
      assert.equal(gets[0]!.bytes, layer.size - from, 'only the rest of the blob is fetched');
      assert.deepEqual((await store.listNames()).map((n) => n.name), ['app:1']);
      assert.equal((await store.verify()).ok, true);
    } finally {
      await pass.close();
    }
  } finally {
    await store.close();
  }
});
