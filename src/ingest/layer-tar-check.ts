/**
 * A quick answer to "is this file surely a plain layer tar?", before the full detection of
 * oci/archive.ts (detectArchiveKind), which parses every entry to look for the members
 * `oci-layout` and `manifest.json` (docker save writes manifest.json last, so the whole tar
 * is read either way). This scan reads headers only, skipping file data by count, as
 * `tar -tf` does, and answers true only when no header block and no extension data
 * (PAX records, GNU long names) holds either name anywhere in its bytes: then no member can be
 * named so, and the full detection would say 'layer-tar' too. Anything it does not follow
 * plainly (a bad checksum, base-256 sizes, global PAX headers, PAX size or sparse records,
 * old GNU sparse entries, a truncated stream, huge extension data) answers false, and the
 * full detection decides (and reports what is wrong). So a true answer is never one the full
 * detection would contradict; a header field the full parser refuses (this scan reads only
 * the checksum, type and size) is then reported by the ingest's own parse of the tar.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { BadInputError } from '../errors.js';
import { fileStream } from '../file-stream.js';
import { fsReason } from '../fs-errors.js';
import { decompressed, detectCompression } from '../oci/decompress.js';
import { ByteReader } from '../tar/byte-reader.js';
import { checksumMatches } from '../tar/header-fields.js';
import { BLOCK_SIZE, SIZE_FIELD, TYPEFLAG_OFFSET } from '../tar/header-layout.js';

const NAMES = [Buffer.from('manifest.json'), Buffer.from('oci-layout')];
/** Red flags in PAX records: the data length or layout would differ from the header's size. */
const PAX_FLAGS = [Buffer.from('size='), Buffer.from('GNU.sparse')];
/** Extension data longer than this is left to the full detection. */
const MAX_EXTENSION = 1 << 20;
const ch = (c: string): number => c.charCodeAt(0);
const EXTENSIONS = new Set([ch('x'), ch('L'), ch('K')]);
const REFUSED = new Set([ch('g'), ch('S')]);

/** The header's size field as plain octal, or undefined (base-256 or malformed: left to the full parser). */
function octalSize(block: Buffer): number | undefined {
  let value = 0;
  let digits = 0;
  const end = SIZE_FIELD.offset + SIZE_FIELD.length;
  let i = SIZE_FIELD.offset;
  while (i < end && block[i] === 0x20) i++;
  for (; i < end; i++) {
    const c = block[i]!;
    if (c === 0 || c === 0x20) break;
    if (c < 0x30 || c > 0x37) return undefined;
    value = value * 8 + (c - 0x30);
    digits++;
  }
  return digits > 0 || block[SIZE_FIELD.offset] === 0 ? value : undefined;
}

const holdsAny = (bytes: Buffer, needles: readonly Buffer[]): boolean => needles.some((n) => bytes.includes(n));

/** What the scan reads from: exact amounts, and skips. */
interface HeaderSource {
  /** The next `n` bytes (valid until the next call), or how many bytes were left when fewer. */
  read(n: number): Promise<Uint8Array | number>;
  /** Passes over `n` bytes; false when the stream ends first. */
  skip(n: number): Promise<boolean>;
}

/** The scan itself (see the module comment); true only when surely a plain layer tar. */
async function scan(source: HeaderSource): Promise<boolean> {
  let headers = 0;
  for (;;) {
    const block = await source.read(BLOCK_SIZE);
    // The stream ended: cleanly only at a header boundary (no end-of-archive blocks).
    if (typeof block === 'number') return block === 0 && headers > 0;
    // The end-of-archive block: what follows is not read by the full detection either.
    if (block.every((b) => b === 0)) return headers > 0;
    const header = Buffer.from(block.buffer, block.byteOffset, block.byteLength);
    if (!checksumMatches(header)) return false;
    headers++;
    const type = header[TYPEFLAG_OFFSET]!;
    const size = octalSize(header);
    if (size === undefined || REFUSED.has(type) || holdsAny(header, NAMES)) return false;
    const padded = Math.ceil(size / BLOCK_SIZE) * BLOCK_SIZE;
    if (EXTENSIONS.has(type)) {
      if (size > MAX_EXTENSION) return false;
      const data = await source.read(padded);
      if (typeof data === 'number') return false;
      const text = Buffer.from(data.buffer, data.byteOffset, size);
      if (holdsAny(text, NAMES) || holdsAny(text, PAX_FLAGS)) return false;
    } else if (!(await source.skip(padded))) {
      return false;
    }
  }
}

/** True when `tar` (an uncompressed tar stream) surely holds no member named oci-layout or manifest.json; false when unsure. */
export async function surelyLayerTar(tar: AsyncIterable<Uint8Array>): Promise<boolean> {
  const reader = new ByteReader(tar);
  try {
    return await scan({
      read: async (n) => ((await reader.fill(n)) ? reader.take(n) : reader.buffered),
      skip: async (n) => (await reader.skip(n)) === n,
    });
  } finally {
    await reader.close();
  }
}

/** Bytes read at a time where headers lie close together; farther ones are read where they are. */
const WINDOW = 64 * 1024;

/**
 * surelyLayerTar of the file at `path` (plain, gzip or zstd). A plain tar is scanned with
 * positioned reads of its headers alone, as `tar -tf` seeks over file data: reading a large
 * layer through to skip its files cost a read and a fresh buffer per MiB.
 */
export async function surelyLayerTarFile(path: string): Promise<boolean> {
  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch (cause) {
    throw new BadInputError(`cannot read ${path}: ${fsReason(cause)}`, { path, cause });
  }
  try {
    const size = (await file.stat()).size;
    const window = Buffer.allocUnsafe(WINDOW);
    /** The window holds the file's bytes [start, end). */
    let start = 0;
    let end = 0;
    let position = 0;
    const fill = async (at: number, into: Buffer): Promise<void> => {
      let got = 0;
      while (got < into.length) {
        const { bytesRead } = await file.read(into, got, into.length - got, at + got);
        if (bytesRead === 0) throw new BadInputError(`cannot read ${path}: it changed while it was read`, { path });
        got += bytesRead;
      }
    };
    const head = Buffer.alloc(Math.min(8, size));
    await fill(0, head);
    if (detectCompression(head) !== 'none') {
      return await surelyLayerTar((await decompressed(fileStream(path), path)).stream);
    }
    return await scan({
      read: async (n) => {
        if (position + n > size) return size - position;
        if (n > WINDOW) {
          const bytes = Buffer.allocUnsafe(n);
          await fill(position, bytes);
          position += n;
          return bytes;
        }
        if (position < start || position + n > end) {
          start = position;
          end = Math.min(size, position + WINDOW);
          await fill(start, window.subarray(0, end - start));
        }
        const bytes = window.subarray(position - start, position - start + n);
        position += n;
        return bytes;
      },
      skip: async (n) => {
        if (position + n > size) return false;
        position += n;
        return true;
      },
    });
  } catch (cause) {
    if (cause instanceof BadInputError) throw cause;
    throw new BadInputError(`cannot read ${path}: ${fsReason(cause)}`, { path, cause });
  } finally {
    await file.close();
  }
}
