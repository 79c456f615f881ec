/** One distinct object table: a file table, or the chunks of one mode. */
export declare class ObjectTable {
    readonly ids: Map<string, number>;
    readonly lengths: number[];
    readonly stored: number[];
    get size(): number;
    add(key: string, length: number, stored: number): number;
}
/** A growable list of 32-bit ids. */
export declare class IdList {
    #private;
    get length(): number;
    push(value: number): void;
    slice(start: number, count: number): Uint32Array;
}
/** A table key: the raw 32-byte digest as a string. */
export declare const keyOf: (digest: Uint8Array) => string;
/** The table key of a `sha256:…` digest. */
export declare const keyOfDigest: (digest: string) => string;
