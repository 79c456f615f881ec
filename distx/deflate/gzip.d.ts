import { type DeflateParams } from './params.js';
import { type Described, type DescribeOptions } from './described.js';
export interface GzipMember {
    /** The member's header bytes, hex. */
    header: string;
    /** Inflated bytes of this member. */
    size: number;
    deflate: DeflateParams;
}
export interface GzipDescriptor {
    format: 'gzip';
    members: GzipMember[];
    /** Bytes after the last member, hex (usually empty). */
    tail: string;
}
/** Length of the gzip header at `at`, or a CorruptDataError (truncated) / BadInputError (not gzip). */
export declare function headerLength(gz: Uint8Array, at: number): number;
/** Levels to try first for a gzip header's XFL byte (2: best compression, 4: fastest). */
export declare function levelHint(xfl: number): number[];
/**
 * Splits a gzip file into its content and, when every member re-deflates byte for byte, a
 * descriptor. Malformed gzip: BadInputError/CorruptDataError (a wrong CRC or size included).
 */
export declare function describeGzip(gz: Uint8Array, options?: DescribeOptions): Described<GzipDescriptor>;
/** The exact gzip file described, from its content. */
export declare function rebuildGzip(d: GzipDescriptor, content: Uint8Array): Uint8Array;
