import { Codec, type RecordEntry, type RecordKind } from './format.js';
export interface SealedPack {
    id: string;
    path: string;
    bytes: number;
    records: RecordEntry[];
    sequence: number;
}
export declare class PackWriter {
    #private;
    readonly sequence: number;
    private constructor();
    /** Opens a writer on a new temporary file; `finalPath(id)` names the sealed pack. */
    static create(tmpPath: string, finalPath: (id: string) => string, sequence: number): Promise<PackWriter>;
    /** Bytes written so far (header and records). */
    get length(): number;
    get recordCount(): number;
    /** Records appended so far, with their offsets (the pack id is known only after seal). */
    get records(): readonly RecordEntry[];
    /** Appends a record; `payload` is the stored form (compressed or raw). Returns its offset. */
    append(kind: RecordKind, codec: Codec, digestHex: string, uncompressedLength: number, payload: Uint8Array): Promise<number>;
    /** Trailer, fsync, rename into place, fsync the directory. Returns the sealed pack. */
    seal(): Promise<SealedPack>;
    /** Drops an unsealed pack (its temporary file is removed). */
    abandon(): Promise<void>;
}
/** The 44-byte header of a record (see format.ts). */
export declare function encodeRecordHeader(r: Omit<RecordEntry, 'pack' | 'offset'>): Buffer;
/** fsync a directory so that a rename in it survives power loss. */
export declare function syncDirectory(path: string): Promise<void>;
