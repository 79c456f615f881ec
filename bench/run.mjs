// Runs cairn's benchmarks and prints one table per group. No arguments: every group.
//   node bench/run.mjs [--small] [chunking|store|images|rootfs|report|many-files|delta|start|gzip|relayer|reblob|bundle|registry|versions ...]
// --small (or CAIRN_BENCH_SMALL=1) runs the chunking group on 4 MiB inputs in a few seconds:
// the test suite's smoke run, which checks the table and ratios come out, not the speed; the
// bundle group with --small uses the small demo corpus (one upgrade).
// Absolute MB/s depend on the machine and its load; quote the ratios, which compare peers
// measured in the same run on the same bytes.
import { machine } from './lib.mjs';
import { runChunking } from './chunking.mjs';
import { runStore } from './store.mjs';
import { runImages } from './images.mjs';
import { runRootfs } from './rootfs.mjs';
import { runReport } from './report.mjs';
import { runManyFiles } from './many-files.mjs';
import { runDelta } from './delta.mjs';
import { runStart } from './start.mjs';
import { runGzip } from './gzip.mjs';
import { runRegistry } from './registry.mjs';
import { runReblob } from './reblob.mjs';
import { runRelayer } from './relayer.mjs';
import { runBundle } from './bundle.mjs';
import { runVersions } from './versions.mjs';

const groups = { chunking: runChunking, store: runStore, images: runImages, rootfs: runRootfs, report: runReport, 'many-files': runManyFiles, delta: runDelta, start: runStart, gzip: runGzip, reblob: runReblob, relayer: runRelayer, bundle: runBundle, registry: runRegistry, versions: runVersions };
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
if (process.argv.includes('--small')) process.env.CAIRN_BENCH_SMALL = '1';
console.log(`# cairn benchmarks — ${machine()} — ${new Date().toISOString().slice(0, 10)}`);
for (const name of wanted.length ? wanted : Object.keys(groups)) {
  if (!groups[name]) {
    console.error(`unknown benchmark group: ${name} (have: ${Object.keys(groups).join(', ')})`);
    process.exit(2);
  }
  console.log(`\n## ${name}`);
  await groups[name]();
}
