/**
 * Decoded reads of neighbouring records (one read per span of a pack): the span's buffer is
 * reused by later reads, so nothing a read returned may be a view of it. Small files stored
 * side by side, raw (random bytes) and zstd (text) mixed in the same spans, read in several
 * calls, one after another and at once: every result must still hold its bytes after the
 * reads that came after it.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../src/index.js';
import { Codec, RecordKind, parsePackStructure } from '../../src/pack/index.js';
import { listPackFiles, storeLayout } from '../../src/store/layout.js';
import { seededBytes } from '../support/random.js';
import { scratchDir } from '../support/scratch.js';

const dir = scratchDir('cairn-span-reads-');
after(() => rmSync(dir, { recursive: true, force: true }));

function text(seed: string, length: number): Buffer {
  const words = seededBytes(seed, length).toString('hex').match(/.{1,7}/g)!.map((w) => w.replace(/[0-9]/g, ' '));
  return Buffer.from(words.join('\n')).subarray(0, length);
}

const sha = (bytes: Uint8Array): string => 'sha256:' + createHash('sha256').update(bytes).digest('hex');

test('decoded span reads: raw and zstd records of one span, read in turns and at once, keep their bytes', async () => {
  const files: Buffer[] = [];
  for (let i = 0; i < 120; i++) files.push(i % 2 === 0 ? seededBytes(`span-raw-${i}`, 2000 + i * 37) : text(`span-text-${i}`, 3000 + i * 41));
  const storeDir = join(dir, 'store');
  // Chunks compressed one by one (no chunk groups): records of both codecs side by side.
  const store = await openStore(storeDir, { groupSize: 0 });
  try {
    await store.putSmallFilesUncommitted(files);
    await store.commit();
  } finally {
    await store.close();
  }
  // The pack holds both kinds side by side: the case this test is about.
  const codecs = new Set<Codec>();
  for (const [id, path] of await listPackFiles(storeLayout(storeDir))) {
    for (const r of parsePackStructure(readFileSync(path), id).records) if (r.kind === RecordKind.Chunk) codecs.add(r.codec);
  }
  assert.deepEqual([...codecs].sort(), [Codec.Raw, Codec.Zstd].sort(), 'chunks stored both raw and zstd');

  const reopened = await openStore(storeDir);
  try {
    const digests = files.map(sha);
    const groups: number[][] = [];
    for (let i = 0; i < files.length; i += 10) groups.push(files.map((_, j) => j).slice(i, i + 10));
    const kept: { index: number; bytes: Uint8Array }[] = [];
    // In turns: each read's buffers may be reused by the next.
    for (const group of groups.slice(0, 6)) {
      const read = await reopened.readChunks(group.map((i) => digests[i]!));
      read.forEach((bytes, k) => kept.push({ index: group[k]!, bytes }));
    }
    // At once: reads in flight together take buffers from the same spares.
    const together = await Promise.all(groups.slice(6).map((group) => reopened.readChunks(group.map((i) => digests[i]!))));
    together.forEach((read, g) => read.forEach((bytes, k) => kept.push({ index: groups[6 + g]![k]!, bytes })));
    // And once more, so that every spare is written over after the results above were made.
    for (const group of groups) await reopened.readChunks(group.map((i) => digests[i]!));
    assert.equal(kept.length, files.length);
    for (const { index, bytes } of kept) assert.ok(Buffer.from(bytes).equals(files[index]!), `file ${index} (${index % 2 === 0 ? 'raw' : 'zstd'}) kept its bytes`);
  } finally {
    await reopened.close();
  }
});
