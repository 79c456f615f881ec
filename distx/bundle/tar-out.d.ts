/** The bundle's tar: plain ustar regular-file entries (names are short), written one blob at a time. */
import { END_OF_ARCHIVE, paddingAfter } from '../tar/tree-writer.js';
export declare function entryHeader(path: string, size: number): Uint8Array;
export { paddingAfter, END_OF_ARCHIVE };
