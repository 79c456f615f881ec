// Choosing deflate parameters from the first part of a stream only (what ingest sees before
// the rest goes by): the heads of real producers' streams name the producer's zlib and level;
// GNU gzip's head names none; a head that a candidate does not reproduce to its last byte is
// refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { gzipHeaderLength, nodeZlibMatches, probeDeflateHead } from '../../../src/deflate/index.js';
import { python, run, textLike } from './fixtures.js';

const input = textLike(11, 6_000_000);
const BLOB_HEAD = 1 << 20;
const TAR_HEAD = 2 << 20;

/** The probe on the first MiB of the deflate stream and the first 2 MiB of its content. */
function probe(gz: Buffer, content = input) {
  const at = gzipHeaderLength(gz, 0);
  return probeDeflateHead(gz.subarray(at, BLOB_HEAD), content.subarray(0, TAR_HEAD), { levels: [6] });
}

test('Python gzip heads (system zlib) name pako at the producer\'s level', () => {
  for (const level of [1, 6, 9]) {
    const gz = python(`import gzip,sys; sys.stdout.buffer.write(gzip.compress(sys.stdin.buffer.read(), compresslevel=${level}, mtime=0))`, input);
    assert.deepEqual(probe(gz), { impl: 'zlib-1.2.13', level, memLevel: 8, windowBits: 15, strategy: 0 }, `level ${level}`);
  }
});

test('node:zlib heads name zlib-1.3.1 at the producer\'s level', { skip: nodeZlibMatches() ? false : 'skipped: this Node\'s zlib is not 1.3.1' }, () => {
  for (const level of [6, 9]) assert.deepEqual(probe(gzipSync(input, { level })), { impl: 'zlib-1.3.1', level, memLevel: 8, windowBits: 15, strategy: 0 });
});

test('a GNU gzip head names no candidate', () => {
  assert.equal(probe(run('gzip', ['-n', '-6', '-c'], input)), null);
});

test('a head whose content differs after the first block is refused', () => {
  const gz = python('import gzip,sys; sys.stdout.buffer.write(gzip.compress(sys.stdin.buffer.read(), compresslevel=6, mtime=0))', input);
  const changed = Buffer.from(input);
  changed[1_500_000] ^= 0xff;
  assert.equal(probe(gz, changed), null);
});
