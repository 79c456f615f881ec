/** writeBundle and applyBundle on the public entry, through a stream (as over a socket): no file in between. */
import { strict as assert } from 'node:assert';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { applyBundle, ingest, openStore, readLayer, writeBundle, type Store } from '../../src/index.js';
import { createHash } from 'node:crypto';
import { tmp, writeTree as tree } from '../support/cli.js';
import { seededBytes } from '../support/random.js';

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

/** Code-like text lines (no NUL byte) from a seed. */
function code(seed: string, lines: number): Buffer {
  const bytes = seededBytes(seed, lines * 6);
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(`  let x${bytes[i * 6]!.toString(36)} = f${bytes[i * 6 + 1]}(a${bytes[i * 6 + 2]}, b${bytes[i * 6 + 3]}) + c${bytes[i * 6 + 4]}.d${bytes[i * 6 + 5]};`);
  return Buffer.from(out.join('\n'));
}

test('format 4: a .tar.zst that GNU tar lists, deltas compressed together; format 3 (a plain tar) still applies', async () => {
  const dir = tmp('bundle-lib-v4');
  const shared = code('v4-shared', 3000);
  const block = code('v4-block', 80);
  const v1: Record<string, Buffer> = {};
  const v2: Record<string, Buffer> = {};
  for (const name of ['server.js', 'client.js', 'tool.js']) {
    v1[name] = Buffer.concat([code(`v4-own-${name}`, 400), shared]);
    const at = v1[name]!.indexOf('\n', v1[name]!.length / 2) + 1;
    v2[name] = Buffer.concat([v1[name]!.subarray(0, at), block, v1[name]!.subarray(at)]);
  }
  const sender = await openStore(join(dir, 'sender'));
  const receivers = [await openStore(join(dir, 'r4')), await openStore(join(dir, 'r3'))];
  try {
    await ingest(sender, [tree(join(dir, 'v1'), v1)], { name: 'app:1' });
    await ingest(sender, [tree(join(dir, 'v2'), v2)], { name: 'app:2' });
    for (const r of receivers) await ingest(r, [join(dir, 'v1')], { name: 'app:1' });
    const path4 = join(dir, 'b4.tar.zst');
    const made = await writeBundle(sender, ['app:2'], { from: ['app:1'] }, createWriteStream(path4));
    const bytes = readFileSync(path4);
    assert.deepEqual([...bytes.subarray(0, 4)], [0x28, 0xb5, 0x2f, 0xfd], 'a zstd stream');
    const listed = execFileSync('tar', ['--zstd', '-tf', path4], { encoding: 'utf8' }).trim().split('\n');
    assert.deepEqual(listed.slice(0, 2), ['oci-layout', 'index.json']);
    assert.ok(listed.slice(2).every((n) => /^blobs\/sha256\/[0-9a-f]{64}$/.test(n)), listed.join(' '));
    const deltas = made.files.filter((f) => f.via === 'delta');
    assert.equal(deltas.length, 3, JSON.stringify(made.files));
    const separate = deltas.reduce((sum, f) => sum + f.deltaBytes!, 0);
    assert.ok(made.deltaBytes * 2 < separate, `the delta section's frame: ${made.deltaBytes} bytes; the deltas on their own: ${separate}`);
    const pipe = new PassThrough();
    const [old] = await Promise.all([writeBundle(sender, ['app:2'], { from: ['app:1'], format: 3 }, pipe), applyBundle(receivers[1]!, pipe)]);
    assert.ok(made.bytes < old.bytes, `format 4: ${made.bytes} bytes, format 3: ${old.bytes}`);
    await applyBundle(receivers[0]!, createReadStream(path4));
    for (const r of receivers) {
      const image = await r.getImage(await r.resolveImage('app:2'));
      for (const layer of image.layers) assert.equal(await layerDigest(r, layer.diffId), layer.diffId);
      assert.equal((await r.verify()).ok, true);
    }
  } finally {
    await sender.close();
    for (const r of receivers) await r.close();
  }
});
