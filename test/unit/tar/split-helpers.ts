// Shared by the tar tests: feeding bytes in pieces of chosen sizes, splitting and rebuilding
// with the checks every split must pass, and listing entries.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readEntries, splitTar, type SplitTarOptions, type TarHeader, type TreeEntry } from '../../../src/tar/index.js';
import type { PythonEntry } from '../../support/tar-fixtures.js';

/**
 * `bytes` as an async iterable of pieces of `size` bytes. Past `budget` bytes the pieces grow
 * to 64 KiB: one-byte pieces cost about 2 µs each in the runtime, so a 26 MB archive fed byte
 * by byte would take most of a minute while adding nothing the first MiB does not test.
 */
export function feed(bytes: Uint8Array, size: number, budget = Infinity): AsyncIterable<Uint8Array> {
  return {
    [Symbol.asyncIterator]() {
      let at = 0;
      return {
        next: () => {
          if (at >= bytes.length) return Promise.resolve({ done: true as const, value: undefined });
          const step = at < budget ? size : 64 * 1024;
          const value = bytes.subarray(at, at + step);
          at += value.length;
          return Promise.resolve({ done: false as const, value });
        },
      };
    },
  };
}

/** Pieces cut at the given offsets (sorted, within the input). */
export function feedAt(bytes: Uint8Array, cuts: number[]): AsyncIterable<Uint8Array> {
  const points = [...new Set([0, ...cuts.filter((c) => c > 0 && c < bytes.length), bytes.length])].sort((a, b) => a - b);
  return (async function* () {
    for (let i = 1; i < points.length; i++) yield bytes.subarray(points[i - 1], points[i]);
  })();
}

export interface SplitResult {
  rebuilt: Buffer;
  headers: TarHeader[];
  framingParts: number;
  payloadBytes: number;
  /** Where each payload's data starts in the stream, and its length (in `headers` order). */
  payloads: { offset: number; length: number }[];
}

/**
 * Splits a stream, checking as it goes that framing parts are non-empty and at most 1 MiB and
 * that every payload yields exactly `length` bytes; returns the rebuilt bytes.
 */
export async function splitAndRebuild(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options?: SplitTarOptions): Promise<SplitResult> {
  const pieces: Uint8Array[] = [];
  const headers: TarHeader[] = [];
  const payloads: { offset: number; length: number }[] = [];
  let framingParts = 0;
  let payloadBytes = 0;
  let at = 0;
  for await (const part of splitTar(source, options)) {
    if (part.kind === 'framing') {
      assert.ok(part.bytes.length > 0 && part.bytes.length <= 1 << 20, `framing part of ${part.bytes.length} bytes`);
      pieces.push(part.bytes);
      framingParts++;
      at += part.bytes.length;
    } else {
      headers.push(part.header);
      payloads.push({ offset: at, length: part.length });
      let got = 0;
      for await (const piece of part.data) {
        pieces.push(Uint8Array.from(piece));
        got += piece.length;
      }
      assert.equal(got, part.length, `payload ${part.header.name}: data length`);
      assert.equal(part.length, part.header.size, `payload ${part.header.name}: length equals header size`);
      payloadBytes += got;
      at += got;
    }
  }
  return { rebuilt: Buffer.concat(pieces), headers, framingParts, payloadBytes, payloads };
}

