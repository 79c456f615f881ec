/**
 * Version 5 bundles: the chunk sections decompressed, each against its dictionary (base files
 * of the receiver's store, section-dictionary.ts), into one file of raw chunks in the spool;
 * every chunk the plan lists by length alone is cut from them in plan order, named by its
 * sha256, and given that digest in the plan, so that the rest of apply reads it as it reads a
 * chunk pack's. The sections were checked against their digests as blobs; what they hold is
 * checked again as each rebuilt file is, by its digest.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { BadInputError, CorruptDataError } from '../errors.js';
import { zstdDecompressInto } from '../delta/zstd.js';
import { layerFiles } from './layer-files.js';
import { SECTION_BYTES } from './chunk-sections.js';
import { buildDictionary } from './section-dictionary.js';
/** Chunks of the plan listed by length alone, in plan order. */
function* lengthOnly(plan) {
    for (const file of plan.files) {
        if (file.via !== 'chunks')
            continue;
        if (!Array.isArray(file.chunks))
            throw new BadInputError(`bundle: file sha256:${file.digest} has a malformed chunk list`);
        for (const chunk of file.chunks) {
            if (!Array.isArray(chunk))
                throw new BadInputError(`bundle: file sha256:${file.digest} has a malformed chunk list`);
            if (chunk.length === 1)
                yield chunk;
        }
    }
}
export async function unpackSections(store, spool, plan) {
    const sections = plan.sections;
    if (plan.version < 5) {
        if (sections !== undefined)
            throw new BadInputError(`bundle: plan version ${plan.version} has chunk sections`);
        if (!lengthOnly(plan).next().done)
            throw new BadInputError(`bundle: plan version ${plan.version} lists a chunk without its digest`);
        return undefined;
    }
    if (plan.chunkPack !== undefined)
        throw new BadInputError(`bundle: plan version ${plan.version} has a chunk pack`);
    if (sections === undefined) {
        if (!lengthOnly(plan).next().done)
            throw new BadInputError('bundle: a chunk listed by its length but no chunk section');
        return undefined;
    }
    if (!Array.isArray(sections) || !sections.every((s) => typeof s?.blob === 'string' && Number.isSafeInteger(s.length) && s.length > 0 && s.length <= SECTION_BYTES)) {
        throw new BadInputError('bundle: malformed chunk section list');
    }
    for (const s of sections)
        spool.pathOf(s.blob);
    const path = join(spool.dir, 'chunk-sections');
    const file = await open(path, 'w');
    const records = new Map();
    const lists = new Map();
    const list = async (diffId) => {
        if (!lists.has(diffId))
            lists.set(diffId, await layerFiles(store, diffId));
        return lists.get(diffId);
    };
    const wanted = lengthOnly(plan);
    let offset = 0;
    // One buffer for every section's bytes and one for its frame, reused: memory is a section's
    // worth whatever the number of sections (garbage per section would pile up until a GC).
    const out = Buffer.allocUnsafeSlow(Math.max(...sections.map((s) => s.length)));
    let input = Buffer.alloc(0);
    try {
        for (const [i, section] of sections.entries()) {
            const what = `bundle: chunk section ${i}`;
            const dictionary = section.dictionary ? await buildDictionary(store, section.dictionary, list, `chunk section ${i}`) : undefined;
            const frame = await open(spool.pathOf(section.blob), 'r');
            let size;
            try {
                size = (await frame.stat()).size;
                if (input.length < size)
                    input = Buffer.allocUnsafeSlow(size);
                if ((await frame.read(input, 0, size, 0)).bytesRead !== size)
                    throw new CorruptDataError(`${what} is cut short`);
            }
            finally {
                await frame.close();
            }
            const raw = zstdDecompressInto(out.subarray(0, section.length), input.subarray(0, size), what, dictionary);
            for (let at = 0; at < raw.length;) {
                const next = wanted.next();
                if (next.done)
                    throw new CorruptDataError(`${what} holds ${raw.length - at} bytes no chunk of the plan uses`);
                const chunk = next.value;
                const length = chunk[0];
                if (!Number.isSafeInteger(length) || length <= 0 || at + length > raw.length) {
                    throw new CorruptDataError(`${what}: a chunk of ${JSON.stringify(length)} bytes does not fit in what is left of it (${raw.length - at})`);
                }
                const bytes = raw.subarray(at, at + length);
                const hex = createHash('sha256').update(bytes).digest('hex');
                records.set(hex, { at: offset + at, raw: length, stored: length, zstd: false });
                chunk.splice(0, 1, hex, length); // now [digest, length]
                at += length;
            }
            await file.write(raw);
            offset += raw.length;
        }
    }
    finally {
        await file.close();
    }
    if (!wanted.next().done)
        throw new CorruptDataError(`bundle: the chunk sections hold fewer bytes (${offset}) than the plan's chunks`);
    return { path, records };
}
//# sourceMappingURL=unpack-sections.js.map