/** The CAS engine: index in `level`, pack management, lock, put/get/has, verify, gc, repair. */
export { Store, } from './store.js';
export { openStore } from './open-store.js';
export { defaultStoreDir } from './layout.js';
export { repairStore } from './repair-store.js';
export { MAX_DELTA_DEPTH } from './file-deltas.js';
//# sourceMappingURL=index.js.map