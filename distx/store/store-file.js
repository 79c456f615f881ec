/**
 * cairn-store.json: the store's format, version and chunker, read and written atomically; and
 * the same facts as the store-info record that starts every pack (see store-identity.ts).
 */
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { LISTING_FILE } from './listing-cache.cjs';
import { join } from 'node:path';
import { BadInputError, CorruptDataError, IncompatibleStoreError, NotFoundError } from '../errors.js';
import { chunkerIdentity, formatChunkerIdentity, resolveChunkerParams, sameChunkerIdentity, } from '../chunker/index.js';
import { syncDirectory } from '../pack/index.js';
import { listPackFiles } from './layout.js';
const FORMAT = 'cairn-store';
const FORMAT_VERSION = 1;
/** The store file, or undefined when there is none. */
export async function readStoreFile(layout) {
    let text;
    try {
        text = await readFile(layout.storeFile, 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    }
    return parseStoreFile(text, layout.storeFile);
}
/** Parses store-file JSON (from cairn-store.json or a store-info record); `where` names it in errors. */
function parseStoreFile(text, where) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (cause) {
        throw new CorruptDataError(`${where} is not valid JSON`, { path: where, cause });
    }
    if (parsed?.format !== FORMAT || parsed.version !== FORMAT_VERSION || !parsed.chunker || !parsed.chunkerParams) {
        throw new IncompatibleStoreError(`${where}: not a cairn store of version ${FORMAT_VERSION}`, { path: where });
    }
    return parsed;
}
/**
 * The store-info record (kind 8) that starts every pack: the store file's facts as JSON with a
 * fixed key order and no whitespace, so that every pack of a store carries the same bytes.
 */
export function encodeStoreInfo(file) {
    const c = file.chunker;
    const p = file.chunkerParams;
    return Buffer.from(JSON.stringify({
        format: file.format,
        version: file.version,
        chunker: { algorithm: c.algorithm, version: c.version, min: c.min, avg: c.avg, max: c.max, align: c.align, normalization: c.normalization, seed: c.seed },
        chunkerParams: { mode: p.mode, min: p.min, avg: p.avg, max: p.max, align: p.align, normalization: p.normalization, seed: p.seed },
        created: file.created,
    }));
}
/** A store-info record's bytes as a store file. */
export function decodeStoreInfo(bytes, where) {
    return parseStoreFile(Buffer.from(bytes).toString('utf8'), where);
}
/** Writes the store file atomically (temporary file, rename, directory fsync). */
export async function writeStoreFile(layout, file) {
    const tmp = join(layout.tmp, 'store.json.tmp');
    await writeFile(tmp, JSON.stringify(file, null, 2) + '\n', { flush: true });
    await rename(tmp, layout.storeFile);
    await syncDirectory(layout.root);
}
/** Reads the store file of the store at `layout`, refusing a chunker other than the store's. */
export async function prepareStoreFile(layout, exists, options) {
    const dir = layout.root;
    const existing = await readStoreFile(layout);
    if (existing) {
        refuseOtherChunker(dir, existing, options.chunker);
        return { state: 'existing', file: existing };
    }
    if ((await listPackFiles(layout)).size > 0)
        return { state: 'lost', file: newStoreFile(options.chunker) };
    if (options.create === false)
        throw new NotFoundError(`no cairn store at ${dir}`, { path: dir });
    if (exists && (await readdir(dir)).some((n) => n !== 'index' && n !== 'packs' && n !== 'tmp' && n !== LISTING_FILE && n !== `${LISTING_FILE}.tmp`)) {
        throw new BadInputError(`not a cairn store and not empty: ${dir}`, { path: dir });
    }
    return { state: 'new', file: newStoreFile(options.chunker) };
}
/** A new store's file for these chunker options. */
function newStoreFile(chunker) {
    const params = resolveChunkerParams(chunker);
    return {
        format: FORMAT,
        version: FORMAT_VERSION,
        chunker: chunkerIdentity(params),
        chunkerParams: { ...params, seed: params.seed.toString() },
        created: new Date().toISOString(),
    };
}
/** Throws IncompatibleStoreError when chunker options were given and differ from the store's. */
export function refuseOtherChunker(dir, file, requested) {
    if (!requested)
        return;
    const wanted = chunkerIdentity(resolveChunkerParams(requested));
    if (!sameChunkerIdentity(wanted, file.chunker)) {
        throw new IncompatibleStoreError(`store ${dir} cuts chunks with ${formatChunkerIdentity(file.chunker)}; refusing ${formatChunkerIdentity(wanted)}`, { path: dir });
    }
}
/** The chunker parameters recorded in a store file. */
export function storeChunkerParams(file) {
    const p = file.chunkerParams;
    return resolveChunkerParams({ ...p, seed: BigInt(p.seed) });
}
//# sourceMappingURL=store-file.js.map