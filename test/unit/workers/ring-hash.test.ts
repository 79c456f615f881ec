/**
 * sha256 on the ring's thread (src/workers/ring-hash.ts): every split of the input gives
 * node's digest, one hash at a time, a hash let go early leaves the ring sound, and the layer
 * rebuild and the delta decode that hash through it still catch what does not match, also
 * when the ring's thread fails mid-way (the bytes are then hashed again on this thread).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { CorruptDataError } from '../../../src/errors.js';
import { decodeDelta, encodeDelta } from '../../../src/delta/index.js';
import type { LayerRecipe, LayerSegment } from '../../../src/recipe/index.js';
import { rebuildLayer, type ChunkSource } from '../../../src/tar/index.js';
import { beginRingHash, failRingHash, SLOT_BYTES, SLOTS } from '../../../src/workers/ring-hash.js';

const sha = (bytes: Uint8Array): Buffer => createHash('sha256').update(bytes).digest();

/** Waits until the ring's thread is up (a hash this large starts it); fails the test if it never is. */
async function ringUp(): Promise<void> {
  beginRingHash(64 << 20)?.close();
  for (let i = 0; i < 500; i++) {
    const ring = beginRingHash();
    if (ring) {
      ring.close();
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail('the ring hash thread did not start within 5 s');
}

test('small hashes alone do not start the thread; they add up until they do', async () => {
  // The first test of the file: nothing has started the thread yet. Small hashes never wait for it.
  for (let i = 0; i < 31; i++) assert.equal(beginRingHash(1 << 20), undefined, `hash ${i} of 1 MiB`);
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal(beginRingHash(0), undefined, 'not started by 31 MiB');
  assert.equal(beginRingHash(1 << 20), undefined, 'the 32nd MiB starts it, and does not wait for it');
  let ring = beginRingHash(1 << 20);
  for (let i = 0; i < 400 && !ring; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    ring = beginRingHash(1 << 20);
  }
  assert.ok(ring, '32 MiB asked in all started the thread');
  const data = randomBytes(5000);
  ring.update(data);
  assert.deepEqual(ring.digest(), sha(data));
});

test('any split of any input hashes to node\'s sha256, past the ring\'s size too', async () => {
  await ringUp();
  const capacity = SLOTS * SLOT_BYTES;
  const big = randomBytes(capacity + 3 * SLOT_BYTES + 12_345);
  fc.assert(fc.property(fc.array(fc.nat({ max: 2 * SLOT_BYTES + 7 }), { maxLength: 12 }), fc.nat({ max: big.length }), (cuts, start) => {
    const ring = beginRingHash();
    assert.ok(ring, 'the ring is free between hashes');
    const pieces: Uint8Array[] = [];
    let at = start;
    for (const n of cuts) {
      const piece = big.subarray(at % big.length, Math.min(big.length, (at % big.length) + n));
      pieces.push(piece);
      ring.update(piece);
      at += n;
    }
    assert.deepEqual(ring.digest(), sha(Buffer.concat(pieces)));
  }), { numRuns: 60 });
});

test('one hash at a time: the ring is busy until the digest is taken or the hash let go', async () => {
  await ringUp();
  const first = beginRingHash();
  assert.ok(first);
  assert.equal(beginRingHash(), undefined, 'a second hash while the first is under way');
  first.update(randomBytes(3 * SLOT_BYTES));
  first.close();
  const data = randomBytes(SLOT_BYTES + 5);
  const second = beginRingHash();
  assert.ok(second, 'free again once the first was let go');
  second.update(data);
  assert.deepEqual(second.digest(), sha(data), 'nothing of the hash let go leaks into the next');
  assert.throws(() => second.update(data), /after digest/);
});

/** A layer of `files` (each one chunk) with 512-byte framing between, and a source over them; `bad` hands back other bytes for one file. */
function layer(files: Buffer[], bad?: number): { recipe: () => LayerRecipe; tar: Buffer; diffId: string; source: ChunkSource } {
  const hex = (b: Uint8Array) => sha(b).toString('hex');
  const segments: LayerSegment[] = [];
  for (const [i, content] of files.entries()) {
    segments.push({ kind: 'framing', bytes: Buffer.alloc(512, i) });
    segments.push({ kind: 'file', digest: hex(content), length: content.length });
  }
  const tar = Buffer.concat(segments.map((s) => (s.kind === 'framing' ? s.bytes : files.find((f) => hex(f) === s.digest)!)));
  const bytesOf = (h: string) => {
    const i = files.findIndex((f) => hex(f) === h);
    return i === bad ? Buffer.alloc(files[i]!.length, 0x55) : files[i]!;
  };
  return {
    tar,
    diffId: 'sha256:' + hex(tar),
    recipe: () => ({ tarLength: tar.length, parts: [], segments: { [Symbol.asyncIterator]: async function* () { yield* segments; } } }),
    source: { getFileRecipe: async (h) => ({ chunks: [{ digest: h, length: bytesOf(h).length }] }), readChunks: async (hexes) => hexes.map(bytesOf) },
  };
}

async function drain(pieces: AsyncIterable<Uint8Array>, during?: (n: number) => void): Promise<{ bytes: Buffer; error: unknown }> {
  const out: Uint8Array[] = [];
  try {
    for await (const piece of pieces) {
      during?.(out.length);
      out.push(piece);
    }
  } catch (error) {
    return { bytes: Buffer.concat(out), error };
  }
  return { bytes: Buffer.concat(out), error: undefined };
}

const files = () => [randomBytes(3 * SLOT_BYTES + 100), randomBytes(7000), randomBytes(2 * SLOT_BYTES)];

test('a large layer is hashed on the ring and rebuilt byte for byte; one that does not match its DiffID is refused', async () => {
  await ringUp();
  const sound = layer(files());
  let busy = false;
  const { bytes, error } = await drain(rebuildLayer(sound.recipe(), sound.diffId, sound.source), () => {
    const other = beginRingHash();
    if (other) other.close();
    else busy = true;
  });
  assert.equal(error, undefined);
  assert.ok(bytes.equals(sound.tar));
  assert.ok(busy, 'the rebuild held the ring');
  const damaged = layer(files(), 0);
  const result = await drain(rebuildLayer(damaged.recipe(), damaged.diffId, damaged.source));
  assert.ok(result.error instanceof CorruptDataError, String(result.error));
  assert.equal((result.error as CorruptDataError).digest, damaged.diffId);
  // A rebuild stopped early lets the ring go.
  for await (const _ of rebuildLayer(sound.recipe(), sound.diffId, sound.source)) break;
  const after = beginRingHash();
  assert.ok(after, 'the ring is free after a rebuild that stopped early');
  after.close();
});

test('a large sa delta target is hashed on the ring as it is copied out, and still checked', async () => {
  await ringUp();
  const base = randomBytes(3 * SLOT_BYTES);
  const target = Buffer.from(base);
  for (let i = 0; i < 200; i++) target[(i * 15_485_863) % target.length] ^= 0x5a;
  const delta = encodeDelta(base, target, { methods: ['sa'] });
  assert.ok(Buffer.from(decodeDelta(base, delta)).equals(target));
  const flipped = Buffer.from(delta);
  flipped[40] ^= 0x01; // the target digest in the header; crcChecked: the checksum is not what refuses it
  assert.throws(() => decodeDelta(base, flipped, { crcChecked: true }), CorruptDataError);
});

test('the ring\'s thread failing mid-way: the layer is hashed again on this thread, sound or not', async () => {
  await ringUp();
  const sound = layer(files());
  const { bytes, error } = await drain(rebuildLayer(sound.recipe(), sound.diffId, sound.source), (n) => { if (n === 1) failRingHash(); });
  assert.equal(error, undefined);
  assert.ok(bytes.equals(sound.tar));
  assert.equal(beginRingHash(), undefined, 'a failed ring is not used again');
  const damaged = layer(files(), 2);
  const result = await drain(rebuildLayer(damaged.recipe(), damaged.diffId, damaged.source));
  assert.ok(result.error instanceof CorruptDataError);
  // The delta decode hashes on this thread too.
  const base = randomBytes(2 * SLOT_BYTES);
  const target = Buffer.concat([base.subarray(100), randomBytes(100)]);
  assert.ok(Buffer.from(decodeDelta(base, encodeDelta(base, target, { methods: ['sa'] }))).equals(target));
});
