/**
 * The byte sources of a push (src/registry/push-blobs.ts): a blob streamed from a generator
 * gives exactly bytes [start, end) whatever its piece boundaries (PATCH chunks and retries
 * restart it), and a spooled blob's digest and size are those of its bytes.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { eachLimited, spool, streamOpener } from '../../../src/registry/push-blobs.js';
import { seededBytes } from '../../support/random.js';
import { tmp } from '../../support/cli.js';

const blob = seededBytes('push-blobs', 10_000);
/** The blob in uneven pieces (1, 7, 333, ... bytes). */
function* pieces(): Generator<Uint8Array> {
  let at = 0;
  for (let i = 0; at < blob.length; i++) {
    const n = [1, 7, 333, 4096, 50][i % 5]!;
    yield blob.subarray(at, at + n);
    at += n;
  }
}

async function collect(stream: AsyncIterable<Buffer | Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of stream) parts.push(Buffer.from(p));
  return Buffer.concat(parts);
}

test('streamOpener: every range is the blob\'s bytes, counted once each', async () => {
  let counted = 0;
  const open = streamOpener(pieces, (n) => { counted += n; });
  for (const [start, end] of [[0, blob.length], [0, 1], [1, 8], [5, 341], [4000, 4001], [9_999, 10_000], [3000, 3000], [2500, 9000]] as const) {
    counted = 0;
    const got = await collect(open(start, end));
    assert.ok(got.equals(blob.subarray(start, end)), `bytes ${start}-${end}`);
    assert.equal(counted, end - start);
  }
});

test('spool: digest and size of the bytes written', async () => {
  const path = join(tmp('push-blobs'), 'blob');
  const spooled = await spool(pieces, path);
  assert.equal(spooled.size, blob.length);
  assert.equal(spooled.digest, `sha256:${createHash('sha256').update(blob).digest('hex')}`);
  assert.ok(readFileSync(path).equals(blob));
});

test('eachLimited: at most `limit` at once; the first failure is thrown and stops new starts', async () => {
  let running = 0;
  let most = 0;
  const started: number[] = [];
  await assert.rejects(eachLimited([1, 2, 3, 4, 5, 6, 7, 8], 3, async (n) => {
    started.push(n);
    running++;
    most = Math.max(most, running);
    await new Promise((r) => setTimeout(r, 5));
    running--;
    if (n === 2) throw new Error('two failed');
  }), /two failed/);
  assert.equal(most, 3);
  assert.ok(!started.includes(8), 'no new start after the failure');
});
