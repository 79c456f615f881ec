import { type LayerBlob, type LayerTap } from '../oci/index.js';
import { type InputFingerprint } from './files-cache.js';
import { type LayerPart } from './layer-parts.js';
export type { LayerBlob };
/** Where an image came from; recorded as the image record's `source`. */
export type ImageSourceKind = 'oci-layout' | 'oci-archive' | 'docker-archive' | 'layer-tar' | 'directory' | 'registry';
export interface LayerSource {
    /** The DiffID the image config gives; undefined for directories and lone layer tars (known once read). */
    readonly diffId: string | undefined;
    /** The blob descriptor; undefined for directories and lone layer tars. */
    readonly blob: LayerBlob | undefined;
    /** Names the layer in messages. */
    readonly what: string;
    /** The uncompressed tar as it streams (decompressed by content; a blob's digest and size are checked at its end). */
    open(): AsyncGenerator<Uint8Array>;
    /** The same bytes as framing and file payloads (a directory's never go through a tar parser); `tap` watches a layer blob being read. */
    parts(tap?: LayerTap): AsyncGenerator<LayerPart>;
    /** Directories and lone layer tars: what the input looks like now, for the files cache. */
    fingerprint?(): Promise<InputFingerprint>;
}
export interface ImageSource {
    kind: ImageSourceKind;
    /** The input path this image came from. */
    path: string;
    /** Names (`repo:tag`) as DESIGN.md fixes them; may be empty. */
    names: string[];
    /** Names the image in messages. */
    what: string;
    /** The manifest, verbatim (synthesized for docker-archives); absent for directories and lone layer tars. */
    manifest?: {
        digest: string;
        mediaType: string;
        bytes: Buffer;
    };
    /** The config, verbatim; absent for directories and lone layer tars. */
    config?: {
        digest: string;
        bytes: Buffer;
        os?: string;
        architecture?: string;
        variant?: string;
    };
    /** Image indexes through which the manifest was reached, outermost first, verbatim. */
    indexes: {
        digest: string;
        bytes: Buffer;
    }[];
    layers: LayerSource[];
}
export interface ImageSourceOptions {
    /** Name for an image made from a directory or a lone layer tar; its repository names a layout's bare tags. */
    name?: string;
    signal?: AbortSignal;
    /** Things skipped or not kept (sockets, unreadable xattrs); reading goes on. */
    onWarning?: (message: string) => void;
    /**
     * Sees the input bytes of layer data as they are read: a layer tar's file, a layout's or
     * archive's layer blobs, a directory's files (ingest counts its progress with it).
     */
    onBytes?: (bytes: number) => void;
}
/** Every image the paths hold, in order, recognised by content. */
export declare function openImageSources(paths: readonly string[], options?: ImageSourceOptions): AsyncGenerator<ImageSource>;
