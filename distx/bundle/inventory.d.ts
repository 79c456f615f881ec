import type { Store } from '../store/index.js';
export declare const INVENTORY_FORMAT = "cairn-inventory/v1";
export interface Inventory {
    format: typeof INVENTORY_FORMAT;
    chunker: string;
    /** Manifest digests. */
    images: string[];
    /** DiffIDs. */
    layers: string[];
    /** Content digests (64 hex) of every file the layers reference. */
    files: string[];
}
export declare function makeInventory(store: Store): Promise<Inventory>;
export declare function parseInventory(bytes: Uint8Array): Inventory;
