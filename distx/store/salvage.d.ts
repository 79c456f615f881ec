import { RecordKind, type RecordEntry, type ScannedRecord } from '../pack/index.js';
import type { StoreContext } from './context.js';
/** A name record and where it sits in replay order (pack sequence, then offset). */
export interface NameRecord {
    sequence: number;
    offset: number;
    kind: RecordKind;
    bytes: Uint8Array;
}
export interface GoodPack {
    id: string;
    sequence: number;
    bytes: number;
    records: RecordEntry[];
    /** name records' bytes by offset (indexing replays them) */
    namePayloads: Map<number, Uint8Array>;
}
export interface DamagedPack {
    id: string;
    path: string;
    sequence: number | undefined;
    /** records that check out, to be copied into new packs */
    good: ScannedRecord[];
    /** records whose header parsed but whose payload is damaged */
    damaged: RecordEntry[];
    lostBytes: number;
}
export interface PackSurvey {
    good: GoodPack[];
    damaged: DamagedPack[];
    names: NameRecord[];
    /** the highest sequence seen in any pack header */
    sequence: number;
}
/** Reads and checks every pack on disk, one at a time. */
export declare function surveyPacks(ctx: StoreContext, onDisk: Map<string, string>, options?: {
    signal?: AbortSignal;
}): Promise<PackSurvey>;
/** Moves damaged packs out of packs/ into STORE/quarantine/; returns their new paths. */
export declare function quarantinePacks(ctx: StoreContext, packs: readonly DamagedPack[]): Promise<string[]>;
/** Moves a damaged index directory to STORE/quarantine/index-<time>; returns where it went. */
export declare function quarantineIndex(root: string, index: string): Promise<string>;
