/**
 * readLayer, `export layer -o` and `export oci` read chunks unchecked (the DiffID covers every
 * byte) and large batches decompress on a worker thread; a damaged chunk must still end the
 * read in a CorruptDataError naming the chunk and its pack, whether it is stored raw (it
 * decompresses "fine" and only the DiffID catches it) or zstd (its payload may not decompress
 * at all, on the worker). `checkChunks: true` still stops before the damaged chunk's bytes.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CorruptDataError, openStore, readLayer } from '../../src/index.js';
import { Codec, RecordKind, groupMembers, parsePackStructure } from '../../src/pack/index.js';
import { RecordDecompressor } from '../../src/store/compression.js';
import { listPackFiles, storeLayout } from '../../src/store/layout.js';
import { CLI } from '../support/paths.js';
import { seededBytes } from '../support/random.js';
import { gnuTarOf } from '../support/cli.js';
import { scratchDir } from '../support/scratch.js';

const dir = scratchDir('cairn-export-unchecked-');
after(() => rmSync(dir, { recursive: true, force: true }));

/** Compressible but not trivial: seeded words. */
function text(seed: string, length: number): Buffer {
  const words = seededBytes(seed, length).toString('hex').match(/.{1,7}/g)!.map((w) => w.replace(/[0-9]/g, ' '));
  return Buffer.from(words.join('\n')).subarray(0, length);
}

const tree = join(dir, 'tree');
mkdirSync(tree);
writeFileSync(join(tree, 'a-random.bin'), seededBytes('unchecked-random', 700_000));
writeFileSync(join(tree, 'b-text.txt'), text('unchecked-text', 3_000_000));
for (let i = 0; i < 40; i++) writeFileSync(join(tree, `c-small-${i}.txt`), text(`unchecked-small-${i}`, 3000 + i * 100));
const tar = join(dir, 'layer.tar');
const { tarBytes, diffId } = gnuTarOf(tree, tar);
// Chunks compressed one by one (--group-size 0): the cases below damage one chunk's record of
// each codec; a store with chunk groups (the default) is damaged in its own case at the end.
const pristine = join(dir, 'pristine');
const ingested = spawnSync(process.execPath, [CLI, '--store', pristine, 'ingest', tar, '--name', 'u:1', '--group-size', '0'], { encoding: 'utf8' });
assert.equal(ingested.status, 0, ingested.stderr);
const grouped = join(dir, 'grouped');
const ingestedGrouped = spawnSync(process.execPath, [CLI, '--store', grouped, 'ingest', tar, '--name', 'u:1'], { encoding: 'utf8' });
assert.equal(ingestedGrouped.status, 0, ingestedGrouped.stderr);

let copies = 0;
/**
 * A copy of the store with the payload of a chunk of `file` stored with `codec` (the middle one
 * of the file's chunks) damaged: one byte flipped, or with `run`, that many bytes from the
 * middle set to 0xff (a zstd payload that no longer decompresses); and that chunk's digest and pack.
 */
async function damaged(file: string, codec: Codec, run = 0): Promise<{ store: string; hex: string; pack: string }> {
  const store = join(dir, `case-${copies++}`);
  cpSync(pristine, store, { recursive: true });
  const opened = await openStore(store);
  let digests: string[] = [];
  try {
    const content = createHash('sha256').update(readFileSync(join(tree, file))).digest('hex');
    digests = (await opened.getFileRecipe(content)).chunks.map((c) => c.digest.replace('sha256:', ''));
  } finally {
    await opened.close();
  }
  for (const [id, path] of await listPackFiles(storeLayout(store))) {
    const bytes = readFileSync(path);
    const records = parsePackStructure(bytes, id).records.filter((r) => r.kind === RecordKind.Chunk && r.codec === codec && digests.includes(r.digest));
    const record = records[Math.floor(records.length / 2)];
    if (!record) continue;
    const middle = record.offset + 44 + Math.floor(record.storedLength / 2);
    if (run > 0) bytes.fill(0xff, middle, middle + run);
    else bytes[middle] ^= 0x20;
    writeFileSync(path, bytes);
    return { store, hex: record.digest, pack: id };
  }
  throw new Error(`no ${file} chunk stored with codec ${codec}`);
}

/** Reads the layer through readLayer; returns the error and how many bytes came out first. */
async function readFails(store: string, checkChunks?: boolean): Promise<{ error: unknown; bytes: number }> {
  const opened = await openStore(store);
  let bytes = 0;
  try {
    for await (const piece of readLayer(opened, diffId, checkChunks === undefined ? {} : { checkChunks })) bytes += piece.length;
  } catch (error) {
    return { error, bytes };
  } finally {
    await opened.close();
  }
  return { error: undefined, bytes };
}

