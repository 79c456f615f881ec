/**
 * Splitting a tar into the parts of a layer recipe: framing, kept verbatim, and payloads,
 * the data of regular files, which the store chunks and replaces by file-recipe references.
 * Concatenating every framing part and every payload's data, in order, gives back the input
 * byte for byte; rebuilding a layer is exactly that (DESIGN.md, "Byte-exact layers").
 *
 * Payloads are the data of typeflags '0', NUL (unless it names a directory), '7' and 'S'.
 * Everything else is framing, including the data of non-file entries (GNU dump directories,
 * volume labels, unknown types). Framing comes out in parts of at most 1 MiB, consecutive
 * framing coalesced; a part is a fresh copy the consumer may keep.
 */
import type { ByteSource } from './byte-reader.js';
import { type ScanTarOptions } from './scan-tar.js';
import type { TarHeader } from './tar-header.js';
/** The largest framing part. */
export declare const MAX_FRAMING_PART_BYTES: number;
/** One part of a tar: framing bytes, or the data of a regular file. */
export type TarPart = {
    kind: 'framing';
    /** Verbatim bytes of the tar, at most 1 MiB; consecutive framing parts may occur. */
    bytes: Uint8Array;
} | {
    kind: 'payload';
    header: TarHeader;
    /** Exactly this many bytes come out of `data` (for GNU sparse files: the archived data). */
    length: number;
    /**
     * The file's data, read from the stream as it is pulled. Drain it before asking for the
     * next part; whatever is left unread is skipped then (and is missing from a rebuild).
     * Pieces may be views of the source's buffers. Iterable once.
     */
    data: AsyncIterable<Uint8Array>;
};
/** Options of `splitTar`: `maxExtensionBytes` (default 1 MiB) and `signal`. */
export type SplitTarOptions = ScanTarOptions;
/**
 * Splits a tar stream into framing and payload parts (see the module comment). The stream is
 * read as the parts are pulled; memory stays bounded by the framing part size and
 * `maxExtensionBytes`, whatever the sizes the archive claims.
 *
 * Throws BadInputError (code CAIRN_BAD_INPUT, with the offset) for input that is not a
 * well-formed tar: an empty stream, a bad header checksum, truncation inside a header,
 * extension data or file data, malformed numbers or PAX records, sizes out of range,
 * extension data beyond `maxExtensionBytes`. AbortedError when `signal` fires.
 */
export declare function splitTar(source: ByteSource, options?: SplitTarOptions): AsyncGenerator<TarPart, void, undefined>;
