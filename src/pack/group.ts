/**
 * Chunk groups (record kind 12): several chunks compressed together in one zstd frame, which
 * stores less than compressing each alone (zstd finds matches across them; docs/benchmarks.md's store
 * benchmark has the measurements; docs/store-format.md the format). A group record's content,
 * once decompressed:
 *
 *   members' bytes, back to back, in table order
 *   table: per member, u32 length (little-endian) and its 32-byte sha256
 *   count: u32 (little-endian), at least 1
 *
 * The record's digest is the sha256 of the whole content, so that every check a record gets
 * (a pack's verify, salvage, gc's copy) covers a group like any other record. Each member is
 * indexed under its own chunk key with the group record's location plus `member` (its place in
 * the content); a reader decompresses the group and takes the member out, after checking that
 * the table names that chunk at that place. With codec 2 the members' bytes were x86-filtered
 * before compression (x86-filter.ts); the digest is of the content so filtered, and a reader
 * restores the members when it decompresses the group (DecodedGroup).
 */
import { CorruptDataError } from '../errors.js';
import { Codec, type RecordLocation } from './format.js';
import { x86Decode, x86EncodeIfCode } from './x86-filter.js';

/** One table entry: u32 length, 32-byte sha256. */
export const GROUP_ENTRY_LENGTH = 36;
const COUNT_LENGTH = 4;

/** A member of a group: its digest (hex), where its bytes start in the content, their length. */
export interface GroupMember {
  hex: string;
  at: number;
  length: number;
}

/** The bytes the table and count take for `count` members. */
export function groupTableLength(count: number): number {
  return count * GROUP_ENTRY_LENGTH + COUNT_LENGTH;
}

/**
 * Writes the table and count for `members` (whose bytes fill `content` up to `at`, back to
 * back) at `at`; returns the content's length.
 */
export function writeGroupTable(content: Uint8Array, at: number, members: readonly { hex: string; length: number }[]): number {
  const view = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  let p = at;
  for (const m of members) {
    view.writeUInt32LE(m.length, p);
    view.write(m.hex, p + 4, 32, 'hex');
    p += GROUP_ENTRY_LENGTH;
  }
  view.writeUInt32LE(members.length, p);
  return p + COUNT_LENGTH;
}

/**
 * The members' bytes of a group's content as the writer builds it (table and count last),
 * filtered in place by the x86 branch filter when that pays (codec 2, x86-filter.ts); the
 * table is left as it is. Returns whether they were filtered.
 */
export function filterGroupMembers(content: Uint8Array): boolean {
  return x86EncodeIfCode(memberBytes(content));
}

/** Undoes filterGroupMembers on the same content. */
export function restoreGroupMembers(content: Uint8Array): void {
  x86Decode(memberBytes(content));
}

/** The members' bytes of a well-formed group's content: all before its table. */
function memberBytes(content: Uint8Array): Uint8Array {
  const count = Buffer.from(content.buffer, content.byteOffset, content.byteLength).readUInt32LE(content.length - COUNT_LENGTH);
  return content.subarray(0, content.length - groupTableLength(count));
}

/** A group's members read from its content; throws CorruptDataError naming `where` when the table does not add up. */
export function groupMembers(content: Uint8Array, where: { pack: string; offset: number }): GroupMember[] {
  const bad = (what: string): CorruptDataError =>
    new CorruptDataError(`pack ${where.pack}: chunk group at offset ${where.offset} ${what}`, { pack: where.pack, offset: where.offset });
  const view = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  if (view.length < COUNT_LENGTH) throw bad('is too short for its table');
  const count = view.readUInt32LE(view.length - COUNT_LENGTH);
  if (count === 0 || groupTableLength(count) > view.length) throw bad(`names ${count} members in ${view.length} bytes`);
  const tableAt = view.length - groupTableLength(count);
  const members: GroupMember[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const p = tableAt + i * GROUP_ENTRY_LENGTH;
    const length = view.readUInt32LE(p);
    members.push({ hex: view.toString('hex', p + 4, p + GROUP_ENTRY_LENGTH), at, length });
    at += length;
  }
  if (at !== tableAt) throw bad(`has members of ${at} bytes where its table starts at ${tableAt}`);
  return members;
}

/**
 * A decompressed group with its table read: members by where they start. Readers keep the last
 * few (reads of neighbouring chunks ask for the same group in turn).
 */
