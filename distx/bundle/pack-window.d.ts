/**
 * The bundle's chunk pack (or raw chunk sections) read through a window: files are asked for
 * mostly in the order the pack holds them, so a layer of many small files costs one read per
 * WINDOW bytes rather than one per file.
 */
import type { FileHandle } from 'node:fs/promises';
export declare class PackWindow {
    #private;
    constructor(file: FileHandle);
    /** Bytes [start, end) of the file (a view: copy what is kept); CorruptDataError when the file ends before `end`. */
    span(start: number, end: number): Promise<Uint8Array>;
}
