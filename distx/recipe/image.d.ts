/**
 * cairn's image record: what the store knows of one image besides the verbatim manifest and
 * config blobs. Identity: the manifest digest. Stored as JSON.
 */
export interface ImageLayer {
    /** sha256:… of the uncompressed tar */
    diffId: string;
    tarBytes: number;
    /** The descriptor the manifest lists for this layer (digest of the compressed blob, media type, size). */
    mediaType: string;
    digest: string;
    size: number;
}
export interface ImageRecord {
    version: 1;
    /** sha256:… of the manifest bytes */
    manifest: string;
    manifestMediaType: string;
    config: string;
    layers: ImageLayer[];
    /** where it came from: 'directory', 'layer-tar', 'oci-layout', 'oci-archive', 'docker-archive' */
    source: string;
    /** image indexes (stored verbatim) through which the manifest was reached, outermost first */
    indexes?: string[];
    platform?: {
        os: string;
        architecture: string;
        variant?: string;
    };
}
/** A name event or snapshot record (JSON). */
export interface NameEvent {
    name: string;
    /** the image's manifest digest, or null when the name was removed */
    image: string | null;
}
export interface NameSnapshot {
    names: Record<string, string>;
}
