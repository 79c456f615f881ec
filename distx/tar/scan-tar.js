/**
 * The tar reader underneath `splitTar` and `readEntries`: one pass over the stream that
 * turns it into events — framing bytes (header blocks, extension headers and their data,
 * sparse extension blocks, padding, the end-of-archive blocks and everything after them),
 * and entries with their data left in the stream for the consumer to pull. Every byte of
 * the input comes out exactly once, either as framing or as entry data, in order.
 *
 * Where the reader is lenient and where it is not (each choice keeps byte-exact
 * round trips possible without accepting garbage):
 * - The first all-zero block where a header is expected ends the archive. Everything from
 *   there to the end of the stream is framing, read in pieces of at most 1 MiB and never
 *   parsed: one zero block or many, junk, a torn last block. So is a short final piece of
 *   zeros where a header would start.
 * - The stream may end cleanly at any header boundary (with no end-of-archive blocks at all,
 *   even after an extension header whose entry never came) or inside the padding after the
 *   last data, as Go's reader allows. It may not end inside a header, extension data or an
 *   entry's data: that is "truncated".
 * - A header block must carry a valid checksum; its numbers must parse; PAX records must be
 *   well formed (see pax-records.ts); sizes must be non-negative and below 2^53.
 * - Nothing is allocated from a size field: entry data streams through; extension data
 *   (PAX records, GNU long names) and old GNU sparse extension blocks are capped at
 *   `maxExtensionBytes` per entry, and the global PAX records in force at the same amount.
 *
 * One entry at a time: the reader does not look at the next header until the consumer has
 * asked for the next event; an entry's data left unread is skipped then.
 */
