/**
 * The deterministic tar of a directory tree: the layer cairn makes when it ingests a plain
 * directory (DESIGN.md, "Ingest and export"). Same entries in, same bytes out, on any
 * machine, so that the layer's DiffID depends only on the tree.
 *
 * One fixed format, POSIX pax over ustar:
 * - every entry gets a ustar header: magic "ustar\0", version "00", numeric fields in
 *   zero-padded octal ending in NUL, checksum as six octal digits, NUL, space; uname, gname
 *   and prefix empty (owners are numeric); devmajor/devminor written as zeros unless the entry
 *   is a device; directories named with a trailing '/';
 * - a PAX 'x' header goes before it only when the ustar header cannot say everything: a path
 *   or link target longer than 100 bytes, a size beyond 8 GiB - 1, a uid or gid beyond
 *   2097151, an mtime that is negative or beyond 8^11 - 1, or any extended attribute. Its
 *   records are, in this order and only as needed: path, linkpath, size, uid, gid, mtime,
 *   then SCHILY.xattr.NAME for each attribute, names in byte order. The 'x' header is named
 *   "././@PaxHeader" (as Python's tarfile names it), mode 0644, owner 0:0, mtime 0; the
 *   fields it overrides hold a truncated path (at a UTF-8 boundary) or 0 in the ustar header.
 *
 * Order is the caller's job. cairn sorts entries by the bytes of their UTF-8 `path` (no
 * trailing slash; `compareTreePaths`). A directory's path is a proper prefix of its
 * contents' paths, so byte order puts every directory before everything inside it.
 */
import { BLOCK_SIZE, DEVMAJOR_FIELD, DEVMINOR_FIELD, GID_FIELD, LINKNAME_FIELD, MAGIC_FIELD, MODE_FIELD, MTIME_FIELD, NAME_FIELD, SIZE_FIELD, TYPEFLAG_OFFSET, TYPE_BLOCK, TYPE_CHAR, TYPE_DIRECTORY, TYPE_FIFO, TYPE_HARDLINK, TYPE_PAX_LOCAL, TYPE_REGULAR, TYPE_SYMLINK, UID_FIELD, UNAME_FIELD, GNAME_FIELD, USTAR_MAGIC, USTAR_VERSION, VERSION_FIELD, octalFieldMax, type Field } from './header-layout.js';
import { writeChecksum, writeOctalField } from './header-fields.js';
import { PAX_ATIME, PAX_GID, PAX_GNAME, PAX_LINKPATH, PAX_MTIME, PAX_PATH, PAX_SIZE, PAX_UID, PAX_UNAME, SCHILY_XATTR_PREFIX } from './pax-records.js';
import { encodeUtf8 } from './raw-text.js';

/** One entry of a directory tree, as cairn's directory walker describes it. */
export interface TreeEntry {
  /** Relative, '/'-separated, no leading './' or '/', no trailing slash (also for directories). */
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo';
  /** Permission bits plus setuid, setgid and sticky (at most 0o7777). */
  mode: number;
  uid: number;
  gid: number;
  /** Whole seconds since the epoch; may be negative. */
  mtime: number;
  /** Bytes of content; read for files only (other types carry no data and their size is ignored). */
  size: number;
  /** Symlink target, or for a hard link the path of the entry it links to. */
  linkname?: string;
  /** Device numbers, for char and block devices. */
  devmajor?: number;
  devminor?: number;
  xattrs?: Record<string, Uint8Array>;
}

/** Two zero blocks: the end-of-archive marker. Shared: do not write into it. */
export const END_OF_ARCHIVE: Uint8Array = new Uint8Array(2 * BLOCK_SIZE);

/** Name of every PAX extended header this writer emits. */
export const PAX_HEADER_NAME = '././@PaxHeader';
const PAX_HEADER_MODE = 0o644;
const MAX_MODE = 0o7777;
const SLASH = '/';
const NEWLINE = 0x0a;
const OWNER_NAME_FIELD_LENGTH = UNAME_FIELD.length;
const ASCII = /^[\x00-\x7f]*$/;
const NO_BYTES = new Uint8Array(0);
/** UTF-8 continuation bytes are 10xxxxxx: a character never starts on one. */
const UTF8_CONTINUATION_MASK = 0xc0;
const UTF8_CONTINUATION = 0x80;

