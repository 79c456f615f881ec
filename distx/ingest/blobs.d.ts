/** Manifests, indexes and configs larger than this are refused (real ones are kilobytes). */
export declare const MAX_JSON_BLOB: number;
export declare function blobPath(layout: string, digest: string): string;
/** A small blob, read whole and checked against its digest (and size, when given). */
export declare function readSmallBlob(layout: string, digest: string, size?: number): Promise<Buffer>;
export declare function parseJson<T>(bytes: Buffer, what: string): T;
/** A large blob as a stream whose digest and size are checked at its end. */
export declare function readVerifiedBlob(path: string, digest: string, size?: number): AsyncGenerator<Uint8Array>;
