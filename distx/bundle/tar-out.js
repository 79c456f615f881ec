/** The bundle's tar: plain ustar regular-file entries (names are short), written one blob at a time. */
import { END_OF_ARCHIVE, encodeEntryHeader, paddingAfter } from '../tar/tree-writer.js';
export function entryHeader(path, size) {
    return encodeEntryHeader({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, size });
}
export { paddingAfter, END_OF_ARCHIVE };
//# sourceMappingURL=tar-out.js.map