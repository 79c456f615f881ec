/**
 * The pack format: known-answer bytes (expected bytes built here from the layout documented in
 * src/pack/format.ts, not by the writer), seeded round trips, and damage: every truncation and
 * every single-bit flip of a small pack is rejected with CorruptDataError, never anything else.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { CorruptDataError } from '../../../src/errors.js';
import {
  Codec, PackWriter, RecordKind, parsePack, parsePackStructure, readRecordPayload, type RecordEntry,
} from '../../../src/pack/index.js';
import { splitmix64Bytes } from '../../support/random.js';
import { scratchDir } from '../../support/scratch.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
}

interface Input { kind: RecordKind; codec: Codec; digest: string; uncompressed: number; payload: Buffer }

async function writePack(dir: string, sequence: number, inputs: Input[]) {
  const writer = await PackWriter.create(join(dir, `w-${sequence}-${Math.random()}.tmp`), (id) => join(dir, `${id}.pack`), sequence);
  for (const r of inputs) await writer.append(r.kind, r.codec, r.digest, r.uncompressed, r.payload);
  return writer.seal();
}

/** A tiny pack: two records. */
const tinyInputs: Input[] = [
  { kind: RecordKind.Chunk, codec: Codec.Raw, digest: sha(Buffer.from('hello')), uncompressed: 5, payload: Buffer.from('hello') },
  { kind: RecordKind.Blob, codec: Codec.Zstd, digest: 'ab'.repeat(32), uncompressed: 10, payload: Buffer.from([1, 2, 3]) },
];

function expectedTinyPack(sequence: number): Buffer {
  const header = Buffer.concat([Buffer.from('CAIRNPK\x01', 'latin1'), u32(1), u32(0), u64(sequence)]);
  const record = (r: Input) => Buffer.concat([
    Buffer.from([r.kind, r.codec, 0, 0]), u32(r.uncompressed), u32(r.payload.length), Buffer.from(r.digest, 'hex'), r.payload,
  ]);
  const body = Buffer.concat([header, ...tinyInputs.map(record)]);
  const trailer = Buffer.concat([Buffer.from('CAIRNEND', 'latin1'), u32(tinyInputs.length), u32(0), u64(body.length)]);
  return Buffer.concat([body, trailer]);
}

test('a tiny pack is exactly the documented bytes, named by their sha256', async () => {
  const dir = scratchDir('cairn-pack-');
  const sealed = await writePack(dir, 7, tinyInputs);
  const expected = expectedTinyPack(7);
  assert.equal(expected.length, 24 + (44 + 5) + (44 + 3) + 24);
  assert.equal(sealed.id, sha(expected));
  assert.deepEqual(readFileSync(sealed.path), expected);
  assert.equal(sealed.bytes, expected.length);
  assert.deepEqual(sealed.records.map((r) => r.offset), [24, 24 + 44 + 5]);
  const parsed = parsePack(expected, sealed.id);
  assert.equal(parsed.sequence, 7);
  assert.deepEqual(parsed.records.map((r) => [r.kind, r.codec, r.uncompressedLength, r.storedLength, r.digest, r.payload.toString('hex')]),
    tinyInputs.map((r) => [r.kind, r.codec, r.uncompressed, r.payload.length, r.digest, r.payload.toString('hex')]));
});

test('seeded packs round-trip through writer, parser and record reads', async () => {
  const dir = scratchDir('cairn-pack-');
  const kinds = [1, 2, 3, 4, 5, 6, 7] as RecordKind[];
  for (let seed = 1; seed <= 25; seed++) {
    const rnd = splitmix64Bytes(BigInt(seed), 64);
    const count = rnd[0]! % 6;
    const inputs: Input[] = [];
    for (let i = 0; i < count; i++) {
      const length = (rnd[1 + i * 3]! * 7 + rnd[2 + i * 3]!) % 1500;
      const payload = Buffer.from(splitmix64Bytes(BigInt(seed * 1000 + i), length));
      const raw = rnd[3 + i * 3]! % 2 === 0;
      inputs.push({
        kind: kinds[rnd[3 + i * 3]! % kinds.length]!, codec: raw ? Codec.Raw : Codec.Zstd,
        digest: sha(payload), uncompressed: raw ? length : length * 3 + 1, payload,
      });
    }
    const sealed = await writePack(dir, seed * 11, inputs);
    const bytes = readFileSync(sealed.path);
    const parsed = parsePack(bytes, sealed.id);
    assert.equal(parsed.sequence, seed * 11);
    assert.equal(parsed.records.length, count, `seed ${seed}`);
    const file = await open(sealed.path, 'r');
    try {
      for (const [i, r] of parsed.records.entries()) {
        const want = inputs[i]!;
        assert.deepEqual([r.kind, r.codec, r.uncompressedLength, r.digest], [want.kind, want.codec, want.uncompressed, want.digest]);
        assert.deepEqual(r.payload, want.payload);
        assert.deepEqual(sealed.records[i], { pack: sealed.id, offset: r.offset, kind: r.kind, codec: r.codec, uncompressedLength: r.uncompressedLength, storedLength: r.storedLength, digest: r.digest } satisfies RecordEntry);
        assert.deepEqual(await readRecordPayload(file, sealed.records[i]!, want.digest), want.payload);
      }
    } finally {
      await file.close();
    }
  }
});

