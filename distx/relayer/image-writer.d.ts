import { type ImageRecord } from '../recipe/index.js';
import type { Store } from '../store/index.js';
import type { LayerRole } from './plan.js';
/** The config label holding the layering (JSON: see RelayerLabel). */
export declare const RELAYER_LABEL = "io.cairn.relayer";
export interface RelayerLabel {
    version: 1;
    /** Manifest digest of the image this one re-layers. */
    source: string;
    /** Each layer's role, bottom first (one per entry of rootfs.diff_ids). */
    layers: LayerRole[];
}
export interface NewLayer {
    diffId: string;
    tarBytes: number;
    role: LayerRole;
    /** For `history[].created_by`. */
    description: string;
}
/** Reads the relayer label of an image, or throws BadInputError naming the image. */
export declare function readRelayerLabel(store: Store, record: ImageRecord, what: string): Promise<RelayerLabel>;
/** Stores the re-layered image of `original` with `layers` (uncommitted); returns its record. */
export declare function storeRelayeredImage(store: Store, original: ImageRecord, layers: readonly NewLayer[]): Promise<ImageRecord>;
