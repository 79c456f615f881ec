/** cairn bundle / apply: a round trip of an upgrade, its known costs, and hostile bundles (real CLI processes). */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import binding from 'zstd-napi/binding.js';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cairn, cairnOk as ok, writeTree as tree, bundleUpgrade } from '../support/cli.js';
import { seededBytes } from '../support/random.js';
import { makeTar } from '../support/report-fixtures.js';

interface Choice { path: string; via: string; bytes: number }

const changed = seededBytes('changed', 200_000);
const changedV2 = Buffer.from(changed);
changedV2[100_000] ^= 0x01;
const v1 = { 'app.bin': changed, 'old-name.dat': seededBytes('renamed', 150_000), 'same.txt': seededBytes('same', 100_000) };
const v2 = { 'app.bin': changedV2, 'new-name.dat': v1['old-name.dat'], 'same.txt': v1['same.txt'], 'added.bin': seededBytes('added', 50_000) };

const names = (store: string): { images: { names: string[] }[] } => JSON.parse(ok(store, ['--json', 'ls'])) as { images: { names: string[] }[] };
const layersOf = (store: string, image: string): string[] =>
  (JSON.parse(ok(store, ['--json', 'ls'])) as { images: { names: string[]; layers: string[] }[] }).images.find((i) => i.names.includes(image))!.layers;

/** A sender holding v1 and v2, a bundle v1 -> v2, and a receiver store holding only v1. */
function setup(): { dir: string; sender: string; receiver: string; bundle: string; report: { bytes: number; files: Choice[]; classes: Record<string, unknown> } } {
  return bundleUpgrade('bundle', v1, v2);
}

test('bundle and apply: every target layer rebuilt byte-exact; known costs per file', () => {
  const { dir, sender, receiver, bundle, report } = setup();
  const byPath = new Map(report.files.map((f) => [f.path, f]));
  const app = byPath.get('app.bin')!;
  assert.equal(app.via, 'delta');
  assert.ok(app.bytes < 200, `one changed byte costs a delta of ${app.bytes} bytes`);
  assert.equal(byPath.get('new-name.dat')?.via, 'recipe');
  assert.equal(byPath.get('new-name.dat')?.bytes, 0);
  assert.equal(byPath.has('same.txt'), false, 'an unchanged file costs nothing');
  assert.equal(byPath.get('added.bin')?.via, 'chunks');
  assert.ok(byPath.get('added.bin')!.bytes > 40_000, 'random new content is shipped whole');
  assert.ok(report.bytes < 50_000 + 20_000, `bundle of ${report.bytes} bytes`);
  assert.deepEqual(report.classes['.dat'], { files: 1, size: 150_000, bytes: 0 });

  const applied = JSON.parse(ok(receiver, ['--json', 'apply', bundle])) as { noop: boolean };
  assert.equal(applied.noop, false);
  const expected = layersOf(sender, 'app:v2');
  assert.deepEqual(layersOf(receiver, 'app:v2'), expected);
  for (const diffId of expected) {
    const out = join(dir, 'layer.tar');
    ok(receiver, ['export', 'layer', diffId, '-o', out]);
    assert.equal(`sha256:${createHash('sha256').update(readFileSync(out)).digest('hex')}`, diffId);
  }
  ok(receiver, ['verify']);
  const again = JSON.parse(ok(receiver, ['--json', 'apply', bundle])) as { noop: boolean };
  assert.equal(again.noop, true, 'a second apply is a no-op');
});

const hex = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Unpacks a bundle with GNU tar, edits its plan, re-addresses plan, manifest and index, and packs it again with GNU tar. */
function rewritePlan(bundle: string, dir: string, edit: (plan: { files: { via: string; chunks?: [string, number][] }[] }) => void): string {
  const out = join(dir, 'unpacked');
  mkdirSync(out, { recursive: true });
  execFileSync('tar', ['-xf', bundle, '-C', out]);
  const blob = (digest: string) => join(out, 'blobs', 'sha256', digest.replace('sha256:', ''));
  const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as { manifests: { digest: string; size: number }[] };
  const manifest = JSON.parse(readFileSync(blob(index.manifests[0]!.digest), 'utf8')) as { layers: { mediaType: string; digest: string; size: number }[] };
  const planRef = manifest.layers.find((l) => l.mediaType.includes('plan'))!;
  const plan = JSON.parse(readFileSync(blob(planRef.digest), 'utf8'));
  edit(plan);
  const planBytes = Buffer.from(JSON.stringify(plan));
  writeFileSync(blob(`sha256:${hex(planBytes)}`), planBytes);
  Object.assign(planRef, { digest: `sha256:${hex(planBytes)}`, size: planBytes.length });
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  writeFileSync(blob(`sha256:${hex(manifestBytes)}`), manifestBytes);
  Object.assign(index.manifests[0]!, { digest: `sha256:${hex(manifestBytes)}`, size: manifestBytes.length });
  writeFileSync(join(out, 'index.json'), JSON.stringify(index));
  const result = join(dir, 'rewritten.tar');
  execFileSync('tar', ['--format=ustar', '-cf', result, '-C', out, 'oci-layout', 'index.json', 'blobs']);
  return result;
}

