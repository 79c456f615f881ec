// Hostile bundles beyond bundle.test.ts: cut at every section boundary of the tar (and, in
// format 4's .tar.zst, at every frame boundary and inside every frame), a zstd frame that
// decompresses to more or less than it declares, and deltas whose output exceeds the size they
// or the plan declare. Each is refused by `cairn apply` with
// one line and exit 2 or 4; the receiver keeps its names and verifies. Real CLI processes.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cairn, tmp, cairnOk as ok, writeTree as tree } from '../support/cli.js';
import { seededBytes } from '../support/random.js';
import { craftDelta, rawStream, varint, zigzag } from '../unit/delta/craft.js';
import { editBundle, type BundleEdit } from '../support/bundle-edit.js';
import { writeRawDelta } from '../../src/delta/format.js';
import binding from 'zstd-napi/binding.js';

const program = seededBytes('hostile-program', 200_000);
const patched = Buffer.from(program);
patched[100_000] ^= 0x01;

const names = (store: string): unknown => JSON.parse(ok(store, ['--json', 'ls']));

/** v1 → v2 (one byte of a 200 KB file changed, one file added): a bundle with a delta and chunks, and a receiver holding v1. */
function setup() {
  const dir = tmp('bundle-hostile');
  const sender = join(dir, 'sender');
  const receiver = join(dir, 'receiver');
  const v1 = tree(join(dir, 'v1'), { 'app.bin': program, 'notes.txt': Buffer.from('v1\n') });
  const v2 = tree(join(dir, 'v2'), { 'app.bin': patched, 'notes.txt': Buffer.from('v2\n'), 'added.bin': seededBytes('hostile-added', 30_000) });
  ok(sender, ['ingest', v1, '--name', 'app:v1']);
  ok(sender, ['ingest', v2, '--name', 'app:v2']);
  ok(receiver, ['ingest', v1, '--name', 'app:v1']);
  const bundle = join(dir, 'up.tar.zst');
  const made = JSON.parse(ok(sender, ['--json', 'bundle', 'app:v2', '--from', 'app:v1', '-o', bundle])) as { files: { path: string; via: string }[] };
  assert.ok(made.files.some((f) => f.path === 'app.bin' && f.via === 'delta'), 'app.bin goes as a delta');
  assert.ok(made.files.some((f) => f.via === 'chunks'), 'added.bin goes as chunks');
  return { dir, receiver, bundle };
}

