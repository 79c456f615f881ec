/**
 * How `cairn ls` prints images, and the short digests and line width every listing uses.
 * CommonJS so that fast-ls.cts can print a listing before any ES module loads.
 */
/** No output line is wider than this (help, tables and listings fit a 100-column terminal). */
export declare const MAX_COLUMNS = 100;
/** `sha256:` and the first 12 hex digits. */
export declare function short(digest: string): string;
/** `HEAD` then the items, comma-separated, wrapped onto indented lines so that no line passes MAX_COLUMNS (unless one item alone does). */
export declare function wrapped(head: string, items: string[]): string[];
/** `DIGEST  N layer(s)  NAMES` for ls. */
export declare function imageLines(manifest: string, layers: number, names: string[]): string[];
