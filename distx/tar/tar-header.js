/**
 * The header of one tar entry as cairn reports it (`TarHeader`), and how it is assembled:
 * the raw header block first, then the extensions that precede it in the stream (PAX 'x'
 * records, PAX 'g' records in force, GNU 'L'/'K' long names), then the sparse map.
 *
 * The order and the precedence are Go's archive/tar (`Reader.next`, `mergePAX`,
 * `handleSparseFile`), because Go's reader is the reference the shared vectors were made
 * for: PAX records override header fields (an empty value keeps the header's), a GNU long
 * name or link overrides PAX, GNU.sparse.name overrides both; a NUL typeflag is a directory
 * when the name ends in '/', else a regular file; hard links, symlinks, devices, fifos and
 * directories carry no data whatever their size field says.
 *
 * Where cairn departs from Go, on purpose: global 'g' records apply to the entries after
 * them, as POSIX says and GNU tar and Python do (Go only reports them), except `size` and
 * GNU.sparse.* — those shape the framing of a single entry, and a global one would be
 * nonsense that no writer emits, so the framing stays Go's.
 */
import { BadInputError } from '../errors.js';
import { fieldBytes, parseNumericField } from './header-fields.js';
import { DEVMAJOR_FIELD, DEVMINOR_FIELD, GID_FIELD, GNAME_FIELD, GNU_ATIME_FIELD, GNU_CTIME_FIELD, GNU_IS_EXTENDED_OFFSET, GNU_MAGIC, GNU_REAL_SIZE_FIELD, GNU_SPARSE_ENTRIES_OFFSET, GNU_SPARSE_ENTRY_COUNT, GNU_VERSION, LINKNAME_FIELD, MAGIC_FIELD, MODE_FIELD, MTIME_FIELD, NAME_FIELD, SIZE_FIELD, STAR_ATIME_FIELD, STAR_CTIME_FIELD, STAR_PREFIX_FIELD, STAR_TRAILER, STAR_TRAILER_FIELD, TYPEFLAG_OFFSET, TYPE_BLOCK, TYPE_CHAR, TYPE_CONTIGUOUS, TYPE_DIRECTORY, TYPE_FIFO, TYPE_GNU_SPARSE, TYPE_HARDLINK, TYPE_REGULAR, TYPE_REGULAR_OLD, TYPE_SYMLINK, UID_FIELD, UNAME_FIELD, USTAR_MAGIC, USTAR_PREFIX_FIELD, VERSION_FIELD, bytesAt, } from './header-layout.js';
import { GNU_SPARSE_MAJOR, GNU_SPARSE_MAP, GNU_SPARSE_MINOR, GNU_SPARSE_NAME, GNU_SPARSE_NUMBLOCKS, GNU_SPARSE_PREFIX, GNU_SPARSE_REALSIZE, GNU_SPARSE_SIZE, LIBARCHIVE_XATTR_PREFIX, PAX_ATIME, PAX_CTIME, PAX_GID, PAX_GNAME, PAX_LINKPATH, PAX_MTIME, PAX_PATH, PAX_SIZE, PAX_UID, PAX_UNAME, SCHILY_XATTR_PREFIX, parseDecimal, parsePaxTime, paxRecordsToObject, xattrsFromRecords, } from './pax-records.js';
import { decodeRawText } from './raw-text.js';
import { parsePaxSparseMap, readOldGnuSparseEntries, validateSparseMap } from './sparse-map.js';
const SLASH = 0x2f;
const ASCII_LIMIT = 0x80;
/** Types that never carry data (Go's isHeaderOnlyType). */
const HEADER_ONLY_TYPES = new Set([TYPE_HARDLINK, TYPE_SYMLINK, TYPE_CHAR, TYPE_BLOCK, TYPE_DIRECTORY, TYPE_FIFO]);
/** Types whose data is file content: the payloads of a layer recipe. */
const PAYLOAD_TYPES = new Set([TYPE_REGULAR, TYPE_CONTIGUOUS, TYPE_GNU_SPARSE]);
function magicOf(block) {
    if (bytesAt(block, MAGIC_FIELD.offset, USTAR_MAGIC)) {
        return bytesAt(block, STAR_TRAILER_FIELD.offset, STAR_TRAILER) ? 'star' : 'ustar';
    }
    if (bytesAt(block, MAGIC_FIELD.offset, GNU_MAGIC) && bytesAt(block, VERSION_FIELD.offset, GNU_VERSION))
        return 'gnu';
    return 'v7';
}
function numeric(block, field, what) {
    const value = parseNumericField(block, field);
    if (value === undefined)
        throw new BadInputError(`malformed ${what} field in tar header`);
    return value;
}
function joinPath(prefix, name) {
    if (prefix.length === 0)
        return name;
    const out = new Uint8Array(prefix.length + 1 + name.length);
    out.set(prefix, 0);
    out[prefix.length] = SLASH;
    out.set(name, prefix.length + 1);
    return out;
}
function isAscii(bytes) {
    return bytes.every((b) => b < ASCII_LIMIT);
}
/** Parses a header block whose checksum has been verified. Throws BadInputError (without offset) on malformed numbers. */
export function parseRawHeader(block) {
    const magic = magicOf(block);
    const raw = {
        typeflag: block[TYPEFLAG_OFFSET],
        magic,
        nameBytes: fieldBytes(block, NAME_FIELD),
        linknameBytes: fieldBytes(block, LINKNAME_FIELD),
        size: numeric(block, SIZE_FIELD, 'size'),
        mode: numeric(block, MODE_FIELD, 'mode'),
        uid: numeric(block, UID_FIELD, 'uid'),
        gid: numeric(block, GID_FIELD, 'gid'),
        mtime: numeric(block, MTIME_FIELD, 'mtime'),
        unameBytes: new Uint8Array(0),
        gnameBytes: new Uint8Array(0),
        devmajor: 0,
        devminor: 0,
    };
    if (magic === 'v7')
        return raw;
    raw.unameBytes = fieldBytes(block, UNAME_FIELD);
    raw.gnameBytes = fieldBytes(block, GNAME_FIELD);
    raw.devmajor = numeric(block, DEVMAJOR_FIELD, 'devmajor');
    raw.devminor = numeric(block, DEVMINOR_FIELD, 'devminor');
    if (magic === 'ustar') {
        raw.nameBytes = joinPath(fieldBytes(block, USTAR_PREFIX_FIELD), raw.nameBytes);
    }
    else if (magic === 'star') {
        raw.nameBytes = joinPath(fieldBytes(block, STAR_PREFIX_FIELD), raw.nameBytes);
        raw.atime = numeric(block, STAR_ATIME_FIELD, 'atime');
        raw.ctime = numeric(block, STAR_CTIME_FIELD, 'ctime');
    }
    else {
        // GNU: atime and ctime when set. Go before 1.8 wrote a ustar prefix there by mistake;
        // as Go still does, an unparsable pair with an ASCII "prefix" is read that way instead.
        let broken = false;
        if (block[GNU_ATIME_FIELD.offset] !== 0) {
            raw.atime = parseNumericField(block, GNU_ATIME_FIELD);
            broken ||= raw.atime === undefined;
        }
        if (block[GNU_CTIME_FIELD.offset] !== 0) {
            raw.ctime = parseNumericField(block, GNU_CTIME_FIELD);
            broken ||= raw.ctime === undefined;
        }
        if (broken) {
            delete raw.atime;
            delete raw.ctime;
            const prefix = fieldBytes(block, USTAR_PREFIX_FIELD);
            if (isAscii(prefix))
                raw.nameBytes = joinPath(prefix, raw.nameBytes);
        }
        if (raw.typeflag === TYPE_GNU_SPARSE) {
            raw.gnuSparse = {
                regions: readOldGnuSparseEntries(block, GNU_SPARSE_ENTRIES_OFFSET, GNU_SPARSE_ENTRY_COUNT),
                isExtended: block[GNU_IS_EXTENDED_OFFSET] !== 0,
                realSize: numeric(block, GNU_REAL_SIZE_FIELD, 'GNU sparse real size'),
            };
        }
    }
    return raw;
}
/** True for typeflags that never carry data, whatever the size field says. */
export function isHeaderOnlyType(typeflag) {
    return HEADER_ONLY_TYPES.has(typeflag);
}
/** True when an entry's data is file content (a payload of the layer recipe). */
export function isPayloadHeader(header) {
    return PAYLOAD_TYPES.has(header.typeflag.charCodeAt(0));
}
/**
 * Builds the header of an entry from its block, the pending extensions and the global
 * records in force. Throws BadInputError (without offset; the reader adds it) when a value
 * is malformed or the sparse map is inconsistent.
 */
