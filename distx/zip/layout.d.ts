export interface ZipEntryLayout {
    name: string;
    flags: number;
    method: number;
    crc: number;
    compressedSize: number;
    size: number;
    /** Offset of the local header in the file. */
    localOffset: number;
    /** Offset of the entry's data in the file. */
    dataOffset: number;
}
export interface ZipLayout {
    /** Entries in file order (by data offset). */
    entries: ZipEntryLayout[];
    /** Offset of the central directory in the file. */
    directoryOffset: number;
}
/** The data ranges of every entry; see the module comment for what is refused. */
export declare function readZipLayout(zip: Uint8Array): ZipLayout;
/** A zip cut around its entries' data: the rest verbatim (the skeleton), and each entry's data with its offset in the skeleton. */
export declare function cutZip(zip: Uint8Array, layout: ZipLayout): {
    skeleton: Buffer;
    pieces: {
        entry: ZipEntryLayout;
        at: number;
        data: Uint8Array;
    }[];
};
