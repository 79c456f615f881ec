import type { OciImage } from './types.js';
export type InputKind = 'oci-archive' | 'docker-archive' | 'layer-tar';
/** What a file is, by its content: only its tar member names are read. */
export declare function detectArchiveKind(path: string): Promise<InputKind>;
/**
 * Unpacks an image archive into a new temporary directory; the caller removes it. Regular
 * files and directories are written; links to regular members become those files (see
 * archive-members.ts); other members (devices, fifos) are skipped.
 */
export declare function unpackArchive(path: string): Promise<string>;
/** The images of an OCI archive or docker-archive file; its temporary directory goes when the consumer is done. */
export declare function imageArchiveImages(path: string, kind: 'oci-archive' | 'docker-archive', options?: {
    repository?: string;
    onBytes?: (bytes: number) => void;
}): AsyncGenerator<OciImage>;