function assertCorrupt(fn: () => unknown, what: string): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  assert.ok(thrown instanceof CorruptDataError, `${what}: expected CorruptDataError, got ${thrown === undefined ? 'no error' : String(thrown)}`);
}

test('every truncation of a small pack is rejected with CorruptDataError, with or without the checksum', async () => {
  const dir = scratchDir('cairn-pack-');
  const sealed = await writePack(dir, 3, tinyInputs);
  const bytes = readFileSync(sealed.path);
  for (let length = 0; length < bytes.length; length++) {
    const cut = Buffer.from(bytes.subarray(0, length));
    assertCorrupt(() => parsePack(cut, sealed.id), `parsePack, ${length} bytes`);
    assertCorrupt(() => parsePackStructure(cut, sealed.id), `parsePackStructure, ${length} bytes`);
  }
});

test('every single-bit flip of a small pack is rejected with CorruptDataError', async () => {
  const dir = scratchDir('cairn-pack-');
  const sealed = await writePack(dir, 3, tinyInputs);
  const bytes = readFileSync(sealed.path);
  // Bytes whose every value is structurally valid: the sequence, and each record's kind, codec, digest,
  // payload and (compressed records) uncompressed length.
  const free = new Set<number>([16, 17, 18, 19, 20, 21, 22, 23]);
  for (const r of sealed.records) {
    free.add(r.offset).add(r.offset + 1);
    if (r.codec === Codec.Zstd) for (let i = r.offset + 4; i < r.offset + 8; i++) free.add(i); // checked on decompression
    for (let i = r.offset + 12; i < r.offset + 44 + r.storedLength; i++) free.add(i);
  }
  for (let bit = 0; bit < bytes.length * 8; bit++) {
    const flipped = Buffer.from(bytes);
    flipped[bit >> 3]! ^= 1 << (bit & 7);
    assertCorrupt(() => parsePack(flipped, sealed.id), `parsePack, bit ${bit}`);
    // Without the checksum, the structure alone catches every flip of a length, magic or reserved field.
    if (!free.has(bit >> 3)) assertCorrupt(() => parsePackStructure(flipped, sealed.id), `parsePackStructure, bit ${bit}`);
  }
});

test('every single-bit flip of a record header is rejected by a record read', async () => {
  const dir = scratchDir('cairn-pack-');
  const sealed = await writePack(dir, 3, tinyInputs);
  const bytes = readFileSync(sealed.path);
  const path = join(dir, 'flipped.pack');
  for (const r of sealed.records) {
    for (let bit = 0; bit < 44 * 8; bit++) {
      const flipped = Buffer.from(bytes);
      flipped[r.offset + (bit >> 3)]! ^= 1 << (bit & 7);
      writeFileSync(path, flipped);
      const file = await open(path, 'r');
      try {
        await assert.rejects(readRecordPayload(file, r, r.digest), CorruptDataError, `record at ${r.offset}, bit ${bit}`);
      } finally {
        await file.close();
      }
    }
  }
});

test('a damaged index location is CorruptDataError before anything is allocated', async () => {
  const dir = scratchDir('cairn-pack-');
  const sealed = await writePack(dir, 3, tinyInputs);
  const file = await open(sealed.path, 'r');
  try {
    const r = sealed.records[0]!;
    for (const bad of [
      { ...r, storedLength: 0xfffffff0 },
      { ...r, storedLength: 0xffffffff, uncompressedLength: 0xffffffff },
      { ...r, uncompressedLength: 0xfffffff0 },
      { ...r, offset: 0 },
      { ...r, offset: 0xfffffff0 },
    ]) {
      await assert.rejects(readRecordPayload(file, bad, r.digest), CorruptDataError, JSON.stringify(bad));
    }
  } finally {
    await file.close();
  }
});

