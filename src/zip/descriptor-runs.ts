/**
 * The re-deflate descriptors of a zip delta, in binary: runs of entries (in file order) that
 * share one descriptor. Layout (integers big-endian; docs/bundle.md, "The zip delta"):
 *
 *   u16 R                       number of runs
 *   R times: u32 count, u8 kind, then by kind:
 *     0  stored entry: the content is the entry's data (nothing follows)
 *     1  zlib-1.2.13  u8 level, u8 memLevel, u8 windowBits, u8 strategy
 *     2  zlib-1.3.1   the same four bytes
 *     3  stored blocks: u32 B, then B times (u16 block length, u32 how many blocks)
 *     4  go-flate     u8 level
 */
import { CorruptDataError } from '../errors.js';
import { checkParams, type DeflateParams } from '../deflate/index.js';

/** A descriptor per entry: DeflateParams, or null for a stored entry. */
export type EntryDescriptor = DeflateParams | null;

const KIND_NULL = 0;
const IMPLS = ['zlib-1.2.13', 'zlib-1.3.1'] as const;
const KIND_STORED_BLOCKS = 3;
const KIND_GO = 4;

function same(a: EntryDescriptor, b: EntryDescriptor): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The runs of `descriptors`, encoded. */
export function encodeRuns(descriptors: readonly EntryDescriptor[]): Buffer {
  const runs: [EntryDescriptor, number][] = [];
  for (const d of descriptors) {
    const last = runs[runs.length - 1];
    if (last && same(last[0], d)) last[1]++;
    else runs.push([d, 1]);
  }
  if (runs.length > 0xffff) throw new RangeError('zip delta: more than 65535 descriptor runs');
  const parts: Buffer[] = [Buffer.from([runs.length >> 8, runs.length & 0xff])];
  for (const [d, count] of runs) {
    const head = Buffer.alloc(5);
    head.writeUInt32BE(count, 0);
    parts.push(head);
    if (d === null) head[4] = KIND_NULL;
    else if (d.impl === 'stored') {
      head[4] = KIND_STORED_BLOCKS;
      const body = Buffer.alloc(4 + 6 * d.blocks.length);
      body.writeUInt32BE(d.blocks.length, 0);
      d.blocks.forEach(([length, n], i) => { body.writeUInt16BE(length, 4 + 6 * i); body.writeUInt32BE(n, 6 + 6 * i); });
      parts.push(body);
    } else if (d.impl === 'go-flate') {
      head[4] = KIND_GO;
      parts.push(Buffer.from([d.level]));
    } else {
      head[4] = IMPLS.indexOf(d.impl) + 1;
      parts.push(Buffer.from([d.level, d.memLevel, d.windowBits, d.strategy]));
    }
  }
  return Buffer.concat(parts);
}

/** Reads runs at `offset`: one descriptor per entry (exactly `entries` of them) and where the runs end. */
export function decodeRuns(buf: Buffer, offset: number, entries: number): { descriptors: EntryDescriptor[]; end: number } {
  let p = offset;
  const need = (n: number): void => {
    if (p + n > buf.length) throw new CorruptDataError('zip delta: descriptor runs are cut short', { offset: p });
  };
  need(2);
  const count = buf.readUInt16BE(p);
  p += 2;
  const descriptors: EntryDescriptor[] = [];
  for (let r = 0; r < count; r++) {
    need(5);
    const n = buf.readUInt32BE(p);
    const kind = buf[p + 4]!;
    p += 5;
    if (n < 1 || descriptors.length + n > entries) throw new CorruptDataError('zip delta: descriptor runs do not match the entry count', { offset: p });
    let raw: unknown;
    if (kind === KIND_NULL) raw = null;
    else if (kind === KIND_STORED_BLOCKS) {
      need(4);
      const b = buf.readUInt32BE(p);
      p += 4;
      need(6 * b);
      const blocks: [number, number][] = [];
      for (let i = 0; i < b; i++, p += 6) blocks.push([buf.readUInt16BE(p), buf.readUInt32BE(p + 2)]);
      raw = { impl: 'stored', blocks };
    } else if (kind === KIND_GO) {
      need(1);
      raw = { impl: 'go-flate', level: buf[p] };
      p += 1;
    } else if (kind >= 1 && kind <= IMPLS.length) {
      need(4);
      raw = { impl: IMPLS[kind - 1], level: buf[p], memLevel: buf[p + 1], windowBits: buf[p + 2], strategy: buf[p + 3] };
      p += 4;
    } else {
      throw new CorruptDataError(`zip delta: unknown descriptor kind ${kind}`, { offset: p - 1 });
    }
    let d: EntryDescriptor = null;
    try {
      if (raw !== null) d = checkParams(raw);
    } catch (cause) {
      throw new CorruptDataError(`zip delta: ${(cause as Error).message}`, { cause, offset: p });
    }
    for (let i = 0; i < n; i++) descriptors.push(d);
  }
  if (descriptors.length !== entries) throw new CorruptDataError('zip delta: descriptor runs do not cover every entry');
  return { descriptors, end: p };
}
