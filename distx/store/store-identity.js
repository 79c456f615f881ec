/**
 * The chunker identity kept in the packs. Every pack starts with a store-info record (kind 8)
 * holding what cairn-store.json holds, so the file is a copy of a fact the packs keep. On open,
 * once reconcile has indexed every pack, the store file is checked against the packs' records
 * (a mismatch is refused: cairn never mixes cut rules), or restored from them when it is lost.
 */
import { IncompatibleStoreError } from '../errors.js';
import { sha256Raw } from '../digest.js';
import { formatChunkerIdentity } from '../chunker/index.js';
import { RecordKind } from '../pack/index.js';
import { decodeLocation, kindRange, parseObjectKey } from './keys.js';
import { STORE_FILE } from './layout.js';
import { decodeStoreInfo, readStoreFile, refuseOtherChunker, writeStoreFile } from './store-file.js';
/**
 * The store files the packs record, one per distinct chunker identity (normally one; none for a
 * store whose packs all predate the record). Index entries are one per distinct record content,
 * so this reads one record or a few. A record that does not read back intact is left out: it is
 * damage that verify and repair report, and it must not keep the store from opening.
 */
export async function packStoreInfos(ctx) {
    const byIdentity = new Map();
    for await (const [key, value] of ctx.db.iterator(kindRange(RecordKind.StoreInfo))) {
        const { hex } = parseObjectKey(key);
        try {
            const location = decodeLocation(value);
            const bytes = await ctx.packs.readRecord(location, hex);
            if (sha256Raw(bytes).toString('hex') !== hex)
                continue;
            const info = decodeStoreInfo(bytes, `the store-info record in pack ${location.pack}`);
            byIdentity.set(formatChunkerIdentity(info.chunker), info);
        }
        catch {
            continue;
        }
    }
    return [...byIdentity.values()];
}
/**
 * The store file an open store uses, settled against the packs (call after reconcile): an
 * existing file must name the chunker the packs were cut with; a new store's file is written;
 * a lost one is restored from the packs (and `warn` says so), refusing requested chunker
 * options that differ. Throws IncompatibleStoreError on any mismatch.
 */
export async function settleStoreFile(ctx, prepared, requested, warn) {
    const dir = ctx.layout.root;
    const infos = await packStoreInfos(ctx);
    if (infos.length > 1) {
        throw new IncompatibleStoreError(`the packs of store ${dir} were cut with different chunkers (${infos.map((i) => formatChunkerIdentity(i.chunker)).join('; ')}): cairn does not mix cut rules`, { path: dir });
    }
    const fromPacks = infos[0];
    if (prepared.state === 'existing') {
        if (fromPacks && formatChunkerIdentity(fromPacks.chunker) !== formatChunkerIdentity(prepared.file.chunker)) {
            throw new IncompatibleStoreError(`${ctx.layout.storeFile} says the store cuts chunks with ${formatChunkerIdentity(prepared.file.chunker)}, but its packs were cut with ` +
                `${formatChunkerIdentity(fromPacks.chunker)}; if the packs are right, delete ${STORE_FILE} and cairn restores it from them`, { path: ctx.layout.storeFile });
        }
        return prepared.file;
    }
    if (prepared.state === 'lost') {
        if (fromPacks) {
            refuseOtherChunker(dir, fromPacks, requested);
            await writeStoreFile(ctx.layout, fromPacks);
            warn(`${STORE_FILE} was missing from ${dir}: restored from the packs (chunker ${formatChunkerIdentity(fromPacks.chunker)})`);
            return fromPacks;
        }
        warn(`${STORE_FILE} was missing from ${dir} and its packs predate store-info records: assuming chunker ${formatChunkerIdentity(prepared.file.chunker)}`);
    }
    await writeStoreFile(ctx.layout, prepared.file);
    return prepared.file;
}
/** repair: writes the store file back from the packs (or the open store's) when it is missing. */
export async function restoreStoreFile(ctx, warn) {
    if (await readStoreFile(ctx.layout))
        return;
    const file = (await packStoreInfos(ctx))[0] ?? ctx.file;
    await writeStoreFile(ctx.layout, file);
    warn(`${STORE_FILE} was missing from ${ctx.layout.root}: restored (chunker ${formatChunkerIdentity(file.chunker)})`);
}
//# sourceMappingURL=store-identity.js.map