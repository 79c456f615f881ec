/**
 * Chunk sections (bundle plan version 5, docs/bundle.md "Chunk sections"): a new file with no
 * base of its own ships in a section compressed against the base files near it in the tree,
 * and costs what it adds to them; every way a section or its dictionary can be wrong is refused
 * with one line, the right exit code and the store as it was.
 */
import { strict as assert } from 'node:assert';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { zstdCompress } from '../../src/delta/zstd.js';
import { bundleUpgrade, cairn, cairnOk as ok } from '../support/cli.js';
import { editBundle, type BundleEdit } from '../support/bundle-edit.js';
import { packHolding } from '../support/damage.js';
import { seededBytes } from '../support/random.js';

const A = seededBytes('section-a', 400_000);
const B = seededBytes('section-b', 400_000);
const C = seededBytes('section-c', 400_000);
/** A new file of v2 under lib/: both lib/ files of v1, shifted (no chunk in common with them), and a tail of its own (no base by name, stem or path). */
const BUNDLED = Buffer.concat([Buffer.from('/* v2 */'), A, B, Buffer.from('// the release bundle\n')]);

interface Report { chunkBytes: number; files: { path: string; via: string; bytes: number }[] }

function setup() {
  const v1 = { 'lib/a.bin': A, 'lib/b.bin': B, 'other/c.bin': C };
  return bundleUpgrade<Report>('sections', v1, { ...v1, 'lib/bundle.js': BUNDLED });
}

const namesOf = (store: string): string[] =>
  (JSON.parse(ok(store, ['--json', 'ls'])) as { images: { names: string[] }[] }).images.flatMap((i) => i.names).sort();

test('a new file made of base files near it ships in a chunk section compressed against them, and is rebuilt byte-exact', () => {
  const { dir, receiver, bundle, report } = setup();
  const plan = readPlan(bundle, dir);
  assert.equal(plan.version, 5);
  assert.equal(plan.sections?.length, 1);
  const section = plan.sections![0]!;
  // The dictionary is lib/'s two files, not other/'s, and the section is the new file's chunks raw.
  assert.deepEqual(section.dictionary?.under, ['lib']);
  assert.equal(section.dictionary?.length, A.length + B.length);
  assert.equal(section.length, BUNDLED.length);
  // Random bytes do not compress alone (the file compressed by itself: about its size); against
  // the dictionary they cost a few hundred bytes.
  const alone = zstdCompress(BUNDLED, { level: 3 }).length;
  assert.ok(alone > BUNDLED.length * 0.99, `alone ${alone}`);
  assert.ok(report.chunkBytes < BUNDLED.length * 0.01, `section ${report.chunkBytes} bytes for ${BUNDLED.length}`);
  assert.equal(report.files.find((f) => f.path === 'lib/bundle.js')?.via, 'chunks');
  ok(receiver, ['apply', bundle]);
  assert.deepEqual(namesOf(receiver), ['app:v1', 'app:v2']);
  const tree = join(dir, 'tree');
  ok(receiver, ['export', 'rootfs', 'app:v2', tree]);
  assert.ok(readFileSync(join(tree, 'lib', 'bundle.js')).equals(BUNDLED));
  ok(receiver, ['verify']);
});

/** The plan of a bundle (unpacked by GNU tar). */
function readPlan(bundle: string, dir: string): BundleEdit['plan'] {
  let plan: BundleEdit['plan'] | undefined;
  editBundle(bundle, join(dir, 'plan'), (b) => { plan = structuredClone(b.plan); });
  return plan!;
}

test('a wrong chunk section or dictionary is refused: one line, exit 2 or 4, no new names, the store verifies', () => {
  const { dir, receiver, bundle } = setup();
  const refuse = (path: string, code: number, pattern: RegExp, what: string, store = receiver): void => {
    const r = cairn(store, ['apply', path]);
    assert.equal(r.status, code, `${what}: exit ${r.status} ${r.stderr}`);
    assert.match(r.stderr, pattern, what);
    assert.equal(r.stderr.trim().split('\n').length, 1, `${what}: ${r.stderr}`);
    assert.deepEqual(namesOf(store), ['app:v1'], what);
    ok(store, ['verify']);
  };
  const edited = (edit: (b: BundleEdit) => void) => editBundle(bundle, join(dir, 'edit'), edit);
  const section = (b: BundleEdit) => b.plan.sections![0]!;
  refuse(edited((b) => { section(b).length -= 1; }), 4, /chunk section 0: zstd produced|bad zstd data/, 'section length one short');
  refuse(edited((b) => {
    const chunks = b.plan.files.find((f) => f.via === 'chunks')!.chunks!;
    chunks[chunks.length - 1]![0] = (chunks[chunks.length - 1]![0] as number) - 1;
  }), 4, /holds 1 bytes no chunk of the plan uses/, 'a chunk one byte short');
  refuse(edited((b) => { section(b).dictionary!.layers = [`sha256:${'cd'.repeat(32)}`]; }), 2, /does not fit this store: it lacks layer sha256:cdcd/, 'dictionary of a layer the receiver lacks');
  refuse(edited((b) => { section(b).dictionary!.length += 1; }), 2, /dictionary needs \d+ bytes of base files/, 'dictionary longer than the base files');
  refuse(edited((b) => { section(b).dictionary!.under = ['']; }), 4, /bad zstd data|does not match its digest/, 'another dictionary than the sender\'s');
  refuse(edited((b) => { b.plan.version = 4; }), 2, /version 4 (has chunk sections|lists a file without its digest)|malformed part list/, 'a version 4 plan with version 5 contents');
  refuse(edited((b) => { b.plan.chunkPack = b.plan.sections![0]!.blob; }), 2, /version 5 has a chunk pack/, 'a chunk pack in a version 5 plan');
  refuse(edited((b) => {
    const blob = b.blob(section(b).blob);
    blob[Math.floor(blob.length / 2)] ^= 0x40;
    section(b).blob = b.replace(section(b).blob, blob);
  }), 4, /chunk section 0|does not match its digest/, 'a flipped byte in the section (re-addressed)');
  // A dictionary file corrupt in the receiver's store: named as the store's (its chunk, its pack).
  const damaged = join(dir, 'damaged');
  cpSync(receiver, damaged, { recursive: true });
  const { path, at } = packHolding(damaged, A.subarray(200_000, 200_064));
  const pack = readFileSync(path);
  pack[at + 10] ^= 0x01;
  writeFileSync(path, pack);
  const r = cairn(damaged, ['apply', bundle]);
  assert.equal(r.status, 4, r.stderr);
  assert.match(r.stderr, /chunk sha256:[0-9a-f]{64} in pack [0-9a-f]+ is corrupt/);
  assert.deepEqual(namesOf(damaged), ['app:v1']);
  ok(receiver, ['apply', bundle]);
  assert.deepEqual(namesOf(receiver), ['app:v1', 'app:v2']);
});
