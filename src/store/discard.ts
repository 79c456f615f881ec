/**
 * After a failed write (an ingest that ran out of space, say): the packs it sealed before the
 * failure hold records that nothing names, and would stay until the next gc. Those whose
 * records are all unreferenced are dropped from the index and deleted, so that a failed ingest
 * leaves the store as it found it. A pack is kept when any of its records is reachable from a
 * name (another image of the same ingest may already be named) or is a name record.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { RecordKind, parsePack, syncDirectory } from '../pack/index.js';
import type { StoreContext } from './context.js';
import { dropPacksFromIndex } from './indexing.js';
import { packPath } from './layout.js';
import { isNoSpace } from './write-failure.js';
import { holdsLive } from './live-records.js';

/** Packs a failed write deleted before the index could drop them (one id per line); see discardPacks. */
export const DISCARDED_FILE = 'discarded-packs';

/** Deletes those of `ids` that hold nothing live (`live`: object keys reachable from names). Returns the ids deleted. */
export async function discardPacks(ctx: StoreContext, ids: readonly string[], live: Set<string>): Promise<string[]> {
  const gone = new Set<string>();
  for (const id of ids) {
    let records;
    try {
      records = parsePack(await readFile(packPath(ctx.layout, id)), id).records;
    } catch {
      continue; // unreadable: verify and repair's business
    }
    const needed = records.some((r) =>
      r.kind === RecordKind.NameEvent || r.kind === RecordKind.NameSnapshot || holdsLive(ctx.packs.decompressor, r, live));
    if (!needed) gone.add(id);
  }
  if (gone.size === 0) return [];
  // The index first: a crash in between leaves packs the index never heard of, which the next
  // open indexes. On a full disk the index may not write (or, measured here, may accept a batch
  // that LevelDB then loses when its log could not be written), so once the packs are gone and
  // space is free again their ids also go to DISCARDED_FILE: the next open drops them from the
  // index quietly (a pack that is gone and neither listed there nor marked by gc is reported as
  // lost) and removes the file.
  try {
    await dropPacksFromIndex(ctx.db, gone);
  } catch (error) {
    if (!isNoSpace(error)) throw error;
  }
  await deletePacks(ctx, gone);
  await writeFile(join(ctx.layout.root, DISCARDED_FILE), [...gone].join('\n') + '\n', { flush: true });
  await syncDirectory(ctx.layout.root).catch(() => undefined);
  return [...gone];
}

async function deletePacks(ctx: StoreContext, ids: Set<string>): Promise<void> {
  for (const id of ids) {
    await ctx.packs.closePackFile(id);
    await rm(packPath(ctx.layout, id), { force: true });
  }
  for (const id of ids) await syncDirectory(dirname(packPath(ctx.layout, id))).catch(() => undefined);
}
