/**
 * Reading every pack for repair: good packs (checksum and structure hold) are kept as record
 * lists, damaged ones are scanned for records that still check out (see pack/scan.ts), and the
 * damaged packs are moved to STORE/quarantine/ once what could be saved is in new packs.
 */
import { mkdir, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AbortedError } from '../errors.js';
import { RecordKind, parsePack, scanPack, syncDirectory } from '../pack/index.js';
import { recordBytes, recordIntact } from './record-check.js';
const isNameKind = (kind) => kind === RecordKind.NameEvent || kind === RecordKind.NameSnapshot;
/** Reads and checks every pack on disk, one at a time. */
export async function surveyPacks(ctx, onDisk, options = {}) {
    const decompressor = ctx.packs.decompressor;
    const survey = { good: [], damaged: [], names: [], sequence: 0 };
    let done = 0;
    for (const [id, path] of onDisk) {
        if (options.signal?.aborted)
            throw new AbortedError(options.signal.reason);
        ctx.options.onProgress?.({ type: 'repair:pack', done: done++, total: onDisk.size });
        const bytes = await readFile(path);
        let parsed;
        try {
            parsed = parsePack(bytes, id);
        }
        catch {
            const scan = scanPack(bytes, id, (r) => recordIntact(decompressor, r));
            // Payloads are copied out of the file's buffer: only the good records are kept.
            const good = scan.good.map((r) => ({ ...r, payload: Buffer.from(r.payload) }));
            survey.damaged.push({ id, path, sequence: scan.sequence, good, damaged: scan.damaged, lostBytes: scan.lostBytes });
            for (const r of good) {
                if (isNameKind(r.kind))
                    survey.names.push({ sequence: scan.sequence ?? -1, offset: r.offset, kind: r.kind, bytes: recordBytes(decompressor, r) });
            }
            if (scan.sequence !== undefined)
                survey.sequence = Math.max(survey.sequence, scan.sequence);
            continue;
        }
        const namePayloads = new Map();
        for (const r of parsed.records) {
            if (!isNameKind(r.kind))
                continue;
            const payload = recordBytes(decompressor, r);
            if (payload === undefined)
                continue; // indexing reads it again and fails loudly
            namePayloads.set(r.offset, payload);
            survey.names.push({ sequence: parsed.sequence, offset: r.offset, kind: r.kind, bytes: payload });
        }
        const records = parsed.records.map(({ payload: _payload, ...entry }) => entry);
        survey.good.push({ id, sequence: parsed.sequence, bytes: bytes.length, records, namePayloads });
        survey.sequence = Math.max(survey.sequence, parsed.sequence);
    }
    survey.good.sort((a, b) => a.sequence - b.sequence || (a.id < b.id ? -1 : 1));
    survey.names.sort((a, b) => a.sequence - b.sequence || a.offset - b.offset);
    return survey;
}
/** Moves damaged packs out of packs/ into STORE/quarantine/; returns their new paths. */
export async function quarantinePacks(ctx, packs) {
    if (packs.length === 0)
        return [];
    const dir = join(ctx.layout.root, 'quarantine');
    await mkdir(dir, { recursive: true });
    const moved = [];
    for (const pack of packs) {
        await ctx.packs.closePackFile(pack.id);
        const target = join(dir, `${pack.id}.pack`);
        await rename(pack.path, target);
        moved.push(target);
    }
    await syncDirectory(dir);
    for (const pack of packs)
        await syncDirectory(dirname(pack.path)).catch(() => undefined);
    return moved;
}
/** Moves a damaged index directory to STORE/quarantine/index-<time>; returns where it went. */
export async function quarantineIndex(root, index) {
    const dir = join(root, 'quarantine');
    await mkdir(dir, { recursive: true });
    const target = join(dir, `index-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    await rename(index, target);
    await syncDirectory(dir);
    await syncDirectory(root);
    return target;
}
//# sourceMappingURL=salvage.js.map