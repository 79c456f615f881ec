/**
 * Building the chunk artifact of a stored image (docs/registry.md): its layer recipes (re-cut
 * into content-defined parts), file recipes and chunks as records in content-addressed packs,
 * and the index that says where each one is. Pack and part boundaries depend only on the
 * records' digests (and sizes), never on their position, so the packs of v2 are v1's wherever
 * the two share a run of content: a later push uploads only the packs the repository lacks.
 */
import type { WrittenDescriptor } from '../../oci/index.js';
import type { Store } from '../../store/index.js';
import type { CompressPool } from '../../store/compress-pool.js';
export { PART_CUT_ONE_IN, PART_MAX, PART_MIN, RECORD_ZSTD_LEVEL, isPartCut } from './records.js';
/** A pack is closed at a cut record once it holds PACK_MIN bytes, and always at PACK_MAX. */
export declare const PACK_MIN: number;
export declare const PACK_MAX: number;
/** Past PACK_MIN, a record of n bytes is a cut with probability n / PACK_CUT_SPAN: packs average about PACK_MIN + PACK_CUT_SPAN. */
export declare const PACK_CUT_SPAN: number;
export type Descriptor = WrittenDescriptor;
export interface BuiltPack {
    digest: string;
    bytes: Buffer;
}
/** One layer's chunk index and what it took. */
export interface LayerIndex {
    diffId: string;
    descriptor: Descriptor;
    bytes: Buffer;
    /** the layer's packs, in order */
    packs: Descriptor[];
    chunks: number;
    chunkBytes: number;
    packBytes: number;
}
/** Whether a record of `length` bytes with this digest closes a pack that already holds `size` bytes. */
export declare function isPackCut(digest: string, length: number, size: number): boolean;
/**
 * The chunk index of one stored layer and its packs (so that a layer shared by two images, or
 * two versions, has the same index and packs). Each pack is handed to `onPack` as it is sealed
 * (to upload it while the next is built; the builder waits for what `onPack` returns, which
 * bounds the packs in flight); chunks are compressed on `pool`'s workers, ahead of the builder.
 */
export declare function buildLayerIndex(store: Store, diffId: string, chunker: string, pool: CompressPool, onPack: (pack: BuiltPack) => Promise<void>): Promise<LayerIndex>;
/** The descriptor of a layer's chunk index blob. */
export declare function indexDescriptor(diffId: string, bytes: Buffer): Descriptor;
/**
 * The chunk artifact manifest (docs/registry.md): the layers' indexes in the image's layer
 * order, then every pack once, `subject` the image manifest as the registry holds it.
 */
export declare function chunkArtifactManifest(indexes: readonly LayerIndex[], subject: Descriptor, chunker: string): {
    bytes: Buffer;
    digest: string;
};
