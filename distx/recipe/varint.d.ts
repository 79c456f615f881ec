export declare class VarintWriter {
    #private;
    varint(value: number): void;
    bytes(data: Uint8Array): void;
    finish(): Buffer;
}
export declare class VarintReader {
    #private;
    constructor(data: Uint8Array, what: string);
    get done(): boolean;
    varint(): number;
    bytes(n: number): Uint8Array;
    expectMagic(magic: Buffer): void;
}
