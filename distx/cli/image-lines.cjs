"use strict";
/**
 * How `cairn ls` prints images, and the short digests and line width every listing uses.
 * CommonJS so that fast-ls.cts can print a listing before any ES module loads.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.MAX_COLUMNS = void 0;
exports.short = short;
exports.wrapped = wrapped;
exports.imageLines = imageLines;
/** No output line is wider than this (help, tables and listings fit a 100-column terminal). */
exports.MAX_COLUMNS = 100;
/** `sha256:` and the first 12 hex digits. */
function short(digest) {
    return digest.slice(0, 'sha256:'.length + 12);
}
/** `HEAD` then the items, comma-separated, wrapped onto indented lines so that no line passes MAX_COLUMNS (unless one item alone does). */
function wrapped(head, items) {
    const lines = [];
    let line = head;
    let empty = true;
    items.forEach((item, i) => {
        const piece = `${item}${i < items.length - 1 ? ',' : ''}`;
        if (!empty && line.length + 1 + piece.length > exports.MAX_COLUMNS) {
            lines.push(line);
            line = ' '.repeat(head.length);
            empty = true;
        }
        if (empty && line.length + piece.length > exports.MAX_COLUMNS && line.length > 4) {
            // Too long even alone after the head: on its own line, indented a little.
            if (line.trim() !== '')
                lines.push(line.trimEnd());
            line = '    ';
        }
        line += `${empty ? '' : ' '}${piece}`;
        empty = false;
    });
    lines.push(line);
    return lines;
}
/** `DIGEST  N layer(s)  NAMES` for ls. */
function imageLines(manifest, layers, names) {
    return wrapped(`${short(manifest)}  ${layers} layer${layers === 1 ? ' ' : 's'}  `, names.length > 0 ? names : ['(no name)']);
}
//# sourceMappingURL=image-lines.cjs.map