/**
 * New chunks gathered into groups (record kind 12, pack/group.ts): chunks of at most
 * GROUP_MEMBER_MAX bytes are copied into the open group as they come, from one file or many,
 * and the group goes to the compression pool once it holds the store's group size (1 MiB by
 * default) or GROUP_MEMBERS chunks, or when the session drains. zstd then finds what
 * neighbouring chunks share, which compressing each alone cannot (docs/benchmarks.md's store
 * benchmark has the sizes and speeds measured). A group whose members look like x86 code is
 * compressed with them x86-filtered (codec 2, pack/x86-filter.ts). A group that does not
 * compress is stored as raw chunk records, one per member.
 */
import { groupTableLength, writeGroupTable } from '../pack/index.js';
import type { CompressPool, Compressed } from './compress-pool.js';
import type { InFlight } from './in-flight.js';

/** A group is sent to compression once its members' bytes reach this, by default (StoreOptions.groupSize). */
export const GROUP_SIZE = 1 << 20;
export const GROUP_SIZE_MIN = 64 << 10;
export const GROUP_SIZE_MAX = 16 << 20;
/** Chunks larger than this are compressed alone (grouping them gains little). */
export const GROUP_MEMBER_MAX = 256 << 10;
/** At most this many members per group (bounds its table: 36 bytes each). */
export const GROUP_MEMBERS = 4096;

/** A member of a group on its way: its digest, length, and what it cost once stored. */
interface Pending {
  hex: string;
  length: number;
  stored: (bytes: number) => void;
  failed: (error: unknown) => void;
}

/** What a sent group comes to: its members (in order) and the compressed or raw content. */
export interface SentGroup {
  members: readonly { hex: string; length: number }[];
  /** The members' bytes back to back, then the table (raw content when `compressed.zstd` is false). */
  compressed: Compressed;
}

/**
 * `store(group)` appends a compressed group (or its members raw) and returns the bytes each
 * member took, in order.
 */
export class ChunkGroups {
  readonly #pool: () => CompressPool;
  readonly #inFlight: InFlight;
  readonly #store: (group: SentGroup) => Promise<number[]>;
  #buffer: Uint8Array | undefined;
  #used = 0;
  #members: Pending[] = [];
  /** The group size (0: no groups), and the buffer a group needs at most. */
  readonly #size: number;
  readonly #capacity: number;

  /** Whether groups may be x86-filtered (StoreOptions.x86Filter). */
  readonly #x86: boolean;

  constructor(size: number, pool: () => CompressPool, inFlight: InFlight, store: (group: SentGroup) => Promise<number[]>, x86Filter = false) {
    this.#size = size;
    this.#x86 = x86Filter;
    this.#capacity = size + GROUP_MEMBER_MAX + groupTableLength(GROUP_MEMBERS);
    this.#pool = pool;
    this.#inFlight = inFlight;
    this.#store = store;
  }

  /** Whether a chunk of `length` bytes goes into a group. */
  takes(length: number): boolean {
    return this.#size > 0 && length > 0 && length <= GROUP_MEMBER_MAX;
  }

  /**
   * Copies a chunk into the open group (sent once full; this waits while too much is in
   * flight). `stored` resolves with the bytes the chunk took once its group is stored, and
   * rejects when that fails (the failure is also thrown by the session's drain, so callers that
   * only count may ignore it).
   */
  async add(hex: string, bytes: Uint8Array): Promise<{ stored: Promise<number> }> {
    // A group is sent once it holds its size, so the open one always has room for a member.
    if (this.#members.length >= GROUP_MEMBERS) await this.send();
    this.#buffer ??= this.#pool().buffer(this.#capacity);
    this.#buffer.set(bytes, this.#used);
    this.#used += bytes.length;
    const done = new Promise<number>((stored, failed) => this.#members.push({ hex, length: bytes.length, stored, failed }));
    done.catch(() => undefined);
    if (this.#used >= this.#size) await this.send();
    return { stored: done };
  }

  /** Drops the open group (a session that aborts): its members' promises reject with `reason`. */
  discard(reason: unknown): void {
    const members = this.#members;
    this.#members = [];
    this.#buffer = undefined;
    this.#used = 0;
    for (const m of members) m.failed(reason);
  }

  /** Sends the open group, if any, to compression; waits only while too much is in flight. */
  async send(): Promise<void> {
    const members = this.#members;
    const buffer = this.#buffer;
    if (members.length === 0 || !buffer) return;
    this.#members = [];
    this.#buffer = undefined;
    const dataLength = this.#used;
    this.#used = 0;
    const length = writeGroupTable(buffer, dataLength, members);
    const content = buffer.subarray(0, length);
    const stored = this.#pool().compress(content, true, this.#x86).then((compressed) => this.#store({ members, compressed }));
    const settled = stored.then(
      (costs) => members.forEach((m, i) => m.stored(costs[i]!)),
      (error: unknown) => {
        members.forEach((m) => m.failed(error));
        throw error;
      },
    );
    await this.#inFlight.add(settled, dataLength);
  }
}
