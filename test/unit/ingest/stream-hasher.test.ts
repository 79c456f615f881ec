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
