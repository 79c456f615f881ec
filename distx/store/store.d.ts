import type { ChunkerOptions } from '../chunker/index.js';
import { type FileRecipe, type ImageRecord, type LayerRecipeRoot } from '../recipe/index.js';
import type { StoreContext } from './context.js';
import type { IndexDb } from './index-db.js';
import type { StoreLayout } from './layout.js';
import { type ListedImage } from './listing-cache.cjs';
import { type BlobDescription } from '../reblob/description.js';
import { ObjectReader } from './read-path.js';
import type { PreparedStoreFile, StoreFile } from './store-file.js';
import { StoreReads } from './store-reads.js';
import type { GcReport, IngestCommit, ProgressEvent, PutFileOptions, PutFileResult, RepairReport, ResolvedStoreOptions, StoreStats, VerifyReport } from './types.js';
import { WriteSession, type FileSource } from './write-path.js';
export type { StoreOptions, ProgressEvent, PutFileOptions, PutFileResult, VerifyProblem, VerifyReport, GcReport, RepairReport, LossSummary, StoreStats, IngestCommit, } from './types.js';
/**
 * A handle on an open store. See openStore. Digests: every method that returns one returns
 * `sha256:<hex>`; every method that takes one accepts that or bare hex. (Recipes, src/recipe,
 * keep bare hex: it is their encoding's form.)
 */
export declare class Store extends StoreReads {
    #private;
    readonly dir: string;
    protected readonly ctx: StoreContext;
    protected readonly session: WriteSession;
    protected readonly reader: ObjectReader;
    /** @internal use openStore */
    constructor(layout: StoreLayout, db: IndexDb, file: StoreFile, options: ResolvedStoreOptions);
    /** @internal Brings the index in line with the packs after a crash (see reconcile.ts). */
    reconcile(): Promise<void>;
    /**
     * @internal Checks the store file against the packs, or restores it from them (see
     * store-identity.ts). Only a store whose file is settled writes the listing cache when it
     * closes: a store refused here (another chunker's file) must not vouch for its listing.
     */
    settleStoreFile(prepared: PreparedStoreFile, requested: ChunkerOptions | undefined): Promise<void>;
    /** Stores a blob description under its blob's digest (uncommitted; one already stored is kept). */
    putBlobDescription(description: BlobDescription): Promise<void>;
    /**
     * Chunks, deduplicates and stores one file's content. The records are durable and visible
     * after commit() (putFile commits; the ingest of a tree commits once at the end).
     */
    putFileUncommitted(source: FileSource, options?: PutFileOptions): Promise<PutFileResult>;
    /** The largest file putSmallFilesUncommitted takes (below the chunker's smallest cut: one chunk). */
    get smallFileLimit(): number;
    /**
     * Stores many small files at once (each at most smallFileLimit bytes), as putFileUncommitted
     * stores one, with one index lookup, one compression job and one append for the batch.
     * Resolves with each file's result, in order; visible after commit().
     */
    putSmallFilesUncommitted(files: readonly Uint8Array[]): Promise<PutFileResult[]>;
    /** Per hex digest, whether the store holds that chunk, file or layer part: one batched lookup (registry pulls). */
    holdsMany(kind: 'chunk' | 'file' | 'part', hexes: readonly string[]): Promise<boolean[]>;
    /** Chunk records as a sender stored them (each checked by the caller; uncommitted): nothing is compressed again. */
    putStoredChunksUncommitted(chunks: Parameters<WriteSession['putStoredChunks']>[0]): Promise<number>;
    /** A file's recipe, once the caller has checked the file's content against its digest (uncommitted). */
    putFileRecipeUncommitted(hex: string, recipe: FileRecipe): Promise<void>;
    /** Waits until every chunk handed to the compressors has been appended to a pack. */
    drain(): Promise<void>;
    /** Hands an event to `onProgress`: ingest reports its progress through the store it fills. */
    reportProgress(event: ProgressEvent): void;
    /** Stores one file (a stream or a path) and commits. */
    putFile(source: FileSource | string, options?: {
        signal?: AbortSignal;
    }): Promise<PutFileResult>;
    /** Stores a blob (manifest, index or config bytes, verbatim); returns sha256:… */
    putBlob(bytes: Uint8Array): Promise<string>;
    /** Stores a layer recipe's root under its DiffID (the caller has computed and checked it, and stored its parts). */
    putLayerRecipe(diffId: string, root: Pick<LayerRecipeRoot, 'parts'>): Promise<void>;
    /** Stores one encoded part of a layer recipe (uncommitted); returns its hex digest. */
    putLayerPart(bytes: Uint8Array): Promise<string>;
    /** Stores an image record under its manifest digest. */
    putImage(record: ImageRecord): Promise<void>;
    /** Seals the open pack and indexes it: everything written so far becomes durable and visible. */
    commit(): Promise<IngestCommit>;
    /**
     * Drops everything written since the last commit (a failed ingest): the open pack, and the
     * packs sealed since then that nothing references (see discard.ts).
     */
    abort(): Promise<void>;
    /** Points names at an image; written with the next commit. */
    setNames(names: readonly string[], manifestDigest: string): Promise<void>;
    /** Every name and the image it points at. */
    listNames(): Promise<{
        name: string;
        image: string;
    }[]>;
    /** Every stored image with its config, layers and names (what `cairn ls` shows), in manifest digest order. */
    listImages(): Promise<ListedImage[]>;
    /** Manifest digests of every image stored. */
    listImageDigests(): Promise<string[]>;
    /** DiffIDs of every layer stored. */
    listLayerDiffIds(): Promise<string[]>;
    /** Resolves a name, a digest, or a unique digest prefix to a manifest digest. */
    resolveImage(ref: string): Promise<string>;
    /** Resolves a file's content digest or a unique prefix of one (4+ hex digits) to a stored file's digest (sha256:…). */
    resolveFile(ref: string): Promise<string>;
    /** Resolves a DiffID or a unique prefix of one (4+ hex digits) to a stored layer's DiffID. */
    resolveLayer(ref: string): Promise<string>;
    /** Removes names (not the data: gc reclaims what nothing names). Returns the names removed. */
    removeNames(names: readonly string[]): Promise<string[]>;
    /** Counts of objects by kind and the bytes of packs on disk. */
    stats(): Promise<StoreStats>;
    /**
     * Reads every pack whole and checks its checksum and structure, reads the whole index and
     * checks that every entry points at a matching record, and checks every reference from names
     * down to chunks. `deep` also decompresses and re-hashes every record.
     */
    verify(options?: {
        deep?: boolean;
        signal?: AbortSignal;
    }): Promise<VerifyReport>;
    /** Reclaims what nothing names (see gc.ts); a crash at any point leaves a store that opens and verifies. */
    gc(options?: {
        signal?: AbortSignal;
    }): Promise<GcReport>;
    /**
     * Rebuilds the index from the packs alone (see repair.ts): what checks out in damaged packs is
     * copied into new packs, damaged packs move to STORE/quarantine/, names whose image lacks
     * content are removed, and the report says what was lost.
     */
    repair(options?: {
        signal?: AbortSignal;
    }): Promise<RepairReport>;
    /** Closes the store: the open pack is sealed, files and the index closed. Idempotent. */
    close(): Promise<void>;
}
