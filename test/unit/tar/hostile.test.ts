// Hostile and broken input: every case must end in BadInputError (code CAIRN_BAD_INPUT, with
// the offset where it went wrong) within a couple of seconds and without allocating from a
// size the archive claims. Each case is fed whole and in 7-byte pieces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { END_OF_ARCHIVE, encodeEntryHeader, paddingAfter, readEntries, splitTar } from '../../../src/tar/index.js';
import { heldArrayBuffers } from '../../support/gc.js';
import { concat, craftExtension, craftHeader, errorOf, feed, octal, patch, paxRecord, splitAndRebuild } from './split-helpers.js';

const TIME_LIMIT_MS = 2000;
const GIB = 1024 ** 3;

/** A valid archive to break: two files. */
function validArchive(): Uint8Array {
  const a = encodeEntryHeader({ path: 'a.txt', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, size: 5 });
  const b = encodeEntryHeader({ path: 'b.txt', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, size: 1000 });
  return concat(a, Buffer.from('hello'), paddingAfter(5), b, new Uint8Array(1000).fill(0x62), paddingAfter(1000), END_OF_ARCHIVE);
}

interface Case {
  name: string;
  input: Uint8Array;
  /** The message must match. */
  message: RegExp;
  /** Where the error must point, when the case fixes it. */
  offset?: number;
  options?: { maxExtensionBytes?: number };
}

const cases: Case[] = [];
const add = (c: Case) => cases.push(c);

