/** Opening the store the command line was pointed at (--store, $CAIRN_STORE, XDG default). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BadInputError } from '../errors.js';
import { defaultStoreDir } from '../store/layout.js';
export function storeDir(options) {
    return options.store ?? defaultStoreDir();
}
/** A store is there once its index or its store file is (an ingest being opened has the index first). */
function holdsStore(dir) {
    return existsSync(join(dir, 'cairn-store.json')) || existsSync(join(dir, 'index'));
}
/** The store directory, which must hold a store (exit 2 otherwise). */
export function existingStoreDir(options) {
    const dir = storeDir(options);
    if (!holdsStore(dir)) {
        throw new BadInputError(`no cairn store at ${dir} (only ingest creates one; --store or $CAIRN_STORE picks another)`, { path: dir });
    }
    return dir;
}
/**
 * Runs `work` with the store open, and closes it whatever happens. Only `create: true` (ingest)
 * makes a store; every other command on a directory without one is refused (exit 2).
 */
export async function withStore(options, work, extra = {}, onProgress) {
    const dir = extra.create === true ? storeDir(options) : existingStoreDir(options);
    const onWarning = (message) => process.stderr.write(`cairn: warning: ${message}\n`);
    // Loaded here, not at start: `cairn --version` and `--help` never pay for the store's modules.
    const { openStore } = await import('../store/open-store.js');
    const store = await openStore(dir, { onWarning, ...extra, create: true, onProgress });
    try {
        return await work(store);
    }
    finally {
        await store.close();
    }
}
//# sourceMappingURL=store-access.js.map