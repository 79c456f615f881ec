/**
 * PAX extended headers ('x' for the next entry, 'g' for all that follow): their records and
 * the values cairn reads from them. The format is POSIX pax, "pax Extended Header": each
 * record is `<length> <key>=<value>\n`, the length counting the whole record in decimal.
 * Values are bytes (usually UTF-8; SCHILY.xattr values are raw binary), so records are kept
 * as bytes and decoded only where a string is wanted.
 *
 * Validation follows Go's archive/tar (`parsePAX`, `parsePAXRecord`, `validPAXRecord`): a
 * length below 5 or beyond the remaining data, a record not ending in a newline, a record
 * without '=', an empty key, or a NUL in a path, linkpath, uname or gname value (or in any
 * other key) is malformed. GNU's sparse format 0.0 repeats the keys GNU.sparse.offset and
 * GNU.sparse.numbytes; as Go does, those pairs are gathered, in order, into one
 * GNU.sparse.map record (the 0.1 form).
 */
import { BadInputError } from '../errors.js';
import { decodeRawText, encodeUtf8 } from './raw-text.js';
export const PAX_PATH = 'path';
export const PAX_LINKPATH = 'linkpath';
export const PAX_SIZE = 'size';
export const PAX_UID = 'uid';
export const PAX_GID = 'gid';
export const PAX_UNAME = 'uname';
export const PAX_GNAME = 'gname';
export const PAX_MTIME = 'mtime';
export const PAX_ATIME = 'atime';
export const PAX_CTIME = 'ctime';
export const SCHILY_XATTR_PREFIX = 'SCHILY.xattr.';
export const LIBARCHIVE_XATTR_PREFIX = 'LIBARCHIVE.xattr.';
export const GNU_SPARSE_PREFIX = 'GNU.sparse.';
export const GNU_SPARSE_MAJOR = 'GNU.sparse.major';
export const GNU_SPARSE_MINOR = 'GNU.sparse.minor';
export const GNU_SPARSE_NAME = 'GNU.sparse.name';
export const GNU_SPARSE_SIZE = 'GNU.sparse.size';
export const GNU_SPARSE_REALSIZE = 'GNU.sparse.realsize';
export const GNU_SPARSE_NUMBLOCKS = 'GNU.sparse.numblocks';
export const GNU_SPARSE_OFFSET = 'GNU.sparse.offset';
export const GNU_SPARSE_NUMBYTES = 'GNU.sparse.numbytes';
export const GNU_SPARSE_MAP = 'GNU.sparse.map';
const SPACE = 0x20;
const NEWLINE = 0x0a;
const EQUALS = 0x3d;
const NUL = 0x00;
const COMMA = 0x2c;
/** The shortest record, "5 k=\n", has length 5 (Go's bound). */
const MIN_RECORD_LENGTH = 5;
/** More length digits than this cannot describe a record in data capped far below 10^15. */
const MAX_LENGTH_DIGITS = 15;
/** Keys whose values are names: a NUL in them would cut the name short. */
const NAME_KEYS = new Set([PAX_PATH, PAX_LINKPATH, PAX_UNAME, PAX_GNAME]);
/** Parses the data of an extended header; throws BadInputError when it is malformed. */
export function parsePaxRecords(data) {
    const records = new Map();
    const sparsePairs = [];
    let at = 0;
    while (at < data.length) {
        const space = indexOfByte(data, SPACE, at, Math.min(data.length, at + MAX_LENGTH_DIGITS + 1));
        if (space < 0)
            throw new BadInputError(`malformed PAX record at byte ${at} of the extended header: no length`);
        const length = parseDecimal(decodeRawText(data.subarray(at, space)));
        if (length === undefined || length < MIN_RECORD_LENGTH || length > data.length - at) {
            throw new BadInputError(`malformed PAX record at byte ${at} of the extended header: length ${JSON.stringify(decodeRawText(data.subarray(at, space)))} is not within the ${data.length - at} bytes left`);
        }
        const end = at + length;
        if (space + 1 >= end || data[end - 1] !== NEWLINE) {
            throw new BadInputError(`malformed PAX record at byte ${at} of the extended header: it does not end in a newline`);
        }
        const body = data.subarray(space + 1, end - 1);
        const equals = body.indexOf(EQUALS);
        if (equals <= 0)
            throw new BadInputError(`malformed PAX record at byte ${at} of the extended header: no key`);
        const keyBytes = body.subarray(0, equals);
        const value = body.subarray(equals + 1);
        const key = decodeRawText(keyBytes);
        if (NAME_KEYS.has(key) ? value.includes(NUL) : keyBytes.includes(NUL)) {
            throw new BadInputError(`malformed PAX record ${JSON.stringify(key)}: it holds a NUL byte`);
        }
        if (key === GNU_SPARSE_OFFSET || key === GNU_SPARSE_NUMBYTES) {
            const wanted = sparsePairs.length % 2 === 0 ? GNU_SPARSE_OFFSET : GNU_SPARSE_NUMBYTES;
            if (key !== wanted || value.includes(COMMA))
                throw new BadInputError(`malformed GNU sparse 0.0 record ${key}: out of order or holding a comma`);
            sparsePairs.push(value);
        }
        else {
            records.set(key, value);
        }
        at = end;
    }
    if (sparsePairs.length > 0)
        records.set(GNU_SPARSE_MAP, joinWithCommas(sparsePairs));
    return records;
}
function indexOfByte(data, byte, from, to) {
    for (let i = from; i < to; i++)
        if (data[i] === byte)
            return i;
    return -1;
}
function joinWithCommas(parts) {
    const total = parts.reduce((n, p) => n + p.length, 0) + parts.length - 1;
    const out = new Uint8Array(total);
    let at = 0;
    parts.forEach((part, i) => {
        if (i > 0)
            out[at++] = COMMA;
        out.set(part, at);
        at += part.length;
    });
    return out;
}
/** A decimal integer with an optional sign (Go's strconv.ParseInt, base 10), within ±2^53. */
export function parseDecimal(text) {
    if (!/^[+-]?[0-9]+$/.test(text))
        return undefined;
    const value = Number(text);
    return Number.isSafeInteger(value) ? value : undefined;
}
/**
 * A PAX time: decimal seconds with an optional fraction ("1350244992.023960108", "-1.5").
 * Digits beyond nanoseconds are dropped, as Go does. Undefined when malformed.
 */
