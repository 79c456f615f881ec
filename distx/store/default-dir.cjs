"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.defaultStoreDir = defaultStoreDir;
/**
 * Where the default store is. CommonJS, like listing-cache.cts, so that the `cairn` entry can
 * find the store for a plain `cairn ls` before any ES module loads (src/cli/fast-ls.cts).
 */
const node_os_1 = require("node:os");
const node_path_1 = require("node:path");
/** The default store: $CAIRN_STORE, else $XDG_DATA_HOME/cairn, else ~/.local/share/cairn. */
function defaultStoreDir(env = process.env) {
    if (env['CAIRN_STORE'])
        return env['CAIRN_STORE'];
    if (env['XDG_DATA_HOME'])
        return (0, node_path_1.join)(env['XDG_DATA_HOME'], 'cairn');
    return (0, node_path_1.join)((0, node_os_1.homedir)(), '.local', 'share', 'cairn');
}
//# sourceMappingURL=default-dir.cjs.map