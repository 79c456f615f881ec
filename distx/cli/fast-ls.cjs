"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.plainLs = plainLs;
exports.fastLs = fastLs;
/**
 * A plain `cairn ls` answered from the store's listing cache (src/store/listing-cache.cts),
 * before the argument parser or any store module loads: node's own start plus a file read.
 * Any other command line, and a store whose listing is missing or stale, goes to the full
 * program, which opens the store (and whose close writes the listing again).
 */
const default_dir_cjs_1 = require("../store/default-dir.cjs");
const listing_cache_cjs_1 = require("../store/listing-cache.cjs");
const image_lines_cjs_1 = require("./image-lines.cjs");
/** `[--store DIR] [--json] [--quiet] ls [images]` in any order of the options, or undefined. */
function plainLs(args) {
    let store;
    let json = false;
    let i = 0;
    for (; i < args.length && args[i].startsWith('-'); i++) {
        const arg = args[i];
        if (arg === '--json')
            json = true;
        else if (arg === '--quiet')
            continue;
        else if (arg === '--store' && i + 1 < args.length && !args[i + 1].startsWith('-'))
            store = args[++i];
        else if (arg.startsWith('--store=') && arg.length > '--store='.length)
            store = arg.slice('--store='.length);
        else
            return undefined;
    }
    const rest = args.slice(i);
    if (rest[0] !== 'ls' || rest.length > 2 || (rest.length === 2 && rest[1] !== 'images'))
        return undefined;
    return { store, json };
}
/** Prints the listing and returns true, or returns false (nothing printed) for the full program to run. */
function fastLs(args) {
    const plain = plainLs(args);
    if (!plain)
        return false;
    const images = (0, listing_cache_cjs_1.readListing)(plain.store ?? (0, default_dir_cjs_1.defaultStoreDir)());
    if (!images)
        return false;
    // `cairn ls | head -1`: a reader that stops reading ends the command, quietly.
    process.stdout.on('error', (error) => process.exit(error.code === 'EPIPE' ? 0 : 1));
    if (plain.json) {
        process.stdout.write(JSON.stringify({ images }, null, 2) + '\n');
    }
    else {
        const lines = images.flatMap((i) => (0, image_lines_cjs_1.imageLines)(i.manifest, i.layers.length, i.names));
        if (lines.length > 0)
            process.stdout.write(lines.join('\n') + '\n');
    }
    return true;
}
//# sourceMappingURL=fast-ls.cjs.map