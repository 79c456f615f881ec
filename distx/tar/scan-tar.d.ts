import { type ByteSource } from './byte-reader.js';
import { EntryData } from './entry-data.js';
import { type TarHeader } from './tar-header.js';
/** What the reader finds, in stream order. */
export type TarEvent = {
    kind: 'framing';
    bytes: Uint8Array;
} | {
    kind: 'entry';
    header: TarHeader;
    payload: boolean;
    data: EntryData;
} | {
    kind: 'end-of-archive';
    offset: number;
};
export interface ScanTarOptions {
    /**
     * Largest extension data accepted for one entry: a PAX header's records, a GNU long name
     * or link, old GNU sparse extension blocks; also the cap on the global PAX records in force.
     * @default 1 MiB
     */
    maxExtensionBytes?: number;
    /** Stops the reader with an AbortedError (CAIRN_ABORTED) before its next read. */
    signal?: AbortSignal;
}
export declare const DEFAULT_MAX_EXTENSION_BYTES: number;
/** Reads a tar stream as events; see the module comment for what is accepted. */
export declare function scanTar(source: ByteSource, options?: ScanTarOptions): AsyncGenerator<TarEvent, void, undefined>;
