import type { Descriptor, ImageConfig, OciImage, OciImageKind, OciLayer } from './types.js';
/** `repo:tag` for a ref name; bare tags take `repository`. */
export declare function imageName(refName: string, repository: string): string;
/**
 * The layers of an image, from its config's DiffIDs and the manifest's layer descriptors;
 * `openBlob` streams a blob as stored. Shared by OCI layouts and docker-archives.
 */
export declare function configuredLayers(configBytes: Buffer, descriptors: Descriptor[], openBlob: (descriptor: Descriptor, index: number) => AsyncIterable<Uint8Array>, what: string): {
    config: ImageConfig;
    layers: OciLayer[];
};
export interface LayoutReadOptions {
    /** Repository for bare tags. @default the directory's base name */
    repository?: string;
    source?: OciImageKind;
    /** Names the layout in messages. @default the directory */
    label?: string;
    /** Sees the bytes of layer blobs as they are read. */
    onBytes?: (bytes: number) => void;
}
/** Every image of an OCI layout directory, each distinct manifest once, with all its names. */
export declare function ociLayoutImages(dir: string, options?: LayoutReadOptions): AsyncGenerator<OciImage>;
/** A manifest cairn writes for images that came without one (docker-archive, lone layer tars). */
export declare function synthesizeManifest(configBytes: Buffer, layers: {
    mediaType: string;
    digest: string;
    size: number;
}[]): Buffer;
