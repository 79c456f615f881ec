import type { ImageSource } from './sources.js';
export type InputKind = 'oci-archive' | 'docker-archive' | 'layer-tar';
export declare function fileStream(path: string): AsyncGenerator<Uint8Array>;
/** What a file is, by its content: only its tar member names are read. */
export declare function detectArchiveKind(path: string): Promise<InputKind>;
/** Unpacks an image archive into a new temporary directory; the caller removes it. */
export declare function unpackArchive(path: string): Promise<string>;
/** The images of an unpacked docker-archive (`docker save`, `skopeo copy … docker-archive:`). */
export declare function dockerArchiveImages(dir: string, archive: string, signal?: AbortSignal): AsyncGenerator<ImageSource>;
/** The images of an OCI archive or docker-archive file; its temporary directory goes when the consumer is done. */
export declare function imageArchiveImages(path: string, kind: 'oci-archive' | 'docker-archive', options: {
    repository?: string;
    signal?: AbortSignal;
}): AsyncGenerator<ImageSource>;
