/**
 * The chunk sections of a version 5 bundle as the writer builds them (docs/bundle.md "Chunk
 * sections"): the new chunks of the files shipped by chunks, raw, back to back in plan order,
 * cut into sections of at most SECTION_BYTES; each section is then compressed as one zstd frame
 * at the bundle's level against a dictionary of base files near its files in the tree
 * (section-dictionary.ts). New files of a release compress together and against their
 * neighbours, where a chunk compressed alone finds nothing to refer to.
 */
import { open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { windowLogFor, zstdCompress } from '../delta/zstd.js';
import { buildDictionary, chooseDictionary, MAX_DICTIONARY } from './section-dictionary.js';
/** Largest section, raw: with the largest dictionary it stays within a 2^27-byte window. */
export const SECTION_BYTES = 32 * 1024 * 1024;
/** A section's dictionary is at most about as large as the section (a larger one costs time and, measured, no bytes). */
const dictionaryBudget = (length) => Math.min(MAX_DICTIONARY, Math.max(length, 1 << 20));
export class ChunkSections {
    #dir;
    #sections = [];
    /** Raw bytes written so far, over all sections. */
    bytes = 0;
    constructor(dir) {
        this.#dir = dir;
    }
    /** Appends the new chunks of `owner`, the file at `path` (a section ends only between files, unless a file alone is larger). */
    async add(owner, path, chunks) {
        const size = chunks.reduce((sum, c) => sum + c.length, 0);
        if (size === 0)
            return;
        const last = () => this.#sections[this.#sections.length - 1];
        if (!last() || (last().length > 0 && last().length + size > SECTION_BYTES))
            await this.#open();
        for (const chunk of chunks) {
            // Only a file larger than what is left of a section is cut, at a chunk.
            if (last().length > 0 && last().length + chunk.length > SECTION_BYTES)
                await this.#open();
            const section = last();
            await section.file.write(chunk);
            section.length += chunk.length;
            this.bytes += chunk.length;
            if (section.paths[section.paths.length - 1] !== path)
                section.paths.push(path);
            section.owners.set(owner, (section.owners.get(owner) ?? 0) + chunk.length);
        }
    }
    /** What each owner's chunks cost, given each section's compressed size: its share of them by raw bytes. */
    charges(sizes) {
        const out = new Map();
        for (const [i, section] of this.#sections.entries()) {
            for (const [owner, raw] of section.owners)
                out.set(owner, (out.get(owner) ?? 0) + Math.round((sizes[i] * raw) / section.length));
        }
        return out;
    }
    async #open() {
        const path = join(this.#dir, `section-${this.#sections.length}`);
        this.#sections.push({ path, file: await open(path, 'w'), length: 0, paths: [], owners: new Map() });
    }
    /** Compresses every section against its dictionary; the sections in order. */
    async finish(store, layers, level) {
        const out = [];
        const lists = new Map(layers.map((l) => [l.diffId, l.files]));
        const list = async (diffId) => lists.get(diffId);
        for (const [i, section] of this.#sections.entries()) {
            await section.file.close();
            const raw = await readFile(section.path);
            const dictionary = chooseDictionary(section.paths, layers, dictionaryBudget(raw.length));
            const bytes = dictionary ? await buildDictionary(store, dictionary, list, `chunk section ${i}`) : undefined;
            const frame = zstdCompress(raw, { level, windowLog: windowLogFor((bytes?.length ?? 0) + raw.length), ...(bytes ? { dictionary: bytes } : {}) });
            const path = `${section.path}.zst`;
            await writeFile(path, frame);
            out.push({ path, length: raw.length, ...(dictionary ? { dictionary } : {}) });
        }
        return out;
    }
    async close() {
        for (const section of this.#sections)
            await section.file.close().catch(() => undefined);
    }
}
//# sourceMappingURL=chunk-sections.js.map