/**
 * The index: a LevelDB database (the `level` package) mapping digests to record locations,
 * names to images, and packs to their record counts. It holds nothing that is not also in the
 * packs: repair rebuilds it from them. Its keys and values are spelled in keys.ts.
 */
import { resolve } from 'node:path';
import { Level } from 'level';
import { CairnError, StoreLockedError } from '../errors.js';
import { isNoSpace, nameWriteFailure } from './write-failure.js';

export type IndexDb = Level<string, Uint8Array>;

/** One index write. */
export type IndexOp = { type: 'put'; key: string; value: Uint8Array } | { type: 'del'; key: string };

/** Index directories this process has open, so that a second open here is not blamed on another process. */
const openHere = new Set<string>();

/** Opens (creating if needed) the index; a second opener (process, or handle in this process) gets StoreLockedError. */
export async function openIndex(path: string, root: string): Promise<IndexDb> {
  const key = resolve(path);
  if (openHere.has(key)) {
    throw new CairnError('CAIRN_LOCKED', `store already open in this process: ${root} (close the other handle first)`, { path: root });
  }
  const db = new Level<string, Uint8Array>(path, { keyEncoding: 'utf8', valueEncoding: 'view' });
  try {
    await db.open();
    openHere.add(key);
    db.once('closed', () => openHere.delete(key));
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    if (cause?.code === 'LEVEL_LOCKED' || /lock/i.test(String((cause as Error | undefined)?.message ?? ''))) {
      throw new StoreLockedError(root, error);
    }
    // LevelDB writes on every open (the last log becomes a new table, and a new manifest): a full disk stops it.
    if (isNoSpace(error)) throw nameWriteFailure(error, root, 'the index cannot open (LevelDB writes a new table and manifest when it opens)');
    throw new CairnError('CAIRN_IO', `cannot open the index at ${path}: ${(error as Error).message}`, { path, cause: error });
  }
  return db;
}
