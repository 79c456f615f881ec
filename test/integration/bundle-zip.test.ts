/**
 * Zip-aware deltas in bundles (real CLI processes, jars made by Python's zipfile and Info-ZIP's
 * zip): a jar with one changed class ships as a small zip delta and is rebuilt byte-identical;
 * archives cairn cannot re-deflate fall back to a plain delta and still round-trip; tampered
 * zip deltas and plans of an unknown version are refused with the store unchanged.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { chooseDelta } from '../../src/delta/index.js';
import { editBundle } from '../support/bundle-edit.js';
import { cairn, cairnOk as ok, bundleUpgrade } from '../support/cli.js';
import { bumpEntry, classLike, jarEntries, makeZip } from '../support/jars.js';

interface Choice { path: string; via: string; bytes: number; deltaBytes?: number; zipDeltaBytes?: number; zipReason?: string }
interface Report { bytes: number; deltaBytes: number; files: Choice[] }

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const CLASS = 'com/example/C042.class';

/** A sender holding v1 and v2, the bundle v1 -> v2 with its --json report, and a receiver holding v1. */
function upgrade(name: string, v1: Record<string, Buffer>, v2: Record<string, Buffer>) {
  const u = bundleUpgrade<Report>(name, v1, v2, 'up.tar');
  return { ...u, choice: (path: string) => u.report.files.find((f) => f.path === path)! };
}

/** Applies the bundle, checks every layer against its DiffID, and returns the files of the receiver's rebuilt v2 (by GNU tar). */
function applyAndExtract(u: ReturnType<typeof upgrade>): (path: string) => Buffer {
  ok(u.receiver, ['apply', u.bundle]);
  ok(u.receiver, ['verify']);
  const root = join(u.dir, 'rootfs');
  mkdirSync(root);
  const layers = (JSON.parse(ok(u.receiver, ['--json', 'ls'])) as { images: { names: string[]; layers: string[] }[] }).images.find((i) => i.names.includes('app:v2'))!.layers;
  for (const diffId of layers) {
    const out = join(u.dir, 'layer.tar');
    ok(u.receiver, ['export', 'layer', diffId, '-o', out]);
    assert.equal(`sha256:${sha(readFileSync(out))}`, diffId, 'layer rebuilt byte-exact');
    execFileSync('tar', ['-xf', out, '-C', root]);
  }
  return (path) => readFileSync(join(root, path));
}

const v1Jar = makeZip(jarEntries(1, 100), 'python');
const v2Jar = makeZip(bumpEntry(jarEntries(1, 100), CLASS), 'python');

test('a jar with one changed class: a zip delta at least 5x smaller than the plain delta, rebuilt byte-identical', () => {
  const u = upgrade('zipdelta', { 'lib/app.jar': v1Jar, 'etc/app.conf': Buffer.from('x=1\n') }, { 'lib/app.jar': v2Jar, 'etc/app.conf': Buffer.from('x=1\n') });
  const jar = u.choice('lib/app.jar');
  assert.equal(jar.via, 'zip-delta', JSON.stringify(jar));
  // The plain binary delta of the same pair, computed by src/delta directly.
  const plain = chooseDelta(v1Jar, v2Jar).delta.length;
  assert.ok(plain >= 5 * jar.bytes, `zip delta ${jar.bytes} bytes, plain delta ${plain} bytes: ${(plain / jar.bytes).toFixed(1)}x`);
  assert.equal(jar.zipDeltaBytes, jar.bytes);
  assert.deepEqual(u.report.files.filter((f: { via: string }) => f.via === 'delta' || f.via === 'zip-delta').length, 1, 'the zip delta is the only delta shipped');
  // Format 4: the delta section's frame holds it, its tar header and the frame's own header.
  assert.ok(u.report.deltaBytes > 0 && u.report.deltaBytes <= jar.bytes + 256, `delta section frame: ${u.report.deltaBytes} bytes`);
  const file = applyAndExtract(u);
  assert.ok(file('lib/app.jar').equals(v2Jar), 'the rebuilt jar is byte-identical');
  const again = JSON.parse(ok(u.receiver, ['--json', 'apply', u.bundle])) as { noop: boolean };
  assert.equal(again.noop, true);
});

