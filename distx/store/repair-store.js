/**
 * `cairn repair` on a store whose index may be too damaged to open: the store is opened as
 * usual, and when the index is damaged (IndexDamagedError, at open or while open reconciles)
 * the index directory is moved to STORE/quarantine/ and the store opened again with a fresh
 * one, before Store.repair rebuilds everything from the packs. (Store.repair drops the
 * files cache when content was lost.)
 */
import { IndexDamagedError } from '../errors.js';
import { storeLayout } from './layout.js';
import { quarantineIndex } from './salvage.js';
import { openStore } from './open-store.js';
/** Opens the store at `dir` (which must exist), repairs it, closes it. */
export async function repairStore(dir, options = {}) {
    const { signal, ...storeOptions } = options;
    let store;
    let index;
    try {
        store = await openStore(dir, { ...storeOptions, create: false });
    }
    catch (error) {
        if (!(error instanceof IndexDamagedError))
            throw error;
        const reason = /\((.*)\); run cairn repair/.exec(error.message)?.[1] ?? error.message;
        index = { damaged: reason, movedTo: await quarantineIndex(dir, storeLayout(dir).index) };
        store = await openStore(dir, { ...storeOptions, create: false });
    }
    try {
        const report = await store.repair({ signal });
        return index ? { ...report, index } : report;
    }
    finally {
        await store.close();
    }
}
//# sourceMappingURL=repair-store.js.map