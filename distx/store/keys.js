/**
 * The index's keys and values: every LevelDB key prefix the store uses, and the 46-byte
 * record location codec. Nothing else in the store spells a key or a location offset.
 *
 * Keys (utf8):
 *   o:<kind>:<hex>    → location, LOCATION_LENGTH bytes (see below)
 *   p:<hex>           → pack summary JSON {sequence, bytes, records}
 *   n:<name>          → image manifest digest (sha256:…)
 *   m:sequence        → the highest pack sequence indexed (decimal)
 *   g:<hex>           → a pack gc is deleting (empty value): open drops it silently if it is gone
 *
 * A location: pack id (32 bytes) | offset u32 | stored u32 | uncompressed u32 | codec u8 | kind u8,
 * integers little-endian.
 */
import { CorruptDataError } from '../errors.js';
import { RecordKind } from '../pack/index.js';
export const OBJECT_PREFIX = 'o:';
export const PACK_PREFIX = 'p:';
export const NAME_PREFIX = 'n:';
export const SEQUENCE_KEY = 'm:sequence';
export const DELETING_PREFIX = 'g:';
/** The range of keys that start with `prefix` (prefixes end in ':', and ';' sorts right after it). */
function rangeOf(prefix) {
    return { gte: prefix, lt: prefix.slice(0, -1) + ';' };
}
export const OBJECT_RANGE = rangeOf(OBJECT_PREFIX);
export const PACK_RANGE = rangeOf(PACK_PREFIX);
export const NAME_RANGE = rangeOf(NAME_PREFIX);
export const DELETING_RANGE = rangeOf(DELETING_PREFIX);
/** The key prefix of every object of one kind: `o:<kind>:`. */
export function kindPrefix(kind) {
    return `${OBJECT_PREFIX}${kind}:`;
}
/** Every object of one kind. */
export function kindRange(kind) {
    return rangeOf(kindPrefix(kind));
}
export function objectKey(kind, hex) {
    return kindPrefix(kind) + hex;
}
/** The kind and hex digest of an object key (the kind is undefined if it is not a number). */
export function parseObjectKey(key) {
    const [, kindText = '', hex = ''] = key.split(':');
    return { kindText, kind: Number(kindText), hex };
}
export function packKey(id) {
    return PACK_PREFIX + id;
}
export function packIdOfKey(key) {
    return key.slice(PACK_PREFIX.length);
}
/** The key marking a pack that gc is deleting. */
export function deletingKey(id) {
    return DELETING_PREFIX + id;
}
export function nameKey(name) {
    return NAME_PREFIX + name;
}
export function nameOfKey(key) {
    return key.slice(NAME_PREFIX.length);
}
/** What each record kind is called in messages. */
export const KIND_NAMES = {
    [RecordKind.Chunk]: 'chunk',
    [RecordKind.FileRecipe]: 'file recipe',
    [RecordKind.LayerRecipe]: 'layer recipe',
    [RecordKind.Blob]: 'blob',
    [RecordKind.Image]: 'image',
    [RecordKind.NameEvent]: 'name event',
    [RecordKind.NameSnapshot]: 'name snapshot',
    [RecordKind.StoreInfo]: 'store info',
    [RecordKind.LayerPart]: 'layer recipe part',
    [RecordKind.BlobDescription]: 'blob description',
    [RecordKind.FileDelta]: 'file delta',
};
// ---------------------------------------------------------------- the location codec
const PACK_ID_LENGTH = 32;
const LOCATION_PACK = 0;
const LOCATION_OFFSET = LOCATION_PACK + PACK_ID_LENGTH;
const LOCATION_STORED = LOCATION_OFFSET + 4;
const LOCATION_UNCOMPRESSED = LOCATION_STORED + 4;
const LOCATION_CODEC = LOCATION_UNCOMPRESSED + 4;
const LOCATION_KIND = LOCATION_CODEC + 1;
export const LOCATION_LENGTH = LOCATION_KIND + 1;
export function encodeLocation(l) {
    const b = Buffer.alloc(LOCATION_LENGTH);
    b.write(l.pack, LOCATION_PACK, PACK_ID_LENGTH, 'hex');
    b.writeUInt32LE(l.offset, LOCATION_OFFSET);
    b.writeUInt32LE(l.storedLength, LOCATION_STORED);
    b.writeUInt32LE(l.uncompressedLength, LOCATION_UNCOMPRESSED);
    b.writeUInt8(l.codec, LOCATION_CODEC);
    b.writeUInt8(l.kind, LOCATION_KIND);
    return b;
}
export function decodeLocation(v) {
    const b = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    if (b.length !== LOCATION_LENGTH)
        throw new CorruptDataError(`index entry has ${b.length} bytes, expected ${LOCATION_LENGTH}`);
    return {
        pack: b.toString('hex', LOCATION_PACK, LOCATION_PACK + PACK_ID_LENGTH),
        offset: b.readUInt32LE(LOCATION_OFFSET),
        storedLength: b.readUInt32LE(LOCATION_STORED),
        uncompressedLength: b.readUInt32LE(LOCATION_UNCOMPRESSED),
        codec: b.readUInt8(LOCATION_CODEC),
        kind: b.readUInt8(LOCATION_KIND),
    };
}
export function encodePackSummary(summary) {
    return Buffer.from(JSON.stringify(summary));
}
export function decodePackSummary(value) {
    return JSON.parse(Buffer.from(value).toString('utf8'));
}
export function encodeSequence(sequence) {
    return Buffer.from(String(sequence));
}
export function decodeSequence(value) {
    return value ? Number(Buffer.from(value).toString('utf8')) : 0;
}
//# sourceMappingURL=keys.js.map