{
  const broken = validArchive();
  broken[3] ^= 0x01; // a byte of the first name
  add({ name: 'bad checksum in the first header', input: broken, message: /bad header checksum at offset 0/, offset: 0 });
  const second = validArchive();
  second[1024 + 10] = 0x41;
  add({ name: 'bad checksum in the second header', input: second, message: /bad header checksum at offset 1024/, offset: 1024 });
  const garbageChecksum = validArchive();
  patch(garbageChecksum, 'checksum', 'zzzzzz\0 ');
  add({ name: 'checksum field not octal', input: garbageChecksum, message: /bad header checksum/, offset: 0 });
}
add({ name: 'truncated inside the first header', input: validArchive().subarray(0, 300), message: /truncated.*header block at offset 0/, offset: 0 });
add({ name: 'truncated inside the second header', input: validArchive().subarray(0, 1024 + 100), message: /truncated.*offset 1024/, offset: 1024 });
add({ name: 'truncated inside data', input: validArchive().subarray(0, 1024 + 512 + 600), message: /truncated.*"b\.txt"/ });
add({
  name: 'size field claims 8 GiB, 1 KiB follows',
  input: concat(craftHeader({ size: (8 * GIB).toString(8).padStart(12, '0') }), new Uint8Array(1024).fill(0x61)),
  message: /truncated.*8589934592 bytes/,
});
add({
  name: 'base-256 size of 2^40, 1 KiB follows',
  input: concat(craftHeader({ size: Uint8Array.from([0x80, 0, 0, 0, 0, 0, 0x01, 0, 0, 0, 0, 0]) }), new Uint8Array(1024)),
  message: /truncated/,
});
add({ name: 'base-256 negative size', input: concat(craftHeader({ size: new Uint8Array(12).fill(0xff) }), END_OF_ARCHIVE), message: /negative entry size -1/, offset: 0 });
add({
  name: 'base-256 size beyond 2^53',
  input: concat(craftHeader({ size: Uint8Array.from([0x80, 0, 0, 0, 0x01, 0, 0, 0, 0, 0, 0, 0]) }), END_OF_ARCHIVE),
  message: /malformed size field/,
  offset: 0,
});
add({ name: 'malformed octal size', input: concat(craftHeader({ size: '0000012x4\0' }), END_OF_ARCHIVE), message: /malformed size field/, offset: 0 });
add({ name: 'octal size with an 8', input: concat(craftHeader({ size: '00000000018\0' }), END_OF_ARCHIVE), message: /malformed size field/ });
add({ name: 'malformed octal mode', input: concat(craftHeader({ mode: '06 44\0' }), END_OF_ARCHIVE), message: /malformed mode field/ });
add({ name: 'malformed devmajor in a ustar header', input: concat(craftHeader({ devmajor: 'abc' }), END_OF_ARCHIVE), message: /malformed devmajor/ });
add({ name: 'absurd PAX record length', input: concat(craftExtension('x', '99999999999 path=x\n'), craftHeader(), END_OF_ARCHIVE), message: /length "99999999999"/, offset: 0 });
add({ name: 'PAX length of 22 digits', input: concat(craftExtension('x', `${'9'.repeat(22)} path=x\n`), craftHeader(), END_OF_ARCHIVE), message: /no length/ });
add({ name: 'PAX length longer than the record', input: concat(craftExtension('x', '30 path=x\n'), craftHeader(), END_OF_ARCHIVE), message: /length "30"/ });
add({ name: 'PAX length shorter than the record', input: concat(craftExtension('x', '9 path=xyz\n'), craftHeader(), END_OF_ARCHIVE), message: /newline/ });
add({ name: 'PAX length below 5', input: concat(craftExtension('x', '3 a\n'), craftHeader(), END_OF_ARCHIVE), message: /length "3"/ });
add({ name: 'PAX record without =', input: concat(craftExtension('x', '10 pathxx\n'), craftHeader(), END_OF_ARCHIVE), message: /no key/ });
add({ name: 'PAX negative length', input: concat(craftExtension('x', '-5 a=b\n'), craftHeader(), END_OF_ARCHIVE), message: /length "-5"/ });
add({ name: 'PAX size record negative', input: concat(craftExtension('x', paxRecord('size', '-1')), craftHeader(), END_OF_ARCHIVE), message: /negative entry size/ });
add({ name: 'PAX size record beyond 2^53', input: concat(craftExtension('x', paxRecord('size', '99999999999999999999')), craftHeader(), END_OF_ARCHIVE), message: /malformed PAX size/ });
add({ name: 'PAX uid not a number', input: concat(craftExtension('x', paxRecord('uid', '12ab')), craftHeader(), END_OF_ARCHIVE), message: /malformed PAX uid/ });
add({ name: 'PAX mtime not a number', input: concat(craftExtension('x', paxRecord('mtime', '1.2.3')), craftHeader(), END_OF_ARCHIVE), message: /malformed PAX mtime/ });
add({
  name: 'PAX data of 100 MB claimed',
  input: concat(craftHeader({ name: 'pax', typeflag: 'x', size: octal(100_000_000, 12) }), new Uint8Array(1024).fill(0x31)),
  message: /claims 100000000 bytes, above the limit of 1048576 \(maxExtensionBytes\)/,
  offset: 0,
});
add({
  name: 'GNU long name of 100 MB claimed',
  input: concat(craftHeader({ name: '././@LongLink', typeflag: 'L', magic: 'ustar ', version: ' \0', size: octal(100_000_000, 12) }), new Uint8Array(1024).fill(0x61)),
  message: /'L' extension header at offset 0 claims 100000000 bytes/,
  offset: 0,
});
add({
  name: 'PAX header above a lowered maxExtensionBytes',
  input: concat(craftExtension('x', paxRecord('comment', 'c'.repeat(3000))), craftHeader(), END_OF_ARCHIVE),
  message: /above the limit of 1024/,
  options: { maxExtensionBytes: 1024 },
});
add({ name: 'extension data cut short', input: craftExtension('x', paxRecord('path', 'p'.repeat(600))).subarray(0, 800), message: /truncated.*'x' extension header/ });
{
  // An old GNU sparse header whose extension blocks never stop saying "more follows".
  const sparseHeader = craftHeader({ typeflag: 'S', magic: 'ustar ', version: ' \0', gnuIsExtended: '\x01', gnuRealSize: octal(1000, 12) });
  const extension = new Uint8Array(512);
  extension[504] = 1;
  const blocks = Array.from({ length: 20 }, () => extension);
  add({ name: 'endless GNU sparse extension blocks', input: concat(sparseHeader, ...blocks), message: /GNU sparse extension blocks exceed 4096 bytes/, options: { maxExtensionBytes: 4096 } });
  add({ name: 'GNU sparse extension block cut short', input: concat(sparseHeader, extension.subarray(0, 100)), message: /truncated.*sparse extension block/ });
  const overlapping = craftHeader({
    typeflag: 'S', magic: 'ustar ', version: ' \0', gnuRealSize: octal(1000, 12),
    gnuSparse: Buffer.from(octal(100, 12) + octal(50, 12) + octal(120, 12) + octal(10, 12), 'latin1'),
  });
  add({ name: 'GNU sparse map with overlapping regions', input: concat(overlapping, END_OF_ARCHIVE), message: /overlaps/ });
  const beyond = craftHeader({ typeflag: 'S', magic: 'ustar ', version: ' \0', gnuRealSize: octal(100, 12), gnuSparse: Buffer.from(octal(90, 12) + octal(50, 12), 'latin1') });
  add({ name: 'GNU sparse region beyond the real size', input: concat(beyond, END_OF_ARCHIVE), message: /beyond the file size/ });
  add({ name: "sparse 'S' in a ustar header (star's layout)", input: concat(craftHeader({ typeflag: 'S' }), END_OF_ARCHIVE), message: /not in GNU format/ });
}
add({
  name: 'PAX 0.1 sparse map with the wrong count',
  input: concat(craftExtension('x', paxRecord('GNU.sparse.numblocks', '3') + paxRecord('GNU.sparse.map', '0,1,5,1')), craftHeader(), END_OF_ARCHIVE),
  message: /GNU\.sparse\.map holds 4 numbers/,
});
add({
  name: 'PAX 0.0 sparse records out of order',
  input: concat(craftExtension('x', paxRecord('GNU.sparse.numbytes', '1') + paxRecord('GNU.sparse.offset', '0')), craftHeader(), END_OF_ARCHIVE),
  message: /out of order/,
});
{
  // Global records pile up across 'g' headers; their total is capped too.
  const globals = Array.from({ length: 5 }, (_, i) => craftExtension('g', paxRecord(`key${i}`, 'v'.repeat(400))));
  add({ name: 'global PAX records beyond maxExtensionBytes', input: concat(...globals, craftHeader(), END_OF_ARCHIVE), message: /global PAX records in force exceed 1024/, options: { maxExtensionBytes: 1024 } });
}
add({ name: 'plain text', input: new Uint8Array(Buffer.from('This is not a tar archive, just some text.\n'.repeat(40))), message: /bad header checksum at offset 0/, offset: 0 });
add({ name: 'short plain text', input: new Uint8Array(Buffer.from('hello\n')), message: /truncated.*header block at offset 0 has only 6/, offset: 0 });
add({ name: 'empty input', input: new Uint8Array(0), message: /empty archive/, offset: 0 });
add({ name: 'a gzip stream', input: Uint8Array.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, ...new Array(600).fill(7)]), message: /bad header checksum at offset 0/ });

