/** Where a store keeps its files, and where the default store is. */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export { defaultStoreDir } from './default-dir.cjs';

export const STORE_FILE = 'cairn-store.json';

export interface StoreLayout {
  root: string;
  storeFile: string;
  packs: string;
  tmp: string;
  index: string;
  /** The files cache (src/ingest/files-cache.ts): speed only, dropped by repair. */
  filesCache: string;
}

export function storeLayout(root: string): StoreLayout {
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
export function packPath(layout: StoreLayout, id: string): string {
  return join(layout.packs, id.slice(0, 2), `${id}.pack`);
}

/** Every pack file on disk: id → path (files not named like a pack are ignored). */
export async function listPackFiles(layout: StoreLayout): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const sub of await readdir(layout.packs).catch(() => [] as string[])) {
    const dir = join(layout.packs, sub);
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const m = /^([0-9a-f]{64})\.pack$/.exec(name);
      if (m) found.set(m[1]!, join(dir, name));
    }
  }
  return found;
}
