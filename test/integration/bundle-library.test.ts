/** writeBundle and applyBundle on the public entry, through a stream (as over a socket): no file in between. */
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { applyBundle, ingest, openStore, readLayer, writeBundle, type Store } from '../../src/index.js';
import { createHash } from 'node:crypto';
import { tmp } from '../support/cli.js';
import { seededBytes } from '../support/random.js';

function tree(root: string, files: Record<string, Buffer>): string {
  mkdirSync(root, { recursive: true });
  for (const [name, data] of Object.entries(files)) writeFileSync(join(root, name), data);
  return root;
}

async function layerDigest(store: Store, diffId: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of readLayer(store, diffId)) hash.update(piece);
  return `sha256:${hash.digest('hex')}`;
}

test('a bundle streamed from one store straight into another rebuilds the target byte-exact', async () => {
  const dir = tmp('bundle-lib');
  const base = seededBytes('lib-base', 300_000);
  const next = Buffer.concat([base.subarray(0, 1000), Buffer.from('inserted'), base.subarray(1000)]);
  const sender = await openStore(join(dir, 'sender'));
  const receiver = await openStore(join(dir, 'receiver'));
  try {
    await ingest(sender, [tree(join(dir, 'v1'), { 'lib.so.1': base })], { name: 'lib:1' });
    await ingest(sender, [tree(join(dir, 'v2'), { 'lib.so.2': next })], { name: 'lib:2' });
    await ingest(receiver, [join(dir, 'v1')], { name: 'lib:1' });
    const pipe = new PassThrough();
    const [written, applied] = await Promise.all([writeBundle(sender, ['lib:2'], { from: ['lib:1'] }, pipe), applyBundle(receiver, pipe)]);
    const file = written.files.find((f) => f.path === 'lib.so.2')!;
    assert.equal(file.via, 'delta', 'a renamed, versioned library is sent as a delta against its stem-mate');
    assert.equal(file.base, 'lib.so.1');
    assert.ok(file.bytes < 1000, `delta of ${file.bytes} bytes`);
    assert.equal(applied.noop, false);
    assert.deepEqual(applied.images.map((i) => i.names), [['lib:2']]);
    const image = await receiver.getImage(await receiver.resolveImage('lib:2'));
    for (const layer of image.layers) assert.equal(await layerDigest(receiver, layer.diffId), layer.diffId);
    assert.equal((await receiver.verify()).ok, true);
  } finally {
    await sender.close();
    await receiver.close();
  }
});
