/**
 * Reading a tar entry by entry, for consumers that want files rather than framing (rootfs
 * export, listings): every entry — files, directories, links, devices, fifos, GNU dump
 * directories, volume labels — with its header and data; extension headers are folded into
 * the headers they describe. Reading stops at the end-of-archive marker; what follows it is
 * not read.
 */
import type { ByteSource } from './byte-reader.js';
import { type ScanTarOptions } from './scan-tar.js';
import type { TarHeader } from './tar-header.js';
/** One entry of a tar. */
export interface TarEntry {
    header: TarHeader;
    /**
     * `header.size` bytes (none for links, devices, fifos and directories), read from the stream
     * as pulled. Drain it before asking for the next entry, or it is skipped. Iterable once.
     * For a PAX 1.0 sparse file the map comes first (see `readSparseMapFromData`).
     */
    data: AsyncIterable<Uint8Array>;
}
/** Options of `readEntries`: `maxExtensionBytes` (default 1 MiB) and `signal`. */
export type ReadEntriesOptions = ScanTarOptions;
/** The entries of a tar stream, in order; throws BadInputError as `splitTar` does. */
export declare function readEntries(source: ByteSource, options?: ReadEntriesOptions): AsyncGenerator<TarEntry, void, undefined>;
