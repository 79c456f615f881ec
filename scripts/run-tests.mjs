// Runs every compiled *.test.js under dist-test/test (or the folders given) with node's test
// runner. Node 20's own directory scan would also run the support modules, so the list is
// made here. Usage: node scripts/run-tests.mjs [unit|integration|property|slow ...]
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const base = join('dist-test', 'test');
const wanted = process.argv.slice(2);
const roots = (wanted.length ? wanted : ['unit', 'property', 'integration']).map((d) => join(base, d));
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.test.js')) files.push(path);
  }
}
for (const root of roots) walk(root);
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