import { BadInputError } from '../errors.js';
import { ByteReader } from './byte-reader.js';
import { EntryData } from './entry-data.js';
import { checksumMatches, cutAtNul } from './header-fields.js';
import { BLOCK_SIZE, SPARSE_EXTENSION_ENTRY_COUNT, SPARSE_EXTENSION_IS_EXTENDED_OFFSET, TYPE_GNU_LONG_LINK, TYPE_GNU_LONG_NAME, TYPE_PAX_GLOBAL, TYPE_PAX_LOCAL, isAllZero, } from './header-layout.js';
import { parsePaxRecords } from './pax-records.js';
import { readOldGnuSparseEntries } from './sparse-map.js';
import { buildTarHeader, isPayloadHeader, parseRawHeader } from './tar-header.js';
export const DEFAULT_MAX_EXTENSION_BYTES = 1 << 20;
/** The largest framing piece read from the tail after the end-of-archive marker. */
const TAIL_PIECE_BYTES = 1 << 20;
/** Resolves the options into a new object, checking them (bad values are programming mistakes). */
function resolveScanOptions(options = {}) {
    const maxExtensionBytes = options.maxExtensionBytes ?? DEFAULT_MAX_EXTENSION_BYTES;
    if (!Number.isSafeInteger(maxExtensionBytes) || maxExtensionBytes < BLOCK_SIZE) {
        throw new RangeError(`maxExtensionBytes must be an integer of at least ${BLOCK_SIZE}, not ${maxExtensionBytes}`);
    }
    const resolved = { maxExtensionBytes };
    if (options.signal !== undefined)
        resolved.signal = options.signal;
    return resolved;
}
/** Reads a tar stream as events; see the module comment for what is accepted. */
export async function* scanTar(source, options = {}) {
    const { maxExtensionBytes, signal } = resolveScanOptions(options);
    const reader = new ByteReader(source, signal);
    try {
        const globalPax = new Map();
        let pending = {};
        let entryOffset;
        for (;;) {
            const blockOffset = reader.position;
            if (!(await reader.fill(BLOCK_SIZE))) {
                const left = reader.buffered;
                if (left === 0) {
                    if (blockOffset === 0)
                        throw new BadInputError('empty archive: the stream holds no bytes', { offset: 0 });
                    return;
                }
                const partial = reader.take(left);
                if (!isAllZero(partial)) {
                    throw new BadInputError(`truncated archive: the header block at offset ${blockOffset} has only ${left} of ${BLOCK_SIZE} bytes`, { offset: blockOffset });
                }
                yield { kind: 'end-of-archive', offset: blockOffset };
                yield { kind: 'framing', bytes: partial };
                return;
            }
            const block = reader.take(BLOCK_SIZE);
            if (isAllZero(block)) {
                yield { kind: 'end-of-archive', offset: blockOffset };
                yield { kind: 'framing', bytes: block };
                for (;;) {
                    const piece = await reader.readSome(TAIL_PIECE_BYTES);
                    if (piece === undefined)
                        return;
                    yield { kind: 'framing', bytes: piece };
                }
            }
            if (!checksumMatches(block)) {
                throw new BadInputError(`bad header checksum at offset ${blockOffset}: not a tar header`, { offset: blockOffset });
            }
            const raw = atOffset(blockOffset, () => parseRawHeader(block));
            entryOffset ??= blockOffset;
            yield { kind: 'framing', bytes: block };
            if (isExtensionType(raw.typeflag)) {
                const data = await readExtensionData(reader, raw, blockOffset, maxExtensionBytes);
                yield { kind: 'framing', bytes: data };
                if (raw.typeflag === TYPE_GNU_LONG_NAME) {
                    pending.longName = Uint8Array.from(cutAtNul(data));
                }
                else if (raw.typeflag === TYPE_GNU_LONG_LINK) {
                    pending.longLink = Uint8Array.from(cutAtNul(data));
                }
                else {
                    const records = atOffset(blockOffset, () => parsePaxRecords(Uint8Array.from(data)));
                    if (raw.typeflag === TYPE_PAX_LOCAL) {
                        pending.pax = records;
                    }
                    else {
                        applyGlobalRecords(globalPax, records, blockOffset, maxExtensionBytes);
                        // Like Go, a global header ends whatever extensions were pending.
                        pending = {};
                        entryOffset = undefined;
                    }
                }
                if (!(yield* readPadding(reader, data.length)))
                    return;
                continue;
            }
            if (raw.gnuSparse?.isExtended)
                yield* readSparseExtensions(reader, raw, maxExtensionBytes);
            const header = atOffset(blockOffset, () => buildTarHeader(raw, pending, globalPax, entryOffset ?? blockOffset));
            pending = {};
            entryOffset = undefined;
            const data = new EntryData(reader, header.size, header.name);
            yield { kind: 'entry', header, payload: isPayloadHeader(header), data };
            await data.finish();
            if (!(yield* readPadding(reader, header.size)))
                return;
        }
    }
    finally {
        await reader.close();
    }
}
function isExtensionType(typeflag) {
    return typeflag === TYPE_PAX_LOCAL || typeflag === TYPE_PAX_GLOBAL || typeflag === TYPE_GNU_LONG_NAME || typeflag === TYPE_GNU_LONG_LINK;
}
/** Adds context to a BadInputError raised by a pure parser: where the header was. */
function atOffset(offset, parse) {
    try {
        return parse();
    }
    catch (error) {
        if (error instanceof BadInputError && error.offset === undefined) {
            throw new BadInputError(`${error.message} (header at offset ${offset})`, { offset, cause: error });
        }
        throw error;
    }
}
/** The data of a PAX or GNU long-name header, size-checked before anything is read. */
async function readExtensionData(reader, raw, blockOffset, maxExtensionBytes) {
    const kind = `'${String.fromCharCode(raw.typeflag)}' extension header at offset ${blockOffset}`;
    if (raw.size < 0)
        throw new BadInputError(`negative size in the ${kind}`, { offset: blockOffset });
    if (raw.size > maxExtensionBytes) {
        throw new BadInputError(`the ${kind} claims ${raw.size} bytes, above the limit of ${maxExtensionBytes} (maxExtensionBytes)`, { offset: blockOffset });
    }
    if (!(await reader.fill(raw.size))) {
        const offset = reader.position + reader.buffered;
        throw new BadInputError(`truncated archive: the data of the ${kind} ends at offset ${offset}`, { offset });
    }
    return reader.take(raw.size);
}
/** Old GNU sparse extension blocks after an 'S' header: framing, their entries added to the map. */
async function* readSparseExtensions(reader, raw, maxExtensionBytes) {
    const sparse = raw.gnuSparse;
    let bytes = 0;
    for (let more = true; more;) {
        const offset = reader.position;
        if (!(await reader.fill(BLOCK_SIZE))) {
            throw new BadInputError(`truncated archive: a GNU sparse extension block at offset ${offset} is cut short`, { offset });
        }
        bytes += BLOCK_SIZE;
        if (bytes > maxExtensionBytes) {
            throw new BadInputError(`GNU sparse extension blocks exceed ${maxExtensionBytes} bytes (maxExtensionBytes) at offset ${offset}`, { offset });
        }
        const block = reader.take(BLOCK_SIZE);
        yield { kind: 'framing', bytes: block };
        sparse.regions.push(...atOffset(offset, () => readOldGnuSparseEntries(block, 0, SPARSE_EXTENSION_ENTRY_COUNT)));
        more = block[SPARSE_EXTENSION_IS_EXTENDED_OFFSET] !== 0;
    }
}
/**
 * The zeros (or whatever else is there) up to the next block boundary after `length` bytes
 * of data. Returns false when the stream ends inside them: a clean end, as in Go.
 */
async function* readPadding(reader, length) {
    const padding = (BLOCK_SIZE - (length % BLOCK_SIZE)) % BLOCK_SIZE;
    if (padding === 0)
        return true;
    const complete = await reader.fill(padding);
    const bytes = reader.take(complete ? padding : reader.buffered);
    if (bytes.length > 0)
        yield { kind: 'framing', bytes };
    return complete;
}
/** POSIX: a global record applies from here on; an empty value deletes it. */
function applyGlobalRecords(globalPax, records, offset, maxExtensionBytes) {
    for (const [key, value] of records) {
        if (value.length === 0)
            globalPax.delete(key);
        else
            globalPax.set(key, Uint8Array.from(value));
    }
    let total = 0;
    for (const [key, value] of globalPax)
        total += key.length + value.length;
    if (total > maxExtensionBytes) {
        throw new BadInputError(`global PAX records in force exceed ${maxExtensionBytes} bytes (maxExtensionBytes) at offset ${offset}`, { offset });
    }
}
//# sourceMappingURL=scan-tar.js.map