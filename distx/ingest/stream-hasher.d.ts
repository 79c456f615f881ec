/** A file marked in the stream: close() after its last byte is pushed; digest() is its hex sha256. */
export interface MarkedFile {
    close(): void;
    digest(): Promise<string>;
}
export declare class StreamHasher {
    #private;
    constructor();
    /** Hands bytes on (copied: the caller may reuse them); waits while the ring is full. */
    push(bytes: Uint8Array): Promise<void>;
    /** Marks the start of a file at the current position (files do not nest). */
    openFile(): MarkedFile;
    /** The sha256 (hex) of every byte pushed. */
    end(): Promise<string>;
    /** Drops the session (the ingest failed); pending digests reject. */
    abandon(): void;
}
