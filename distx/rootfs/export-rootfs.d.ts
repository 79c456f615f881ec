import type { Store } from '../store/index.js';
/** Options of `exportRootfs` and `exportRootfsTar`. Read, never written. */
export interface RootfsExportOptions {
    /**
     * Do not apply owners (record them in `user.rootlesscontainers` instead) and make device
     * nodes as empty files, as `umoci unpack --rootless`. Ignored by `exportRootfsTar`.
     * @default true when the process is not running as root
     */
    rootless?: boolean;
    /** Each kind of warning once, when first seen (the result lists them all, with counts). */
    onWarning?: (message: string) => void;
    /** Progress events, for a progress bar; the library never prints. */
    onProgress?: (event: RootfsProgressEvent) => void;
    /** Stops the export with an AbortedError before its next read. */
    signal?: AbortSignal;
    /**
     * Write files from a worker thread, beside the reading of the layers; false writes them on
     * the calling thread. Ignored by `exportRootfsTar`.
     * @default true when the machine has more than one core
     */
    writerThread?: boolean;
}
export type RootfsProgressEvent = {
    type: 'rootfs:layer';
    layer: number;
    layers: number;
    diffId: string;
}
/** Bytes of layer tars read so far, out of `total`. */
 | {
    type: 'rootfs:bytes';
    done: number;
    total: number;
};
/** What an export made. */
export interface RootfsExportResult {
    /** The image's manifest digest. */
    manifest: string;
    layers: number;
    /** Names in the final tree, not counting the root. */
    entries: number;
    /** Regular files (an inode with several names counts once). */
    files: number;
    /** Bytes of regular file content (each inode once; sparse files at their real size). */
    bytes: number;
    /** Bytes of the flattened tar (`exportRootfsTar` only). */
    tarBytes?: number;
    /** Everything not applied or changed on the way, one line per kind. */
    warnings: string[];
}
/**
 * Writes the root file system of `image` (a name, a manifest digest or a unique prefix) into
 * `dir`, which is made if missing and must otherwise be an empty directory. Throws
 * BadInputError for a non-empty or non-directory target and for layers that break the rules
 * (naming the entry), CorruptDataError when a layer does not rebuild to its DiffID.
 */
export declare function exportRootfs(store: Store, image: string, dir: string, options?: RootfsExportOptions): Promise<RootfsExportResult>;
/**
 * Writes the root file system of `image` as one flattened, deterministic tar at `file`
 * (flat-tar.ts). Nothing is extracted; file contents are read back from the store.
 */
export declare function exportRootfsTar(store: Store, image: string, file: string, options?: RootfsExportOptions): Promise<RootfsExportResult>;
