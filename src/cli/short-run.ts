/**
 * V8's tiering for a command that usually runs for about a second. Once a function has run
 * hot for a while V8 compiles it again with TurboFan, its optimizing compiler, on background
 * threads. A rootfs export is a short run of many small steps: on the 2-core machine it is
 * measured on, those compilations took about 0.4 s of CPU of an export of 1.15 s
 * (esbuild-app), as much as the writer thread, competing with the two threads doing the work,
 * and most of the code they produced came too late to pay back.
 *
 * Turning TurboFan off (`--no-turbofan`) cut a small export by a quarter, but an image of
 * 100,000 small files then took 1.4 times as long (its per-entry loops run long enough to pay
 * for their optimization). So the export raises V8's interrupt budget instead, the bytecode a
 * function runs between two of V8's checks for hotness: at 16 times V8's default, code stays
 * at Sparkplug (the baseline compiler, cheap, on the thread that runs it) for the length of a
 * small export, and what runs long enough still gets TurboFan. Measured (docs/benchmarks.md,
 * rootfs) with `node [--no-turbofan] dist/cli/cairn.cjs --store S --quiet export rootfs IMAGE
 * DIR` in turns: esbuild-app 0.54-0.57 s with this budget, 0.53-0.54 s with TurboFan off; the
 * 100,000 files 4.03-4.13 s and 5.79-5.86 s.
 *
 * V8 reads the budget as it sets up each function's counters, so it is set before the work
 * starts; it applies to the whole process (the writer thread too), which is why only the CLI
 * sets it, never the library.
 */
import { setFlagsFromString } from 'node:v8';

/** V8's own interrupt budget (node 20's V8: `node --v8-options`, --interrupt-budget). */
export const V8_INTERRUPT_BUDGET = 67_584;
/** The budget a short run sets: 16 times V8's (see the module comment). */
export const SHORT_RUN_INTERRUPT_BUDGET = 16 * V8_INTERRUPT_BUDGET;

/** Makes V8 wait 16 times longer before it optimizes a function, for the rest of this process. */
export function delayOptimization(): void {
  setFlagsFromString(`--interrupt-budget=${SHORT_RUN_INTERRUPT_BUDGET}`);
}