export class DecodedGroup {
  readonly content: Buffer;
  readonly #byStart = new Map<number, GroupMember>();
  /** Where the members handed out so far start (see `spent`). */
  readonly #served = new Set<number>();

  /** `content` as decompressed; members filtered by the x86 branch filter (codec 2) are restored in place. */
  constructor(content: Buffer, where: { pack: string; offset: number; codec?: Codec }) {
    this.content = content;
    for (const m of groupMembers(content, where)) this.#byStart.set(m.at, m);
    // The table has been checked to add up: the members end where it starts.
    if (where.codec === Codec.ZstdX86) restoreGroupMembers(content);
  }

  /**
   * The bytes of chunk `hex` at `location.member` (a view of the content), once the table names
   * that chunk there with that length: the check the record header's digest gives other reads.
   */
  member(location: RecordLocation, hex: string): Buffer {
    const want = location.member!;
    const found = this.#byStart.get(want.at);
    if (!found || found.hex !== hex || found.length !== want.length) {
      throw new CorruptDataError(`chunk sha256:${hex} in pack ${location.pack} is not where the index says in its chunk group at offset ${location.offset}`, {
        pack: location.pack, offset: location.offset, digest: `sha256:${hex}`,
      });
    }
    this.#served.add(want.at);
    return this.content.subarray(want.at, want.at + want.length);
  }

  /** Every member has been handed out at least once: a reader going through files in order is done with the group. */
  get spent(): boolean {
    return this.#served.size === this.#byStart.size;
  }
}

/**
 * The last few groups a reader decompressed, by pack and offset (most recent last). Members of
 * files stored at the same time are interleaved in groups, so a reader going file by file
 * comes back to a group after reading others: a few must stay decompressed. A group evicted
 * gives its buffer to the next one (fresh memory costs a page fault per 4 KiB, more than
 * zstd takes to fill it), so nothing may keep a view of a group's content past the next get.
 * Until the cache is full, a spent group (every member handed out) gives its buffer to the next
 * one rather than it taking fresh memory: a large file's groups are read once each, in order,
 * and each took a fresh buffer until the cache filled (1,100 to 1,600 page faults, 13-19 ms of
 * the writer thread, in a small image's export).
 */
export class GroupCache {
  readonly #entries = new Map<string, DecodedGroup>();
  readonly #limit: number;
  /** Buffers are made at least this large, so that they fit the groups after. */
  readonly #bufferBytes: number;

  constructor(limit: number, bufferBytes: number) {
    this.#limit = limit;
    this.#bufferBytes = bufferBytes;
  }

  /**
   * The group at `location`, decompressed when it is not cached by `decompress`, which fills
   * the buffer `allocate(length)` gives (a spent or the evicted group's when it is large enough).
   */
  get(location: RecordLocation, decompress: (allocate: (length: number) => Buffer) => Buffer): DecodedGroup {
    const key = `${location.pack}:${location.offset}`;
    let group = this.#entries.get(key);
    if (group) {
      this.#entries.delete(key);
    } else {
      // Full: the least recently used goes. Not yet: a spent group's buffer rather than fresh memory.
      const out = this.#entries.size >= this.#limit ? this.#entries.keys().next().value! : this.#spentKey();
      let evicted: ArrayBufferLike | undefined;
      if (out !== undefined) {
        evicted = this.#entries.get(out)!.content.buffer;
        this.#entries.delete(out);
      }
      const allocate = (n: number): Buffer => (evicted && evicted.byteLength >= n
        ? Buffer.from(evicted, 0, n)
        : Buffer.allocUnsafeSlow(Math.max(n, this.#bufferBytes)).subarray(0, n));
      group = new DecodedGroup(decompress(allocate), location);
    }
    this.#entries.set(key, group);
    return group;
  }

  /** The oldest spent group's key, if any. */
  #spentKey(): string | undefined {
    for (const [key, group] of this.#entries) if (group.spent) return key;
    return undefined;
  }

  /** The group at `location` if it is cached (then also the most recent). */
  peek(location: RecordLocation): DecodedGroup | undefined {
    const key = `${location.pack}:${location.offset}`;
    const group = this.#entries.get(key);
    if (group) {
      this.#entries.delete(key);
      this.#entries.set(key, group);
    }
    return group;
  }

  clear(): void {
    this.#entries.clear();
  }
}
