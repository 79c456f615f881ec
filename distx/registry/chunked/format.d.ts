export declare const CHUNKS_ARTIFACT_TYPE = "application/vnd.cairn.chunks.v1";
export declare const CHUNK_INDEX_MEDIA_TYPE = "application/vnd.cairn.chunks.index.v1";
export declare const CHUNK_PACK_MEDIA_TYPE = "application/vnd.cairn.chunks.pack.v1";
export declare const EMPTY_MEDIA_TYPE = "application/vnd.oci.empty.v1+json";
export declare const EMPTY_JSON: Buffer<ArrayBuffer>;
export declare const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
export declare const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
export declare const ANNOTATION_CHUNKER = "dev.cairn.chunks.chunker";
/** On each chunk index descriptor: the DiffID of the layer it describes. */
export declare const ANNOTATION_DIFFID = "dev.cairn.chunks.diffid";
/** Record kinds in a pack (the store's record kind numbers). */
export declare const enum ObjectKind {
    Chunk = 1,
    FileRecipe = 2,
    LayerPart = 9
}
export declare const OBJECT_KINDS: readonly number[];
export declare const enum ObjectCodec {
    Raw = 0,
    Zstd = 1
}
export declare const RECORD_HEADER = 42;
/** The `sha256-<hex>` tag of the distribution spec's referrers tag schema. */
export declare function referrersTag(subject: string): string;
/** The tag that keeps a chunk artifact alive through `garbage-collect --delete-untagged`. */
export declare function chunksTag(subject: string): string;
/** The tag that keeps a delta artifact (from `base` to `subject`) alive. */
export declare function deltaTag(subject: string, base: string): string;
export interface RecordHeader {
    /** 64 hex */
    digest: string;
    kind: ObjectKind;
    codec: ObjectCodec;
    rawLength: number;
    storedLength: number;
}
export declare function encodeRecordHeader(h: RecordHeader): Buffer;
export declare function decodeRecordHeader(bytes: Uint8Array): RecordHeader;
/** One object of a pack as the index lists it. */
export interface IndexedObject {
    kind: ObjectKind;
    /** 64 hex */
    digest: string;
    /** the pack's digest (sha256:…) */
    pack: string;
    offset: number;
    length: number;
}
export interface IndexedPack {
    digest: string;
    size: number;
    objects: {
        kind: ObjectKind;
        digest: string;
        length: number;
    }[];
}
export interface IndexedLayer {
    diffId: string;
    tarLength: number;
    parts: {
        digest: string;
        tarLength: number;
    }[];
}
export interface ChunkIndex {
    chunker: string;
    packs: IndexedPack[];
    layers: IndexedLayer[];
}
export declare function encodeChunkIndex(index: ChunkIndex): Buffer;
export declare function decodeChunkIndex(bytes: Uint8Array): ChunkIndex;
/** Where every object of an index is: `kind:digest` → pack, offset, length. */
export declare function locateObjects(index: ChunkIndex): Map<string, IndexedObject>;
export declare const objectKey: (kind: ObjectKind, digest: string) => string;
