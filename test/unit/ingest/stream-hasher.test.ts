// The ingest hasher computes, on a worker thread, the sha256 of a whole stream and of the
// files marked in it: each digest must equal node:crypto's over the same bytes, wherever the
// pieces and the marks fall against the hasher's ring slots (512 KiB), and a file's digest asked
// before more bytes come must not wait for them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { StreamHasher } from '../../../src/ingest/stream-hasher.js';
import { seededBytes } from '../../support/random.js';

const sha = (...parts: Uint8Array[]): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

test('whole-stream and marked-file digests match sha256 of the same bytes, across batch boundaries', async () => {
  const hasher = new StreamHasher();
  const whole: Uint8Array[] = [];
  const files: { expected: string; digest: () => Promise<string> }[] = [];
  // Framing and files of sizes around the batch (1 MiB): empty, tiny, exactly one batch, spanning three.
  const sizes = [0, 1, 511, 4096, (1 << 20) - 700, 1 << 20, 70_000, 3 * (1 << 20) + 17, 1, 0, 65_537];
  for (const [i, size] of sizes.entries()) {
    const framing = seededBytes(`framing ${i}`, 512 + (i % 3) * 512);
    await hasher.push(framing);
    whole.push(framing);
    const content = seededBytes(`file ${i}`, size);
    const file = hasher.openFile();
    // Pushed in uneven pieces, some larger than a batch.
    const pieces: Uint8Array[] = [];
    for (let at = 0; at < size; ) {
      const n = Math.min(size - at, [1, 100_000, 1_500_000, 4093][at % 4]!);
      pieces.push(content.subarray(at, at + n));
      at += n;
    }
    for (const piece of pieces) await hasher.push(piece);
    file.close();
    whole.push(content);
    files.push({ expected: sha(content), digest: file.digest });
    if (i === 3) assert.equal(await file.digest(), sha(content), 'a digest asked at once resolves without more bytes');
  }
  const tail = seededBytes('end', 1024);
  await hasher.push(tail);
  whole.push(tail);
  const digests = await Promise.all(files.map((f) => f.digest()));
  assert.deepEqual(digests, files.map((f) => f.expected));
  assert.equal(await hasher.end(), sha(...whole));
});

test('pushed bytes are copied: changing them afterwards changes no digest', async () => {
  const hasher = new StreamHasher();
  const bytes = seededBytes('reused', 300_000);
  const expected = sha(bytes);
  const file = hasher.openFile();
  await hasher.push(bytes);
  file.close();
  bytes.fill(0);
  assert.equal(await file.digest(), expected);
  assert.equal(await hasher.end(), expected);
});

test('a digest asked before its file is closed, or an end inside a file, is refused', async () => {
  const hasher = new StreamHasher();
  const file = hasher.openFile();
  await hasher.push(seededBytes('x', 10));
  await assert.rejects(file.digest(), /not closed/);
  await assert.rejects(hasher.end(), /inside a file/);
  hasher.abandon();
});

test('a stream that fits the ring is hashed without the worker, and one that outgrows it hands over every byte: the same digests either side of 2 MiB', async () => {
  // Lengths around the ring (4 slots of 512 KiB): files that end before the hand-over (their
  // digests asked at once, or only at the end) and one that spans it.
  for (const total of [0, 1, (2 << 20) - 1, 2 << 20, (2 << 20) + 1, 5 << 20]) {
    const hasher = new StreamHasher();
    const bytes = seededBytes(`ring ${total}`, total);
    const cuts = [0, Math.floor(total / 5), Math.floor(total / 3), Math.floor((3 * total) / 4), total];
    const files: { expected: string; digest: Promise<string> | (() => Promise<string>) }[] = [];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const [from, to] = [cuts[i]!, cuts[i + 1]!];
      const file = i % 2 === 0 ? hasher.openFile() : undefined;
      for (let at = from; at < to; at += 300_000) await hasher.push(bytes.subarray(at, Math.min(to, at + 300_000)));
      if (file) {
        file.close();
        // The first file's digest asked at once; the third's only after the end.
        files.push({ expected: sha(bytes.subarray(from, to)), digest: i === 0 ? file.digest() : file.digest });
      }
    }
    assert.equal(await hasher.end(), sha(bytes), `whole stream of ${total} bytes`);
    for (const f of files) assert.equal(await (typeof f.digest === 'function' ? f.digest() : f.digest), f.expected, `a file of the ${total}-byte stream`);
  }
});

test('an abandoned stream that never reached the worker rejects the digests still pending', async () => {
  const hasher = new StreamHasher();
  const file = hasher.openFile();
  await hasher.push(seededBytes('abandon', 600_000));
  file.close();
  await hasher.push(seededBytes('abandon more', 600_000));
  hasher.abandon();
  await assert.rejects(file.digest(), /abandoned/);
});
