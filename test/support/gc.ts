/**
 * A full garbage collection on demand, for tests that assert what is still held rather than
 * what was allocated: process.memoryUsage() alone counts garbage V8 has not yet collected,
 * which depends on the machine's load and timing. The flag is set at run time and `gc` is
 * taken from a fresh context, where V8 then installs it; no --expose-gc on the command line.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (() => void) | undefined;
if (typeof gc !== 'function') throw new Error('could not expose the garbage collector');

/** Array-buffer bytes still reachable after a full collection. */
export function heldArrayBuffers(): number {
  gc!();
  return process.memoryUsage().arrayBuffers;
}
