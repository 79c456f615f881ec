#!/usr/bin/env node
/**
 * The `cairn` command's entry (package.json `bin`). CommonJS on purpose: node starts a
 * CommonJS file about 10 ms sooner than an ES module (no module loader to set up first), which
 * is most of what `cairn --version` costs above node's own start. `--version` is answered here
 * before anything is loaded (not even the argument parser), and a plain `cairn ls` from the
 * store's listing cache where it is fresh (fast-ls.cts); every other command line goes to
 * program.js, an ES module, which loads only the module of the command being run.
 */
const HEAP_GROWING_PERCENT = 100;
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { version } = require('../../package.json') as { version: string };
  process.stdout.write(`${version}\n`);
} else if (!(require('./fast-ls.cjs') as typeof import('./fast-ls.cjs')).fastLs(args)) {
  // The old generation may grow to twice what the last full collection left live before the
  // next: V8's own factor (up to 4x when collections are quick) let an ingest's per-file garbage
  // take the heap past 100 MB with 30 MB live. Measured (docs/benchmarks.md, store, "Ingest memory"): peak RSS
  // 15-18% lower on trees of many files for about 5% more CPU; 50% saved more and cost 20%.
  // V8 reads it each time it sets the limit, so setting it now, before any work, takes effect.
  (require('node:v8') as typeof import('node:v8')).setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  void import('./program.js');
}
