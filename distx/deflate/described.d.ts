import type { FindOptions } from './find.js';
export type Described<D> = {
    ok: true;
    descriptor: D;
    content: Uint8Array;
} | {
    ok: false;
    reason: string;
    content: Uint8Array;
};
export interface DescribeOptions {
    /** Refuse (CorruptDataError) input that inflates to more than this (default 1 GiB). */
    maxInflated?: number;
    /** Search options (probe size, candidate limit). */
    find?: FindOptions;
}
export declare function toHex(bytes: Uint8Array): string;
export declare function fromHex(text: string): Uint8Array;
