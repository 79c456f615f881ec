import type { Choice } from './confirm.js';
import type { ZstdDescriptor } from './description.js';
/** The libzstd zstd-napi carries (its output is only reproducible by the same one). */
export declare const ZSTD_VERSION = "1.5.7";
/** The zstd level that reproduces the heads, with its confirmer; or why there is none. */
export declare function zstdWitness(blobHead: Uint8Array, tarHead: Uint8Array, complete: boolean): Promise<Choice | string>;
/** The zstd blob described, compressed again from its tar (the caller checks the digest). */
export declare function zstdRebuilder(d: ZstdDescriptor): NodeJS.ReadWriteStream;
