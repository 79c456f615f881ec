// The one file-streaming helper: whole files in 1 MiB buffers, byte counts as they go, and
// failures in words (no errno names, no Node message) naming the file; the store, ingest of a
// directory and of a layer tar all read through it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileStream } from '../../../src/file-stream.js';
import { BadInputError, openStore } from '../../../src/index.js';
import { seededBytes } from '../../support/random.js';
import { scratchDir } from '../../support/scratch.js';

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const pieces: Uint8Array[] = [];
  for await (const piece of stream) pieces.push(piece);
  return Buffer.concat(pieces);
}

test('fileStream yields the file, counting bytes as they go', async () => {
  const dir = scratchDir('file-stream-');
  const bytes = Buffer.from(seededBytes('file-stream', 2.5 * 1048576));
  writeFileSync(join(dir, 'data'), bytes);
  const counts: number[] = [];
  const read = await collect(fileStream(join(dir, 'data'), { onBytes: (n) => counts.push(n) }));
  assert.ok(read.equals(bytes));
  assert.deepEqual(counts, [1048576, 1048576, 524288]);
});

test('fileStream failures name the file and say why in words', async () => {
  const dir = scratchDir('file-stream-');
  mkdirSync(join(dir, 'a-directory'));
  const cases: [string, string | undefined, RegExp][] = [
    [join(dir, 'missing'), undefined, new RegExp(`^cannot read ${dir}/missing: no such file or directory$`)],
    [join(dir, 'a-directory'), undefined, /^cannot read .*a-directory: it is a directory$/],
    [join(dir, 'missing'), 'blob sha256:00', /^cannot read blob sha256:00: no such file or directory$/],
  ];
  for (const [path, what, message] of cases) {
    await assert.rejects(collect(fileStream(path, { what })), (error: unknown) => {
      assert.ok(error instanceof BadInputError, String(error));
      assert.match(error.message, message);
      return true;
    });
  }
});

test('Store.putFile of a path reads through the same helper', async () => {
  const dir = scratchDir('file-stream-');
  const store = await openStore(join(dir, 'store'), { compressionThreads: 0 });
  try {
    await assert.rejects(store.putFile(join(dir, 'missing')), new RegExp(`^BadInputError: cannot read ${dir}/missing: no such file or directory$`));
    writeFileSync(join(dir, 'present'), 'hello\n');
    assert.equal((await store.putFile(join(dir, 'present'))).size, 6);
  } finally {
    await store.close();
  }
});
