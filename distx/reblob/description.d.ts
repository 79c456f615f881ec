import type { GzipDescriptor } from '../deflate/index.js';
/** How a zstd blob is rebuilt: zstd-napi's streaming compressor at these parameters. */
export interface ZstdDescriptor {
    format: 'zstd';
    /** zstd-napi's version string (libzstd's), as the output depends on it. */
    zstd: string;
    level: number;
    checksum: boolean;
    /** The frame header states the content size (pledged before compressing). */
    contentSize: boolean;
}
export type BlobRebuild = GzipDescriptor | ZstdDescriptor;
interface DescriptionBase {
    version: 1;
    /** sha256:… of the compressed blob (the record's identity). */
    digest: string;
    size: number;
    mediaType: string;
    /** sha256:… of the uncompressed tar: the layer recipe it is rebuilt from. */
    diffId: string;
    /** The layer descriptor as the manifest gives it, verbatim (JSON text). */
    descriptor: string;
}
export type BlobDescription = (DescriptionBase & {
    reproduced: true;
    rebuild: BlobRebuild;
}) | (DescriptionBase & {
    reproduced: false;
    reason: string;
});
export declare function encodeDescription(d: BlobDescription): Buffer;
/** Parses and checks a stored description (CorruptDataError when it is not one). */
export declare function decodeDescription(bytes: Uint8Array): BlobDescription;
export {};
