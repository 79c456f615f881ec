/**
 * repair: rebuilds the index from the packs alone, whatever state the old index is in, and
 * saves what can be saved from damaged packs.
 *
 *  1. What the old index knew of packs that are gone (when it can still be read): those objects
 *     were lost with their pack.
 *  2. Every pack is read and checked (salvage.ts). Good packs are indexed, in sequence order,
 *     into a fresh index built in tmp/; damaged packs are scanned, and every record that still
 *     checks out is copied into new sealed packs.
 *  3. The name table is replayed from every name record that survived and written as one
 *     snapshot; names whose image now lacks content (the walk in loss-report.ts) are removed,
 *     so that the repaired store verifies, and reported. Ingesting the content again heals it.
 *  4. The fresh index replaces the old one (the old directory is deleted), and the damaged
 *     packs move to STORE/quarantine/.
 *
 * A crash before step 4 leaves the old index in place (tmp/ is cleaned on open; new packs are
 * indexed by the next open); a crash between the renames of step 4 leaves no index, which the
 * next open rebuilds from the packs.
 */
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DIGEST_PREFIX } from '../digest.js';
import { RecordKind } from '../pack/index.js';
import { syncDirectory } from '../pack/index.js';
import { openIndex } from './index-db.js';
import { indexRecords } from './indexing.js';
import { KIND_NAMES, OBJECT_RANGE, PACK_RANGE, decodeLocation, packIdOfKey, parseObjectKey } from './keys.js';
import { listPackFiles } from './layout.js';
import { findAffected } from './loss-report.js';
import { encodeNameEvent, encodeNameSnapshot, listNames } from './names.js';
import { quarantinePacks, surveyPacks } from './salvage.js';
const isNameKind = (kind) => kind === RecordKind.NameEvent || kind === RecordKind.NameSnapshot;
/** Repairs the store (the caller has committed the open pack). `source` reads through ctx.db. */
export async function repairIndex(ctx, session, source, options = {}) {
    const onDisk = await listPackFiles(ctx.layout);
    const survey = await surveyPacks(ctx, onDisk, options);
    const old = await readOldIndex(ctx.db, onDisk, new Set(survey.good.map((p) => p.id)));
    const oldDb = ctx.db;
    const freshPath = join(ctx.layout.tmp, `index-rebuild-${process.pid}`);
    await rm(freshPath, { recursive: true, force: true });
    const fresh = await openIndex(freshPath, ctx.layout.root);
    ctx.db = fresh;
    ctx.sequence = Math.max(ctx.sequence, survey.sequence);
    let salvaged = 0;
    let lost;
    try {
        for (const pack of survey.good)
            await indexRecords(ctx, pack.id, pack.sequence, pack.bytes, pack.records, pack.namePayloads);
        for (const pack of survey.damaged) {
            for (const r of pack.good) {
                if (isNameKind(r.kind) || (await session.locate(r.kind, r.digest)))
                    continue;
                await session.serial(() => session.appendCopied(r));
                salvaged++;
            }
        }
        const table = replayNames(survey.names);
        if (survey.damaged.length > 0 || old.missingPacks.length > 0)
            await session.putMeta(RecordKind.NameSnapshot, encodeNameSnapshot(table));
        await session.commit();
        lost = await assessLoss(session, source, survey.damaged, old, table);
    }
    catch (error) {
        ctx.db = oldDb;
        await fresh.close().catch(() => undefined);
        throw error;
    }
    await swapIndex(ctx, oldDb, fresh);
    const quarantined = await quarantinePacks(ctx, survey.damaged);
    return {
        packs: survey.good.length,
        records: survey.good.reduce((n, p) => n + p.records.length, 0),
        names: (await listNames(ctx.db)).length,
        damagedPacks: survey.damaged.map((p) => p.id),
        missingPacks: old.missingPacks.sort(),
        salvagedRecords: salvaged,
        quarantined,
        lost,
    };
}
/**
 * What was lost, once the good packs and the saved records are indexed: the walk from names,
 * the damaged records, and what the old index placed outside good packs, less anything that
 * survives elsewhere. Names whose image lacks content are removed (and committed).
 */
