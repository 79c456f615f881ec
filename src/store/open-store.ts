/** Opening a store: options resolved and checked, the directory prepared, the index opened, crash recovery run. */
import { mkdir, stat } from 'node:fs/promises';
import { BadInputError } from '../errors.js';
import { openIndex } from './index-db.js';
import { storeLayout } from './layout.js';
import { prepareStoreFile } from './store-file.js';
import { Store } from './store.js';
import { GROUP_SIZE, GROUP_SIZE_MAX, GROUP_SIZE_MIN } from './chunk-groups.js';
import type { StoreOptions } from './types.js';

/**
 * Opens a store (creating it when the directory has none). Only one process may have a store
 * open: a second one gets StoreLockedError (the index's LevelDB lock, released on exit).
 */
export async function openStore(dir: string, options: StoreOptions = {}): Promise<Store> {
  const layout = storeLayout(dir);
  const resolved = {
    zstdLevel: options.zstdLevel ?? 3,
    packSize: options.packSize ?? 16 * 1024 * 1024,
    groupSize: options.groupSize ?? GROUP_SIZE,
    x86Filter: options.x86Filter ?? true,
    compressionThreads: options.compressionThreads,
    decompressionInlineBytes: options.decompressionInlineBytes,
    onProgress: options.onProgress,
    onWarning: options.onWarning,
  };
  if (!Number.isInteger(resolved.zstdLevel) || resolved.zstdLevel < -7 || resolved.zstdLevel > 22) {
    throw new RangeError(`zstdLevel must be an integer between -7 and 22, got ${resolved.zstdLevel}`);
  }
  if (typeof resolved.x86Filter !== 'boolean') throw new TypeError(`x86Filter must be a boolean, got ${String(resolved.x86Filter)}`);
  if (!Number.isInteger(resolved.groupSize) || (resolved.groupSize !== 0 && (resolved.groupSize < GROUP_SIZE_MIN || resolved.groupSize > GROUP_SIZE_MAX))) {
    throw new RangeError(`groupSize must be 0 or from ${GROUP_SIZE_MIN} to ${GROUP_SIZE_MAX} bytes, got ${resolved.groupSize}`);
  }
  const info = await stat(dir).catch(() => undefined);
  if (info && !info.isDirectory()) throw new BadInputError(`store path is not a directory: ${dir}`, { path: dir });
  const prepared = await prepareStoreFile(layout, info !== undefined, options);
  await mkdir(layout.packs, { recursive: true });
  await mkdir(layout.tmp, { recursive: true });
  const db = await openIndex(layout.index, dir);
  const store = new Store(layout, db, prepared.file, resolved);
  try {
    await store.reconcile();
    await store.settleStoreFile(prepared, options.chunker);
    return store;
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
}

