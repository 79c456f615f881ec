export interface FileStreamOptions {
    /** Names the file in messages. @default the path */
    what?: string;
    /** Called with each buffer's length as it is yielded. */
    onBytes?: (bytes: number) => void;
}
export declare function fileStream(path: string, options?: FileStreamOptions): AsyncGenerator<Uint8Array>;
