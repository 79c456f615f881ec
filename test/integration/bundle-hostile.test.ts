// Hostile bundles beyond bundle.test.ts: cut at every section boundary of the tar, and deltas
// whose output exceeds the size they or the plan declare. Each is refused by `cairn apply` with
// one line and exit 2 or 4; the receiver keeps its names and verifies. Real CLI processes.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cairn, tmp } from '../support/cli.js';
import { seededBytes } from '../support/random.js';
import { craftDelta, rawStream, varint, zigzag } from '../unit/delta/craft.js';

const program = seededBytes('hostile-program', 200_000);
const patched = Buffer.from(program);
patched[100_000] ^= 0x01;

function tree(root: string, files: Record<string, Buffer>): string {
  mkdirSync(root, { recursive: true });
  for (const [name, data] of Object.entries(files)) writeFileSync(join(root, name), data);
  return root;
}

function ok(store: string, args: string[]): string {
  const r = cairn(store, args);
  assert.equal(r.status, 0, `cairn ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const names = (store: string): unknown => JSON.parse(ok(store, ['--json', 'ls']));
const hex = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

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
  const bundle = join(dir, 'up.tar');
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
  const bytes = readFileSync(bundle);
  const refuse = refuser(dir, receiver);
  const cuts = sectionBoundaries(bytes);
  assert.ok(cuts.length >= 2 * 10, `entries: ${cuts.length / 2 - 1}`);
  assert.equal(cuts.at(-1)! + 512, bytes.length, 'the last cut is one block before the end');
  for (const at of cuts) refuse(bytes.subarray(0, at), `cut at ${at} of ${bytes.length}`);
  ok(receiver, ['verify']);
  ok(receiver, ['apply', bundle]);
});

/** Unpacks a bundle with GNU tar, lets `edit` change its plan (and add blobs), re-addresses plan, manifest and index, packs it again. */
function rewrite(bundle: string, dir: string, edit: (plan: { files: { via: string; size: number; base?: string; delta?: string }[] }, addBlob: (bytes: Uint8Array) => string) => void): Buffer {
  const out = join(dir, `unpacked-${Math.random().toString(36).slice(2)}`);
  mkdirSync(out, { recursive: true });
  execFileSync('tar', ['-xf', bundle, '-C', out]);
  const blob = (digest: string) => join(out, 'blobs', 'sha256', digest.replace('sha256:', ''));
  const addBlob = (bytes: Uint8Array): string => {
    const digest = `sha256:${hex(Buffer.from(bytes))}`;
    writeFileSync(blob(digest), bytes);
    return digest;
  };
  const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as { manifests: { digest: string; size: number }[] };
  const manifest = JSON.parse(readFileSync(blob(index.manifests[0]!.digest), 'utf8')) as { layers: { mediaType: string; digest: string; size: number }[] };
  const planRef = manifest.layers.find((l) => l.mediaType.includes('plan'))!;
  const plan = JSON.parse(readFileSync(blob(planRef.digest), 'utf8'));
  edit(plan, addBlob);
  const planBytes = Buffer.from(JSON.stringify(plan));
  Object.assign(planRef, { digest: addBlob(planBytes), size: planBytes.length });
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  Object.assign(index.manifests[0]!, { digest: addBlob(manifestBytes), size: manifestBytes.length });
  writeFileSync(join(out, 'index.json'), JSON.stringify(index));
  const result = join(dir, 'rewritten.tar');
  execFileSync('tar', ['--format=ustar', '-cf', result, '-C', out, 'oci-layout', 'index.json', 'blobs']);
  return readFileSync(result);
}

test('a delta whose output exceeds its declared size is refused at apply, whether the plan or the delta declares it', { timeout: 600_000 }, () => {
  const { dir, receiver, bundle } = setup();
  const refuse = refuser(dir, receiver);
  // The plan says the file is one byte shorter than the delta's declared target.
  refuse(rewrite(bundle, dir, (plan) => {
    const file = plan.files.find((f) => f.via === 'delta')!;
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
  refuse(rewrite(bundle, dir, (plan, addBlob) => {
    const file = plan.files.find((f) => f.via === 'delta')!;
    file.delta = addBlob(overlong);
  }), 'delta writing past its target', /output exceeds the declared target length/);
  ok(receiver, ['verify']);
  ok(receiver, ['apply', bundle]);
});
