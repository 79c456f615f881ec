/**
 * What the OCI readers yield: images as their format gives them (OCI layout, OCI archive,
 * docker-archive), read without a store. Ingest and the reports drive these readers.
 */
/** An OCI content descriptor, as manifests and indexes list them. */
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
/** A descriptor as cairn writes one (bundles, chunk artifacts): media type and size always given. */
export interface WrittenDescriptor {
    mediaType: string;
    digest: string;
    size: number;
    artifactType?: string;
    annotations?: Record<string, string>;
}
/** The parts of an image config the readers use. */
export interface ImageConfig {
    rootfs?: {
        type?: string;
        diff_ids?: string[];
    };
    os?: string;
    architecture?: string;
    variant?: string;
}
/** A layer blob as its manifest lists it. */
export interface LayerBlob {
    /** sha256:… of the blob as stored (compressed, when it is) */
    digest: string;
    /** bytes of the blob; 0 when the descriptor gives none */
    size: number;
    mediaType: string;
    /** The manifest's descriptor of the blob, as it lists it. */
    descriptor?: Descriptor;
}
export type OciImageKind = 'oci-layout' | 'oci-archive' | 'docker-archive';
export interface OciLayer {
    /** The DiffID the image config gives. */
    readonly diffId: string;
    readonly blob: LayerBlob;
    /** Names the layer in messages. */
    readonly what: string;
    /**
     * The uncompressed tar as it streams (decompressed by content; the blob's digest and size are
     * checked at its end). A `tap` sees the blob's bytes as read and the tar's as they go out.
     */
    open(tap?: LayerTap): AsyncGenerator<Uint8Array>;
}
/** Watches a layer being read: the blob as stored, the tar as inflated, and the tar's end. */
export interface LayerTap {
    blob(piece: Uint8Array): void;
    /** The reader waits for it (bounded work in flight). */
    tar(piece: Uint8Array): Promise<void>;
    /** The tar stream ended (read to its end). */
    end(): void;
}
export interface OciImage {
    kind: OciImageKind;
    /** The input path this image came from. */
    path: string;
    /** Names (`repo:tag`); may be empty. */
    names: string[];
    /** Names the image in messages. */
    what: string;
    /** The manifest, verbatim (synthesized for docker-archives). */
    manifest: {
        digest: string;
        mediaType: string;
        bytes: Buffer;
    };
    /** The config, verbatim. */
    config: {
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
    layers: OciLayer[];
}
