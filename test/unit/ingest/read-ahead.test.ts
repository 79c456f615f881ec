// Directory reads for ingest: files above 64 KiB are read into buffers that a consumer's
// release() hands back for later files. Every file must still come out with exactly its own
// bytes (a reused buffer holds the previous file's bytes beyond the new one's end), a buffer
// must really be reused once released and never while still held, and a file that grew since
// the walk must come out longer than announced (so that ingest refuses it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReadAhead } from '../../../src/ingest/read-ahead.js';
import { seededBytes } from '../../support/random.js';
import { scratchDir } from '../../support/scratch.js';

/** Runs `body` with a fresh temporary directory, removed afterwards. */
async function inTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = scratchDir('cairn-read-ahead-');
  try {
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function drain(data: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const pieces: Uint8Array[] = [];
  for await (const piece of data) pieces.push(piece);
  return pieces;
}

test('files read into reused buffers come out with exactly their own bytes', () =>
  inTempDir(async (dir) => {
    // Sizes in one power-of-two class (so buffers are shared), larger first: a reused buffer
    // still holds the longer file's tail beyond a shorter file's end.
    // More files than are read ahead (32), so that later ones are read after earlier releases.
    const sizes = [...Array.from({ length: 40 }, (_, i) => [200_000, 150_000, 131_073, 180_000, 140_000][i % 5]!), 70_000, 5_000, 0, 5_000_000];
    const files = sizes.map((size, i) => {
      const path = join(dir, `f${i}`);
      const bytes = seededBytes(`read-ahead ${i}`, size);
      writeFileSync(path, bytes);
      return { path, size, bytes };
    });
    const reader = new ReadAhead((i) => files[i]!.path, files.map((f) => f.size));
    const seen = new Set<ArrayBufferLike>();
    let reused = 0;
    for (const [i, file] of files.entries()) {
      const { data, release } = reader.read(i);
      const pieces = await drain(data);
      assert.deepEqual(Buffer.concat(pieces), file.bytes, `file ${i} (${file.size} bytes)`);
      if (pieces.length === 1 && file.size > 64 << 10 && file.size < 4 << 20) {
        if (seen.has(pieces[0]!.buffer)) reused++;
        seen.add(pieces[0]!.buffer);
      }
      // Only a file read into a pooled buffer (above 64 KiB, read whole) has one to give back.
      assert.equal(release !== undefined, file.size > 64 << 10 && file.size < 4 << 20, `file ${i}: release offered`);
      release?.();
      release?.(); // twice is harmless
    }
    assert.ok(reused > 0, 'released buffers are filled again');
  }));

test('a buffer not released is never handed to another file', () =>
  inTempDir(async (dir) => {
    const files = Array.from({ length: 6 }, (_, i) => {
      const path = join(dir, `f${i}`);
      const bytes = seededBytes(`held ${i}`, 100_000 + i);
      writeFileSync(path, bytes);
      return { path, size: bytes.length, bytes };
    });
    // Read, holding every piece (no release): each must keep its own bytes after all are read.
    const reader = new ReadAhead((i) => files[i]!.path, files.map((f) => f.size));
    const pieces: Uint8Array[] = [];
    for (const i of files.keys()) pieces.push((await drain(reader.read(i).data))[0]!);
    for (const [i, piece] of pieces.entries()) assert.deepEqual(Buffer.from(piece), files[i]!.bytes);
    assert.equal(new Set(pieces.map((p) => p.buffer)).size, pieces.length, 'each held file has a buffer of its own');
  }));

test('a file that grew or shrank after the walk comes out with its real length, read whole or into a pooled buffer', () =>
  inTempDir(async (dir) => {
    // Real sizes against announced ones: read whole (up to 64 KiB) and into pooled buffers
    // (above), each exact, grown by a byte or many, and shrunk; a read stops early only at
    // the announced size, so a grown file shows at least one byte too many.
    const cases = [
      [1000, 1000], [1001, 1000], [5000, 1000], [900, 1000], [0, 10],
      [100_000, 100_000], [100_001, 100_000], [140_000, 100_000], [99_000, 100_000], [131_072, 131_071],
    ] as const;
    const files = cases.map(([real, announced], i) => {
      const path = join(dir, `f${i}`);
      const bytes = seededBytes(`sizes ${i}`, real);
      writeFileSync(path, bytes);
      return { path, real, announced, bytes };
    });
    const reader = new ReadAhead((i) => files[i]!.path, files.map((f) => f.announced));
    for (const [i, file] of files.entries()) {
      const got = Buffer.concat(await drain(reader.read(i).data));
      if (file.real <= file.announced) assert.deepEqual(got, file.bytes, `file ${i}: ${file.real} bytes announced as ${file.announced}`);
      else {
        assert.ok(got.length > file.announced, `file ${i}: read ${got.length} bytes of ${file.real}, announced ${file.announced}`);
        assert.deepEqual(got, file.bytes.subarray(0, got.length), `file ${i}: its own bytes`);
      }
    }
  }));

test('a tree of many small files is read by the worker in runs: every file its own bytes, a missing one an error of its own', () =>
  inTempDir(async (dir) => {
    // 700 files (past the worker's threshold of 256, and runs of 128), sizes 0..64 KiB with a
    // few larger (pooled, read here) between; one removed after the walk, one grown, one shrunk.
    const files = Array.from({ length: 700 }, (_, i) => {
      const path = join(dir, `f${i}`);
      const size = i % 97 === 5 ? 100_000 + i : (i * 7919) % (64 * 1024 + 1);
      const bytes = seededBytes(`many ${i}`, size);
      writeFileSync(path, bytes);
      return { path, announced: size, bytes };
    });
    rmSync(files[300]!.path);
    writeFileSync(files[400]!.path, seededBytes('grown', files[400]!.announced + 3));
    files[400]!.bytes = seededBytes('grown', files[400]!.announced + 3);
    writeFileSync(files[500]!.path, files[500]!.bytes.subarray(0, 10));
    files[500]!.bytes = files[500]!.bytes.subarray(0, 10);
    const reader = new ReadAhead((i) => files[i]!.path, files.map((f) => f.announced));
    for (const [i, file] of files.entries()) {
      const { data, release } = reader.read(i);
      if (i === 300) {
        await assert.rejects(drain(data), /cannot read .*f300: no such file or directory/);
        continue;
      }
      const got = Buffer.concat(await drain(data));
      release?.();
      if (i === 400) assert.deepEqual(got, file.bytes.subarray(0, file.announced + 1), 'a grown file: one byte past its announced size');
      else assert.deepEqual(got, Buffer.from(file.bytes), `file ${i} (${file.announced} bytes announced)`);
    }
  }));
