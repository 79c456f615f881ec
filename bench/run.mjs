// Runs cairn's benchmarks and prints one table per group. No arguments: every group.
//   node bench/run.mjs [chunking|store|images|rootfs|report|delta ...]
// Absolute MB/s depend on the machine and its load; quote the ratios, which compare peers
// measured in the same run on the same bytes.
import { machine } from './lib.mjs';
import { runChunking } from './chunking.mjs';
import { runStore } from './store.mjs';
import { runImages } from './images.mjs';
import { runRootfs } from './rootfs.mjs';
import { runReport } from './report.mjs';
import { runDelta } from './delta.mjs';

const groups = { chunking: runChunking, store: runStore, images: runImages, rootfs: runRootfs, report: runReport, delta: runDelta };
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
console.log(`# cairn benchmarks — ${machine()} — ${new Date().toISOString().slice(0, 10)}`);
for (const name of wanted.length ? wanted : Object.keys(groups)) {
  if (!groups[name]) {
    console.error(`unknown benchmark group: ${name} (have: ${Object.keys(groups).join(', ')})`);
    process.exit(2);
  }
  console.log(`\n## ${name}`);
  await groups[name]();
}
