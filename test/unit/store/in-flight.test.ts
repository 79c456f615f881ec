// The bound on compression jobs in flight (src/store/in-flight.ts), with drains at the same time.
// A directory ingest of /usr/lib failed now and then with "Cannot read properties of undefined
// (reading 'done')": a drain had taken every job while an add() waited for the oldest, and the
// byte count, reset only once the drain ended, sent the add() to wait for a job the list no
// longer held.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InFlight } from '../../../src/store/in-flight.js';

const MiB = 1 << 20;

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

test('an add() waiting for room while a drain takes every job ends once its job is done', async () => {
  const jobs = new InFlight();
  const a = deferred();
  const b = deferred();
  await jobs.add(a.promise, 5 * MiB); // under the bound: returns at once
  const adding = jobs.add(b.promise, 5 * MiB); // over it: waits for the oldest
  const draining = jobs.drain(); // takes both
  a.resolve();
  await new Promise((r) => setImmediate(r));
  b.resolve();
  await adding;
  await draining;
  // The count is back to nothing: a job of the whole bound alone does not wait.
  const c = deferred();
  let returned = false;
  const third = jobs.add(c.promise, 8 * MiB).then(() => { returned = true; });
  await new Promise((r) => setImmediate(r));
  assert.equal(returned, true, 'an add() under the bound waited');
  c.resolve();
  await third;
  await jobs.drain();
});

test('add() bounds what is in flight: it returns only once the jobs before it leave at most the bound', async () => {
  const jobs = new InFlight();
  const first = deferred();
  await jobs.add(first.promise, 6 * MiB);
  let returned = false;
  const second = deferred();
  const adding = jobs.add(second.promise, 6 * MiB).then(() => { returned = true; });
  await new Promise((r) => setImmediate(r));
  assert.equal(returned, false, 'add() returned with 12 MiB in flight');
  first.resolve();
  await adding;
  assert.equal(returned, true);
  second.resolve();
  await jobs.drain();
});

test('a failed job is thrown by the add() that waits for it, and by drain', async () => {
  const jobs = new InFlight();
  const first = deferred();
  await jobs.add(first.promise, 6 * MiB);
  const adding = jobs.add(Promise.resolve(), 6 * MiB);
  first.reject(new Error('compression failed'));
  await assert.rejects(adding, /compression failed/);
  await assert.rejects(jobs.drain(), /compression failed/);
});

test('property: adds, drains and settles in any order and timing all end, and drain() leaves nothing counted', async () => {
  type Step = { kind: 'add'; mib: number; after: number } | { kind: 'drain' } | { kind: 'settle' };
  const step = fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('add' as const), mib: fc.integer({ min: 0, max: 12 }), after: fc.integer({ min: 0, max: 3 }) }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'drain' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'settle' as const }) },
  );
  await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), async (steps: Step[]) => {
    const jobs = new InFlight();
    const running: Promise<unknown>[] = [];
    for (const s of steps) {
      if (s.kind === 'add') {
        // A job that ends after `after` turns of the event loop.
        const done = new Promise<void>((resolve) => {
          let turns = s.after;
          const tick = (): void => { if (turns-- <= 0) resolve(); else setImmediate(tick); };
          tick();
        });
        running.push(jobs.add(done, s.mib * MiB));
      } else if (s.kind === 'drain') {
        running.push(jobs.drain());
      } else {
        running.push(jobs.settle());
      }
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(running);
    await jobs.drain();
    // Nothing is counted: a job of the whole bound returns at once.
    let returned = false;
    const last = jobs.add(new Promise<void>(() => undefined), 8 * MiB).then(() => { returned = true; });
    await new Promise((r) => setImmediate(r));
    assert.equal(returned, true, 'bytes still counted after everything ended');
    void last;
  }), { numRuns: 300 });
});
