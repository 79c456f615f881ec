/** The chunking options shared by `chunk`, `ingest` and `analyze`. */
import { type Command } from 'commander';
import { type ChunkerOptions } from '../chunker/params.js';
/**
 * Adds --mode/--min/--avg/--max/--align/--normalization/--seed. Unset options stay unset: the
 * library's defaults (the same as those printed here) apply, and for ingest an existing store's
 * own chunker does. `forStore` says so in the help.
 */
export declare function addChunkingOptions(command: Command, forStore?: boolean): Command;
export interface RawChunkingOptions {
    mode?: string;
    min?: string;
    avg?: string;
    max?: string;
    align?: string;
    normalization?: string;
    seed?: string;
}
/** Parsed chunker options; undefined when none was given and defaults were off. */
export declare function chunkingOptionsFrom(raw: RawChunkingOptions): ChunkerOptions | undefined;
