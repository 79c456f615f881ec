// Runs every compiled *.test.js under dist-test/test (or the folders given) with node's test
// runner. Node 20's own directory scan would also run the support modules, so the list is
// made here. Usage: node scripts/run-tests.mjs [unit|integration|property|slow|FILE ...], folders
// and files relative to dist-test/test (integration/store.test.js).
//
// The tests make their stores, trees and registries under the system's temporary directory.
// The run gives them one of their own (TMPDIR, which node's os.tmpdir() and the Debian tools
// honour) and removes it when the run ends, however the tests end: a test that forgets its
// directory, or one killed mid-way, leaves nothing behind on the machine. The run prints how
// far the free space of that file system fell at most (sampled every few seconds: a statfs, not
// a walk of the trees), so a test that starts filling the disk shows up in the log before it
// fails a machine with less room. CAIRN_TEST_KEEP_TMP=1 keeps the directory (its path is
// printed) to look at what a failing test left.
import { chmodSync, mkdtempSync, readdirSync, lstatSync, rmSync, statSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';

const base = join('dist-test', 'test');
const wanted = process.argv.slice(2);
const roots = (wanted.length ? wanted : ['unit', 'property', 'integration']).map((d) => join(base, d));
const files = [];
function walk(dir) {
  if (!statSync(dir).isDirectory()) {
    files.push(dir);
    return;
  }
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.test.js')) files.push(path);
  }
}
for (const root of roots) walk(root);

/** What a whole run has held at most, with room to spare (the run prints its own peak). */
const NEEDED = 2 * 2 ** 30;
const freeSpace = () => {
  const fs = statfsSync(tmpdir());
  return fs.bavail * fs.bsize;
};
const free = freeSpace();
if (free < NEEDED) {
  console.log(`# warning: ${(free / 2 ** 30).toFixed(1)} GiB free in ${tmpdir()}; the whole suite needs about ${NEEDED / 2 ** 30} GiB (tests will fail with ENOSPC)`);
}

const scratch = mkdtempSync(join(tmpdir(), 'cairn-tests-'));
// Open to every user with the sticky bit, as /tmp is: the rootless tests run tools as another user.
chmodSync(scratch, 0o1777);

/** Bytes held under DIR (allocated blocks, so sparse files count as what they take). */
function diskUse(dir) {
  let total = 0;
  let names;
  try { names = readdirSync(dir); } catch { return 0; }
  for (const name of names) {
    const path = join(dir, name);
    let st;
    try { st = lstatSync(path); } catch { continue; }
    total += st.blocks * 512;
    if (st.isDirectory()) total += diskUse(path);
  }
  return total;
}

let lowest = free;
const sampler = setInterval(() => { lowest = Math.min(lowest, freeSpace()); }, 2000);
const child = spawn(process.execPath, ['--test', '--test-concurrency=2', ...files], {
  stdio: 'inherit', env: { ...process.env, TMPDIR: scratch },
});
const keep = process.env.CAIRN_TEST_KEEP_TMP === '1';
function cleanUp() {
  clearInterval(sampler);
  lowest = Math.min(lowest, freeSpace());
  if (!keep) rmSync(scratch, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  const left = diskUse(scratch);
  cleanUp();
  const mib = (n) => (n / 1048576).toFixed(0);
  console.log(`# disk: free space fell by at most ${mib(free - lowest)} MiB during the run; ${mib(left)} MiB of temporary files left by the tests ${keep ? `and kept in ${scratch}` : 'and removed'}`);
  process.exit(code ?? (signal ? 1 : 0));
});
