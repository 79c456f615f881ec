export declare function crc32(data: Uint8Array): number;
/** The CRC-32 of the bytes before (`crc`) followed by `data`: a running CRC-32 over pieces. */
export declare function crc32Update(crc: number, data: Uint8Array): number;
export declare function adler32(data: Uint8Array): number;