for (const c of cases) {
  test(`hostile: ${c.name}`, async () => {
    for (const [label, source] of [
      ['whole', () => feed(c.input, Math.max(c.input.length, 1))],
      ['7-byte', () => feed(c.input, 7)],
    ] as const) {
      const before = process.memoryUsage().arrayBuffers;
      const started = performance.now();
      const error = await errorOf(() => splitAndRebuild(source(), c.options));
      const elapsed = performance.now() - started;
      assert.equal(error.code, 'CAIRN_BAD_INPUT', `${label}: ${String(error)}`);
      assert.equal(error.name, 'BadInputError');
      assert.match(error.message, c.message, label);
      if (c.offset !== undefined) assert.equal(error.offset, c.offset, `${label}: offset`);
      assert.ok(elapsed < TIME_LIMIT_MS, `${label}: ${Math.round(elapsed)} ms`);
      assert.ok(process.memoryUsage().arrayBuffers - before < 32 * 1024 * 1024, `${label}: no large allocation`);
      // readEntries meets the same error (it reads the same headers), unless the damage lies after the marker.
      const viaEntries = await errorOf(async () => {
        for await (const entry of readEntries(source(), c.options)) for await (const piece of entry.data) void piece;
      });
      assert.equal(viaEntries.code, 'CAIRN_BAD_INPUT', `${label} via readEntries: ${String(viaEntries)}`);
    }
  });
}

test('a size claim streams: an endless source of data ends only when the consumer stops', async () => {
  // 8 GiB claimed, data produced lazily: the splitter hands it out piece by piece and holds none of it.
  const header = craftHeader({ size: (8 * GIB).toString(8).padStart(12, '0') });
  let produced = 0;
  async function* source() {
    yield header;
    for (;;) {
      produced += 1 << 16;
      yield new Uint8Array(1 << 16);
    }
  }
  const before = heldArrayBuffers();
  for await (const part of splitTar(source())) {
    if (part.kind !== 'payload') continue;
    let read = 0;
    for await (const piece of part.data) {
      read += piece.length;
      if (read >= 64 * 1024 * 1024) break;
    }
    break;
  }
  assert.ok(produced >= 64 * 1024 * 1024 && produced < 80 * 1024 * 1024, `pulled only what was read (${produced})`);
  // What is still held once the garbage is collected: the 64 MiB read must all be garbage.
  const held = heldArrayBuffers() - before;
  assert.ok(held < 32 * 1024 * 1024, `${held} bytes still held`);
});

