export declare function encodeZstd(base: Uint8Array, target: Uint8Array, level: number): Uint8Array;
export declare function decodeZstd(base: Uint8Array, payload: Uint8Array, targetLength: number): Uint8Array;
