// putFileDrained: the store drains a file's source, then finishes it (digest, recipe) while the
// caller goes on. Once drained it must hold no view of the source's buffers: here every file
// comes from the same buffer, scribbled over as soon as the previous file is drained, and no
// file's digest is given before every file has been drained (the digests come from "another
// thread" late), so a chunk kept as a view until the finish would be stored with the
// scribble's bytes and read back wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { openStore, type PutFileResult, type Store } from '../../../src/index.js';
import { seededBytes } from '../../support/random.js';
import { scratchDir } from '../../support/scratch.js';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** `content` in pieces of `size` bytes, each in `buffer` (shared by every file). */
async function* fromBuffer(buffer: Uint8Array, content: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < content.length; at += size) {
    const n = Math.min(size, content.length - at);
    buffer.set(content.subarray(at, at + n));
    yield buffer.subarray(0, n);
  }
}

async function readBack(store: Store, digest: string): Promise<Buffer> {
  const recipe = await store.getFileRecipe(digest);
  return Buffer.concat(await store.readChunks(recipe.chunks.map((c) => c.digest)));
}

async function inStore(work: (store: Store) => Promise<void>): Promise<void> {
  const dir = scratchDir('cairn-drained-');
  const store = await openStore(join(dir, 'store'));
  try {
    await work(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('files drained one after another from one reused buffer, their digests given late, are stored as their contents', async () => {
  await inStore(async (store) => {
    const shared = seededBytes('drained shared', 200_000);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 600_000 }), { minLength: 1, maxLength: 5 }), fc.integer({ min: 4096, max: 300_000 }), fc.boolean(), fc.integer({ min: 0, max: 1e6 }), async (sizes, size, transient, seed) => {
        // A transient source refills its buffer piece after piece; the other kind hands each
        // file over whole, in a buffer it takes back once the file is drained (a pooled read).
        const piece = transient ? size : 1_000_000;
        const buffer = new Uint8Array(piece);
        let release!: () => void;
        const allDrained = new Promise<void>((resolve) => { release = resolve; });
        const contents = sizes.map((size, i) => Buffer.concat([seededBytes(`drained ${seed} ${i}`, size), i % 2 === 1 ? shared : Buffer.alloc(0)]));
        const pending: Promise<PutFileResult>[] = [];
        for (const content of contents) {
          const digest = async (): Promise<string> => {
            await allDrained;
            return sha256(content);
          };
          const { stored } = await store.putFileDrained(fromBuffer(buffer, content, piece), { digest, transientSource: transient });
          pending.push(stored);
          buffer.fill(0xee); // the caller's next use of its buffer
        }
        release();
        const results = await Promise.all(pending);
        await store.commit();
        for (const [i, content] of contents.entries()) {
          assert.equal(results[i]!.digest, `sha256:${sha256(content)}`);
          assert.equal(results[i]!.size, content.length);
          assert.ok((await readBack(store, results[i]!.digest)).equals(content), `file ${i} reads back as its content`);
        }
      }),
      { numRuns: 12, seed: 20261207, examples: [[[300_000, 150_000], 65_536, false, 1]] },
    );
  });
});

test('the same content drained twice before either finishes is stored once and counted once', async () => {
  await inStore(async (store) => {
    const content = seededBytes('drained twice', 500_000);
    let release!: () => void;
    const later = new Promise<void>((resolve) => { release = resolve; });
    const digest = async (): Promise<string> => {
      await later;
      return sha256(content);
    };
    const a = await store.putFileDrained([content], { digest });
    const b = await store.putFileDrained([Buffer.from(content)], { digest });
    release();
    const [first, second] = await Promise.all([a.stored, b.stored]);
    await store.drain();
    assert.ok(first.newChunks > 0 && first.storedBytes > 0, 'the first stores the chunks and the recipe');
    assert.equal(second.newChunks, 0, 'the second finds every chunk on its way');
    assert.equal(second.storedBytes, 0, 'and its recipe already written: nothing counted twice');
    await store.commit();
    assert.ok((await readBack(store, first.digest)).equals(content));
  });
});
