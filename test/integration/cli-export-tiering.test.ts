// `cairn export rootfs DIR` raises V8's interrupt budget for its process (src/cli/short-run.ts);
// other commands leave V8's tiering alone. Checked with a preload that records, at exit, every flag
// the process handed to v8.setFlagsFromString (the CLI imports it as an ES module export, which
// syncBuiltinESMExports points at the recording one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliUnderPreload } from '../support/cli.js';
import { SHORT_RUN_INTERRUPT_BUDGET } from '../../src/cli/short-run.js';
import { scratchDir } from '../support/scratch.js';

const BUDGET = `--interrupt-budget=${SHORT_RUN_INTERRUPT_BUDGET}`;

const HOOK = `
const v8 = require('node:v8');
const flags = [];
const original = v8.setFlagsFromString;
v8.setFlagsFromString = (text) => { flags.push(text); return original(text); };
require('node:module').syncBuiltinESMExports();
process.on('exit', () => process.stderr.write('\\nFLAGS ' + JSON.stringify(flags) + '\\n'));
`;

const flagsOf = (hook: string, args: string[]): string[] => cliUnderPreload<string[]>(hook, 'FLAGS', args).report;

test('export rootfs into a directory raises the interrupt budget; ingest and ls do not', () => {
  const work = scratchDir('cairn-tiering-');
  try {
    const hook = join(work, 'hook.cjs');
    writeFileSync(hook, HOOK);
    mkdirSync(join(work, 'tree'));
    writeFileSync(join(work, 'tree', 'hello.txt'), 'hello\n');
    const store = join(work, 'store');
    const ingest = flagsOf(hook, ['--store', store, '--quiet', 'ingest', join(work, 'tree'), '--name', 'small:1']);
    assert.ok(!ingest.includes(BUDGET), `ingest set ${ingest.join(' ')}`);
    // The preload sees the CLI's own flag (the heap's growth), or it proves nothing.
    assert.ok(ingest.some((f) => f.startsWith('--heap-growing-percent')), `ingest set ${ingest.join(' ')}`);
    assert.ok(!flagsOf(hook, ['--store', store, 'ls']).includes(BUDGET));
    const exported = flagsOf(hook, ['--store', store, '--quiet', 'export', 'rootfs', 'small:1', join(work, 'out')]);
    assert.ok(exported.includes(BUDGET), `export rootfs set ${exported.join(' ')}`);
    assert.equal(readFileSync(join(work, 'out', 'hello.txt'), 'utf8'), 'hello\n');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
