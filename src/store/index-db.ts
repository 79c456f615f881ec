/**
 * The index: a LevelDB database (the `level` package) mapping digests to record locations,
 * names to images, and packs to their record counts. It holds nothing that is not also in the
 * packs: repair rebuilds it from them. Its keys and values are spelled in keys.ts.
 *
 * IndexDb wraps the database so that LevelDB's own failures never leave the store as they come:
 * damage (a corrupt or truncated table, a damaged MANIFEST or CURRENT, missing files) becomes
 * IndexDamagedError (exit 4, suggesting `cairn repair`), the lock StoreLockedError, and other
 * I/O failures a CAIRN_IO error naming the cause.
 */
import { resolve } from 'node:path';
import { Level } from 'level';
import { CairnError, IndexDamagedError, StoreLockedError } from '../errors.js';
import { isNoSpace, nameWriteFailure } from './write-failure.js';

/** One index write. */
export type IndexOp = { type: 'put'; key: string; value: Uint8Array } | { type: 'del'; key: string };

/** A key range (keys.ts builds them), optionally limited. */
export interface IndexRange {
  gte?: string;
  lt?: string;
  limit?: number;
}

/** Index directories this process has open, so that a second open here is not blamed on another process. */
const openHere = new Set<string>();

/** I/O failures that are not damage: the disk, permissions, limits. */
const NOT_DAMAGE = /No space left|Permission denied|Read-only file system|Too many open files|Disk quota/i;

/** The LevelDB status text of an error from `level` (its cause's, for "Database failed to open"). */
function levelStatus(error: unknown): { code: string; message: string } {
  const e = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.code === 'LEVEL_DATABASE_NOT_OPEN' && e.cause) return { code: e.cause.code ?? '', message: e.cause.message ?? '' };
  return { code: e.code ?? '', message: e.message ?? String(error) };
}

/** Turns an error from LevelDB into cairn's (errors already cairn's pass through). */
export function indexError(error: unknown, path: string, root: string): Error {
  if (error instanceof CairnError) return error;
  const { code, message } = levelStatus(error);
  const firstLine = message.split('\n')[0]!;
  if (code === 'LEVEL_LOCKED' || /^IO error: lock /.test(firstLine)) return new StoreLockedError(root, error);
  // LevelDB writes on every open (the last log becomes a new table, and a new manifest): a full disk stops it.
  if (isNoSpace(error)) return nameWriteFailure(error, root) as Error;
  if (code === 'LEVEL_CORRUPTION' || code === 'LEVEL_NOT_FOUND' || (code === 'LEVEL_IO_ERROR' && !NOT_DAMAGE.test(firstLine))) {
    return new IndexDamagedError(path, firstLine, error);
  }
  return new CairnError('CAIRN_IO', `the index at ${path}: ${firstLine}`, { path, cause: error });
}

export class IndexDb {
  readonly path: string;
  readonly #root: string;
  readonly #db: Level<string, Uint8Array>;

  private constructor(path: string, root: string) {
    this.path = path;
    this.#root = root;
    this.#db = new Level<string, Uint8Array>(path, { keyEncoding: 'utf8', valueEncoding: 'view' });
  }

  /** Opens (creating if needed) the index; a second opener (process, or handle in this process) gets a locked error. */
  static async open(path: string, root: string): Promise<IndexDb> {
    const key = resolve(path);
    if (openHere.has(key)) {
      throw new CairnError('CAIRN_LOCKED', `store already open in this process: ${root} (close the other handle first)`, { path: root });
    }
    const db = new IndexDb(path, root);
    try {
      await db.#db.open();
    } catch (error) {
      // LevelDB writes on every open (the last log becomes a new table, and a new manifest): a full disk stops it.
      if (isNoSpace(error)) throw nameWriteFailure(error, root, 'the index cannot open (LevelDB writes a new table and manifest when it opens)');
      throw indexError(error, path, root);
    }
    openHere.add(key);
    db.#db.once('closed', () => openHere.delete(key));
    return db;
  }

  async #run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw indexError(error, this.path, this.#root);
    }
  }

  /**
   * One key, looked up on this thread: LevelDB answers from its block cache in microseconds,
   * where an asynchronous get hands the lookup to another thread and back, which on the VMs
   * measured costs 20-40 µs of this thread's time (a cross-CPU wake-up) for one key.
   */
  get(key: string): Promise<Uint8Array | undefined> {
    return this.#run(async () => this.#db.getSync(key));
  }

  /** Many keys, looked up on LevelDB's own thread (the writers' dedup batches: that thread works while this one chunks and hashes). */
  getMany(keys: string[]): Promise<(Uint8Array | undefined)[]> {
    return this.#run(() => this.#db.getMany(keys));
  }

  /**
   * Many keys, looked up on this thread (readers, which wait for the answer before doing
   * anything else; see get() and the images bench in docs/benchmarks.md).
   */
  lookupMany(keys: readonly string[]): Promise<(Uint8Array | undefined)[]> {
    return this.#run(async () => keys.map((key) => this.#db.getSync(key)));
  }

  batch(ops: IndexOp[], options: { sync?: boolean } = {}): Promise<void> {
    return this.#run(() => this.#db.batch(ops, options));
  }

  async *iterator(range: IndexRange = {}): AsyncGenerator<[string, Uint8Array]> {
    yield* this.#wrap(this.#db.iterator(range));
  }

  async *keys(range: IndexRange = {}): AsyncGenerator<string> {
    yield* this.#wrap(this.#db.keys(range));
  }

  async *values(range: IndexRange = {}): AsyncGenerator<Uint8Array> {
    yield* this.#wrap(this.#db.values(range));
  }

  async *#wrap<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
    try {
      for await (const item of source) yield item;
    } catch (error) {
      throw indexError(error, this.path, this.#root);
    }
  }

  close(): Promise<void> {
    return this.#run(() => this.#db.close());
  }
}

/** Opens (creating if needed) the index; a second process gets StoreLockedError. */
export function openIndex(path: string, root: string): Promise<IndexDb> {
  return IndexDb.open(path, root);
}
