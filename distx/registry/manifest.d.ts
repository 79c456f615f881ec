import type { Descriptor } from '../oci/index.js';
export declare const DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
export declare const DOCKER_SCHEMA1: string[];
/** The manifest media types cairn reads, for the Accept header. */
export declare const MANIFEST_ACCEPT: string;
/** Manifests larger than this are refused (the distribution spec's recommended limit). */
export declare const MAX_MANIFEST_BYTES: number;
/** Indexes nested deeper than this are refused. */
export declare const MAX_INDEX_DEPTH = 4;
export interface Platform {
    os: string;
    architecture: string;
    variant?: string;
}
/** A manifest (or index) as fetched: verbatim bytes, digest checked, JSON parsed. */
export interface FetchedManifest {
    digest: string;
    mediaType: string;
    bytes: Buffer;
    json: ManifestJson;
}
export interface ManifestJson {
    schemaVersion?: number;
    mediaType?: string;
    artifactType?: string;
    config?: Descriptor & {
        mediaType?: string;
    };
    layers?: Descriptor[];
    manifests?: (Descriptor & {
        platform?: Platform;
    })[];
    subject?: Descriptor;
    annotations?: Record<string, string>;
}
export declare function isIndexMediaType(mediaType: string): boolean;
/** The host's platform as OCI names it (linux/amd64, linux/arm64/v8...). */
export declare function hostPlatform(): Platform;
/** `os/arch[/variant]` → Platform. */
export declare function parsePlatform(text: string): Platform;
export declare function formatPlatform(p: Platform): string;
/**
 * The index entry for `platform`: same os and architecture; a variant asked must match
 * (arm64 without variant means v8); without one asked, the entry with no variant or the first.
 * Attestation entries (unknown/unknown) never match.
 */
export declare function choosePlatform(index: ManifestJson, platform: Platform, what: string): Descriptor;
/** Parses manifest bytes as JSON; refuses schema 1 and non-objects. */
export declare function parseManifest(bytes: Buffer, contentType: string | undefined, what: string): {
    mediaType: string;
    json: ManifestJson;
};
