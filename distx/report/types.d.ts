/**
 * The report as plain data: what `analyze` and `report` compute and what `--json` prints.
 * docs/report-json.md documents every field; renderers (table, HTML) read only this.
 *
 * Byte counts are integers. "Unique" figures count each distinct object once, raw;
 * "stored" figures are what a cairn store would keep for them (zstd, or raw where zstd saves
 * under 3%). Every file-level and chunk-level figure includes the tar framing of each distinct
 * layer (raw, or zstd-compressed for stored figures), so that it compares with tar bytes.
 */
import type { ChunkingMode } from '../chunker/index.js';
/** One figure per chunking mode measured (`file` always; others unless --modes left them out). */
export type PerMode = Partial<Record<ChunkingMode, number>>;
export interface ReportSettings {
    /** The mode sharing, upgrade and histogram figures use: the store's, or --mode. */
    primaryMode: ChunkingMode;
    modes: ChunkingMode[];
    chunker: {
        min: number;
        avg: number;
        max: number;
        align: number;
        normalization: number;
        seed: string;
    };
    zstdLevel: number;
    /** null when the gzip baseline was skipped (--no-gzip) */
    gzipLevel: number | null;
    /** A chunk is counted raw when zstd leaves at least this fraction of it. */
    rawThreshold: number;
}
/** Sizes of one set of layers: an image, or all inputs together. */
export interface SizeFigures {
    /** distinct layers counted */
    layers: number;
    /** sum of the distinct layers' uncompressed tar sizes */
    tarBytes: number;
    /** gzip -6 of each whole layer tar, summed; null with --no-gzip */
    gzipBytes: number | null;
    /** zstd -3 of each whole layer tar (streamed), summed */
    zstdBytes: number;
    /** the layers' blobs as their manifests list them, for layers whose blob is compressed; null when no layer's is */
    originalBytes: number | null;
    /** what a registry pull transfers: the original blob when compressed, else gzip -6 of the tar (zstd -3 with --no-gzip) */
    registryBytes: number;
    /** tar framing (headers, padding, end of archive) of the distinct layers */
    framingBytes: number;
    /** the same framing, zstd-compressed layer by layer */
    framingStoredBytes: number;
    /** distinct file contents (by sha256) */
    files: number;
    /** distinct file bytes plus framing bytes */
    fileUniqueBytes: number;
    /** distinct files each zstd-compressed whole (raw where that saves under 3%), plus stored framing */
    fileStoredBytes: number;
    /** distinct chunks per mode */
    chunks: PerMode;
    /** distinct chunk bytes per mode, plus framing bytes; `file` equals fileUniqueBytes */
    chunkUniqueBytes: PerMode;
    /** distinct chunks as a store keeps them, plus stored framing; `file` equals fileStoredBytes */
    chunkStoredBytes: PerMode;
}
export interface ImageFigures extends SizeFigures {
    /** first name, else the manifest digest shortened */
    label: string;
    names: string[];
    manifest: string;
    /** oci-layout, oci-archive, docker-archive, layer-tar or directory */
    source: string;
    /** the input path (analyze only) */
    path?: string;
    /** DiffIDs in manifest order */
    layerIds: string[];
}
export interface LayerFigures {
    diffId: string;
    tarBytes: number;
    gzipBytes: number | null;
    zstdBytes: number;
    /** the blob its manifest lists, if any */
    blob: {
        digest: string;
        size: number;
        mediaType: string;
    } | null;
    registryBytes: number;
    framingBytes: number;
    framingStoredBytes: number;
    /** file pieces: regular files, and framing runs over 1 MiB that ingest stores as files */
    files: number;
}
export interface HistogramBucket {
    /** lower bound, bytes, excluded (0 for the first bucket, which includes it) */
    from: number;
    /** upper bound, bytes, included */
    to: number;
    chunks: number;
    bytes: number;
}
export interface UpgradeFigures {
    from: string;
    to: string;
    /** true when found as consecutive tags of one repository, false when asked for with --upgrade */
    automatic: boolean;
    /** layers of `to` that `from` lacks */
    newLayers: number;
    /** registry bytes of those layers: what `docker pull` fetches */
    layerPullBytes: number;
    /** the same pull between the images `cairn relayer` made of both (report only; absent when the store has none) */
    relayeredPullBytes?: number;
    /** distinct files of `to` not in `from`, each zstd-compressed whole, plus the new layers' stored framing */
    newFileBytes: number;
    /** distinct chunks (primary mode) of `to` not in `from`, as stored, plus the new layers' stored framing */
    newChunkBytes: number;
    /** the new chunks' count and raw bytes (primary mode) */
    newChunks: number;
    newChunkRawBytes: number;
    /** the stored framing of the new layers (included in newFileBytes and newChunkBytes) */
    newFramingBytes: number;
    /** newChunkBytes for every mode measured (`file` equals newFileBytes) */
    newChunkBytesByMode: PerMode;
    /** newFileBytes / layerPullBytes; null when layerPullBytes is 0 */
    newFileShare: number | null;
    newChunkShare: number | null;
    /**
     * an upgrade bundle for the upgrade (`cairn bundle TO --from FROM`: chunks, deltas and
     * metadata, the whole file); null when not priced (`--no-bundle`)
     */
    bundleBytes: number | null;
    /** bundleBytes / layerPullBytes; null when either is null or 0 */
    bundleShare: number | null;
}
export interface Alignment {
    /** chunkStoredBytes aligned − fastcdc, and that as a share of fastcdc */
    extraStoredBytes: number;
    extraStoredShare: number;
    extraUniqueBytes: number;
    /** summed over the upgrades: newChunkBytes aligned − fastcdc */
    extraUpgradeBytes: number | null;
    /** one sentence saying it */
    summary: string;
}
export interface Report {
    /** format version of this object */
    version: 1;
    command: 'analyze' | 'report';
    settings: ReportSettings;
    images: ImageFigures[];
    layers: LayerFigures[];
    totals: SizeFigures & {
        images: number;
        /** tar bytes summed image by image (a layer in two images counts twice) */
        imageTarBytes: number;
    };
    /** chunk-size histograms of the distinct chunks, per mode (for `file`: distinct file sizes) */
    histograms: PerModeHistograms;
    /** bytes shared between images (primary mode chunks plus framing of common layers); the diagonal is each image's own */
    sharing: {
        mode: ChunkingMode;
        images: string[];
        bytes: number[][];
    };
    /** stored bytes to fetch to go from row image to column image (primary mode, as newChunkBytes) */
    upgradeMatrix: {
        mode: ChunkingMode;
        images: string[];
        bytes: number[][];
    };
    upgrades: UpgradeFigures[];
    /** present when both aligned and fastcdc were measured */
    alignment: Alignment | null;
    /** for `report`: what the store holds (all images in it, not only those reported) */
    store?: {
        dir: string;
        packBytes: number;
        chunks: number;
        files: number;
        layers: number;
        images: number;
    };
}
export type PerModeHistograms = Partial<Record<ChunkingMode, HistogramBucket[]>>;
