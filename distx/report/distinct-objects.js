/**
 * The distinct files and chunks across every input the measuring engine reads: for each, a
 * 32-byte digest (as a map key), its length and its stored length.
 * - files, by the sha256 of their content (this is also the `file` chunking mode: one chunk per
 *   file);
 * - chunks, one table per chunking mode measured, by the sha256 of the chunk's bytes.
 * Per distinct file it also keeps the ids of its chunks in each mode (4 bytes each), so that a
 * file seen again is never chunked again. Stored lengths come later from the size pool: a slot
 * is NaN until then, and bytes met in several tables are compressed once.
 */
import { createHash } from 'node:crypto';
import { BadInputError } from '../errors.js';
import { sha256Raw } from '../digest.js';
import { createChunker, PendingBytes } from '../chunker/index.js';
import { IdList, keyOf, keyOfDigest, ObjectTable } from './object-table.js';
import { storedOrRaw } from './sizers.js';
/** Files up to this size are read whole before chunking, so that a file seen before costs one hash. */
export const HOLD_LIMIT = 4 * 1024 * 1024;
export class DistinctObjects {
    files = new ObjectTable();
    #modes;
    #pool;
    #zstdLevel;
    /** Hands a size still to come to the engine, which waits for it in finish(). */
    #track;
    /** Keys whose stored length a worker is computing, and the table slots waiting for it. */
    #pendingStored = new Map();
    constructor(options, pool, track) {
        this.#pool = pool;
        this.#zstdLevel = options.zstdLevel;
        this.#track = track;
        this.#modes = options.modes
            .filter((mode) => mode !== 'file')
            .map((mode) => ({
            mode,
            chunker: createChunker({ ...options.chunker, mode }),
            table: new ObjectTable(),
            fileStart: [],
            fileCount: [],
            refs: new IdList(),
        }));
    }
    /** Modes measured, `file` last. */
    get modes() {
        return [...this.#modes.map((m) => m.mode), 'file'];
    }
    /** The object table of a mode (`file`: the file table). */
    table(mode) {
        if (mode === 'file')
            return this.files;
        const found = this.#modes.find((m) => m.mode === mode);
        if (!found)
            throw new RangeError(`mode ${mode} was not measured`);
        return found.table;
    }
    /** Empty sets for a layer about to be read. */
    layerSets() {
        return { files: new Set(), chunks: this.#modes.map(() => new Set()) };
    }
    /** The ids of a layer's distinct chunks in each mode, sorted. */
    sortedChunkIds(sets) {
        return new Map(this.#modes.map((m, i) => [m.mode, Uint32Array.from(sets.chunks[i]).sort()]));
    }
    /** Forgets a partly chunked file (after a failed read). */
    resetChunkers() {
        for (const m of this.#modes)
            m.chunker.reset();
    }
    /** Reads a file piece (every byte also to `sinks`) and adds its file and chunks to the layer's sets. */
    async measureFile(piece, sinks, sets, what) {
        const knownKey = piece.digest !== undefined ? keyOfDigest(piece.digest) : undefined;
        const knownId = knownKey !== undefined ? this.files.ids.get(knownKey) : undefined;
        if (knownId !== undefined) {
            // Measured before: only the whole-layer figures need its bytes.
            for await (const bytes of piece.data)
                await sinks.write(bytes);
            this.#addToLayer(knownId, sets);
            return;
        }
        if (piece.length <= HOLD_LIMIT) {
            const parts = [];
            let length = 0;
            for await (const bytes of piece.data) {
                await sinks.write(bytes);
                parts.push(bytes);
                length += bytes.length;
            }
            if (length !== piece.length)
                throw new BadInputError(`${what}: a file gave ${length} bytes where ${piece.length} were announced`);
            const content = parts.length === 1 ? parts[0] : Buffer.concat(parts, length);
            const key = knownKey ?? keyOf(sha256Raw(content));
            const id = this.files.ids.get(key) ?? this.#addHeldFile(key, content);
            this.#addToLayer(id, sets);
            return;
        }
        await this.#measureStreamedFile(piece, sinks, sets, what);
    }
    /** Gives a table slot the stored length of `bytes`: known already, being computed, or sent to a worker now. */
    #assignStored(table, id, key, bytes) {
        const waiting = this.#pendingStored.get(key);
        if (waiting) {
            waiting.push([table, id]);
            return;
        }
        for (const other of [...this.#modes.map((m) => m.table), this.files]) {
            const found = other === table ? undefined : other.ids.get(key);
            if (found !== undefined && !Number.isNaN(other.stored[found])) {
                table.stored[id] = other.stored[found];
                return;
            }
        }
        const slots = [[table, id]];
        this.#pendingStored.set(key, slots);
        this.#track(this.#pool.chunk(bytes, this.#zstdLevel).then((size) => {
            for (const [t, i] of slots)
                t.stored[i] = size;
            this.#pendingStored.delete(key);
        }));
    }
    /** A new file held whole: its file-level size, and its chunks in every mode. */
    #addHeldFile(key, content) {
        const id = this.files.add(key, content.length, Number.NaN);
        this.#assignStored(this.files, id, key, content);
        for (const m of this.#modes) {
            const cuts = [...m.chunker.push(content), ...m.chunker.finish()];
            m.fileStart.push(m.refs.length);
            m.fileCount.push(cuts.length);
            let start = 0;
            for (const cut of cuts) {
                const bytes = content.subarray(start, cut.end);
                const whole = start === 0 && cut.end === content.length;
                start = cut.end;
                const chunkKey = whole ? key : keyOf(sha256Raw(bytes));
                let chunkId = m.table.ids.get(chunkKey);
                if (chunkId === undefined) {
                    chunkId = m.table.add(chunkKey, bytes.length, Number.NaN);
                    this.#assignStored(m.table, chunkId, chunkKey, bytes);
                }
                m.refs.push(chunkId);
            }
        }
        return id;
    }
    /** A file too large to hold: chunked in every mode as it streams. */
    async #measureStreamedFile(piece, sinks, sets, what) {
        const hash = createHash('sha256');
        const whole = this.#pool.stream(this.#zstdLevel, piece.length);
        const pending = this.#modes.map(() => new PendingBytes());
        const ids = this.#modes.map(() => []);
        const take = (i, end, chunkStart) => {
            const m = this.#modes[i];
            const bytes = pending[i].take(end - chunkStart);
            const chunkKey = keyOf(sha256Raw(bytes));
            let chunkId = m.table.ids.get(chunkKey);
            if (chunkId === undefined) {
                chunkId = m.table.add(chunkKey, bytes.length, Number.NaN);
                this.#assignStored(m.table, chunkId, chunkKey, bytes);
            }
            ids[i].push(chunkId);
            return end;
        };
        const starts = this.#modes.map(() => 0);
        let length = 0;
        try {
            for await (const bytes of piece.data) {
                await sinks.write(bytes);
                hash.update(bytes);
                whole.update(bytes);
                length += bytes.length;
                for (const [i, m] of this.#modes.entries()) {
                    pending[i].append(bytes);
                    for (const cut of m.chunker.push(bytes))
                        starts[i] = take(i, cut.end, starts[i]);
                }
            }
            for (const [i, m] of this.#modes.entries()) {
                for (const cut of m.chunker.finish())
                    starts[i] = take(i, cut.end, starts[i]);
            }
        }
        finally {
            for (const [i, m] of this.#modes.entries()) {
                pending[i].clear();
                m.chunker.reset();
            }
        }
        const wholeSize = whole.end();
        if (length !== piece.length) {
            wholeSize.catch(() => undefined);
            throw new BadInputError(`${what}: a file gave ${length} bytes where ${piece.length} were announced`);
        }
        const key = keyOf(hash.digest());
        let id = this.files.ids.get(key);
        if (id !== undefined)
            this.#track(wholeSize.then(() => undefined));
        else {
            const fileId = this.files.add(key, length, Number.NaN);
            id = fileId;
            this.#track(wholeSize.then((size) => {
                this.files.stored[fileId] = storedOrRaw(size, length);
            }));
            for (const [i, m] of this.#modes.entries()) {
                m.fileStart.push(m.refs.length);
                m.fileCount.push(ids[i].length);
                for (const chunkId of ids[i])
                    m.refs.push(chunkId);
            }
        }
        this.#addToLayer(id, sets);
    }
    #addToLayer(fileId, sets) {
        if (sets.files.has(fileId))
            return;
        sets.files.add(fileId);
        for (const [i, m] of this.#modes.entries()) {
            const start = m.fileStart[fileId];
            const count = m.fileCount[fileId];
            const set = sets.chunks[i];
            for (const chunkId of m.refs.slice(start, count))
                set.add(chunkId);
        }
    }
}
//# sourceMappingURL=distinct-objects.js.map