// The CLI's rootfs export makes V8 wait longer before it optimizes a function
// (src/cli/short-run.ts). Checked in a child process that may ask V8 directly
// (--allow-natives-syntax), with optimization done on the spot (--no-concurrent-recompilation):
// a small function called 20,000 times gets TurboFan code with V8's own budget (the control:
// the check can see an optimization) and none after delayOptimization; called 2,000,000 times it
// gets it even then (delayed, not turned off: a long export still pays for it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { delayOptimization, SHORT_RUN_INTERRUPT_BUDGET, V8_INTERRUPT_BUDGET } from '../../src/cli/short-run.js';

/** The module as compiled for the tests (imported here so that it is). */
const MODULE = new URL('../../src/cli/short-run.js', import.meta.url).href;
/** V8's optimization status bit for "has optimized code" (runtime-test.cc, OptimizationStatus::kOptimized). */
const OPTIMIZED = 16;

/** Whether a small function is optimized after `calls` calls, with or without delayOptimization first. */
function optimizedAfter(calls: number, delay: boolean): boolean {
  const script = `
    const { delayOptimization } = await import(${JSON.stringify(MODULE)});
    if (${delay}) delayOptimization();
    // Made after the flag is set (a declaration would be hoisted above it).
    const hot = new Function('return function hot(a, b) { return (a * 31 + b) | 0; };')();
    let x = 0;
    for (let i = 0; i < ${calls}; i++) x = hot(x, i);
    console.log(%GetOptimizationStatus(hot), x);
  `;
  const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--no-concurrent-recompilation', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return (Number(run.stdout.trim().split(' ')[0]) & OPTIMIZED) === OPTIMIZED;
}

test('delayOptimization: a function hot enough for TurboFan by default is not yet; a far hotter one still is', () => {
  assert.equal(SHORT_RUN_INTERRUPT_BUDGET, 16 * V8_INTERRUPT_BUDGET);
  assert.equal(typeof delayOptimization, 'function');
  assert.ok(optimizedAfter(20_000, false), 'the control was not optimized: the check proves nothing');
  assert.ok(!optimizedAfter(20_000, true), 'optimized as early as by default');
  assert.ok(optimizedAfter(2_000_000, true), 'never optimized: TurboFan is off, not delayed');
});
