#!/usr/bin/env node
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
/**
 * The `cairn` command's entry (package.json `bin`). CommonJS on purpose: node starts a
 * CommonJS file about 10 ms sooner than an ES module (no module loader to set up first), which
 * is most of what `cairn --version` costs above node's own start. `--version` is answered here
 * before anything is loaded (not even the argument parser), and a plain `cairn ls` from the
 * store's listing cache where it is fresh (fast-ls.cts); every other command line goes to
 * program.js, an ES module, which loads only the module of the command being run.
 */
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    const { version } = require('../../package.json');
    process.stdout.write(`${version}\n`);
}
else if (!require('./fast-ls.cjs').fastLs(args)) {
    void import('./program.js');
}
//# sourceMappingURL=cairn.cjs.map