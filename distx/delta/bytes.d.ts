/** Appends bytes and varints to a growing buffer. */
export declare class ByteWriter {
    #private;
    get length(): number;
    byte(value: number): void;
    bytes(data: Uint8Array): void;
    /** Unsigned LEB128 of an integer in [0, 2^53). */
    varint(value: number): void;
    /** Zigzag-mapped signed integer (0, -1, 1, -2, ... as 0, 1, 2, 3, ...). */
    signed(value: number): void;
    finish(): Uint8Array;
}
/** Reads what ByteWriter writes; every problem is a CorruptDataError naming the offset. */
export declare class ByteReader {
    #private;
    readonly data: Uint8Array;
    readonly what: string;
    constructor(data: Uint8Array, what?: string);
    get offset(): number;
    get remaining(): number;
    fail(message: string): never;
    byte(): number;
    bytes(length: number): Uint8Array;
    /** A varint; rejects encodings longer than 8 bytes, values of 2^53 or more, and non-minimal forms. */
    varint(): number;
    signed(): number;
    /** Fails unless every byte was read. */
    end(): void;
}
