/**
 * Reading records from sealed packs through a cache of open pack files: one handle per pack
 * (the promise, so concurrent reads share one open), at most PACK_FILES idle ones kept.
 */
import type { FileHandle } from 'node:fs/promises';
import { CorruptDataError } from '../errors.js';
import { DIGEST_PREFIX } from '../digest.js';
import { Codec, openPackFile, readRecordPayload, type RecordLocation } from '../pack/index.js';
import { RecordDecompressor } from './compression.js';
import { KIND_NAMES } from './keys.js';
import { packPath, type StoreLayout } from './layout.js';

/** Idle pack files kept open. */
const PACK_FILES = 64;


export class PackFiles {
  readonly #layout: StoreLayout;
  readonly decompressor = new RecordDecompressor();
  /** Open pack files, and how many reads use each. */
  #files = new Map<string, { handle: Promise<FileHandle>; users: number }>();

  constructor(layout: StoreLayout) {
    this.#layout = layout;
  }

  /**
   * Runs `work` with the pack's open file. Handles are cached (at most PACK_FILES idle ones);
   * a handle is closed only when no read is using it.
   */
  async withPackFile<T>(id: string, work: (file: FileHandle) => Promise<T>): Promise<T> {
    let entry = this.#files.get(id);
    if (!entry) {
      if (this.#files.size >= PACK_FILES) {
        for (const [key, idle] of this.#files) {
          if (idle.users > 0) continue;
          this.#files.delete(key);
          void idle.handle.then((h) => h.close()).catch(() => undefined);
          break;
        }
      }
      const handle = openPackFile(packPath(this.#layout, id), 'r').catch((cause: unknown) => {
        this.#files.delete(id);
        throw new CorruptDataError(`pack ${id} is missing`, { pack: id, cause });
      });
      entry = { handle, users: 0 };
      this.#files.set(id, entry);
    }
    entry.users++;
    try {
      return await work(await entry.handle);
    } finally {
      entry.users--;
    }
  }

  /** Closes a pack's file (before the pack is deleted). */
  async closePackFile(id: string): Promise<void> {
    const entry = this.#files.get(id);
    this.#files.delete(id);
    await entry?.handle.then((h) => h.close()).catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    for (const id of [...this.#files.keys()]) await this.closePackFile(id);
  }

  /** Reads and decodes one record's bytes (decompressed). */
  async readRecord(location: RecordLocation, hex: string): Promise<Buffer> {
    if (location.pack === '') throw new Error('record is in the open pack');
    const payload = await this.withPackFile(location.pack, (file) => readRecordPayload(file, location, hex));
    if (location.codec === Codec.Raw) return payload;
    try {
      return this.decompressor.decompress(payload, location.uncompressedLength);
    } catch (cause) {
      throw new CorruptDataError(`${KIND_NAMES[location.kind]} sha256:${hex} in pack ${location.pack} does not decompress`, {
        digest: DIGEST_PREFIX + hex, pack: location.pack, offset: location.offset, cause,
      });
    }
  }

  /** Whether the record header at `location` matches (the payload is not checked). */
  async recordMatches(location: RecordLocation, hex: string): Promise<boolean> {
    try {
      await this.withPackFile(location.pack, (file) => readRecordPayload(file, location, hex));
      return true;
    } catch {
      return false;
    }
  }
}

/** Decompresses, or undefined when the payload does not decompress. */
export function safeDecompress(d: RecordDecompressor, payload: Uint8Array, length: number): Buffer | undefined {
  try {
    return d.decompress(payload, length);
  } catch {
    return undefined;
  }
}
