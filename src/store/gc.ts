/**
 * gc: reclaims what nothing names. Packs whose records are all dead are deleted; packs with some
 * live records have those copied (as stored, not recompressed) into new packs. New packs are
 * sealed and indexed before any old pack is deleted, and a fresh name snapshot is written, so
 * a crash at any point leaves a store that opens and verifies.
 */
import { access, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AbortedError, CorruptDataError } from '../errors.js';
import { RecordKind, parsePack, syncDirectory } from '../pack/index.js';
import { holdsLive } from './live-records.js';
import type { StoreContext } from './context.js';
import { dropPacksFromIndex, markPacksDeleting, readPackSummaries } from './indexing.js';
import { packPath } from './layout.js';
import { snapshotNames } from './names.js';
import type { GcReport } from './types.js';
import type { WriteSession } from './write-path.js';

/** Collects garbage; `live` is the set of reachable object keys (the caller has committed). */
export async function collectGarbage(
  ctx: StoreContext, session: WriteSession, live: Set<string>, options: { signal?: AbortSignal } = {},
): Promise<GcReport> {
  const packs = await readPackSummaries(ctx.db);
  await refuseMissingPacks(ctx, packs.keys());
  const bytesBefore = [...packs.values()].reduce((a, p) => a + p.bytes, 0);
  const rewrite: string[] = [];
  const drop: string[] = [];
  let recordsRemoved = 0;
  let done = 0;
  // The offsets of the records each mixed pack keeps (not the records: their payloads are views
  // of the whole pack's buffer, and holding them held every mixed pack in memory at once).
  const plans = new Map<string, Set<number>>();
  for (const [id] of packs) {
    if (options.signal?.aborted) throw new AbortedError(options.signal.reason);
    const parsed = parsePack(await readFile(packPath(ctx.layout, id)), id);
    // A chunk group is kept whole while any of its members is live (its dead members with it).
    const keep = parsed.records.filter((r) => holdsLive(ctx.packs.decompressor, r, live));
    // The store-info record that starts every pack is not garbage, nor a reason to rewrite one.
    const dead = parsed.records.filter((r) => r.kind !== RecordKind.StoreInfo).length - keep.length;
    if (dead === 0) continue;
    recordsRemoved += dead;
    if (keep.length === 0) drop.push(id);
    else {
      rewrite.push(id);
      plans.set(id, new Set(keep.map((r) => r.offset)));
    }
  }
  // Copy live records of mixed packs, then a name snapshot, into new packs.
  for (const id of rewrite) {
    ctx.options.onProgress?.({ type: 'gc:pack', done: done++, total: rewrite.length });
    const parsed = parsePack(await readFile(packPath(ctx.layout, id)), id);
    const keep = plans.get(id)!;
    for (const r of parsed.records) {
      if (!keep.has(r.offset)) continue;
      await session.serial(() => session.appendCopied(r));
    }
  }
  if (rewrite.length > 0 || drop.length > 0) {
    ctx.check();
    await snapshotNames(ctx.db, session);
    await session.commit();
    const gone = new Set([...rewrite, ...drop]);
    // Marked first: a crash after some deletions leaves packs that open drops without a word.
    await markPacksDeleting(ctx.db, gone);
    for (const id of gone) {
      await ctx.packs.closePackFile(id);
      await rm(packPath(ctx.layout, id), { force: true });
    }
    for (const id of gone) await syncDirectory(join(ctx.layout.packs, id.slice(0, 2))).catch(() => undefined);
    await dropPacksFromIndex(ctx.db, gone);
  }
  const after = await readPackSummaries(ctx.db);
  const bytesAfter = [...after.values()].reduce((a, p) => a + p.bytes, 0);
  return { packsBefore: packs.size, packsAfter: after.size, bytesBefore, bytesAfter, recordsRemoved };
}

/** gc works from the index: a pack it lists that is gone must be repaired first, not collected around. */
async function refuseMissingPacks(ctx: StoreContext, ids: Iterable<string>): Promise<void> {
  for (const id of ids) {
    const present = await access(packPath(ctx.layout, id)).then(() => true, () => false);
    if (!present) throw new CorruptDataError(`pack ${id} is missing; run cairn repair before gc`, { pack: id });
  }
}
