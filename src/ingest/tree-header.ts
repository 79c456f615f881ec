/**
 * The deterministic tar framing of a directory tree entry: an optional PAX extended header
 * (records sorted by key) followed by a ustar header. One fixed format: magic "ustar\0",
 * version "00", empty uname/gname, octal fields zero-padded with a trailing NUL, directories
 * named with a trailing '/', the PAX header named "PaxHeader" (fixed, so that it carries no
 * path). PAX records are used for what ustar cannot hold: a path or link name over 100 bytes,
 * non-ASCII names, sizes/ids beyond the octal fields, negative mtimes, and xattrs
 * (SCHILY.xattr.*).
 */

export interface TreeEntry {
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo';
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  size: number;
  linkname?: string;
  devmajor?: number;
  devminor?: number;
  xattrs?: Record<string, Uint8Array>;
}

const BLOCK = 512;
const NAME_FIELD = 0;
const NAME_LENGTH = 100;
const MODE_FIELD = 100;
const UID_FIELD = 108;
const GID_FIELD = 116;
const SIZE_FIELD = 124;
const MTIME_FIELD = 136;
const CHECKSUM_FIELD = 148;
const TYPEFLAG_FIELD = 156;
const LINKNAME_FIELD = 157;
const MAGIC_FIELD = 257;
const VERSION_FIELD = 263;
const DEVMAJOR_FIELD = 329;
const DEVMINOR_FIELD = 337;

const TYPEFLAGS: Record<TreeEntry['type'], string> = { file: '0', hardlink: '1', symlink: '2', char: '3', block: '4', dir: '5', fifo: '6' };

/** Writes `value` as zero-padded octal filling `length - 1` digits and a NUL; false if it does not fit. */
function octal(block: Buffer, offset: number, length: number, value: number): boolean {
  const text = value.toString(8);
  if (value < 0 || text.length > length - 1) return false;
  block.write(text.padStart(length - 1, '0'), offset, 'ascii');
  return true;
}

function paxRecord(key: string, value: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(` ${key}=`), value, Buffer.from('\n')]);
  let length = body.length + 1;
  while (String(length).length + body.length !== length) length = String(length).length + body.length;
  return Buffer.concat([Buffer.from(String(length)), body]);
}

function isPlainAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

function header(name: string, typeflag: string, fields: { mode: number; uid: number; gid: number; size: number; mtime: number; linkname: string; devmajor: number; devminor: number }, pax: Map<string, Uint8Array>): Buffer {
  const block = Buffer.alloc(BLOCK);
  const nameBytes = Buffer.from(name);
  if (nameBytes.length <= NAME_LENGTH && isPlainAscii(name)) nameBytes.copy(block, NAME_FIELD);
  else {
    pax.set('path', nameBytes);
    Buffer.from(name.slice(-NAME_LENGTH).replace(/[^\x20-\x7e]/g, '_')).copy(block, NAME_FIELD, 0, NAME_LENGTH);
  }
  octal(block, MODE_FIELD, 8, fields.mode);
  if (!octal(block, UID_FIELD, 8, fields.uid)) pax.set('uid', Buffer.from(String(fields.uid)));
  if (!octal(block, GID_FIELD, 8, fields.gid)) pax.set('gid', Buffer.from(String(fields.gid)));
  if (!octal(block, SIZE_FIELD, 12, fields.size)) {
    pax.set('size', Buffer.from(String(fields.size)));
    octal(block, SIZE_FIELD, 12, 0);
  }
  if (!octal(block, MTIME_FIELD, 12, fields.mtime)) {
    pax.set('mtime', Buffer.from(String(fields.mtime)));
    octal(block, MTIME_FIELD, 12, 0);
  }
  block.write(typeflag, TYPEFLAG_FIELD, 'ascii');
  const link = Buffer.from(fields.linkname);
  if (link.length <= NAME_LENGTH && isPlainAscii(fields.linkname)) link.copy(block, LINKNAME_FIELD);
  else pax.set('linkpath', link);
  block.write('ustar\0', MAGIC_FIELD, 'ascii');
  block.write('00', VERSION_FIELD, 'ascii');
  octal(block, DEVMAJOR_FIELD, 8, fields.devmajor);
  octal(block, DEVMINOR_FIELD, 8, fields.devminor);
  return block;
}

function checksum(block: Buffer): void {
  block.fill(0x20, CHECKSUM_FIELD, CHECKSUM_FIELD + 8);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', CHECKSUM_FIELD, 'ascii');
}

/** Framing before an entry's data: [PAX header + records + padding] + ustar header. */
export function encodeEntryHeader(entry: TreeEntry): Buffer {
  const pax = new Map<string, Uint8Array>();
  const name = entry.type === 'dir' ? `${entry.path}/` : entry.path;
  const ustar = header(name, TYPEFLAGS[entry.type], {
    mode: entry.mode,
    uid: entry.uid,
    gid: entry.gid,
    size: entry.type === 'file' ? entry.size : 0,
    mtime: entry.mtime,
    linkname: entry.linkname ?? '',
    devmajor: entry.devmajor ?? 0,
    devminor: entry.devminor ?? 0,
  }, pax);
  for (const [key, value] of Object.entries(entry.xattrs ?? {})) pax.set(`SCHILY.xattr.${key}`, value);
  checksum(ustar);
  if (pax.size === 0) return ustar;
  const records = Buffer.concat([...pax.keys()].sort().map((k) => paxRecord(k, pax.get(k)!)));
  const paxHeader = header('PaxHeader', 'x', { mode: 0o644, uid: 0, gid: 0, size: records.length, mtime: 0, linkname: '', devmajor: 0, devminor: 0 }, new Map());
  checksum(paxHeader);
  return Buffer.concat([paxHeader, records, paddingAfter(records.length), ustar]);
}

/** Zeros from the end of `size` data bytes to the next 512-byte boundary. */
export function paddingAfter(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/** Two zero blocks. */
export const END_OF_ARCHIVE = Buffer.alloc(2 * BLOCK);
