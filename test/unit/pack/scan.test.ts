/**
 * Salvage scanning of damaged packs (pack/scan.ts): whatever the damage (a record's header, its
 * payload, the pack header, the trailer, the tail cut off), every record that still checks out
 * is found, and a record whose header parsed but whose payload fails is named by its digest.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Codec, PackWriter, RecordKind, scanPack, type ScannedRecord } from '../../../src/pack/index.js';
import { splitmix64Bytes } from '../../support/random.js';
import { scratchDir } from '../../support/scratch.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
/** Raw chunk records check out when their payload hashes to their digest. */
const intact = (r: ScannedRecord) => sha(r.payload) === r.digest;

const payloads = [1000, 3000, 50, 2000, 700].map((n, i) => Buffer.from(splitmix64Bytes(BigInt(i + 1), n)));
const digests = payloads.map(sha);

async function pack(): Promise<{ bytes: Buffer; offsets: number[] }> {
  const dir = scratchDir('cairn-scan-');
  const writer = await PackWriter.create(join(dir, 'w.tmp'), (id) => join(dir, `${id}.pack`), 7);
  const offsets: number[] = [];
  for (const [i, p] of payloads.entries()) offsets.push(await writer.append(RecordKind.Chunk, Codec.Raw, digests[i]!, p.length, p));
  const sealed = await writer.seal();
  return { bytes: readFileSync(sealed.path), offsets };
}

const found = (scan: { good: ScannedRecord[] }) => scan.good.map((r) => r.digest);

test('an intact pack: every record, its sequence, nothing lost', async () => {
  const { bytes } = await pack();
  const scan = scanPack(bytes, 'p', intact);
  assert.deepEqual(found(scan), digests);
  assert.equal(scan.sequence, 7);
  assert.deepEqual(scan.damaged, []);
});

test('a damaged payload: that record is named, every other found', async () => {
  const { bytes, offsets } = await pack();
  bytes[offsets[1]! + 44 + 100]! ^= 0x10;
  const scan = scanPack(bytes, 'p', intact);
  assert.deepEqual(found(scan), digests.filter((_, i) => i !== 1));
  assert.deepEqual(scan.damaged.map((r) => r.digest), [digests[1]]);
});

test('a damaged record header (its length): the scan resynchronises on the next record', async () => {
  const { bytes, offsets } = await pack();
  bytes.writeUInt32LE(999_999, offsets[2]! + 4);
  bytes.writeUInt32LE(999_999, offsets[2]! + 8);
  const scan = scanPack(bytes, 'p', intact);
  assert.deepEqual(found(scan), digests.filter((_, i) => i !== 2));
  assert.ok(scan.lostBytes > 0);
});

test('a damaged pack header, a damaged trailer, a cut tail', async () => {
  const header = (await pack()).bytes;
  header.fill(0xee, 0, 24);
  const h = scanPack(header, 'p', intact);
  assert.deepEqual(found(h), digests);
  assert.equal(h.sequence, undefined, 'a damaged header gives no sequence');
  const trailer = (await pack()).bytes;
  trailer.fill(0xee, trailer.length - 24);
  assert.deepEqual(found(scanPack(trailer, 'p', intact)), digests);
  const { bytes, offsets } = await pack();
  const cut = scanPack(bytes.subarray(0, offsets[3]! + 100), 'p', intact);
  assert.deepEqual(found(cut), digests.slice(0, 3));
  assert.deepEqual(cut.damaged.map((r) => r.digest), [digests[3]], 'the record the cut runs through is named');
});
