export const BUNDLE_ARTIFACT_TYPE = 'application/vnd.cairn.bundle.v1';
export const PLAN_MEDIA_TYPE = 'application/vnd.cairn.bundle.plan.v1+json';
export const CHUNK_PACK_MEDIA_TYPE = 'application/vnd.cairn.bundle.chunks.v1';
export const LAYER_PART_MEDIA_TYPE = 'application/vnd.cairn.layer.part.v1';
/** A layer's recipe parts back to back, zstd-compressed (src/bundle/layer-pack.ts); plan version 3. */
export const LAYER_PACK_MEDIA_TYPE = 'application/vnd.cairn.layer.parts.v1+zstd';
export const DELTA_MEDIA_TYPE = 'application/vnd.cairn.delta.v1';
/** Version 4: every delta of the bundle back to back (sa deltas as their raw variant), compressed together by the container. */
export const DELTA_SECTION_MEDIA_TYPE = 'application/vnd.cairn.bundle.deltas.v1';
/** Version 5: new chunks raw, back to back, as one zstd frame compressed against a dictionary of base files (chunk-sections.ts). */
export const CHUNK_SECTION_MEDIA_TYPE = 'application/vnd.cairn.bundle.chunk-section.v1+zstd';
/** A zip-aware delta (src/zip/delta.ts); its presence makes the plan version 2. */
export const ZIP_DELTA_MEDIA_TYPE = 'application/vnd.cairn.zip-delta.v1';
/**
 * Plan versions this cairn reads: 1, 2 (which adds files `via: "zip-delta"`) and 3 (layers'
 * recipe parts packed and compressed, `PlannedLayer.packed`; zip deltas allowed) and 4 (the
 * container compressed as zstd frames, the deltas in one section: `BundlePlan.deltas`, each
 * delta file with its `length` there instead of a blob of its own) and 5 (new chunks in
 * compressed chunk sections, `BundlePlan.sections`, instead of a chunk pack; a chunk there is
 * listed by its length alone).
 */
export const PLAN_VERSIONS = [1, 2, 3, 4, 5];
export const BLOB_MEDIA_TYPE = 'application/octet-stream';
export const EMPTY_MEDIA_TYPE = 'application/vnd.oci.empty.v1+json';
export const MANIFEST_MEDIA_TYPE = 'application/vnd.oci.image.manifest.v1+json';
export const INDEX_MEDIA_TYPE = 'application/vnd.oci.image.index.v1+json';
export const ANNOTATION_FROM = 'dev.cairn.bundle.from';
/** The image digests of the inventory a bundle was made against (`--have`). */
export const ANNOTATION_INVENTORY = 'dev.cairn.bundle.inventory';
export const ANNOTATION_TARGETS = 'dev.cairn.bundle.targets';
export const ANNOTATION_CHUNKER = 'dev.cairn.bundle.chunker';
export const OCI_LAYOUT = '{"imageLayoutVersion":"1.0.0"}';
/** A chunk record in the chunk pack: 32-byte digest, u32 BE raw length, u32 BE stored length, zstd frame. */
export const CHUNK_RECORD_HEADER = 40;
/** A file's class for the report: its last extension that is not a number (`libz.so.1.3` → `.so`). */
export function fileClass(path) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    const parts = name.split('.').slice(1).filter((p) => p !== '' && !/^\d+$/.test(p));
    return parts.length > 0 ? `.${parts[parts.length - 1].toLowerCase()}` : '(none)';
}
//# sourceMappingURL=format.js.map