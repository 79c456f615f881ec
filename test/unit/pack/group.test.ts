/**
 * The chunk group's content (pack/group.ts): members back to back, then per member u32 length
 * and sha256, then u32 count. Known answers built here byte by byte from that layout, round
 * trips over random member sets, and every way a table can fail to add up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { CorruptDataError } from '../../../src/errors.js';
import { Codec, DecodedGroup, GroupCache, RecordKind, groupMembers, groupTableLength, writeGroupTable, type RecordLocation } from '../../../src/pack/index.js';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const where = { pack: 'ab'.repeat(32), offset: 24 };

/** A group's content built by hand from the documented layout. */
function byHand(members: Buffer[]): Buffer {
  const table = members.map((m) => {
    const entry = Buffer.alloc(36);
    entry.writeUInt32LE(m.length, 0);
    Buffer.from(sha(m), 'hex').copy(entry, 4);
    return entry;
  });
  const count = Buffer.alloc(4);
  count.writeUInt32LE(members.length, 0);
  return Buffer.concat([...members, ...table, count]);
}

function written(members: Buffer[]): Buffer {
  const data = Buffer.concat(members);
  const content = Buffer.alloc(data.length + groupTableLength(members.length));
  data.copy(content);
  const length = writeGroupTable(content, data.length, members.map((m) => ({ hex: sha(m), length: m.length })));
  assert.equal(length, content.length);
  return content;
}

const locationOf = (content: Buffer, at: number, length: number): RecordLocation => ({
  ...where, kind: RecordKind.ChunkGroup, codec: Codec.Zstd, storedLength: 100, uncompressedLength: content.length, member: { at, length },
});

test('writeGroupTable lays out members, table and count as documented; groupMembers reads them back', () => {
  const members = [Buffer.from('first chunk'), Buffer.alloc(0x1234, 7), Buffer.from('x')];
  const content = written(members);
  assert.deepEqual(content, byHand(members));
  assert.equal(groupTableLength(3), 3 * 36 + 4);
  assert.deepEqual(groupMembers(content, where), [
    { hex: sha(members[0]!), at: 0, length: 11 },
    { hex: sha(members[1]!), at: 11, length: 0x1234 },
    { hex: sha(members[2]!), at: 11 + 0x1234, length: 1 },
  ]);
});

test('round trip over random members: each is found at its place with its digest', () => {
  fc.assert(fc.property(fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { minLength: 1, maxLength: 40 }), (arrays) => {
    const members = arrays.map((a) => Buffer.from(a));
    const content = written(members);
    const group = new DecodedGroup(content, where);
    let at = 0;
    for (const m of members) {
      assert.deepEqual(group.member(locationOf(content, at, m.length), sha(m)), m);
      at += m.length;
    }
  }));
});

test('a table that does not add up is CorruptDataError naming the pack and offset', () => {
  const content = written([Buffer.from('aaaa'), Buffer.from('bbbbbb')]);
  const cases: [string, Buffer][] = [
    ['too short', Buffer.from([1, 0])],
    ['count 0', Buffer.concat([content.subarray(0, content.length - 4), Buffer.from([0, 0, 0, 0])])],
    ['count beyond the content', Buffer.concat([content.subarray(0, content.length - 4), Buffer.from([200, 0, 0, 0])])],
    ['a member longer than the data', (() => { const b = Buffer.from(content); b.writeUInt32LE(5, 10); return b; })()],
    ['a byte of data missing', Buffer.concat([content.subarray(1)])],
  ];
  for (const [what, bytes] of cases) {
    assert.throws(() => groupMembers(bytes, where), (e: unknown) => e instanceof CorruptDataError && e.message.includes(where.pack) && e.message.includes('offset 24'), what);
  }
});

test('a member asked at the wrong place, with the wrong length or digest is CorruptDataError', () => {
  const members = [Buffer.from('aaaa'), Buffer.from('bbbbbb')];
  const content = written(members);
  const group = new DecodedGroup(content, where);
  assert.throws(() => group.member(locationOf(content, 1, 4), sha(members[0]!)), CorruptDataError, 'not where a member starts');
  assert.throws(() => group.member(locationOf(content, 0, 3), sha(members[0]!)), CorruptDataError, 'wrong length');
  assert.throws(() => group.member(locationOf(content, 4, 6), sha(members[0]!)), CorruptDataError, 'another member\'s place');
  assert.deepEqual(group.member(locationOf(content, 4, 6), sha(members[1]!)), members[1]);
});

test('GroupCache keeps the last few groups and decodes each once while kept', () => {
  const cache = new GroupCache(2, 0);
  let decodes = 0;
  const content = written([Buffer.from('zz')]);
  const at = (offset: number): RecordLocation => ({ ...locationOf(content, 0, 2), offset });
  const get = (offset: number) => cache.get(at(offset), () => { decodes++; return content; });
  get(100); get(100); get(200); get(100);
  assert.equal(decodes, 2);
  get(300); // evicts 200, the least recent
  assert.equal(cache.peek(at(200)), undefined);
  assert.ok(cache.peek(at(100)));
  get(200);
  assert.equal(decodes, 4);
});

test('GroupCache: until it is full, a spent group (every member handed out) gives its buffer to the next; one in use does not', () => {
  const members = [Buffer.from('aaaa'), Buffer.from('bbbbbb')];
  const content = written(members);
  const cache = new GroupCache(4, 0);
  const at = (offset: number, member = 0): RecordLocation => ({ ...locationOf(content, member === 0 ? 0 : 4, member === 0 ? 4 : 6), offset });
  const buffers: ArrayBufferLike[] = [];
  const load = (offset: number) => cache.get(at(offset), (allocate) => {
    const out = allocate(content.length);
    content.copy(out);
    buffers.push(out.buffer);
    return out;
  });
  const first = load(100);
  assert.deepEqual(first.member(at(100, 0), sha(members[0]!)), members[0]);
  load(200);
  assert.notEqual(buffers[1], buffers[0], 'a group with a member not yet handed out kept its buffer');
  assert.ok(cache.peek(at(100)));
  assert.deepEqual(first.member(at(100, 1), sha(members[1]!)), members[1]);
  load(300);
  assert.equal(buffers[2], buffers[0], 'the spent group did not give its buffer');
  assert.equal(cache.peek(at(100)), undefined);
  assert.ok(cache.peek(at(200)));
  // Asked for again, it is decoded again, into another spent group's buffer or fresh memory.
  assert.deepEqual(load(100).member(at(100, 1), sha(members[1]!)), members[1]);
  assert.equal(buffers.length, 4);
});
