import type { ImageSource, ImageSourceKind, LayerSource } from './sources.js';
export interface Descriptor {
    mediaType?: string;
    digest: string;
    size?: number;
    annotations?: Record<string, string>;
    platform?: {
        os?: string;
        architecture?: string;
        variant?: string;
    };
    urls?: string[];
}
export interface ImageConfig {
    rootfs?: {
        type?: string;
        diff_ids?: string[];
    };
    os?: string;
    architecture?: string;
    variant?: string;
}
/** `repo:tag` for a ref name; bare tags take `repository`. */
export declare function imageName(refName: string, repository: string): string;
/**
 * The layers of an image, from its config's DiffIDs and the manifest's layer descriptors;
 * `openBlob` streams a blob as stored. Shared by OCI layouts and docker-archives.
 */
export declare function configuredLayers(configBytes: Buffer, descriptors: Descriptor[], openBlob: (descriptor: Descriptor, index: number) => AsyncIterable<Uint8Array>, what: string, signal?: AbortSignal): {
    config: ImageConfig;
    layers: LayerSource[];
};
/** Every image of an OCI layout directory, each distinct manifest once, with all its names. */
export declare function ociLayoutImages(dir: string, options?: {
    repository?: string;
    source?: ImageSourceKind;
    signal?: AbortSignal;
}): AsyncGenerator<ImageSource>;
/** A manifest cairn writes for images that came without one (docker-archive, lone layer tars). */
export declare function synthesizeManifest(configBytes: Buffer, layers: {
    mediaType: string;
    digest: string;
    size: number;
}[]): Buffer;
