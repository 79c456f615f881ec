export declare class ReadAhead {
    #private;
    constructor(files: {
        path: string;
        size: number;
    }[], onBytes?: (bytes: number) => void);
    /**
     * The file's bytes. `release()` (once the caller holds none of them) lets its buffer be
     * filled again with a later file; it is a no-op for files not read into a pooled buffer.
     */
    read(index: number): {
        data: AsyncGenerator<Uint8Array>;
        release: () => void;
    };
}
