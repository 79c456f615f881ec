import { RecordKind } from '../pack/index.js';
import type { NameEvent, NameSnapshot } from '../recipe/index.js';
import type { IndexDb, IndexOp } from './index-db.js';
/** How names are written: a name record is appended, and the pack committed. */
export interface NameWriter {
    putMeta(kind: RecordKind, bytes: Uint8Array): Promise<string>;
    commit(): Promise<unknown>;
}
export declare function encodeNameEvent(event: NameEvent): Buffer;
export declare function encodeNameSnapshot(snapshot: NameSnapshot): Buffer;
/** The index writes that replay one name record (an event, or a snapshot replacing the table). */
export declare function nameOps(db: IndexDb, kind: RecordKind, payload: Uint8Array): Promise<IndexOp[]>;
/** Every name and the image it points at. */
export declare function listNames(db: IndexDb): Promise<{
    name: string;
    image: string;
}[]>;
/** Points names at an image (each validated against the reference grammar); written with the next commit. */
export declare function setNames(writer: NameWriter, names: readonly string[], manifestDigest: string): Promise<void>;
/**
 * Removes image names (not the data: gc reclaims what nothing names) and commits. Each reference
 * is a name (as resolveImage matches it: every stored form of it goes) or an image digest or
 * unique prefix (every name of that image goes). Returns the names removed.
 */
export declare function removeNames(db: IndexDb, writer: NameWriter, refs: readonly string[]): Promise<string[]>;
/** Writes a snapshot of the whole name table (gc, before it drops the packs holding events). */
export declare function snapshotNames(db: IndexDb, writer: NameWriter): Promise<void>;
/**
 * Resolves an image reference to a manifest digest: a name (docker's short forms match: `t`,
 * `t:latest`, `docker.io/library/t:latest`; an exact stored name wins), a digest, or a unique
 * digest prefix of at least MIN_DIGEST_PREFIX hex digits.
 */
export declare function resolveImage(db: IndexDb, ref: string): Promise<string>;
/** Resolves a file's content digest or a unique prefix of one to a stored file's digest. */
export declare function resolveFile(db: IndexDb, ref: string): Promise<string>;
/** Resolves a DiffID or a unique prefix of one to a stored layer's DiffID. */
export declare function resolveLayer(db: IndexDb, ref: string): Promise<string>;