function refuser(dir: string, receiver: string) {
  const before = names(receiver);
  return (data: Buffer, what: string, message?: RegExp): void => {
    const path = join(dir, 'bad.tar');
    writeFileSync(path, data);
    const r = cairn(receiver, ['apply', path]);
    assert.ok(r.status === 2 || r.status === 4, `${what}: exit ${r.status} ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, `${what}: ${r.stderr}`);
    if (message) assert.match(r.stderr, message, what);
    assert.deepEqual(names(receiver), before, what);
  };
}

/** The offsets where each entry's header and data start, where the end-of-archive marker starts, and its second block. */
function sectionBoundaries(bytes: Buffer): number[] {
  const out: number[] = [];
  let at = 0;
  for (; at + 512 <= bytes.length; ) {
    if (bytes.subarray(at, at + 512).every((b) => b === 0)) break;
    const size = parseInt(bytes.subarray(at + 124, at + 136).toString('latin1').replace(/\0.*$/s, '').trim(), 8);
    out.push(at, at + 512);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  out.push(at, at + 512);
  return out;
}

test('a bundle cut at any section boundary is refused: each entry header, each blob start, before and inside the end marker', { timeout: 900_000 }, () => {
  const { dir, receiver, bundle } = setup();
  // The format 4 container decompressed: the same tar, which a reader accepts as is.
  const bytes = execFileSync('zstd', ['-dc', bundle], { maxBuffer: 1 << 28 });
  const refuse = refuser(dir, receiver);
  const cuts = sectionBoundaries(bytes);
  assert.ok(cuts.length >= 2 * 10, `entries: ${cuts.length / 2 - 1}`);
  assert.equal(cuts.at(-1)! + 512, bytes.length, 'the last cut is one block before the end');
  for (const at of cuts) refuse(bytes.subarray(0, at), `cut at ${at} of ${bytes.length}`);
  ok(receiver, ['verify']);
  ok(receiver, ['apply', bundle]);
});

/** Where each zstd frame of a format 4 bundle starts (and the end), by walking frame sizes. */
function frameStarts(bytes: Buffer): number[] {
  const out: number[] = [];
  for (let at = 0; at < bytes.length;) {
    out.push(at);
    at += binding.findFrameCompressedSize(bytes.subarray(at));
  }
  out.push(bytes.length);
  return out;
}

test('a format 4 bundle cut at or inside any zstd frame, or with a frame that declares another size, is refused', { timeout: 900_000 }, () => {
  const { dir, receiver, bundle } = setup();
  const bytes = readFileSync(bundle);
  const refuse = refuser(dir, receiver);
  const starts = frameStarts(bytes);
  assert.ok(starts.length >= 3, `frames: ${starts.length - 1}`);
  for (const [i, at] of starts.slice(0, -1).entries()) {
    if (at > 0) refuse(bytes.subarray(0, at), `cut before frame ${i}`);
    refuse(bytes.subarray(0, at + Math.floor((starts[i + 1]! - at) / 2)), `cut inside frame ${i}`, /truncated/);
  }
  refuse(bytes.subarray(0, bytes.length - 1), 'one byte short', /truncated/);
  // A frame whose header declares one byte less (or more) than its blocks hold.
  for (const change of [-1, 1]) {
    const copy = Buffer.from(bytes);
    const fhd = copy[4]!;
    const single = (fhd >> 5) & 1;
    const fcsBytes = [single ? 1 : 0, 2, 4, 8][fhd >> 6]!;
    const at = 5 + (single ? 0 : 1) + [0, 1, 2, 4][fhd & 3]!;
    assert.ok(fcsBytes === 2 || fcsBytes === 4, `the first frame declares its size in ${fcsBytes} bytes`);
    if (fcsBytes === 2) copy.writeUInt16LE(copy.readUInt16LE(at) + change, at);
    else copy.writeUInt32LE(copy.readUInt32LE(at) + change, at);
    refuse(copy, `first frame declaring ${change} byte`, /zstd|truncated/);
  }
  ok(receiver, ['verify']);
  ok(receiver, ['apply', bundle]);
});

test('a delta whose output exceeds its declared size is refused at apply, whether the plan or the delta declares it', { timeout: 600_000 }, () => {
  const { dir, receiver, bundle } = setup();
  const refuse = refuser(dir, receiver);
  // The plan says the file is one byte shorter than the delta's declared target.
  const rewrite = (edit: (b: BundleEdit) => void): Buffer => readFileSync(editBundle(bundle, join(dir, 'edit'), edit));
  refuse(rewrite((b) => {
    const file = b.plan.files.find((f) => f.via === 'delta')!;
    file.size -= 1;
  }), 'plan size below the delta target', /declares a target of 200000 bytes, above the limit of 199999/);
  // A hand-made delta declaring the right size whose control stream writes one byte more:
  // the whole base through the diff stream, then one extra byte.
  const payload = [
    ...rawStream([...varint(patched.length), ...varint(0), ...varint(zigzag(0)), ...varint(0), ...varint(1), ...varint(zigzag(0))]),
    ...varint(patched.length), 0, ...rawStream([]), ...rawStream([]),
    ...rawStream([0x41]),
  ];
  const overlong = craftDelta(1, program, patched, payload);
  refuse(rewrite((b) => {
    const file = b.plan.files.find((f) => f.via === 'delta')!;
    b.setDelta(file, Buffer.from(overlong));
  }), 'delta writing past its target', /output exceeds the declared target length/);
  // The same as the raw variant (no digests) that format 4's section carries.
  const raw = writeRawDelta({ method: 1, baseLength: program.length, targetLength: patched.length }, Uint8Array.from(payload));
  refuse(rewrite((b) => {
    const file = b.plan.files.find((f) => f.via === 'delta')!;
    b.setDelta(file, Buffer.from(raw));
  }), 'raw delta writing past its target', /output exceeds the declared target length/);
  ok(receiver, ['verify']);
  ok(receiver, ['apply', bundle]);
});
