export { defaultStoreDir } from './default-dir.cjs';
export declare const STORE_FILE = "cairn-store.json";
export interface StoreLayout {
    root: string;
    storeFile: string;
    packs: string;
    tmp: string;
    index: string;
    /** The files cache (src/ingest/files-cache.ts): speed only, dropped by repair. */
    filesCache: string;
}
export declare function storeLayout(root: string): StoreLayout;
/** packs/<first two hex>/<id>.pack */
export declare function packPath(layout: StoreLayout, id: string): string;
/** Every pack file on disk: id → path (files not named like a pack are ignored). */
export declare function listPackFiles(layout: StoreLayout): Promise<Map<string, string>>;