test('zips cairn cannot re-deflate exactly fall back to a plain delta and round-trip', () => {
  // Info-ZIP's own deflate: a large entry it compresses differently from zlib; bzip2 entries; a jar whose base is not a zip.
  const resources = (seed: number) => new Map([['res/big.bin', classLike(seed, 120_000)], ...jarEntries(2, 20)]);
  const v1 = { 'a/infozip.zip': makeZip(resources(7), 'infozip'), 'a/bzip2.zip': makeZip(jarEntries(3, 30), 'infozip-bzip2'), 'a/was-text.jar': classLike(9, 50_000) };
  const v2 = {
    'a/infozip.zip': makeZip(bumpEntry(resources(7), CLASS.replace('042', '012')), 'infozip'),
    'a/bzip2.zip': makeZip(bumpEntry(jarEntries(3, 30), CLASS.replace('042', '012')), 'infozip-bzip2'),
    'a/was-text.jar': v1Jar,
  };
  const u = upgrade('zipfallback', v1, v2);
  const infozip = u.choice('a/infozip.zip');
  assert.equal(infozip.via, 'delta', JSON.stringify(infozip));
  assert.match(infozip.zipReason ?? '', /res\/big\.bin: not reproducible/);
  const bzip2 = u.choice('a/bzip2.zip');
  assert.equal(bzip2.via, 'delta', JSON.stringify(bzip2));
  assert.match(bzip2.zipReason ?? '', /compression method 12/);
  assert.match(u.choice('a/was-text.jar').zipReason ?? '', /base is not a zip/);
  const file = applyAndExtract(u);
  for (const [path, bytes] of Object.entries(v2)) assert.ok(file(path).equals(bytes), `${path} rebuilt byte-identical`);
});

test('a tampered zip delta, a plan of an unknown version: one line, the right exit code, the store unchanged', () => {
  const u = upgrade('ziphostile', { 'lib/app.jar': v1Jar }, { 'lib/app.jar': v2Jar });
  const state = () => [ok(u.receiver, ['--json', 'ls']), ok(u.receiver, ['--json', 'ls', 'layers'])];
  const before = state();
  const refuse = (bundle: string, code: number, pattern: RegExp, what: string): void => {
    const r = cairn(u.receiver, ['apply', bundle]);
    assert.equal(r.status, code, `${what}: exit ${r.status}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, `${what}: ${r.stderr}`);
    assert.match(r.stderr, pattern, what);
    assert.deepEqual(state(), before, `${what}: no new names, images or layers`);
    ok(u.receiver, ['verify']);
  };
  const tamper = (change: (blob: Buffer) => void) => editBundle(u.bundle, join(u.dir, 'edit'), (b) => {
    const file = b.plan.files.find((f) => f.via === 'zip-delta')!;
    const blob = Buffer.from(b.delta(file));
    change(blob);
    b.setDelta(file, blob);
  });
  // The first run's descriptor: level 6 becomes 9 (a valid descriptor; the rebuilt jar has another digest).
  refuse(tamper((blob) => { assert.equal(blob[20], 6); blob[20] = 9; }), 4, /rebuilt zip has digest/, 'deflate level changed');
  refuse(tamper((blob) => { blob[blob.length - 40] ^= 0x10; }), 4, /checksum|CRC|corrupt|does not match/i, 'inner delta flipped');
  refuse(tamper((blob) => { blob.writeUInt32BE(0x7fffffff, 9); }), 4, /does not fit a \d+-byte archive/, 'entry count out of range');
  refuse(editBundle(u.bundle, join(u.dir, 'edit'), (b) => { b.plan.version = 6; }), 2, /plan format version 6/, 'unknown plan version');
  refuse(editBundle(u.bundle, join(u.dir, 'edit'), (b) => { b.plan.version = 1; }), 2, /version 1 has a file via "zip-delta"/, 'zip delta in a version 1 plan');
  ok(u.receiver, ['apply', editBundle(u.bundle, join(u.dir, 'edit'), () => undefined)]);
  assert.notDeepEqual(state(), before, 'the untampered bundle, repacked by GNU tar, applies');
});
