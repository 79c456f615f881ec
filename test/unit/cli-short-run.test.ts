// The CLI's export keeps V8 from optimizing with TurboFan (src/cli/short-run.ts). Checked in a
// child process that may ask V8 directly (--allow-natives-syntax): a function V8 is told to
// optimize gets TurboFan code before preferBaselineCode runs (the control: the check can see
// an optimization) and none after it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { preferBaselineCode } from '../../src/cli/short-run.js';

/** The module as compiled for the tests (imported here so that it is). */
const MODULE = new URL('../../src/cli/short-run.js', import.meta.url).href;
/** V8's optimization status bit for "has optimized code" (runtime-test.cc, OptimizationStatus::kOptimized). */
const OPTIMIZED = 16;

/** The optimization status of a function V8 was told to optimize, after `prefer` (or not) ran. */
function statusAfter(prefer: boolean): number {
  const script = `
    const { preferBaselineCode } = await import(${JSON.stringify(MODULE)});
    if (${prefer}) preferBaselineCode();
    function add(a, b) { return a + b; }
    %PrepareFunctionForOptimization(add);
    add(1, 2); add(3, 4);
    %OptimizeFunctionOnNextCall(add);
    add(5, 6);
    console.log(%GetOptimizationStatus(add));
  `;
  const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return Number(run.stdout.trim());
}

test('preferBaselineCode: a function V8 is told to optimize gets TurboFan code before, none after', () => {
  assert.equal(typeof preferBaselineCode, 'function');
  assert.equal(statusAfter(false) & OPTIMIZED, OPTIMIZED, 'the control was not optimized: the check proves nothing');
  assert.equal(statusAfter(true) & OPTIMIZED, 0);
});
