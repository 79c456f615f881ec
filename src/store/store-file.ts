/** cairn-store.json: the store's format, version and chunker, read and written atomically. */
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BadInputError, CorruptDataError, IncompatibleStoreError, NotFoundError } from '../errors.js';
import {
  chunkerIdentity, formatChunkerIdentity, resolveChunkerParams, sameChunkerIdentity,
  type ChunkerIdentity, type ChunkerOptions, type ChunkerParams,
} from '../chunker/index.js';
import { syncDirectory } from '../pack/index.js';
import type { StoreLayout } from './layout.js';

const FORMAT = 'cairn-store';
const FORMAT_VERSION = 1;

export interface StoreFile {
  format: string;
  version: number;
  chunker: ChunkerIdentity;
  chunkerParams: Omit<ChunkerParams, 'seed'> & { seed: string };
  created: string;
}

/** The store file, or undefined when there is none. */
export async function readStoreFile(layout: StoreLayout): Promise<StoreFile | undefined> {
  let text: string;
  try {
    text = await readFile(layout.storeFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let parsed: StoreFile;
  try {
    parsed = JSON.parse(text) as StoreFile;
  } catch (cause) {
    throw new CorruptDataError(`${layout.storeFile} is not valid JSON`, { path: layout.storeFile, cause });
  }
  if (parsed.format !== FORMAT || parsed.version !== FORMAT_VERSION || !parsed.chunker) {
    throw new IncompatibleStoreError(`${layout.storeFile}: not a cairn store of version ${FORMAT_VERSION}`, { path: layout.storeFile });
  }
  return parsed;
}

/** Writes the store file atomically (temporary file, rename, directory fsync). */
export async function writeStoreFile(layout: StoreLayout, file: StoreFile): Promise<void> {
  const tmp = join(layout.tmp, 'store.json.tmp');
  await writeFile(tmp, JSON.stringify(file, null, 2) + '\n', { flush: true });
  await rename(tmp, layout.storeFile);
  await syncDirectory(layout.root);
}

/**
 * The store file of the store at `layout`: the existing one (refusing a different chunker), or
 * a new one for an empty or missing directory (not yet written).
 */
export async function prepareStoreFile(
  layout: StoreLayout, exists: boolean, options: { chunker?: ChunkerOptions; create?: boolean },
): Promise<StoreFile> {
  const dir = layout.root;
  const existing = await readStoreFile(layout);
  if (!existing) {
    if (options.create === false) throw new NotFoundError(`no cairn store at ${dir}`, { path: dir });
    if (exists && (await readdir(dir)).some((n) => n !== 'index' && n !== 'packs' && n !== 'tmp')) {
      throw new BadInputError(`not a cairn store and not empty: ${dir}`, { path: dir });
    }
    const params = resolveChunkerParams(options.chunker);
    return {
      format: FORMAT,
      version: FORMAT_VERSION,
      chunker: chunkerIdentity(params),
      chunkerParams: { ...params, seed: params.seed.toString() },
      created: new Date().toISOString(),
    };
  }
  if (options.chunker) {
    const wanted = chunkerIdentity(resolveChunkerParams(options.chunker));
    if (!sameChunkerIdentity(wanted, existing.chunker)) {
      throw new IncompatibleStoreError(
        `store ${dir} cuts chunks with ${formatChunkerIdentity(existing.chunker)}; refusing ${formatChunkerIdentity(wanted)}`,
        { path: dir },
      );
    }
  }
  return existing;
}

/** The chunker parameters recorded in a store file. */
export function storeChunkerParams(file: StoreFile): ChunkerParams {
  const p = file.chunkerParams;
  return resolveChunkerParams({ ...p, seed: BigInt(p.seed) });
}
