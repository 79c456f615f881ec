import { RecordKind, type RecordLocation } from '../pack/index.js';
export declare const OBJECT_PREFIX = "o:";
export declare const PACK_PREFIX = "p:";
export declare const NAME_PREFIX = "n:";
export declare const SEQUENCE_KEY = "m:sequence";
export declare const DELETING_PREFIX = "g:";
/** A LevelDB range: keys from `gte` up to (not including) `lt`. */
export interface KeyRange {
    gte: string;
    lt: string;
}
export declare const OBJECT_RANGE: KeyRange;
export declare const PACK_RANGE: KeyRange;
export declare const NAME_RANGE: KeyRange;
export declare const DELETING_RANGE: KeyRange;
/** The key prefix of every object of one kind: `o:<kind>:`. */
export declare function kindPrefix(kind: RecordKind): string;
/** Every object of one kind. */
export declare function kindRange(kind: RecordKind): KeyRange;
export declare function objectKey(kind: RecordKind, hex: string): string;
/** The kind and hex digest of an object key (the kind is undefined if it is not a number). */
export declare function parseObjectKey(key: string): {
    kindText: string;
    kind: RecordKind;
    hex: string;
};
export declare function packKey(id: string): string;
export declare function packIdOfKey(key: string): string;
/** The key marking a pack that gc is deleting. */
export declare function deletingKey(id: string): string;
export declare function nameKey(name: string): string;
export declare function nameOfKey(key: string): string;
/** What each record kind is called in messages. */
export declare const KIND_NAMES: Record<RecordKind, string>;
export declare const LOCATION_LENGTH: number;
export declare function encodeLocation(l: RecordLocation): Buffer;
export declare function decodeLocation(v: Uint8Array): RecordLocation;
/** The value of a pack key. */
export interface PackSummary {
    sequence: number;
    bytes: number;
    records: number;
}
export declare function encodePackSummary(summary: PackSummary): Buffer;
export declare function decodePackSummary(value: Uint8Array): PackSummary;
export declare function encodeSequence(sequence: number): Buffer;
export declare function decodeSequence(value: Uint8Array | undefined): number;
