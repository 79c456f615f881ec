/**
 * The chunk sections of a version 5 bundle as the writer builds them (docs/bundle.md "Chunk
 * sections"): the new chunks of the files shipped by chunks, raw, back to back in plan order,
 * cut into sections of at most SECTION_BYTES; each section is then compressed as one zstd frame
 * at the bundle's level against a dictionary of base files near its files in the tree
 * (section-dictionary.ts). New files of a release compress together and against their
 * neighbours, where a chunk compressed alone finds nothing to refer to.
 */
import { open, readFile, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from '../store/index.js';
import { windowLogFor, zstdCompress } from '../delta/zstd.js';
import type { PathedFile } from './layer-files.js';
import { buildDictionary, chooseDictionary, MAX_DICTIONARY, type LayerLister, type SectionDictionary } from './section-dictionary.js';

/** Largest section, raw: with the largest dictionary it stays within a 2^27-byte window. */
export const SECTION_BYTES = 32 * 1024 * 1024;

/** A section's dictionary is at most about as large as the section (a larger one costs time and, measured, no bytes). */
const dictionaryBudget = (length: number): number => Math.min(MAX_DICTIONARY, Math.max(length, 1 << 20));

interface OpenSection<K> { path: string; file: FileHandle; length: number; paths: string[]; owners: Map<K, number> }

export interface WrittenSection {
  /** The compressed section's file (a blob of the bundle). */
  path: string;
  /** Its raw length. */
  length: number;
  dictionary?: SectionDictionary;
}

export class ChunkSections<K> {
  readonly #dir: string;
  readonly #sections: OpenSection<K>[] = [];
  /** Raw bytes written so far, over all sections. */
  bytes = 0;

  constructor(dir: string) {
    this.#dir = dir;
  }

  /** Appends the new chunks of `owner`, the file at `path` (a section ends only between files, unless a file alone is larger). */
  async add(owner: K, path: string, chunks: readonly Uint8Array[]): Promise<void> {
    const size = chunks.reduce((sum, c) => sum + c.length, 0);
    if (size === 0) return;
    const last = () => this.#sections[this.#sections.length - 1];
    if (!last() || (last()!.length > 0 && last()!.length + size > SECTION_BYTES)) await this.#open();
    for (const chunk of chunks) {
      // Only a file larger than what is left of a section is cut, at a chunk.
      if (last()!.length > 0 && last()!.length + chunk.length > SECTION_BYTES) await this.#open();
      const section = last()!;
      await section.file.write(chunk);
      section.length += chunk.length;
      this.bytes += chunk.length;
      if (section.paths[section.paths.length - 1] !== path) section.paths.push(path);
      section.owners.set(owner, (section.owners.get(owner) ?? 0) + chunk.length);
    }
  }

  /** What each owner's chunks cost, given each section's compressed size: its share of them by raw bytes. */
  charges(sizes: readonly number[]): Map<K, number> {
    const out = new Map<K, number>();
    for (const [i, section] of this.#sections.entries()) {
      for (const [owner, raw] of section.owners) out.set(owner, (out.get(owner) ?? 0) + Math.round((sizes[i]! * raw) / section.length));
    }
    return out;
  }

  async #open(): Promise<void> {
    const path = join(this.#dir, `section-${this.#sections.length}`);
    this.#sections.push({ path, file: await open(path, 'w'), length: 0, paths: [], owners: new Map() });
  }

  /** Compresses every section against its dictionary; the sections in order. */
  async finish(store: Store, layers: readonly { diffId: string; files: readonly PathedFile[] }[], level: number): Promise<WrittenSection[]> {
    const out: WrittenSection[] = [];
    const lists = new Map(layers.map((l) => [l.diffId, l.files]));
    const list: LayerLister = async (diffId) => lists.get(diffId)!;
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

  async close(): Promise<void> {
    for (const section of this.#sections) await section.file.close().catch(() => undefined);
  }
}
