import type { ByteString } from './byte-paths.js';
import type { Warnings } from './warnings.js';
/** The attributes to set on one path (absolute, as a byte string); `shown` names it in warnings. */
export interface XattrTarget {
    path: ByteString;
    shown: string;
    xattrs: ReadonlyMap<string, Uint8Array>;
}
/** getfattr's quoting of a path or attribute name. */
export declare function quoteDumpField(bytes: Uint8Array): string;
/** The dump setfattr --restore reads for these targets. */
export declare function encodeXattrDump(targets: readonly XattrTarget[]): Buffer;
/** Sets every attribute with one setfattr run; reports what could not be set through `warnings`. */
export declare function applyXattrs(targets: readonly XattrTarget[], warnings: Warnings): void;
