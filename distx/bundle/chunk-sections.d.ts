import type { Store } from '../store/index.js';
import type { PathedFile } from './layer-files.js';
import { type SectionDictionary } from './section-dictionary.js';
/** Largest section, raw: with the largest dictionary it stays within a 2^27-byte window. */
export declare const SECTION_BYTES: number;
export interface WrittenSection {
    /** The compressed section's file (a blob of the bundle). */
    path: string;
    /** Its raw length. */
    length: number;
    dictionary?: SectionDictionary;
}
export declare class ChunkSections<K> {
    #private;
    /** Raw bytes written so far, over all sections. */
    bytes: number;
    constructor(dir: string);
    /** Appends the new chunks of `owner`, the file at `path` (a section ends only between files, unless a file alone is larger). */
    add(owner: K, path: string, chunks: readonly Uint8Array[]): Promise<void>;
    /** What each owner's chunks cost, given each section's compressed size: its share of them by raw bytes. */
    charges(sizes: readonly number[]): Map<K, number>;
    /** Compresses every section against its dictionary; the sections in order. */
    finish(store: Store, layers: readonly {
        diffId: string;
        files: readonly PathedFile[];
    }[], level: number): Promise<WrittenSection[]>;
    close(): Promise<void>;
}