test('the tail after the end-of-archive marker streams in pieces of at most 1 MiB', async () => {
  const head = concat(craftHeader({ size: octal(3, 12) }), Buffer.from('abc'), paddingAfter(3), END_OF_ARCHIVE);
  const tail = 40 * 1024 * 1024;
  async function* source() {
    yield head;
    for (let sent = 0; sent < tail; sent += 4 << 20) yield new Uint8Array(4 << 20).fill(0x5a);
  }
  let framing = 0;
  let largest = 0;
  for await (const part of splitTar(source())) {
    if (part.kind === 'framing') {
      framing += part.bytes.length;
      largest = Math.max(largest, part.bytes.length);
    } else {
      for await (const piece of part.data) void piece;
    }
  }
  assert.equal(framing, head.length - 3 + tail);
  assert.equal(largest, 1 << 20);
});

test('an aborted signal stops the splitter with AbortedError', async () => {
  const controller = new AbortController();
  const input = validArchive();
  const parts = splitTar([input.subarray(0, 512), input.subarray(512)], { signal: controller.signal });
  const first = await parts.next();
  assert.equal(first.done, false);
  controller.abort(new Error('stop'));
  const error = await errorOf(async () => {
    for await (const part of parts) if (part.kind === 'payload') for await (const piece of part.data) void piece;
  });
  assert.equal(error.code, 'CAIRN_ABORTED');
});

test('bad arguments are TypeError or RangeError, not BadInputError', async () => {
  await assert.rejects(async () => splitTar(Buffer.from('x') as never).next(), TypeError);
  await assert.rejects(async () => splitTar(42 as never).next(), TypeError);
  await assert.rejects(async () => splitTar(['text' as never]).next(), TypeError);
  await assert.rejects(async () => splitTar([validArchive()], { maxExtensionBytes: 10 }).next(), RangeError);
});

test('payload data left unread is skipped, and reading it later is an error', async () => {
  const input = validArchive();
  const parts: string[] = [];
  let first: AsyncIterable<Uint8Array> | undefined;
  let framing = 0;
  for await (const part of splitTar([input])) {
    if (part.kind === 'payload') {
      parts.push(part.header.name);
      first ??= part.data;
    } else {
      framing += part.bytes.length;
    }
  }
  assert.deepEqual(parts, ['a.txt', 'b.txt']);
  assert.equal(framing, input.length - 5 - 1000);
  await assert.rejects(async () => {
    for await (const piece of first!) void piece;
  }, /read after the tar reader moved past it/);
});

test('payload data can be iterated only once', async () => {
  for await (const part of splitTar([validArchive()])) {
    if (part.kind !== 'payload') continue;
    for await (const piece of part.data) void piece;
    assert.throws(() => part.data[Symbol.asyncIterator](), TypeError);
  }
});

test('a stream may stop after an extension header (no entry follows): framing only', async () => {
  const input = craftExtension('x', paxRecord('path', 'dangling'));
  const { rebuilt, headers } = await splitAndRebuild([input]);
  assert.deepEqual(rebuilt, Buffer.from(input));
  assert.equal(headers.length, 0);
});

test('a lone header with a stray checksum form still reads: signed sums and spaces', async () => {
  // Old writers summed bytes as signed chars; a name byte above 0x7f makes the sums differ.
  const block = craftHeader({ name: Buffer.from('caf\xe9', 'latin1') });
  let signed = 0;
  block.fill(0x20, 148, 156);
  for (let i = 0; i < 512; i++) signed += block[i]! >= 0x80 ? block[i]! - 256 : block[i]!;
  patch(block, 'checksum', ` ${signed.toString(8)}\0  `.slice(0, 8));
  const { rebuilt, headers } = await splitAndRebuild([concat(block, END_OF_ARCHIVE)]);
  assert.equal(rebuilt.length, 1536);
  assert.equal(headers[0]!.name, 'caf\xe9');
});
