// The published FastCDC vectors (../shared/vectors/fastcdc, transcribed from fastcdc-rs 4.0.1):
// every v2020 vector must match in offset, length, hash and chunk digest; the v2016 vectors
// share v2020's cut points (their hash values are reported differently, so only cuts are checked).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { blake3 } from '@noble/hashes/blake3.js';
import { cutBuffer, createChunker, gearTable } from 'cairn';
import { SHARED_VECTORS, sharedVectorsMissing } from '../../support/paths.js';
import { referenceFastcdc } from '../../support/reference-chunkers.js';

interface Vector {
  id: string;
  algorithm: 'v2016' | 'v2020' | 'ronomon';
  input: string;
  min_size: number;
  avg_size: number;
  max_size: number;
  normalization_level: number | null;
  seed: number | null;
  chunk_count: number;
  chunks: { offset: number; length: number; hash: string; sha256?: string; blake3?: string }[];
}

const skip = sharedVectorsMissing('fastcdc');
if (skip) console.log(`# fastcdc vectors ${skip}`);

function load(): { vectors: Vector[]; input(v: Vector): Uint8Array } {
  const dir = join(SHARED_VECTORS, 'fastcdc');
  const doc = JSON.parse(readFileSync(join(dir, 'vectors.json'), 'utf8'));
  const jpg = readFileSync(join(dir, doc.data_file.name));
  assert.equal(createHash('sha256').update(jpg).digest('hex'), doc.data_file.sha256, 'vector data file is intact');
  return {
    vectors: doc.vectors,
    input: (v) => (v.input.startsWith('zeros:') ? new Uint8Array(Number(v.input.slice(6))) : jpg),
  };
}

test('gear table entries equal the reference table', () => {
  const g = gearTable();
  assert.equal(g[0], 0x3b5d3c7d207e37dcn);
  assert.equal(g[1], 0x784d68ba91123086n);
  assert.equal(g[2], 0xcd52880f882e7298n);
  assert.equal(gearTable(666n)[0], 0x3b5d3c7d207e37dcn ^ 666n);
});

test('v2020 vectors: every offset, length, hash and sha256', { skip }, () => {
  const { vectors, input } = load();
  const v2020 = vectors.filter((v) => v.algorithm === 'v2020');
  assert.ok(v2020.length >= 7, 'all v2020 vectors present');
  for (const v of v2020) {
    const data = input(v);
    const params = { mode: 'fastcdc' as const, min: v.min_size, avg: v.avg_size, max: v.max_size, normalization: v.normalization_level ?? 1, seed: BigInt(v.seed ?? 0) };
    const cuts = cutBuffer(data, params);
    assert.equal(cuts.length, v.chunk_count, `${v.id}: chunk count`);
    let start = 0;
    cuts.forEach((cut, i) => {
      const want = v.chunks[i]!;
      assert.equal(start, want.offset, `${v.id} chunk ${i}: offset`);
      assert.equal(cut.end - start, want.length, `${v.id} chunk ${i}: length`);
      assert.equal(cut.hash, BigInt(want.hash), `${v.id} chunk ${i}: hash`);
      const bytes = data.subarray(start, cut.end);
      if (want.sha256) assert.equal(createHash('sha256').update(bytes).digest('hex'), want.sha256, `${v.id} chunk ${i}: sha256`);
      // BLAKE3 digests come from the reference repository itself; @noble/hashes is the oracle.
      if (want.blake3) assert.equal(Buffer.from(blake3(bytes)).toString('hex'), want.blake3, `${v.id} chunk ${i}: blake3`);
      start = cut.end;
    });
    // The independent reference rendering agrees too (it is what the property tests trust).
    assert.deepEqual(referenceFastcdc(data, { ...params }).map((c) => [c.end, c.hash]), cuts.map((c) => [c.end, c.hash]), `${v.id}: reference`);
  }
});

test('v2020 vectors hold whatever the buffer split (1 byte, odd sizes)', { skip }, () => {
  const { vectors, input } = load();
  for (const v of vectors.filter((x) => x.algorithm === 'v2020')) {
    const data = input(v);
    for (const step of [1, 2, 3, 7, 4095, 4096, 4097, 65537]) {
      const chunker = createChunker({ mode: 'fastcdc', min: v.min_size, avg: v.avg_size, max: v.max_size, normalization: v.normalization_level ?? 1, seed: BigInt(v.seed ?? 0) });
      const cuts = [];
      for (let at = 0; at < data.length; at += step) cuts.push(...chunker.push(data.subarray(at, at + step)));
      cuts.push(...chunker.finish());
      assert.deepEqual(cuts.map((c) => [c.end, c.hash.toString()]), v.chunks.map((c) => [c.offset + c.length, c.hash]), `${v.id} split ${step}`);
    }
  }
});

test('v2016 vectors: the same cut points', { skip }, () => {
  const { vectors, input } = load();
  const v2016 = vectors.filter((v) => v.algorithm === 'v2016');
  assert.ok(v2016.length >= 6);
  for (const v of v2016) {
    const cuts = cutBuffer(input(v), { mode: 'fastcdc', min: v.min_size, avg: v.avg_size, max: v.max_size, normalization: v.normalization_level ?? 1 });
    assert.deepEqual(cuts.map((c) => c.end), v.chunks.map((c) => c.offset + c.length), v.id);
  }
});
