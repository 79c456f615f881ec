/**
 * The tar header of one re-layered entry, written from the entry's original header so that
 * what the tree keeps survives: name bytes (verbatim, not re-encoded), mode with setuid,
 * setgid and sticky, numeric owners and their names, mtime (a PAX `mtime` record's text is
 * copied, so fractions of a second come out as they went in), a PAX `atime`, and every
 * extended attribute. Deterministic: the same entry gives the same bytes, whatever layer it
 * lands in, so a layer's tar depends only on its entries.
 *
 * Format: POSIX pax over ustar, as cairn's directory layers (src/tar/tree-writer.ts), with a
 * PAX 'x' header only when the ustar header cannot say everything: a name or link target
 * over 100 bytes, a size, owner id or mtime out of the octal fields' range, an owner name
 * over 32 bytes or not ASCII, a PAX mtime or atime, or any extended attribute. Records in
 * this order: path, linkpath, size, uid, gid, uname, gname, mtime, atime, then
 * SCHILY.xattr.NAME by name.
 */
import type { TarHeader } from '../tar/index.js';
import { byteStringBytes, type ByteString } from '../rootfs/index.js';

export type EntryType = 'file' | 'hardlink' | 'symlink' | 'char' | 'block' | 'dir' | 'fifo';

const TYPEFLAG: Record<EntryType, string> = { file: '0', hardlink: '1', symlink: '2', char: '3', block: '4', dir: '5', fifo: '6' };

/** What one entry says; `header` is the original, absent for a directory no entry described. */
export interface EntrySpec {
  /** Cleaned path ('' for the root). */
  path: ByteString;
  type: EntryType;
  header: TarHeader | undefined;
  size: number;
  /** Symlink target or hard link's first name. */
  link?: ByteString;
  devmajor?: number;
  devminor?: number;
}

const BLOCK = 512;
const NAME_MAX = 100;
const OWNER_NAME_MAX = 32;
const PAX_NAME = Buffer.from('././@PaxHeader');

function fits(value: number, length: number): boolean {
  return Number.isInteger(value) && value >= 0 && value < 8 ** (length - 1);
}

function octal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(value.toString(8).padStart(length - 1, '0') + '\0', offset, length, 'latin1');
}

function record(key: string, value: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(` ${key}=`), value, Buffer.from('\n')]);
  let length = body.length + 1;
  while (String(length).length + body.length !== length) length = String(length).length + body.length;
  return Buffer.concat([Buffer.from(String(length)), body]);
}

function isAscii(text: string): boolean {
  return /^[\x00-\x7f]*$/.test(text);
}

function ustar(name: Buffer, typeflag: string, fields: { mode: number; uid: number; gid: number; size: number; mtime: number; link: Buffer; uname: string; gname: string; devmajor: number; devminor: number }): Buffer {
  // From Node's buffer pool: headers are many and small (one ArrayBuffer each would burden the GC).
  const block = Buffer.allocUnsafe(BLOCK).fill(0);
  name.copy(block, 0, 0, Math.min(name.length, NAME_MAX));
  octal(block, 100, 8, fields.mode);
  octal(block, 108, 8, fields.uid);
  octal(block, 116, 8, fields.gid);
  octal(block, 124, 12, fields.size);
  octal(block, 136, 12, fields.mtime);
  block.write(typeflag, 156, 1, 'latin1');
  fields.link.copy(block, 157, 0, Math.min(fields.link.length, NAME_MAX));
  block.write('ustar\0', 257, 'latin1');
  block.write('00', 263, 'latin1');
  block.write(fields.uname, 265, OWNER_NAME_MAX, 'latin1');
  block.write(fields.gname, 297, OWNER_NAME_MAX, 'latin1');
  octal(block, 329, 8, fields.devmajor);
  octal(block, 337, 8, fields.devminor);
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return block;
}

/** Shared zeros: padding is only ever copied from, never written. */
const ZEROS = Buffer.alloc(BLOCK);

function padding(length: number): Buffer {
  return ZEROS.subarray(0, (BLOCK - (length % BLOCK)) % BLOCK);
}

/** The framing before an entry's data: a PAX header when needed, then the ustar block. */
export function encodeEntry(spec: EntrySpec): Buffer {
  const h = spec.header;
  const name = spec.path === '' ? Buffer.from('./') : byteStringBytes(spec.type === 'dir' ? spec.path + '/' : spec.path);
  const link = spec.link === undefined ? Buffer.alloc(0) : byteStringBytes(spec.link);
  const mode = h ? h.mode & 0o7777 : 0o755;
  const uid = h?.uid ?? 0;
  const gid = h?.gid ?? 0;
  const uname = h?.uname ?? '';
  const gname = h?.gname ?? '';
  const mtime = h?.mtime ?? 0;
  const size = spec.type === 'file' ? spec.size : 0;
  const records: Buffer[] = [];
  if (name.length > NAME_MAX) records.push(record('path', name));
  if (link.length > NAME_MAX) records.push(record('linkpath', link));
  if (!fits(size, 12)) records.push(record('size', Buffer.from(String(size))));
  if (!fits(uid, 8)) records.push(record('uid', Buffer.from(String(uid))));
  if (!fits(gid, 8)) records.push(record('gid', Buffer.from(String(gid))));
  const unameFits = uname.length <= OWNER_NAME_MAX && isAscii(uname);
  const gnameFits = gname.length <= OWNER_NAME_MAX && isAscii(gname);
  if (!unameFits) records.push(record('uname', Buffer.from(uname, 'utf8')));
  if (!gnameFits) records.push(record('gname', Buffer.from(gname, 'utf8')));
  const paxMtime = h?.pax['mtime'];
  if (paxMtime !== undefined) records.push(record('mtime', Buffer.from(paxMtime)));
  else if (!fits(mtime, 12)) records.push(record('mtime', Buffer.from(String(mtime))));
  const paxAtime = h?.pax['atime'];
  if (paxAtime !== undefined) records.push(record('atime', Buffer.from(paxAtime)));
  if (h) {
    for (const key of Object.keys(h.xattrs).sort()) records.push(record(`SCHILY.xattr.${key}`, Buffer.from(h.xattrs[key]!)));
  }
  const block = ustar(name, TYPEFLAG[spec.type], {
    mode,
    uid: fits(uid, 8) ? uid : 0,
    gid: fits(gid, 8) ? gid : 0,
    size: fits(size, 12) ? size : 0,
    mtime: fits(Math.floor(mtime), 12) ? Math.floor(mtime) : 0,
    link,
    uname: unameFits ? uname : '',
    gname: gnameFits ? gname : '',
    devmajor: spec.devmajor ?? 0,
    devminor: spec.devminor ?? 0,
  });
  if (records.length === 0) return block;
  const data = Buffer.concat(records);
  const pax = ustar(PAX_NAME, 'x', { mode: 0o644, uid: 0, gid: 0, size: data.length, mtime: 0, link: Buffer.alloc(0), uname: '', gname: '', devmajor: 0, devminor: 0 });
  return Buffer.concat([pax, data, padding(data.length), block]);
}

/** Zeros after `size` bytes of data, to the block boundary. */
export function dataPadding(size: number): Buffer {
  return padding(size);
}
