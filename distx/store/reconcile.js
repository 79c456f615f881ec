/**
 * Open-time reconcile: brings the index in line with the packs after a crash. Unsealed
 * temporary files are deleted; sealed packs the index never heard of (a crash between seal and
 * index commit) are indexed in sequence order; packs gc marked for deletion (see gc.ts) are
 * finished off: deleted if still there, dropped from the index. Any other indexed pack that is
 * gone stays in the index: it was lost, not collected, and verify, reads and repair name it.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { DISCARDED_FILE } from './discard.js';
import { join } from 'node:path';
import { parsePack } from '../pack/index.js';
import { dropPacksFromIndex, indexRecords, readDeletingPacks, readPackSummaries } from './indexing.js';
import { SEQUENCE_KEY, decodeSequence } from './keys.js';
import { listPackFiles } from './layout.js';
export async function reconcile(ctx) {
    await cleanTmp(ctx);
    const onDisk = await listPackFiles(ctx.layout);
    const indexed = await readPackSummaries(ctx.db);
    ctx.sequence = decodeSequence(await ctx.db.get(SEQUENCE_KEY));
    const deleting = await readDeletingPacks(ctx.db);
    // Packs a failed write deleted on a full disk before the index could drop them (discard.ts).
    const marker = join(ctx.layout.root, DISCARDED_FILE);
    const discarded = await readFile(marker, 'utf8').catch(() => '');
    for (const id of discarded.split('\n'))
        if (/^[0-9a-f]{64}$/.test(id))
            deleting.add(id);
    if (deleting.size > 0) {
        // gc had committed its new packs and marked these before it was interrupted.
        for (const id of deleting)
            if (onDisk.has(id))
                await rm(onDisk.get(id), { force: true });
        for (const id of deleting)
            onDisk.delete(id);
        await dropPacksFromIndex(ctx.db, deleting);
        for (const id of deleting)
            indexed.delete(id);
    }
    if (discarded)
        await rm(marker, { force: true });
    const unindexed = [...onDisk.keys()].filter((id) => !indexed.has(id));
    const parsed = [];
    for (const id of unindexed) {
        try {
            parsed.push(parsePack(await readFile(onDisk.get(id)), id));
        }
        catch {
            // A damaged pack is verify's and repair's business; it is not indexed.
        }
    }
    parsed.sort((a, b) => a.sequence - b.sequence);
    for (const pack of parsed)
        await indexRecords(ctx, pack.id, pack.sequence, pack.bytes.length, pack.records);
}
/** Deletes what an interrupted write or repair left in tmp/. */
export async function cleanTmp(ctx) {
    for (const name of await readdir(ctx.layout.tmp))
        await rm(join(ctx.layout.tmp, name), { force: true, recursive: true });
}
//# sourceMappingURL=reconcile.js.map