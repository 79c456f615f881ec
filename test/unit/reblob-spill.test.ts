// The spilling confirmer (src/reblob/spill.ts): ingest hands it tar bytes far faster than a
// deflate can take them, and it must neither hold ingest up nor lose or reorder a byte. Each
// case drives the real node:zlib confirmer (confirm.ts) through it and checks the blob digest
// it ends with against the blob made directly by node:zlib from the same bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { crc32, deflateRawSync } from 'node:zlib';
import { nodeConfirmer, type Confirmer } from '../../src/reblob/confirm.js';
import { spilling } from '../../src/reblob/spill.js';
import type { ZlibParams } from '../../src/deflate/index.js';
import { prng, repetitiveBytes } from '../support/random.js';
import { scratchDir } from '../support/scratch.js';

const params: ZlibParams = { impl: 'zlib-1.3.1', level: 9, memLevel: 8, windowBits: 15, strategy: 0 };
const header = Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3]);

/** The blob's digest as node:zlib makes it in one call: header, deflate stream, CRC-32 and size. */
function expectedDigest(data: Uint8Array): string {
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(data), 0);
  trailer.writeUInt32LE(data.length % 2 ** 32, 4);
  return 'sha256:' + createHash('sha256').update(header).update(deflateRawSync(data, params)).update(trailer).digest('hex');
}

/** The real confirmer, counting the bytes it has been handed. */
function counted(inner: Confirmer): Confirmer & { taken: () => number } {
  let taken = 0;
  return {
    async push(bytes) {
      taken += bytes.length;
      await inner.push(bytes);
    },
    end: () => inner.end(),
    abandon: () => inner.abandon(),
    taken: () => taken,
  };
}

test('spilled confirmation: pushes do not wait for the deflate, and every byte reaches it in order', async () => {
  const dir = scratchDir('cairn-spill-');
  try {
    const data = repetitiveBytes(7, 32 << 20); // level 9 on repetitive bytes: slow to deflate
    const inner = counted(nodeConfirmer(params, header, new Uint8Array(0)));
    const confirmer = spilling(inner, dir);
    const random = prng(11);
    for (let at = 0; at < data.length;) {
      const n = Math.min(data.length - at, 1 + Math.floor(random() * 600_000));
      await confirmer.push(data.subarray(at, at + n));
      at += n;
    }
    // All pushed while the deflate had taken at most what is held in memory (8 MiB) and a piece:
    // the rest waits in the file, which is already unlinked (nothing to see in the directory).
    assert.ok(inner.taken() < 12 << 20, `the confirmer had taken ${inner.taken()} bytes when the pushes were done`);
    assert.deepEqual(readdirSync(dir), []);
    const made = await confirmer.end();
    assert.equal(inner.taken(), data.length);
    assert.equal(made.digest, expectedDigest(data));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('spilled confirmation: bursts with pauses between them (memory, file, drained, memory again) keep the order', async () => {
  const dir = scratchDir('cairn-spill-');
  try {
    for (const seed of [1, 2, 3]) {
      const random = prng(seed);
      const data = repetitiveBytes(seed, 6 << 20 | Math.floor(random() * 8 << 20));
      const confirmer = spilling(nodeConfirmer(params, header, new Uint8Array(0)), dir);
      for (let at = 0; at < data.length;) {
        const n = Math.min(data.length - at, 1 + Math.floor(random() * (random() < 0.5 ? 4096 : 3 << 20)));
        await confirmer.push(data.subarray(at, at + n));
        at += n;
        if (random() < 0.2) await sleep(Math.floor(random() * 80));
      }
      assert.equal((await confirmer.end()).digest, expectedDigest(data), `seed ${seed}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('spilled confirmation: abandoned midway, it stops without an error and leaves nothing behind', async () => {
  const dir = scratchDir('cairn-spill-');
  try {
    const confirmer = spilling(nodeConfirmer(params, header, new Uint8Array(0)), dir);
    const data = repetitiveBytes(5, 20 << 20);
    for (let at = 0; at < data.length; at += 1 << 20) await confirmer.push(data.subarray(at, at + (1 << 20)));
    confirmer.abandon();
    await sleep(50);
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('spilled confirmation: abandoned while its end is awaited (the ingest failed on a later layer), the end fails instead of waiting', async () => {
  const dir = scratchDir('cairn-spill-');
  try {
    for (const wait of [0, 30]) {
      const confirmer = spilling(nodeConfirmer(params, header, new Uint8Array(0)), dir);
      const data = repetitiveBytes(9, 24 << 20);
      for (let at = 0; at < data.length; at += 1 << 20) await confirmer.push(data.subarray(at, at + (1 << 20)));
      const ending = confirmer.end();
      await sleep(wait);
      confirmer.abandon();
      await assert.rejects(ending, /abandoned/);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