export function parsePaxTime(text) {
    const match = /^([+-]?[0-9]+)(?:\.([0-9]*))?$/.exec(text);
    if (!match)
        return undefined;
    const seconds = parseDecimal(match[1]);
    if (seconds === undefined)
        return undefined;
    const fraction = match[2] ?? '';
    if (fraction.length === 0)
        return seconds;
    const part = Number(`0.${fraction.slice(0, 9)}`);
    return match[1].startsWith('-') ? seconds - part : seconds + part;
}
/** The records' values as strings. */
export function paxRecordsToObject(records) {
    const out = {};
    for (const [key, value] of records)
        setOwn(out, key, decodeRawText(value));
    return out;
}
/**
 * Sets an own property whatever the key: keys come from the archive, and a plain assignment
 * to "__proto__" would replace the object's prototype instead.
 */
function setOwn(target, key, value) {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
/**
 * Extended attributes named by the records: SCHILY.xattr.NAME=raw bytes (GNU tar, star,
 * Go, bsdtar) and LIBARCHIVE.xattr.URL-ENCODED-NAME=base64 (bsdtar). When both name the
 * same attribute the SCHILY value wins; a LIBARCHIVE record that does not decode is left
 * out (it stays visible among the PAX records).
 */
export function xattrsFromRecords(records) {
    const out = {};
    for (const [key, value] of records) {
        if (!key.startsWith(LIBARCHIVE_XATTR_PREFIX))
            continue;
        const name = percentDecode(key.slice(LIBARCHIVE_XATTR_PREFIX.length));
        const decoded = decodeBase64(decodeRawText(value));
        if (name !== undefined && name.length > 0 && decoded !== undefined)
            setOwn(out, name, decoded);
    }
    for (const [key, value] of records) {
        if (key.startsWith(SCHILY_XATTR_PREFIX) && key.length > SCHILY_XATTR_PREFIX.length) {
            setOwn(out, key.slice(SCHILY_XATTR_PREFIX.length), Uint8Array.from(value));
        }
    }
    return out;
}
function percentDecode(text) {
    const bytes = [];
    const raw = encodeUtf8(text);
    for (let i = 0; i < raw.length; i++) {
        if (raw[i] === 0x25 /* '%' */) {
            const hex = String.fromCharCode(raw[i + 1] ?? 0, raw[i + 2] ?? 0);
            if (!/^[0-9a-fA-F]{2}$/.test(hex))
                return undefined;
            bytes.push(parseInt(hex, 16));
            i += 2;
        }
        else {
            bytes.push(raw[i]);
        }
    }
    return decodeRawText(Uint8Array.from(bytes));
}
function decodeBase64(text) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text))
        return undefined;
    return new Uint8Array(Buffer.from(text, 'base64'));
}
//# sourceMappingURL=pax-records.js.map