export function buildTarHeader(raw, pending, globalPax, headerOffset) {
    const records = new Map();
    for (const [key, value] of globalPax) {
        if (key !== PAX_SIZE && !key.startsWith(GNU_SPARSE_PREFIX))
            records.set(key, value);
    }
    for (const [key, value] of pending.pax ?? []) {
        // An empty value means "use the header's field" (POSIX: it deletes the global value);
        // an extended attribute, though, may be empty in its own right.
        if (value.length === 0 && !isXattrKey(key))
            records.delete(key);
        else
            records.set(key, value);
    }
    const text = (key) => {
        const value = records.get(key);
        return value === undefined ? undefined : decodeRawText(value);
    };
    const integer = (key) => {
        const value = text(key);
        if (value === undefined)
            return undefined;
        const parsed = parseDecimal(value);
        if (parsed === undefined)
            throw new BadInputError(`malformed PAX ${key} ${JSON.stringify(value)}`);
        return parsed;
    };
    const time = (key) => {
        const value = text(key);
        if (value === undefined)
            return undefined;
        const parsed = parsePaxTime(value);
        if (parsed === undefined)
            throw new BadInputError(`malformed PAX ${key} ${JSON.stringify(value)}`);
        return parsed;
    };
    let nameBytes = records.get(PAX_PATH) ?? raw.nameBytes;
    let linkBytes = records.get(PAX_LINKPATH) ?? raw.linknameBytes;
    if (pending.longName !== undefined && pending.longName.length > 0)
        nameBytes = pending.longName;
    if (pending.longLink !== undefined && pending.longLink.length > 0)
        linkBytes = pending.longLink;
    // XXX: local size only (see the module comment): a global size record is ignored, as Go
    // ignores every global record; no writer is known to emit one.
    const paxSize = pending.pax?.get(PAX_SIZE);
    let size = raw.size;
    if (paxSize !== undefined && paxSize.length > 0) {
        const parsed = parseDecimal(decodeRawText(paxSize));
        if (parsed === undefined)
            throw new BadInputError(`malformed PAX size ${JSON.stringify(decodeRawText(paxSize))}`);
        size = parsed;
    }
    let typeflag = raw.typeflag;
    if (typeflag === TYPE_REGULAR_OLD) {
        typeflag = nameBytes.length > 0 && nameBytes[nameBytes.length - 1] === SLASH ? TYPE_DIRECTORY : TYPE_REGULAR;
    }
    if (isHeaderOnlyType(typeflag))
        size = 0;
    else if (size < 0)
        throw new BadInputError(`negative entry size ${size}`);
    const header = {
        name: '',
        nameBytes,
        linkname: decodeRawText(linkBytes),
        typeflag: String.fromCharCode(typeflag),
        rawTypeflag: raw.typeflag,
        size,
        mode: raw.mode,
        uid: integer(PAX_UID) ?? raw.uid,
        gid: integer(PAX_GID) ?? raw.gid,
        uname: text(PAX_UNAME) ?? decodeRawText(raw.unameBytes),
        gname: text(PAX_GNAME) ?? decodeRawText(raw.gnameBytes),
        mtime: time(PAX_MTIME) ?? raw.mtime,
        devmajor: raw.devmajor,
        devminor: raw.devminor,
        pax: paxRecordsToObject(records),
        xattrs: xattrsFromRecords(records),
        format: formatOf(raw.magic, pending.pax !== undefined || records.size > 0),
        headerOffset,
    };
    const atime = time(PAX_ATIME) ?? raw.atime;
    const ctime = time(PAX_CTIME) ?? raw.ctime;
    if (atime !== undefined)
        header.atime = atime;
    if (ctime !== undefined)
        header.ctime = ctime;
    const sparse = sparseInfo(raw, records, header);
    if (sparse !== undefined) {
        if (isHeaderOnlyType(typeflag))
            throw new BadInputError('sparse map on an entry that carries no data');
        validateSparseMap(sparse.map, sparse.realSize);
        header.sparse = sparse;
    }
    header.name = decodeRawText(header.nameBytes);
    return header;
}
function isXattrKey(key) {
    return key.startsWith(SCHILY_XATTR_PREFIX) || key.startsWith(LIBARCHIVE_XATTR_PREFIX);
}
function formatOf(magic, hasPax) {
    if (magic === 'ustar' && hasPax)
        return 'pax';
    return magic;
}
/** The sparse map of an entry, if it is sparse; may update `header.nameBytes` (GNU.sparse.name). */
function sparseInfo(raw, records, header) {
    if (raw.typeflag === TYPE_GNU_SPARSE) {
        // star also uses 'S', with another layout; like Go, only GNU's is read.
        if (raw.gnuSparse === undefined)
            throw new BadInputError("sparse entry ('S') not in GNU format");
        return { realSize: raw.gnuSparse.realSize, map: raw.gnuSparse.regions };
    }
    const get = (key) => {
        const value = records.get(key);
        return value === undefined ? undefined : decodeRawText(value);
    };
    const major = get(GNU_SPARSE_MAJOR) ?? '';
    const minor = get(GNU_SPARSE_MINOR) ?? '';
    let version;
    if (major === '0' && (minor === '0' || minor === '1'))
        version = '0.x';
    else if (major === '1' && minor === '0')
        version = '1.0';
    else if (major !== '' || minor !== '')
        return undefined; // a version cairn does not know: plain data
    else if ((get(GNU_SPARSE_MAP) ?? '') !== '')
        version = '0.x';
    else
        return undefined;
    const sparseName = records.get(GNU_SPARSE_NAME);
    if (sparseName !== undefined)
        header.nameBytes = sparseName;
    const sizeText = get(GNU_SPARSE_SIZE) ?? get(GNU_SPARSE_REALSIZE);
    let realSize = header.size;
    if (sizeText !== undefined) {
        const parsed = parseDecimal(sizeText);
        if (parsed === undefined)
            throw new BadInputError(`malformed GNU sparse size ${JSON.stringify(sizeText)}`);
        realSize = parsed;
    }
    if (version === '1.0')
        return { realSize, map: [], mapInData: true };
    return { realSize, map: parsePaxSparseMap(get(GNU_SPARSE_NUMBLOCKS) ?? '', get(GNU_SPARSE_MAP) ?? '') };
}
//# sourceMappingURL=tar-header.js.map