test('a bundle repacked by GNU tar applies; a recipe naming a chunk nobody has is refused', () => {
  const { dir, receiver, bundle } = setup();
  const before = names(receiver);
  const missing = rewritePlan(bundle, join(dir, 'a'), (plan) => {
    // A chunk named by its digest (the chunks a bundle carries are listed by length alone in version 5).
    const file = plan.files.find((f) => f.via === 'chunks')!;
    file.chunks!.push(['ab'.repeat(32), 1]);
  });
  const r = cairn(receiver, ['apply', missing]);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /lacks chunk sha256:abab/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.deepEqual(names(receiver), before);
  ok(receiver, ['verify']);
  const same = rewritePlan(bundle, join(dir, 'b'), () => undefined);
  renameSync(same, join(dir, 'same.tar'));
  ok(receiver, ['apply', join(dir, 'same.tar')]);
  assert.ok(names(receiver).images.some((i) => i.names.includes('app:v2')));
  ok(receiver, ['verify']);
});

test('hostile bundles: one line, exit 2 or 4, no new names, verify passes', () => {
  const { dir, receiver, bundle } = setup();
  const before = names(receiver);
  const bytes = readFileSync(bundle);
  const refuse = (data: Buffer, what: string): void => {
    const path = join(dir, 'bad.tar');
    writeFileSync(path, data);
    const r = cairn(receiver, ['apply', path]);
    assert.ok(r.status === 2 || r.status === 4, `${what}: exit ${r.status} ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, `${what}: ${r.stderr}`);
    assert.deepEqual(names(receiver), before, what);
  };
  // Truncated: inside the first header, after oci-layout, in the middle, one block short.
  for (const at of [100, 1024, Math.floor(bytes.length / 2), bytes.length - 1536]) refuse(bytes.subarray(0, at), `truncated at ${at}`);
  // One flipped byte in each blob: find each blob's data by its entry name, in the format 4
  // container decompressed (a plain tar, which a reader accepts as is).
  const plain = execFileSync('zstd', ['-dc', bundle], { maxBuffer: 1 << 28 });
  assert.notDeepEqual(plain.subarray(0, 4), bytes.subarray(0, 4), 'the bundle is compressed');
  let flipped = 0;
  for (let at = 0; at + 512 <= plain.length;) {
    const name = plain.subarray(at, at + 100).toString('latin1').replace(/\0.*$/s, '');
    if (name === '') break;
    const size = parseInt(plain.subarray(at + 124, at + 136).toString('latin1').replace(/\0.*$/s, '').trim(), 8);
    if (name.startsWith('blobs/sha256/') && size > 0) {
      const copy = Buffer.from(plain);
      copy[at + 512 + Math.floor(size / 2)] ^= 0x20;
      refuse(copy, `flipped byte in ${name}`);
      flipped++;
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
  assert.ok(flipped >= 6, `blobs flipped: ${flipped}`);
  // One flipped byte in the middle of each zstd frame of the container.
  for (let at = 0, frame = 0; at < bytes.length; frame++) {
    const size = binding.findFrameCompressedSize(bytes.subarray(at));
    const copy = Buffer.from(bytes);
    copy[at + Math.floor(size / 2)] ^= 0x20;
    refuse(copy, `flipped byte in zstd frame ${frame}`);
    at += size;
  }
  // A path traversal in the layout tar.
  refuse(makeTar([{ name: 'oci-layout', data: Buffer.from('{"imageLayoutVersion":"1.0.0"}') }, { name: '../evil', data: Buffer.from('x') }]), 'path traversal');
  // A bundle for a store that lacks its base.
  const empty = join(dir, 'empty');
  ok(empty, ['ingest', tree(join(dir, 'other'), { 'x.txt': seededBytes('x', 1000) }), '--name', 'other:1']);
  const r = cairn(empty, ['apply', bundle]);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /does not fit/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  ok(empty, ['verify']);
  // A bundle for another chunker: the receiver holds v1, chunked with another seed.
  const seeded = join(dir, 'seeded');
  ok(seeded, ['ingest', join(dir, 'v1'), '--name', 'app:v1', '--seed', '7']);
  const s = cairn(seeded, ['apply', bundle]);
  assert.equal(s.status, 2, s.stderr);
  assert.match(s.stderr, /another chunker/);
  assert.deepEqual(names(seeded).images.map((i) => i.names), [['app:v1']]);
  ok(seeded, ['verify']);
  ok(receiver, ['verify']);
});

test('inventory and --have: the offline flow gives a bundle no larger than --from plus 1%, and it applies', () => {
  const { dir, sender, receiver, report } = setup();
  const inventory = join(dir, 'site.inventory');
  ok(receiver, ['inventory', '-o', inventory]);
  const bundle = join(dir, 'have.tar');
  const made = JSON.parse(ok(sender, ['--json', 'bundle', 'app:v2', '--have', inventory, '-o', bundle])) as { bytes: number; files: Choice[] };
  assert.ok(made.bytes <= report.bytes * 1.01, `--have ${made.bytes} bytes, --from ${report.bytes}`);
  assert.equal(made.files.find((f) => f.path === 'app.bin')?.via, 'delta');
  ok(receiver, ['apply', bundle]);
  assert.deepEqual(layersOf(receiver, 'app:v2'), layersOf(sender, 'app:v2'));
  ok(receiver, ['verify']);
  const bad = join(dir, 'bad.inventory');
  writeFileSync(bad, '{"format":"something else"}');
  const r = cairn(sender, ['bundle', 'app:v2', '--have', bad, '-o', join(dir, 'x.tar')]);
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});