async function assessLoss(session, source, damaged, old, table) {
    const affected = await findAffected(source);
    for (const name of affected.names)
        await session.putMeta(RecordKind.NameEvent, encodeNameEvent({ name, image: null }));
    await session.commit();
    const known = [
        ...damaged.flatMap((p) => p.damaged.map((r) => ({ kind: KIND_NAMES[r.kind], digest: DIGEST_PREFIX + r.digest, pack: p.id, k: r.kind, hex: r.digest }))),
        ...old.outside,
    ];
    const objects = new Map();
    for (const o of known) {
        const key = `${o.kind}:${o.digest}`;
        if (objects.has(key) || (await source.present(o.k, o.hex)))
            continue;
        objects.set(key, { kind: o.kind, digest: o.digest, pack: o.pack });
    }
    for (const m of affected.missing)
        if (!objects.has(`${m.kind}:${m.digest}`))
            objects.set(`${m.kind}:${m.digest}`, m);
    // Names the old index had that no surviving name record sets any more were lost with their records.
    const vanished = [...old.names].filter(([name]) => !(name in table.names));
    const images = new Set(affected.images);
    for (const [, image] of vanished)
        if (!(await source.present(RecordKind.Image, image.replace(DIGEST_PREFIX, ''))))
            images.add(image);
    return {
        objects: [...objects.values()].sort((a, b) => (a.kind + a.digest < b.kind + b.digest ? -1 : 1)),
        names: [...new Set([...affected.names, ...vanished.map(([name]) => name)])].sort(),
        images: [...images].sort(),
        layers: affected.layers,
        files: affected.files,
    };
}
async function readOldIndex(db, onDisk, goodPacks) {
    const old = { names: new Map(), outside: [], missingPacks: [] };
    try {
        for await (const key of db.keys(PACK_RANGE))
            if (!onDisk.has(packIdOfKey(key)))
                old.missingPacks.push(packIdOfKey(key));
        for (const { name, image } of await listNames(db))
            old.names.set(name, image);
        for await (const [key, value] of db.iterator(OBJECT_RANGE)) {
            const { kind, hex } = parseObjectKey(key);
            const pack = decodeLocation(value).pack;
            if (!goodPacks.has(pack) && !isNameKind(kind) && KIND_NAMES[kind]) {
                old.outside.push({ kind: KIND_NAMES[kind], digest: DIGEST_PREFIX + hex, pack, k: kind, hex });
            }
        }
    }
    catch {
        // A damaged index: what it still told is kept; the walk from names finds what is missing.
    }
    return old;
}
/** The name table after replaying name records in order (events set or remove, snapshots replace). */
export function replayNames(records) {
    let names = {};
    for (const r of records) {
        let json;
        try {
            json = JSON.parse(Buffer.from(r.bytes).toString('utf8'));
        }
        catch {
            continue;
        }
        if (r.kind === RecordKind.NameSnapshot)
            names = { ...json.names };
        else {
            const event = json;
            if (event.image)
                names[event.name] = event.image;
            else
                delete names[event.name];
        }
    }
    return { names };
}
/** Puts the rebuilt index in the old one's place and reopens it as the store's index. */
async function swapIndex(ctx, old, fresh) {
    await fresh.close();
    await old.close().catch(() => undefined);
    const aside = join(ctx.layout.tmp, `index-old-${process.pid}`);
    await rm(aside, { recursive: true, force: true });
    await rename(ctx.layout.index, aside).catch((error) => {
        if (error.code !== 'ENOENT')
            throw error;
    });
    await rename(fresh.path, ctx.layout.index);
    await syncDirectory(ctx.layout.root);
    ctx.db = await openIndex(ctx.layout.index, ctx.layout.root);
    await rm(aside, { recursive: true, force: true });
}
//# sourceMappingURL=repair.js.map