const TYPEFLAGS: Record<TreeEntry['type'], number> = {
  file: TYPE_REGULAR,
  hardlink: TYPE_HARDLINK,
  symlink: TYPE_SYMLINK,
  char: TYPE_CHAR,
  block: TYPE_BLOCK,
  dir: TYPE_DIRECTORY,
  fifo: TYPE_FIFO,
};

/** Characters where JavaScript's string order (UTF-16 code units) can differ from UTF-8's. */
const SURROGATE_OR_ABOVE = /[\uD800-\uFFFF]/;

/**
 * Orders entries as cairn writes them: by the UTF-8 bytes of their paths. UTF-8's byte order is
 * code point order, which `<` on strings gives except where a surrogate meets U+E000-U+FFFF:
 * only paths with such characters are encoded to be compared (a sort of a large tree's paths
 * then allocates nothing).
 */
export function compareTreePaths(a: string, b: string): number {
  if (SURROGATE_OR_ABOVE.test(a) || SURROGATE_OR_ABOVE.test(b)) return Buffer.compare(encodeUtf8(a), encodeUtf8(b));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Zeros from `size` bytes of data to the next 512-byte boundary (in node's buffer pool: see zeroed). */
export function paddingAfter(size: number): Uint8Array {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`size must be a non-negative integer, not ${size}`);
  return zeroed((BLOCK_SIZE - (size % BLOCK_SIZE)) % BLOCK_SIZE);
}

/**
 * `length` zero bytes, in a slice of node's buffer pool (as `Buffer.from` of a short string
 * gives): a typed array of its own costs a few microseconds in allocation and collection,
 * more than writing a header, and headers and padding are made per file. Not for transfer to
 * a worker (the pool's memory is shared).
 */
function zeroed(length: number): Uint8Array {
  return Buffer.allocUnsafe(length).fill(0);
}

/**
 * The framing that goes before an entry's data: a PAX header with its padded records when
 * needed, then the ustar header block. Throws TypeError/RangeError for an entry cairn's
 * walker could not have produced (bad path, missing link target, out-of-range numbers). A
 * lone ustar block lies in node's buffer pool (see zeroed).
 */
export function encodeEntryHeader(entry: TreeEntry): Uint8Array {
  checkEntry(entry);
  const linked = entry.type === 'symlink' || entry.type === 'hardlink';
  const isDevice = entry.type === 'char' || entry.type === 'block';
  const xattrNames = entry.xattrs ? Object.keys(entry.xattrs).sort(compareTreePaths) : [];
  return encodeHeaderBlocks({
    name: encodePath(entry.type === 'dir' ? entry.path + SLASH : entry.path),
    link: linked ? encodePath(entry.linkname!) : NO_BYTES,
    typeflag: TYPEFLAGS[entry.type],
    mode: entry.mode,
    uid: entry.uid,
    gid: entry.gid,
    size: entry.type === 'file' ? entry.size : 0,
    mtime: entry.mtime,
    devmajor: isDevice ? entry.devmajor! : 0,
    devminor: isDevice ? entry.devminor! : 0,
    xattrs: xattrNames.map((name) => [name, entry.xattrs![name]!]),
  });
}

/**
 * What a header says, already checked and encoded: the lower half of `encodeEntryHeader`,
 * for writers that keep more of an original header than a directory walk has (owner names,
 * a PAX time's own text, name bytes that are not UTF-8).
 */
export interface HeaderFields {
  /** Name bytes as written (a directory's with its trailing '/'). */
  name: Uint8Array;
  /** Link target bytes; empty for entries that are not links. */
  link: Uint8Array;
  typeflag: number;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** Whole seconds. */
  mtime: number;
  /** Owner names: in the ustar fields when they fit (32 bytes, ASCII), else as PAX records. */
  uname?: string;
  gname?: string;
  /** A PAX `mtime`/`atime` record's text, copied as is (fractions of a second survive). */
  mtimeText?: string;
  atimeText?: string;
  devmajor: number;
  devminor: number;
  /** Extended attributes in the order they are written. */
  xattrs: [string, Uint8Array][];
}

/**
 * The ustar block, preceded by a PAX 'x' header when the block cannot say everything.
 * Records in this order, each only as needed: path, linkpath, size, uid, gid, uname, gname,
 * mtime, atime, then SCHILY.xattr.NAME in the order given.
 */
export function encodeHeaderBlocks(fields: HeaderFields): Uint8Array {
  const { name, link, size, uid, gid, mtime } = fields;
  const uname = fields.uname ?? '';
  const gname = fields.gname ?? '';
  const records: [string, Uint8Array][] = [];
  if (name.length > NAME_FIELD.length) records.push([PAX_PATH, name]);
  if (link.length > LINKNAME_FIELD.length) records.push([PAX_LINKPATH, link]);
  if (!fits(size, SIZE_FIELD)) records.push([PAX_SIZE, encodeUtf8(String(size))]);
  if (!fits(uid, UID_FIELD)) records.push([PAX_UID, encodeUtf8(String(uid))]);
  if (!fits(gid, GID_FIELD)) records.push([PAX_GID, encodeUtf8(String(gid))]);
  if (!nameFits(uname)) records.push([PAX_UNAME, encodeUtf8(uname)]);
  if (!nameFits(gname)) records.push([PAX_GNAME, encodeUtf8(gname)]);
  if (fields.mtimeText !== undefined) records.push([PAX_MTIME, encodeUtf8(fields.mtimeText)]);
  else if (!fits(mtime, MTIME_FIELD)) records.push([PAX_MTIME, encodeUtf8(String(mtime))]);
  if (fields.atimeText !== undefined) records.push([PAX_ATIME, encodeUtf8(fields.atimeText)]);
  for (const [xattr, value] of fields.xattrs) records.push([SCHILY_XATTR_PREFIX + xattr, value]);

  const block = zeroed(BLOCK_SIZE);
  block.set(truncateUtf8(name, NAME_FIELD.length), NAME_FIELD.offset);
  writeOctalField(block, MODE_FIELD, fields.mode);
  writeOctalField(block, UID_FIELD, fits(uid, UID_FIELD) ? uid : 0);
  writeOctalField(block, GID_FIELD, fits(gid, GID_FIELD) ? gid : 0);
  writeOctalField(block, SIZE_FIELD, fits(size, SIZE_FIELD) ? size : 0);
  writeOctalField(block, MTIME_FIELD, fits(mtime, MTIME_FIELD) ? mtime : 0);
  block[TYPEFLAG_OFFSET] = fields.typeflag;
  block.set(truncateUtf8(link, LINKNAME_FIELD.length), LINKNAME_FIELD.offset);
  writeUstarMagic(block);
  if (uname !== '' && nameFits(uname)) writeAscii(block, uname, UNAME_FIELD.offset);
  if (gname !== '' && nameFits(gname)) writeAscii(block, gname, GNAME_FIELD.offset);
  writeOctalField(block, DEVMAJOR_FIELD, fields.devmajor);
  writeOctalField(block, DEVMINOR_FIELD, fields.devminor);
  writeChecksum(block);

  if (records.length === 0) return block;
  const data = encodePaxRecords(records);
  const paxBlock = new Uint8Array(BLOCK_SIZE);
  paxBlock.set(encodeUtf8(PAX_HEADER_NAME), NAME_FIELD.offset);
  writeOctalField(paxBlock, MODE_FIELD, PAX_HEADER_MODE);
  writeOctalField(paxBlock, UID_FIELD, 0);
  writeOctalField(paxBlock, GID_FIELD, 0);
  writeOctalField(paxBlock, SIZE_FIELD, data.length);
  writeOctalField(paxBlock, MTIME_FIELD, 0);
  paxBlock[TYPEFLAG_OFFSET] = TYPE_PAX_LOCAL;
  writeUstarMagic(paxBlock);
  writeOctalField(paxBlock, DEVMAJOR_FIELD, 0);
  writeOctalField(paxBlock, DEVMINOR_FIELD, 0);
  writeChecksum(paxBlock);

  const padding = paddingAfter(data.length);
  const out = new Uint8Array(BLOCK_SIZE + data.length + padding.length + BLOCK_SIZE);
  out.set(paxBlock, 0);
  out.set(data, BLOCK_SIZE);
  out.set(block, BLOCK_SIZE + data.length + padding.length);
  return out;
}

function fits(value: number, field: Field): boolean {
  return value >= 0 && value <= octalFieldMax(field.length);
}

/** An owner name the ustar field can hold: ASCII, at most its length. */
function nameFits(text: string): boolean {
  return text.length <= OWNER_NAME_FIELD_LENGTH && ASCII.test(text);
}

/** Writes ASCII `text` at `offset` (one byte per character). */
function writeAscii(block: Uint8Array, text: string, offset: number): void {
  for (let i = 0; i < text.length; i++) block[offset + i] = text.charCodeAt(i);
}

/**
 * A path's UTF-8 bytes; an ASCII path (nearly all of them) is copied byte for byte into a slice
 * of node's buffer pool, which costs a fraction of a TextEncoder call per header.
 */
function encodePath(text: string): Uint8Array {
  return ASCII.test(text) ? Buffer.from(text, 'latin1') : encodeUtf8(text);
}

function writeUstarMagic(block: Uint8Array): void {
  block.set(USTAR_MAGIC, MAGIC_FIELD.offset);
  block.set(USTAR_VERSION, VERSION_FIELD.offset);
}

/** `<length> <key>=<value>\n`, the length counting its own digits. */
function encodePaxRecords(records: [string, Uint8Array][]): Uint8Array {
  const encoded = records.map(([key, value]) => {
    const body = encodeUtf8(` ${key}=`);
    const rest = body.length + value.length + 1;
    let width = 1;
    while (String(rest + width).length !== width) width++;
    const length = rest + width;
    const record = new Uint8Array(length);
    const digits = encodeUtf8(String(length));
    record.set(digits, 0);
    record.set(body, digits.length);
    record.set(value, digits.length + body.length);
    record[length - 1] = NEWLINE;
    return record;
  });
  const out = new Uint8Array(encoded.reduce((n, r) => n + r.length, 0));
  let at = 0;
  for (const record of encoded) {
    out.set(record, at);
    at += record.length;
  }
  return out;
}

/** The longest prefix of UTF-8 bytes of at most `max` bytes that ends on a character boundary. */
function truncateUtf8(bytes: Uint8Array, max: number): Uint8Array {
  if (bytes.length <= max) return bytes;
  let end = max;
  while (end > 0 && (bytes[end]! & UTF8_CONTINUATION_MASK) === UTF8_CONTINUATION) end--;
  return bytes.subarray(0, end);
}

function checkEntry(entry: TreeEntry): void {
  const { path } = entry;
  if (typeof path !== 'string' || path === '' || path.includes('\0')) throw new TypeError(`tree entry path must be a non-empty string without NUL: ${JSON.stringify(path)}`);
  // Most paths are plainly fine (no component starts with '.' or is empty): only the others are split.
  const plain = path[0] !== '.' && path[0] !== SLASH && !path.endsWith(SLASH) && !path.includes('//') && !path.includes('/.');
  if (!plain && path.split(SLASH).some((p) => p === '' || p === '.' || p === '..')) {
    throw new RangeError(`tree entry path must be relative, without empty, '.' or '..' components or a trailing slash: ${JSON.stringify(path)}`);
  }
  if (!(entry.type in TYPEFLAGS)) throw new TypeError(`unknown tree entry type ${JSON.stringify(entry.type)}`);
  integer(path, entry.mode, 'mode', 0, MAX_MODE);
  integer(path, entry.uid, 'uid', 0, Number.MAX_SAFE_INTEGER);
  integer(path, entry.gid, 'gid', 0, Number.MAX_SAFE_INTEGER);
  integer(path, entry.mtime, 'mtime', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  if (entry.type === 'file') integer(path, entry.size, 'size', 0, Number.MAX_SAFE_INTEGER);
  const linked = entry.type === 'symlink' || entry.type === 'hardlink';
  if (linked && (typeof entry.linkname !== 'string' || entry.linkname === '' || entry.linkname.includes('\0'))) {
    throw new TypeError(`${entry.type} ${JSON.stringify(path)} needs a non-empty linkname without NUL`);
  }
  if (!linked && entry.linkname !== undefined) throw new RangeError(`linkname is for symlinks and hard links only (${JSON.stringify(path)})`);
  if (entry.type === 'char' || entry.type === 'block') {
    integer(path, entry.devmajor, 'devmajor', 0, octalFieldMax(DEVMAJOR_FIELD.length));
    integer(path, entry.devminor, 'devminor', 0, octalFieldMax(DEVMINOR_FIELD.length));
  }
  if (entry.xattrs === undefined) return;
  for (const [name, value] of Object.entries(entry.xattrs)) {
    if (name === '' || name.includes('=') || name.includes('\0') || !(value instanceof Uint8Array)) {
      throw new RangeError(`xattr ${JSON.stringify(name)} of ${JSON.stringify(path)}: names must be non-empty without '=' or NUL, values Uint8Array`);
    }
  }
}

function integer(path: string, value: unknown, what: string, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`${what} of ${JSON.stringify(path)} must be an integer in [${min}, ${max}], not ${String(value)}`);
  }
}
