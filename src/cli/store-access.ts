/** Opening the store the command line was pointed at (--store, $CAIRN_STORE, XDG default). */
import { defaultStoreDir, openStore, type ProgressEvent, type Store, type StoreOptions } from '../index.js';
import type { GlobalOptions } from './output.js';

export function storeDir(options: GlobalOptions): string {
  return options.store ?? defaultStoreDir();
}

/** Runs `work` with the store open, and closes it whatever happens. */
export async function withStore<T>(options: GlobalOptions, work: (store: Store) => Promise<T>, extra: StoreOptions = {}, onProgress?: (e: ProgressEvent) => void): Promise<T> {
  const onWarning = (message: string) => process.stderr.write(`cairn: warning: ${message}\n`);
  const store = await openStore(storeDir(options), { onWarning, ...extra, onProgress });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
