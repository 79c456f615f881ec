import type { ByteSource } from '../tar/byte-reader.js';
export interface Spool {
    dir: string;
    blobs: Set<string>;
    index: Buffer;
    /** Where a blob of the bundle's tar is (throws when the bundle has no such blob); blobs add()ed may be in memory only: read them. */
    pathOf(digest: string): string;
    /** A blob's bytes (a copy of its own). */
    read(digest: string): Promise<Buffer>;
    /** A blob's bytes, not copied when held in memory: for readers that neither change nor keep them (recipe parts decoded, stored). */
    view(digest: string): Promise<Uint8Array>;
    /**
     * Adds a blob made from the bundle (an unpacked recipe part or delta, checked by its maker):
     * kept in memory while blobs added come to at most MEMORY_BYTES, else written to the directory.
     */
    add(hex: string, bytes: Uint8Array): Promise<void>;
}
export declare function spoolBundle(source: ByteSource, dir: string): Promise<Spool>;
