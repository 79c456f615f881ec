import binding from 'zstd-napi/binding.js';
import { hexOf, parseDigest } from '../digest.js';
import { CorruptDataError } from '../errors.js';
import { CHUNK_RECORD_HEADER } from './format.js';
import { PackWindow } from './pack-window.js';
const OWN = 'planned:';
/** Large files rebuilt or waiting to be hashed at once, and the bytes they may hold (bases counted) unless alone. */
const IN_FLIGHT = 8;
const BUDGET = 256 * 1024 * 1024;
/** Chunks read from the store per call (the calls run at once), for a delta's base. */
const READ_BATCH = 64;
/** Small files stored per putSmallFilesUncommitted call, at most. */
const SMALL_BATCH = 256;
export class PlannedFiles {
    smallFileLimit;
    #o;
    /** Planned files the store lacked when apply began. */
    #planned = new Map();
    #rebuilds = new Map();
    /** Stored, and no longer held: later reads go to the store. */
    #done = new Set();
    #byContent = new Map();
    #held = 0;
    #inFlight = 0;
    #waiters = [];
    #small = [];
    /** settle() was called: rebuilds not yet begun stop. */
    #cancelled = false;
    #dctx = new binding.DCtx();
    #window;
    constructor(options) {
        this.#o = options;
        this.#window = options.pack && new PackWindow(options.pack.file);
        this.smallFileLimit = options.store.smallFileLimit;
    }
    /** The plan's files the store lacks, to be rebuilt as layers ask for them (and by finish()). */
    static async open(files, options) {
        const planned = new PlannedFiles(options);
        const held = await options.store.holdsMany('file', files.map((f) => hexOf(parseDigest(f.digest))));
        files.forEach((f, i) => { if (!held[i])
            planned.#planned.set(f.digest, f); });
        return planned;
    }
    #pending(hex) {
        return this.#planned.has(hex) && !this.#done.has(hex);
    }
    async getFileRecipe(hex) {
        if (!this.#pending(hex)) {
            await this.#settled([hex]);
            return this.#o.store.getFileRecipe(hex);
        }
        const content = await this.#start(hex).promise;
        return { chunks: [{ digest: OWN + hex, length: content.length }] };
    }
    /** The store's chunks checked against their digests: the pass that names a corrupt chunk (see verifyLayer). */
    readChunks(hexes) {
        return this.#readChunks(hexes, true);
    }
    /** The store's chunks unchecked: the layer's DiffID covers every byte (see verifyLayer). */
    readChunksUnchecked(hexes) {
        return this.#readChunks(hexes, false);
    }
    async #readChunks(hexes, checked) {
        const out = new Array(hexes.length);
        const fromStore = [];
        const waits = [];
        hexes.forEach((hex, i) => {
            if (hex.startsWith(OWN)) {
                const digest = hex.slice(OWN.length);
                const held = this.#rebuilds.get(digest)?.content;
                if (held)
                    out[i] = held;
                else
                    waits.push(this.#readStored(digest).then((bytes) => { out[i] = bytes; }));
            }
            else if (this.#pending(hex)) {
                waits.push(this.#start(hex).promise.then((bytes) => { out[i] = bytes; }));
            }
            else {
                fromStore.push(i);
            }
        });
        if (fromStore.length > 0) {
            await this.#settled(fromStore.map((i) => hexes[i]));
            const read = checked ? this.#o.store.readChunks(fromStore.map((i) => hexes[i])) : this.#o.store.readChunksUnchecked(fromStore.map((i) => hexes[i]));
            waits.push(read.then((got) => fromStore.forEach((i, k) => { out[i] = got[k]; })));
        }
        await Promise.all(waits);
        return out;
    }
    /** rebuildLayer yielded `piece`: if it is a rebuilt file, the layer has hashed it and it is let go. */
    consumed(piece) {
        const hex = this.#byContent.get(piece);
        if (hex === undefined)
            return;
        this.#byContent.delete(piece);
        this.#letGo(hex);
    }
    /** A layer was verified: every file it rebuilt is let go (it has hashed them all). */
    endLayer() {
        for (const [hex, r] of [...this.#rebuilds])
            if (r.content)
                this.#letGo(hex);
    }
    /** Rebuilds and stores the planned files no layer asked for. */
    async finish() {
        const left = [...this.#planned.keys()].filter((hex) => this.#pending(hex));
        for (let i = 0; i < left.length; i += IN_FLIGHT) {
            await Promise.all(left.slice(i, i + IN_FLIGHT).map(async (hex) => {
                await this.#start(hex).promise;
                this.#letGo(hex);
            }));
        }
    }
    /** Waits until every rebuild started has ended (stored, or failed). */
    async settle() {
        this.#cancelled = true;
        for (const waiter of this.#waiters.splice(0))
            waiter.resolve();
        await Promise.allSettled([...this.#rebuilds.values()].map((r) => r.promise));
    }
    /**
     * Before the store reads a file this apply stored: its recipe may be indexed (a pack filled
     * and was sealed) while its last chunks are still being compressed, and those must reach the
     * pack first (the store then seals it when they are read).
     */
    async #settled(hexes) {
        if (hexes.some((hex) => this.#done.has(hex)))
            await this.#o.store.drain();
    }
    #letGo(hex) {
        const r = this.#rebuilds.get(hex);
        if (!r?.content)
            return;
        this.#byContent.delete(r.content);
        this.#rebuilds.delete(hex);
        this.#done.add(hex);
        this.#release(r.charge);
    }
    #start(hex, ungated = false) {
        let r = this.#rebuilds.get(hex);
        if (r)
            return r;
        const file = this.#planned.get(hex);
        const charge = ungated || file.size <= this.smallFileLimit ? 0 : file.via === 'chunks' ? file.size : 2 * file.size;
        r = { file, charge, promise: Promise.resolve(new Uint8Array()) };
        r.promise = this.#rebuild(r);
        r.promise.catch(() => undefined); // awaited by whoever asked; this only keeps a failure from going unhandled meanwhile
        this.#rebuilds.set(hex, r);
        return r;
    }
    async #rebuild(r) {
        if (r.charge > 0)
            await this.#acquire(r);
        try {
            if (this.#cancelled)
                throw new Error('apply stopped');
            const { file } = r;
            const content = file.via === 'chunks' ? await this.#fromChunks(file) : await this.#fromDelta(file);
            const digest = content.length <= this.smallFileLimit ? await this.#putSmall(content) : (await this.#o.store.putFileUncommitted([content])).digest;
            if (content.length !== file.size || digest !== `sha256:${file.digest}`) {
                throw new CorruptDataError(`bundle: rebuilt file sha256:${file.digest} does not match its digest`, { digest: `sha256:${file.digest}` });
            }
            r.content = content;
            this.#byContent.set(content, file.digest);
            this.#o.onFile(file);
            return content;
        }
        catch (error) {
            this.#release(r.charge);
            r.charge = 0;
            throw error;
        }
    }
    #acquire(r) {
        if (this.#waiters.length === 0 && this.#fits(r.charge)) {
            this.#take(r.charge);
            return Promise.resolve();
        }
        return new Promise((resolve) => {
            r.waiter = { charge: r.charge, resolve: () => { r.waiter = undefined; resolve(); } };
            this.#waiters.push(r.waiter);
        });
    }
    /** A file another one's rebuild waits for (its delta base) goes ahead of the queue: the layer cannot let go of the waiting one before. */
    #promote(r) {
        const waiter = r.waiter;
        if (!waiter)
            return;
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        this.#take(waiter.charge);
        waiter.resolve();
    }
    #fits(charge) {
        return this.#inFlight === 0 || (this.#inFlight < IN_FLIGHT && this.#held + charge <= BUDGET);
    }
    #take(charge) {
        this.#held += charge;
        this.#inFlight++;
    }
    #release(charge) {
        if (charge === 0)
            return;
        this.#held -= charge;
        this.#inFlight--;
        while (this.#waiters.length > 0 && this.#fits(this.#waiters[0].charge)) {
            const next = this.#waiters.shift();
            this.#take(next.charge);
            next.resolve();
        }
    }
    /** A file's content from its chunks: the bundle's (decompressed here) and the store's (checked). */
    async #fromChunks(file) {
        let total = 0;
        for (const [, length] of file.chunks) {
            if (!Number.isSafeInteger(length) || length < 0 || length > 0xffffffff)
                throw new CorruptDataError(`bundle: file sha256:${file.digest} lists a chunk of length ${length}`);
            total += length;
        }
        if (total !== file.size)
            throw new CorruptDataError(`bundle: rebuilt file sha256:${file.digest} does not match its digest`, { digest: `sha256:${file.digest}` });
        const content = Buffer.allocUnsafeSlow(total); // every byte is written below
        const records = this.#o.pack?.records;
        const fromStore = [];
        const fromPack = [];
        let at = 0;
        for (const [hex, length] of file.chunks) {
            const record = records?.get(hex);
            if (record) {
                if (record.raw !== length)
                    throw new CorruptDataError(`bundle: chunk sha256:${hex} has the wrong length`, { digest: `sha256:${hex}` });
                fromPack.push({ hex, at, record });
            }
            else {
                fromStore.push({ hex, at, length });
            }
            at += length;
        }
        const reads = [];
        for (let i = 0; i < fromStore.length; i += READ_BATCH) {
            const batch = fromStore.slice(i, i + READ_BATCH);
            reads.push(this.#o.store.readChunks(batch.map((c) => c.hex)).then((got) => batch.forEach((c, k) => {
                if (got[k].length !== c.length)
                    throw new CorruptDataError(`bundle: chunk sha256:${c.hex} has the wrong length`, { digest: `sha256:${c.hex}` });
                content.set(got[k], c.at);
            })));
        }
        reads.push(this.#unpack(fromPack, content));
        await Promise.all(reads);
        return content;
    }
    /** The bundle's chunks into `content`: neighbouring records read at once, each frame decompressed in place. */
    async #unpack(chunks, content) {
        const pack = this.#o.pack;
        if (!pack || chunks.length === 0)
            return;
        for (let i = 0; i < chunks.length;) {
            // A run of records back to back in the pack (a file's chunks are written in order), up to 4 MiB.
            let j = i + 1;
            let end = chunks[i].record.at + chunks[i].record.stored;
            while (j < chunks.length && chunks[j].record.at === end + (chunks[j].record.zstd ? CHUNK_RECORD_HEADER : 0) && end - chunks[i].record.at < 4 << 20) {
                end = chunks[j].record.at + chunks[j].record.stored;
                j++;
            }
            const start = chunks[i].record.at;
            const span = await this.#window.span(start, end);
            for (const { hex, at, record } of chunks.slice(i, j)) {
                const frame = span.subarray(record.at - start, record.at - start + record.stored);
                const out = content.subarray(at, at + record.raw);
                let produced;
                try {
                    if (!record.zstd) {
                        out.set(frame);
                        produced = frame.length;
                    }
                    else
                        produced = record.raw === 0 && frame.length === 0 ? 0 : this.#dctx.decompress(out, frame);
                }
                catch (cause) {
                    throw new CorruptDataError(`chunk sha256:${hex}: bad zstd data (${cause.message})`, { cause, digest: `sha256:${hex}` });
                }
                if (produced !== record.raw)
                    throw new CorruptDataError(`chunk sha256:${hex}: zstd produced ${produced} bytes, expected ${record.raw}`, { digest: `sha256:${hex}` });
            }
            i = j;
        }
    }
    /** A file's content from its base and delta, decoded by the decode pool (inline or on a worker). */
    async #fromDelta(file) {
        const [base, delta] = await Promise.all([this.#base(file.base), this.#o.spool.read(file.delta)]);
        return this.#o.decoder.decode({ via: file.via, base, baseDigest: file.base, delta, digest: file.digest, size: file.size });
    }
    /**
     * A delta's base, in a buffer of its own (it moves to the worker): a planned file once
     * stored; else the store's chunks as stored, read at once and unchecked (the decoder
     * checks the base), decompressed where the delta is decoded.
     */
    async #base(hex) {
        if (this.#pending(hex)) {
            const r = this.#start(hex, true);
            this.#promote(r);
            return Uint8Array.from(await r.promise);
        }
        await this.#settled([hex]);
        const recipe = await this.#o.store.getFileRecipe(hex);
        const reads = [];
        for (let i = 0; i < recipe.chunks.length; i += READ_BATCH)
            reads.push(this.#o.store.readChunksStored(recipe.chunks.slice(i, i + READ_BATCH).map((c) => c.digest)));
        const stored = (await Promise.all(reads)).flat();
        const payloads = Buffer.allocUnsafeSlow(stored.reduce((sum, c) => sum + c.payload.length, 0)); // every byte is written below
        const chunks = [];
        let at = 0;
        for (const [k, c] of stored.entries()) {
            if (c.length !== recipe.chunks[k].length)
                throw new CorruptDataError(`the store's file sha256:${hex} is corrupt (chunk lengths)`, { digest: `sha256:${hex}` });
            payloads.set(c.payload, at);
            at += c.payload.length;
            chunks.push(c.payload.length, c.length, c.zstd ? 1 : 0);
        }
        return { payloads, chunks, size: recipe.size };
    }
    /** A stored file's content, checked chunk by chunk (a planned file asked for again after the layer let it go). */
    async #readStored(hex) {
        await this.#settled([hex]);
        const recipe = await this.#o.store.getFileRecipe(hex);
        return Buffer.concat(await this.#o.store.readChunks(recipe.chunks.map((c) => c.digest)), recipe.size);
    }
    /** Small files are stored in batches: one index lookup and one compression job for many. */
    #putSmall(content) {
        return new Promise((resolve, reject) => {
            this.#small.push({ content, resolve, reject });
            if (this.#small.length === 1)
                setImmediate(() => this.#flushSmall());
            else if (this.#small.length >= SMALL_BATCH)
                this.#flushSmall();
        });
    }
    #flushSmall() {
        const batch = this.#small;
        if (batch.length === 0)
            return;
        this.#small = [];
        this.#o.store.putSmallFilesUncommitted(batch.map((p) => p.content)).then((results) => batch.forEach((p, i) => p.resolve(results[i].digest)), (error) => batch.forEach((p) => p.reject(error)));
    }
}
//# sourceMappingURL=apply-files.js.map