/** Every entry's header via readEntries (data drained). */
export async function listEntries(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<{ header: TarHeader; data: Buffer }[]> {
  const out: { header: TarHeader; data: Buffer }[] = [];
  for await (const entry of readEntries(source)) {
    const chunks: Uint8Array[] = [];
    for await (const piece of entry.data) chunks.push(Uint8Array.from(piece));
    out.push({ header: entry.header, data: Buffer.concat(chunks) });
  }
  return out;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Runs `work` and returns the error it throws (failing if it does not throw). */
export async function errorOf(work: () => Promise<unknown>): Promise<Error & { code?: string; offset?: number }> {
  try {
    await work();
  } catch (error) {
    return error as Error & { code?: string; offset?: number };
  }
  assert.fail('expected an error');
}

/** Typeflags whose data is a payload. */
export const PAYLOAD_TYPES = new Set(['0', '7', 'S']);

/** Decodes hex bytes the way the tar module documents: UTF-8 when valid, else ISO-8859-1. */
export function utf8OrLatin1(hex: string): string {
  const bytes = Buffer.from(hex, 'hex');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

/** Asserts that parsed headers say what Python's tarfile says about the same archive. */
export function comparePython(label: string, headers: TarHeader[], python: PythonEntry[]): void {
  assert.equal(headers.length, python.length, `${label}: entry count (python: ${python.map((p) => Buffer.from(p.name, 'hex').toString()).join(', ')})`);
  headers.forEach((header, i) => {
    const p = python[i]!;
    const what = `${label} entry ${i} (${header.name})`;
    // Python drops the trailing slash of directory names.
    const stripSlash = (hex: string) => (hex.endsWith('2f') && header.typeflag === '5' ? hex.slice(0, -2) : hex);
    assert.equal(stripSlash(Buffer.from(header.nameBytes).toString('hex')), stripSlash(p.name), `${what}: name bytes`);
    assert.equal(header.typeflag, p.type === '\0' ? '0' : p.type, `${what}: type`);
    // Python reports a sparse file's real size; for PAX 1.0 it is not consistent (sometimes the archived size).
    if (PAYLOAD_TYPES.has(header.typeflag) && !header.sparse?.mapInData) assert.equal(header.sparse?.realSize ?? header.size, p.size, `${what}: size`);
    assert.equal(header.linkname, utf8OrLatin1(p.linkname), `${what}: linkname`);
    assert.equal(header.mode, p.mode, `${what}: mode`);
    assert.equal(header.uid, p.uid, `${what}: uid`);
    assert.equal(header.gid, p.gid, `${what}: gid`);
    assert.ok(Math.abs(header.mtime - p.mtime) < 1e-6, `${what}: mtime ${header.mtime} vs ${p.mtime}`);
    assert.equal(Boolean(header.sparse), p.sparse, `${what}: sparse`);
    for (const [name, hex] of Object.entries(p.xattrs)) assert.equal(Buffer.from(header.xattrs[name] ?? []).toString('hex'), hex, `${what}: xattr ${name}`);
    if (header.typeflag === '3' || header.typeflag === '4') assert.deepEqual([header.devmajor, header.devminor], [p.devmajor, p.devminor], `${what}: device`);
  });
}

/** Header fields by name: [offset, length] (POSIX ustar; GNU's differ after 345). */
export const FIELD = {
  name: [0, 100],
  mode: [100, 8],
  uid: [108, 8],
  gid: [116, 8],
  size: [124, 12],
  mtime: [136, 12],
  checksum: [148, 8],
  typeflag: [156, 1],
  linkname: [157, 100],
  magic: [257, 6],
  version: [263, 2],
  uname: [265, 32],
  gname: [297, 32],
  devmajor: [329, 8],
  devminor: [337, 8],
  prefix: [345, 155],
  gnuAtime: [345, 12],
  gnuCtime: [357, 12],
  gnuSparse: [386, 96],
  gnuIsExtended: [482, 1],
  gnuRealSize: [483, 12],
} as const satisfies Record<string, readonly [number, number]>;

export type FieldName = keyof typeof FIELD;

/** Writes `value` into a field, the rest of the field NUL. */
export function patch(block: Uint8Array, field: FieldName, value: string | Uint8Array): void {
  const [offset, length] = FIELD[field];
  const bytes = typeof value === 'string' ? Buffer.from(value, 'latin1') : value;
  assert.ok(bytes.length <= length, `${field} value of ${bytes.length} bytes`);
  block.fill(0, offset, offset + length);
  block.set(bytes, offset);
}

/** Recomputes the checksum (unsigned sum, checksum field as spaces) the way GNU tar writes it. */
export function fixChecksum(block: Uint8Array): Uint8Array {
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += block[i]!;
  patch(block, 'checksum', `${sum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

/** A ustar header block for a regular file, with fields overridden, checksum fixed. */
export function craftHeader(overrides: Partial<Record<FieldName, string | Uint8Array>> = {}): Uint8Array {
  const block = new Uint8Array(512);
  const base: Partial<Record<FieldName, string>> = {
    name: 'file.txt', mode: '0000644\0', uid: '0000000\0', gid: '0000000\0', size: '00000000000\0',
    mtime: '00000000000\0', typeflag: '0', magic: 'ustar\0', version: '00', devmajor: '0000000\0', devminor: '0000000\0',
  };
  for (const [field, value] of Object.entries({ ...base, ...overrides })) patch(block, field as FieldName, value);
  return fixChecksum(block);
}

/** An extension header ('x', 'g', 'L', 'K') followed by its data and padding. */
export function craftExtension(typeflag: string, data: string | Uint8Array, overrides: Partial<Record<FieldName, string | Uint8Array>> = {}): Uint8Array {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const header = craftHeader({ name: 'ext', typeflag, size: `${bytes.length.toString(8).padStart(11, '0')}\0`, ...overrides });
  return concat(header, bytes, new Uint8Array((512 - (bytes.length % 512)) % 512));
}

/** A PAX record with its length computed. */
export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLength = Buffer.byteLength(body);
  let width = 1;
  while (String(bodyLength + width).length !== width) width++;
  return `${bodyLength + width}${body}`;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

/** Octal field text: zero-padded digits and a NUL filling `length` bytes. */
export function octal(value: number, length: number): string {
  return `${value.toString(8).padStart(length - 1, '0')}\0`;
}

const TYPEFLAG: Record<TreeEntry['type'], string> = { file: '0', hardlink: '1', symlink: '2', char: '3', block: '4', dir: '5', fifo: '6' };

/** Asserts that a parsed header says what the tree entry said. */
export function assertHeaderMatches(header: TarHeader, entry: TreeEntry): void {
  const what = entry.path;
  assert.equal(header.name, entry.type === 'dir' ? `${entry.path}/` : entry.path, `${what}: name`);
  assert.equal(header.typeflag, TYPEFLAG[entry.type], `${what}: type`);
  assert.equal(header.mode, entry.mode, `${what}: mode`);
  assert.deepEqual([header.uid, header.gid, header.uname, header.gname], [entry.uid, entry.gid, '', ''], `${what}: owner`);
  assert.equal(header.mtime, entry.mtime, `${what}: mtime`);
  assert.equal(header.size, entry.type === 'file' ? entry.size : 0, `${what}: size`);
  assert.equal(header.linkname, entry.linkname ?? '', `${what}: linkname`);
  const device = entry.type === 'char' || entry.type === 'block';
  assert.deepEqual([header.devmajor, header.devminor], device ? [entry.devmajor, entry.devminor] : [0, 0], `${what}: device`);
  assert.deepEqual({ ...header.xattrs }, { ...(entry.xattrs ?? {}) }, `${what}: xattrs`);
  assert.ok(header.format === 'ustar' || header.format === 'pax', `${what}: format ${header.format}`);
}

