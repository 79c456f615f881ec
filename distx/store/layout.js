/** Where a store keeps its files, and where the default store is. */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
export { defaultStoreDir } from './default-dir.cjs';
export const STORE_FILE = 'cairn-store.json';
export function storeLayout(root) {
    return {
        root,
        storeFile: join(root, STORE_FILE),
        packs: join(root, 'packs'),
        tmp: join(root, 'tmp'),
        index: join(root, 'index'),
        filesCache: join(root, 'files-cache'),
    };
}
/** packs/<first two hex>/<id>.pack */
export function packPath(layout, id) {
    return join(layout.packs, id.slice(0, 2), `${id}.pack`);
}
/** Every pack file on disk: id → path (files not named like a pack are ignored). */
export async function listPackFiles(layout) {
    const found = new Map();
    for (const sub of await readdir(layout.packs).catch(() => [])) {
        const dir = join(layout.packs, sub);
        for (const name of await readdir(dir).catch(() => [])) {
            const m = /^([0-9a-f]{64})\.pack$/.exec(name);
            if (m)
                found.set(m[1], join(dir, name));
        }
    }
    return found;
}
//# sourceMappingURL=layout.js.map