import type { OciImage } from './types.js';
/** The images of an unpacked docker-archive; `archive` names it in messages; `onBytes` sees layer bytes as they are read. */
export declare function dockerArchiveImages(dir: string, archive: string, onBytes?: (bytes: number) => void): AsyncGenerator<OciImage>;