test('sealing reads back every record header: damage on disk before the seal fails it', async () => {
  const dir = scratchDir('cairn-pack-');
  const writer = await PackWriter.create(join(dir, 'w.tmp'), (id) => join(dir, `${id}.pack`), 1);
  const big = Buffer.from(splitmix64Bytes(5n, 1_200_000)); // over the writer's flush size: written to disk now
  await writer.append(RecordKind.Chunk, Codec.Raw, sha(big), big.length, big);
  await writer.append(RecordKind.Blob, Codec.Raw, sha(Buffer.from('x')), 1, Buffer.from('x'));
  const tmp = await open(join(dir, 'w.tmp'), 'r+');
  await tmp.write(Buffer.from([0xff]), 0, 1, 24 + 12); // the first record's digest
  await tmp.close();
  await assert.rejects(writer.seal(), (error: Error & { code?: string }) => error.code === 'CAIRN_IO' && /record header/.test(error.message));
  assert.ok(existsSync(join(dir, 'w.tmp')), 'the damaged pack was not renamed into place');
});

test('sealing reads back record headers across its read windows: damage to a late record fails it, an intact pack seals', async () => {
  const dir = scratchDir('cairn-pack-');
  const records: Buffer[] = [];
  for (let i = 0; i < 400; i++) records.push(Buffer.from(splitmix64Bytes(BigInt(100 + i), 3000 + 17 * i))); // about 2.6 MB: several windows
  for (const damage of [false, true]) {
    const tmpPath = join(dir, `w-${damage}.tmp`);
    const writer = await PackWriter.create(tmpPath, (id) => join(dir, `${id}.pack`), 1);
    const offsets: number[] = [];
    for (const r of records) offsets.push(await writer.append(RecordKind.Chunk, Codec.Raw, sha(r), r.length, r));
    if (!damage) {
      const sealed = await writer.seal();
      assert.deepEqual(parsePack(readFileSync(sealed.path), sealed.id).records.map((r) => r.offset), offsets);
      continue;
    }
    // The appends flush to disk every MiB: the record damaged here is on disk before the seal.
    const late = offsets[300]!;
    assert.ok(statSync(tmpPath).size > late + 44, 'the damaged record was flushed before the seal');
    const tmp = await open(tmpPath, 'r+');
    await tmp.write(Buffer.from([0x5a]), 0, 1, late + 20);
    await tmp.close();
    await assert.rejects(writer.seal(), (error: Error & { code?: string }) =>
      error.code === 'CAIRN_IO' && error.message.includes(`record header read back at offset ${late}`));
  }
});

test('codec 2 (x86-filtered members) is a chunk group\'s only: on any other kind the pack is refused', () => {
  const packOf = (kind: number, codec: number): Buffer => {
    const payload = Buffer.from([9, 9, 9]);
    const header = Buffer.concat([Buffer.from('CAIRNPK\x01', 'latin1'), u32(1), u32(0), u64(1)]);
    const record = Buffer.concat([Buffer.from([kind, codec, 0, 0]), u32(40), u32(payload.length), Buffer.from('cd'.repeat(32), 'hex'), payload]);
    const body = Buffer.concat([header, record]);
    return Buffer.concat([body, Buffer.from('CAIRNEND', 'latin1'), u32(1), u32(0), u64(body.length)]);
  };
  const group = packOf(RecordKind.ChunkGroup, Codec.ZstdX86);
  assert.deepEqual(parsePack(group, sha(group)).records.map((r) => [r.kind, r.codec]), [[RecordKind.ChunkGroup, Codec.ZstdX86]]);
  for (const kind of [RecordKind.Chunk, RecordKind.Blob, RecordKind.FileDelta]) {
    const other = packOf(kind, Codec.ZstdX86);
    assert.throws(() => parsePack(other, sha(other)), (error: Error) => error instanceof CorruptDataError && /unknown codec 2/.test(error.message));
  }
  const three = packOf(RecordKind.ChunkGroup, 3);
  assert.throws(() => parsePack(three, sha(three)), CorruptDataError);
});
