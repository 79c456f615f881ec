/**
 * V8's tiering for a command that runs for about a second. Once a function has run hot for a
 * while V8 compiles it again with TurboFan, its optimizing compiler, on background threads. A
 * rootfs export is a short run of many small steps: on the 2-core machine it is measured on,
 * those compilations took about 0.4 s of CPU of an export of 1.15 s (esbuild-app), as much as
 * the writer thread, competing with the two threads doing the work, and most of the code they
 * produced came too late to pay back. Without TurboFan, code stops at Sparkplug (the baseline
 * compiler, which compiles cheaply on the thread that runs the code). Measured in turns with
 * the build before (medians of 4 to 6 runs, machine shared): esbuild-app 0.99 s wall and 1.20 s
 * CPU before, 0.68 s and 0.85 s after; api-app (11,000 files) 1.78 s and 2.90 s before, 1.69 s
 * and 2.41 s after. V8 reads the flag each time it considers a function for optimization, so
 * setting it before the work starts takes effect; it applies to the whole process (the writer
 * thread too), which is why only the CLI sets it, never the library.
 */
import { setFlagsFromString } from 'node:v8';

/** Keeps V8 from optimizing with TurboFan for the rest of this process (see the module comment). */
export function preferBaselineCode(): void {
  setFlagsFromString('--no-turbofan');
}
