import type { ByteReader } from './byte-reader.js';
export declare class EntryData implements AsyncIterable<Uint8Array> {
    #private;
    constructor(reader: ByteReader, length: number, name: string);
    [Symbol.asyncIterator](): AsyncIterator<Uint8Array>;
    /** Skips what is left unread; throws BadInputError if the stream ends first. */
    finish(): Promise<void>;
}
