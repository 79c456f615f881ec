/**
 * Bundle metadata (plan versions 3 and 4): a layer's recipe shipped packed and compressed against the
 * receiver's recipe of the base layer. A one-byte change in a layer of many files costs a few
 * KiB, not the layer's tar headers; a tampered packed recipe is refused; version 1 bundles
 * (recipe parts as raw blobs) still apply.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { zstdCompress } from '../../src/delta/zstd.js';
import { applyBundle, openStore, writeBundle } from '../../src/index.js';
import { cairn, tmp, cairnOk as ok } from '../support/cli.js';
import { editBundle } from '../support/bundle-edit.js';
import { seededBytes } from '../support/random.js';

const DIRS = 30;
const FILES = 50;

/** DIRS × FILES files of 1-3 KB under `dir`/tree (one byte of one file flipped when `flip`), archived by GNU tar. */
function manyFilesTar(dir: string, flip: boolean): string {
  const tree = join(dir, 'tree');
  for (let d = 0; d < DIRS; d++) {
    mkdirSync(join(tree, `d${d}`), { recursive: true });
    for (let f = 0; f < FILES; f++) {
      const bytes = seededBytes(`meta-${d}-${f}`, 1000 + ((d * FILES + f) * 37) % 2000);
      if (flip && d === 7 && f === 11) bytes[500] ^= 0x01;
      writeFileSync(join(tree, `d${d}`, `f${f}.dat`), bytes);
    }
  }
  const tar = join(dir, 'layer.tar');
  const made = spawnSync('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '-C', tree, '-cf', tar, '.'], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  return tar;
}

interface Plan { version: number; layers: { diffId: string; parts: { size?: number }[]; packed?: { blob: string; base?: string } }[]; files: { digest: string; size: number; via: string }[] }

/** The plan of a bundle, read with GNU tar. */
function planOf(bundle: string, dir: string): Plan {
  let plan: Plan | undefined;
  editBundle(bundle, dir, (b) => { plan = JSON.parse(JSON.stringify(b.plan)) as Plan; });
  return plan!;
}

function setup(): { dir: string; sender: string; receiver: string; bundle: string; report: { bytes: number; metadataBytes: number } } {
  const dir = tmp('bundle-meta');
  const v1 = manyFilesTar(join(dir, 'v1'), false);
  const v2 = manyFilesTar(join(dir, 'v2'), true);
  const sender = join(dir, 'sender');
  const receiver = join(dir, 'receiver');
  ok(sender, ['ingest', v1, '--name', 'app:v1']);
  ok(sender, ['ingest', v2, '--name', 'app:v2']);
  ok(receiver, ['ingest', v1, '--name', 'app:v1']);
  const bundle = join(dir, 'up.tar');
  const report = JSON.parse(ok(sender, ['--json', 'bundle', 'app:v2', '--from', 'app:v1', '-o', bundle])) as { bytes: number; metadataBytes: number };
  return { dir, sender, receiver, bundle, report };
}

const names = (store: string): unknown => (JSON.parse(ok(store, ['--json', 'ls'])) as { images: { names: string[] }[] }).images.map((i) => i.names).sort();

test('a one-byte change in a layer of 1500 files: a bundle of a few KiB (< 2% of the raw recipe), applied byte-exact', () => {
  const { dir, sender, receiver, bundle, report } = setup();
  const plan = planOf(bundle, join(dir, 'read'));
  assert.equal(plan.version, 5);
  assert.equal(plan.layers.length, 1);
  const layer = plan.layers[0]!;
  assert.ok(layer.packed?.base, 'the layer recipe is packed against the base image\'s layer');
  const rawRecipe = layer.parts.reduce((sum, p) => sum + p.size!, 0);
  // Every file has a 512-byte tar header kept verbatim in the recipe: the raw recipe is at least that.
  assert.ok(rawRecipe >= DIRS * FILES * 512, `raw recipe ${rawRecipe} bytes`);
  assert.ok(report.bytes < rawRecipe * 0.02, `bundle ${report.bytes} bytes (metadata ${report.metadataBytes}), raw recipe ${rawRecipe}`);
  assert.deepEqual(plan.files.map((f) => f.via), ['delta']);

  ok(receiver, ['apply', bundle]);
  const diffId = (JSON.parse(ok(sender, ['--json', 'ls'])) as { images: { names: string[]; layers: string[] }[] }).images.find((i) => i.names.includes('app:v2'))!.layers[0]!;
  const out = join(dir, 'layer.tar');
  ok(receiver, ['export', 'layer', diffId, '-o', out]);
  assert.equal(`sha256:${createHash('sha256').update(readFileSync(out)).digest('hex')}`, diffId);
  assert.deepEqual(readFileSync(out), readFileSync(join(dir, 'v2', 'layer.tar')));
  ok(receiver, ['verify']);
});

test('a tampered packed recipe is refused (exit 4, one line, no new names, store verifies)', () => {
  const { dir, receiver, bundle } = setup();
  const before = names(receiver);
  const refuse = (path: string, what: string, pattern: RegExp): void => {
    const r = cairn(receiver, ['apply', path]);
    assert.equal(r.status, 4, `${what}: exit ${r.status} ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, `${what}: ${r.stderr}`);
    assert.match(r.stderr, pattern, what);
    assert.deepEqual(names(receiver), before, what);
    ok(receiver, ['verify']);
  };
  const edited = (name: string, make: (blob: Buffer, total: number) => Buffer): string => editBundle(bundle, join(dir, name), (b) => {
    const layer = (b.plan as unknown as Plan).layers[0]!;
    const total = layer.parts.reduce((sum, p) => sum + p.size!, 0);
    layer.packed!.blob = b.replace(layer.packed!.blob, make(b.blob(layer.packed!.blob), total));
  });
  // A valid zstd frame of the right length whose parts are not the recipe's: version 5 names no
  // part by digest, so what they hold is read and refused (and a recipe that reads would still
  // have to rebuild the layer's DiffID).
  refuse(edited('zeros', (_, total) => Buffer.from(zstdCompress(Buffer.alloc(total), { level: 3 }))), 'zeros', /packed recipe of layer sha256:[0-9a-f]{64}: layer recipe part.*bad magic/);
  // One flipped byte in the compressed data (re-addressed, so the blob's own digest matches).
  refuse(edited('flip', (blob) => { const copy = Buffer.from(blob); copy[Math.floor(copy.length / 2)] ^= 0x20; return copy; }), 'flipped', /packed recipe/);
});

test('version 1 bundles (recipe parts as raw blobs) still apply, and are larger', async () => {
  const dir = tmp('bundle-meta-v1');
  const v1 = manyFilesTar(join(dir, 'v1'), false);
  const v2 = manyFilesTar(join(dir, 'v2'), true);
  const sender = await openStore(join(dir, 'sender'));
  const receiver = await openStore(join(dir, 'receiver'));
  try {
    const { ingest } = await import('../../src/index.js');
    await ingest(sender, [v1], { name: 'app:v1' });
    await ingest(sender, [v2], { name: 'app:v2' });
    await ingest(receiver, [v1], { name: 'app:v1' });
    const packed = await writeBundle(sender, ['app:v2'], { from: ['app:v1'] }, new PassThrough().resume());
    const pipe = new PassThrough();
    const [old, applied] = await Promise.all([writeBundle(sender, ['app:v2'], { from: ['app:v1'], packRecipes: false }, pipe), applyBundle(receiver, pipe)]);
    assert.ok(old.bytes > packed.bytes * 10, `version 1: ${old.bytes} bytes, version 3: ${packed.bytes}`);
    assert.deepEqual(applied.images.map((i) => i.names), [['app:v2']]);
    assert.equal((await receiver.verify()).ok, true);
  } finally {
    await sender.close();
    await receiver.close();
  }
});
