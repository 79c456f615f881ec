/**
 * Names: records in packs (name events and name snapshots, JSON; see docs/store-format.md)
 * replayed into the index's `n:` keys. Setting or removing a name writes an event; gc writes
 * a snapshot of the whole table.
 */
import { BadInputError, NotFoundError } from '../errors.js';
import { DIGEST_PREFIX, parseDigest } from '../digest.js';
import { RecordKind } from '../pack/index.js';
import type { NameEvent, NameSnapshot } from '../recipe/index.js';
import type { IndexDb, IndexOp } from './index-db.js';
import { NAME_RANGE, kindPrefix, nameKey, nameOfKey } from './keys.js';

/** How names are written: a name record is appended, and the pack committed. */
export interface NameWriter {
  putMeta(kind: RecordKind, bytes: Uint8Array): Promise<string>;
  commit(): Promise<unknown>;
}

export function encodeNameEvent(event: NameEvent): Buffer {
  return Buffer.from(JSON.stringify(event));
}

export function encodeNameSnapshot(snapshot: NameSnapshot): Buffer {
  return Buffer.from(JSON.stringify(snapshot));
}

/** The index writes that replay one name record (an event, or a snapshot replacing the table). */
export async function nameOps(db: IndexDb, kind: RecordKind, payload: Uint8Array): Promise<IndexOp[]> {
  const ops: IndexOp[] = [];
  const json = JSON.parse(Buffer.from(payload).toString('utf8'));
  if (kind === RecordKind.NameSnapshot) {
    const snapshot = json as NameSnapshot;
    for await (const key of db.keys(NAME_RANGE)) {
      if (!(nameOfKey(key) in snapshot.names)) ops.push({ type: 'del', key });
    }
    for (const [name, image] of Object.entries(snapshot.names)) ops.push({ type: 'put', key: nameKey(name), value: Buffer.from(image) });
  } else {
    const event = json as NameEvent;
    if (event.image) ops.push({ type: 'put', key: nameKey(event.name), value: Buffer.from(event.image) });
    else ops.push({ type: 'del', key: nameKey(event.name) });
  }
  return ops;
}

/** Every name and the image it points at. */
export async function listNames(db: IndexDb): Promise<{ name: string; image: string }[]> {
  const out = [];
  for await (const [key, value] of db.iterator(NAME_RANGE)) out.push({ name: nameOfKey(key), image: Buffer.from(value).toString('utf8') });
  return out;
}

/** Points names at an image; written with the next commit. */
export async function setNames(writer: NameWriter, names: readonly string[], manifestDigest: string): Promise<void> {
  for (const name of names) {
    await writer.putMeta(RecordKind.NameEvent, encodeNameEvent({ name, image: parseDigest(manifestDigest) }));
  }
}

/** Removes names (all must exist) and commits. Returns the names removed. */
export async function removeNames(db: IndexDb, writer: NameWriter, names: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const name of names) {
    if (!(await db.get(nameKey(name)))) throw new NotFoundError(`no image named ${name}`, { path: name });
  }
  for (const name of names) {
    await writer.putMeta(RecordKind.NameEvent, encodeNameEvent({ name, image: null }));
    removed.push(name);
  }
  await writer.commit();
  return removed;
}

/** Writes a snapshot of the whole name table (gc, before it drops the packs holding events). */
export async function snapshotNames(db: IndexDb, writer: NameWriter): Promise<void> {
  const names: Record<string, string> = {};
  for (const { name, image } of await listNames(db)) names[name] = image;
  await writer.putMeta(RecordKind.NameSnapshot, encodeNameSnapshot({ names }));
}

/** Resolves a name, a digest, or a unique digest prefix to a manifest digest. */
export async function resolveImage(db: IndexDb, ref: string): Promise<string> {
  const named = await db.get(nameKey(ref));
  if (named) return Buffer.from(named).toString('utf8');
  const hex = ref.toLowerCase().replace(/^sha256:/, '');
  if (/^[0-9a-f]{1,64}$/.test(hex) && hex.length >= 4) {
    const imagePrefix = kindPrefix(RecordKind.Image);
    const found: string[] = [];
    for await (const key of db.keys({ gte: imagePrefix + hex, lt: imagePrefix + hex + 'g', limit: 2 })) found.push(key.slice(imagePrefix.length));
    if (found.length === 1) return DIGEST_PREFIX + found[0];
    if (found.length > 1) throw new BadInputError(`ambiguous image reference ${ref}: several images match`);
  }
  throw new NotFoundError(`no image named ${ref}`, { path: ref });
}