function assertNames(error: unknown, hex: string, pack: string): void {
  assert.ok(error instanceof CorruptDataError, `a CorruptDataError, got ${String(error)}`);
  assert.match(error.message, new RegExp(`chunk sha256:${hex} in pack ${pack}`));
  assert.equal(error.digest, `sha256:${hex}`);
  assert.equal(error.pack, pack);
}

test('the pristine store reads back byte for byte, unchecked and checked', async () => {
  // No inline budget: the worker starts at the first large batch (by default it waits for 64 MiB).
  const opened = await openStore(pristine, { decompressionInlineBytes: 0 });
  try {
    for (const checkChunks of [false, true, false]) {
      const pieces: Uint8Array[] = [];
      for await (const piece of readLayer(opened, diffId, { checkChunks })) pieces.push(piece);
      assert.ok(Buffer.concat(pieces).equals(tarBytes), `checkChunks ${checkChunks}`);
      await sleep(50); // the decompression worker starts meanwhile: the next reads go through it
    }
  } finally {
    await opened.close();
  }
});

test('a damaged raw chunk read unchecked is named with its pack; checked, its bytes never come out', async () => {
  const { store, hex, pack } = await damaged('a-random.bin', Codec.Raw);
  const unchecked = await readFails(store);
  assertNames(unchecked.error, hex, pack);
  assert.equal(unchecked.bytes, tarBytes.length, 'unchecked: the whole layer came out before the DiffID failed');
  const checked = await readFails(store, true);
  assertNames(checked.error, hex, pack);
  assert.ok(checked.bytes < tarBytes.length);
});

for (const [label, run] of [['decompresses to other bytes', 0], ['does not decompress', 64]] as const) {
  test(`a damaged zstd chunk that ${label} is named with its pack, decompressed inline or on the worker`, async () => {
    const { store, hex, pack } = await damaged('b-text.txt', Codec.Zstd, run);
    const opened = await openStore(store, { decompressionInlineBytes: 0 });
    try {
      // The first read starts the worker (decoding inline meanwhile); later ones go through it.
      for (let round = 0; round < 3; round++) {
        let error: unknown;
        try {
          for await (const piece of readLayer(opened, diffId)) void piece;
        } catch (caught) {
          error = caught;
        }
        assertNames(error, hex, pack);
        await sleep(100);
      }
    } finally {
      await opened.close();
    }
  });
}

test('export layer -o on a damaged chunk exits 4 naming it, and leaves no file', async () => {
  const { store, hex, pack } = await damaged('a-random.bin', Codec.Raw);
  const out = join(dir, 'out.tar');
  const run = spawnSync(process.execPath, [CLI, '--store', store, 'export', 'layer', diffId, '-o', out], { encoding: 'utf8' });
  assert.equal(run.status, 4, run.stderr);
  assert.match(run.stderr, new RegExp(`chunk sha256:${hex} in pack ${pack}`));
  assert.equal(existsSync(out), false);
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('out.tar')), [], 'no partial file left');
});

for (const [label, run] of [['decompresses to other bytes', 0], ['does not decompress', 64]] as const) {
  test(`a damaged chunk group that ${label} is named by one of its chunks and its pack, unchecked and checked`, async () => {
    const store = join(dir, `case-${copies++}`);
    cpSync(grouped, store, { recursive: true });
    let target: { pack: string; members: string[] } | undefined;
    for (const [id, path] of await listPackFiles(storeLayout(store))) {
      const bytes = readFileSync(path);
      const group = parsePackStructure(bytes, id).records.find((r) => r.kind === RecordKind.ChunkGroup);
      if (!group) continue;
      const content = new RecordDecompressor().decompress(bytes.subarray(group.offset + 44, group.offset + 44 + group.storedLength), group.uncompressedLength);
      target = { pack: id, members: groupMembers(content, group).map((m) => m.hex) };
      const middle = group.offset + 44 + Math.floor(group.storedLength / 2);
      if (run > 0) bytes.fill(0xff, middle, middle + run);
      else bytes[middle]! ^= 0x20;
      writeFileSync(path, bytes);
      break;
    }
    assert.ok(target, 'the default store holds a chunk group');
    for (const checkChunks of [false, true]) {
      const { error } = await readFails(store, checkChunks);
      assert.ok(error instanceof CorruptDataError, `a CorruptDataError, got ${String(error)}`);
      assert.equal(error.pack, target.pack);
      assert.ok(target.members.includes(error.digest!.replace('sha256:', '')), `${error.message} names a chunk of the damaged group`);
      assert.match(error.message, new RegExp(`chunk sha256:[0-9a-f]{64} in pack ${target.pack}`));
    }
  });
}
