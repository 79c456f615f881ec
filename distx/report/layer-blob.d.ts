/**
 * The blob a layer came in (a registry's gzip or zstd blob, or a plain tar), and which one a
 * report quotes as the layer's original size.
 */
import type { LayerBlob } from '../ingest/index.js';
/** The size of the blob a registry serves for a layer, when that blob is compressed and its size known. */
export declare function originalBytes(blob: LayerBlob | undefined): number | null;
/**
 * One blob for a layer met under several (an OCI layout's gzip blob, a docker-archive's plain
 * tar): the smallest compressed one, whatever the order the inputs came in.
 */
export declare function preferredBlob(a: LayerBlob | undefined, b: LayerBlob | undefined): LayerBlob | undefined;
