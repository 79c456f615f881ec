// The worker pool behind chunk compression and report sizing: every way a job or a worker can
// fail is injected (a job that throws, a worker that exits, an error outside any job, a worker
// that cannot start, close() with jobs in flight) and each must surface on the promises
// concerned, while later jobs complete or reject: never hang (each test has a timeout).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkerPool } from '../../../src/workers/pool.js';
import { CompressPool, type Compressed } from '../../../src/store/compress-pool.js';
import { createDecompressor } from '../../../src/store/compression.js';
import { SizePool } from '../../../src/report/size-pool.js';
import type { TestJob, TestResult } from '../../support/job-worker.js';
import { seededBytes } from '../../support/random.js';
import { scratchDir } from '../../support/scratch.js';

const TIMEOUT = { timeout: 30_000 };
const JOB_WORKER = new URL('../../support/job-worker.js', import.meta.url);
const BROKEN_WORKER = new URL('../../support/broken-worker.js', import.meta.url);

const pool = (threads: number) => new WorkerPool<TestJob, TestResult>({ script: JOB_WORKER, threads, name: 'test worker' });
const bytes = (...values: number[]) => Uint8Array.from(values);
/** Matches an error by its exact message (and code). */
const failure = (message: string, code = 'CAIRN_IO') => (error: Error & { code?: string }) => {
  assert.equal(error.message, message);
  assert.equal(error.code, code);
  return true;
};
const sum = (p: WorkerPool<TestJob, TestResult>, data: Uint8Array) => p.run({ kind: 'sum', data }, [data.buffer as ArrayBuffer]);

test('jobs run on the workers; transferred buffers move instead of being copied', TIMEOUT, async () => {
  const p = pool(2);
  try {
    const inputs = Array.from({ length: 20 }, (_, i) => bytes(i, i + 1, i + 2));
    const results = await Promise.all(inputs.map((data) => sum(p, data)));
    assert.deepEqual(results.map((r) => r.sum), inputs.map((_, i) => 3 * i + 3));
    assert.equal(inputs[0]!.byteLength, 0, 'the sent buffer was transferred (detached here)');
    assert.deepEqual([...results[5]!.data!], [5, 6, 7]);
  } finally {
    await p.close();
  }
});

test('a job that throws rejects with its error; the worker carries on', TIMEOUT, async () => {
  const p = pool(1);
  try {
    const before = sum(p, bytes(1, 2));
    const failing = p.run({ kind: 'throw', message: 'bad job', code: 'CAIRN_BAD_INPUT' });
    const after = sum(p, bytes(3, 4));
    await assert.rejects(failing, (error: Error & { code?: string }) => {
      assert.match(error.message, /^test worker: bad job$/);
      assert.equal(error.code, 'CAIRN_BAD_INPUT');
      return true;
    });
    assert.equal((await before).sum, 3);
    assert.equal((await after).sum, 7);
    assert.equal(p.threads, 1);
  } finally {
    await p.close();
  }
});

test('a worker that exits fails its jobs with the cause, is replaced, and later jobs complete', TIMEOUT, async () => {
  const p = pool(1);
  try {
    const killer = p.run({ kind: 'exit', code: 7 });
    const queued = [sum(p, bytes(1)), sum(p, bytes(2))]; // sent to the same worker behind the fatal job
    await Promise.all([killer, ...queued].map((job) => assert.rejects(job, failure('test worker stopped: exited with code 7'))));
    const later = await Promise.all([sum(p, bytes(5, 5)), sum(p, bytes(6))]);
    assert.deepEqual(later.map((r) => r.sum), [10, 6]);
    assert.equal(p.threads, 1, 'the dead worker was replaced');
  } finally {
    await p.close();
  }
});

test('a worker killed by an error outside any job fails the jobs it had, is replaced, and later jobs complete', TIMEOUT, async () => {
  const p = pool(1);
  try {
    // The job itself is answered (its handler returns); the error thrown beside it ends the
    // worker before it reads the jobs queued behind.
    const killer = p.run({ kind: 'uncaught', message: 'boom outside a job' });
    const queued = [sum(p, bytes(1)), sum(p, bytes(2))];
    const died = (error: Error & { code?: string }) => error.code === 'CAIRN_IO' && error.message === 'test worker stopped: boom outside a job';
    await Promise.all([Promise.allSettled([killer]), ...queued.map((job) => assert.rejects(job, died))]);
    const later = await Promise.all([sum(p, bytes(5, 5)), sum(p, bytes(6))]);
    assert.deepEqual(later.map((r) => r.sum), [10, 6]);
    assert.equal(p.threads, 1, 'the dead worker was replaced');
  } finally {
    await p.close();
  }
});

test('a lane whose worker died rejects at once; a new lane runs', TIMEOUT, async () => {
  const p = pool(1);
  try {
    const lane = p.lane();
    assert.equal((await lane.run({ kind: 'sum', data: bytes(9) })).sum, 9);
    await assert.rejects(lane.run({ kind: 'exit', code: 3 }), /exited with code 3/);
    await assert.rejects(lane.run({ kind: 'sum', data: bytes(1) }), /test worker stopped: exited with code 3/);
    assert.equal((await p.lane().run({ kind: 'sum', data: bytes(4) })).sum, 4);
  } finally {
    await p.close();
  }
});

test('a worker that cannot start is not restarted forever: jobs reject, then every later job at once', TIMEOUT, async () => {
  const p = new WorkerPool<TestJob, TestResult>({ script: BROKEN_WORKER, threads: 2, name: 'broken worker' });
  try {
    const first = await Promise.allSettled(Array.from({ length: 4 }, () => p.run({ kind: 'sleep', ms: 0 })));
    for (const r of first) {
      if (r.status !== 'rejected') assert.fail('a job on a worker that cannot start was answered');
      assert.match((r.reason as Error).message, /broken worker stopped: this worker cannot start/);
    }
    // Replacements die too; after MAX_RESTARTS (pool.ts) deaths in a row none is started.
    for (let i = 0; i < 200 && p.threads > 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    assert.equal(p.threads, 0);
    await assert.rejects(p.run({ kind: 'sleep', ms: 0 }), /no broken worker is running: broken worker stopped: this worker cannot start/);
  } finally {
    await p.close();
  }
});

test('close() rejects jobs in flight and later ones, and is idempotent', TIMEOUT, async () => {
  const p = pool(2);
  const slow = [p.run({ kind: 'sleep', ms: 300 }), p.run({ kind: 'sleep', ms: 300 })];
  const closing = [p.close(), p.close()];
  const closed = (error: Error & { code?: string }) => error.code === 'CAIRN_CLOSED' && error.message === 'test worker pool closed';
  await Promise.all(slow.map((s) => assert.rejects(s, closed)));
  await Promise.all(closing);
  await p.close();
  await assert.rejects(sum(p, bytes(1)), /test worker pool closed/);
  assert.equal(p.threads, 0);
});

test('an idle pool left open does not keep the process alive', TIMEOUT, () => {
  const poolModule = new URL('../../../src/workers/pool.js', import.meta.url).href;
  const script = `
    const { WorkerPool } = await import(${JSON.stringify(poolModule)});
    const p = new WorkerPool({ script: new URL(${JSON.stringify(JOB_WORKER.href)}), threads: 2, name: 'w' });
    const r = await p.run({ kind: 'sum', data: Uint8Array.from([2, 3]) });
    console.log('sum', r.sum);`;
  const dir = scratchDir('cairn-pool-');
  const file = join(dir, 'idle.mjs');
  writeFileSync(file, script);
  const run = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 20_000 });
  rmSync(dir, { recursive: true, force: true });
  assert.equal(run.signal, null, `the process was killed after 20 s: it did not exit (stderr: ${run.stderr})`);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), 'sum 5');
});

test('compression: a job that makes the worker fail rejects, and later chunks reject or complete, never hang', TIMEOUT, async () => {
  // A level zstd refuses: every job throws in the worker (this once killed the worker, left it
  // in rotation, and the next compress() never settled).
  const broken = new CompressPool('not a level' as unknown as number, { threads: 2, inlineBytes: 0 });
  try {
    for (let i = 0; i < 6; i++) {
      await assert.rejects(broken.compress(seededBytes(i, 4096)), /Invalid type for parameter: compressionLevel/);
    }
    await assert.rejects(broken.compress(seededBytes(6, 4096)), failure('compression worker: Invalid type for parameter: compressionLevel'));
  } finally {
    await broken.close();
  }
  const good = new CompressPool(3, { threads: 2, inlineBytes: 0 });
  try {
    const chunks = Array.from({ length: 8 }, (_, i) => new Uint8Array(8192).fill(i));
    const copies = chunks.map((c) => Uint8Array.from(c));
    const compressed = await Promise.all(chunks.map((c) => good.compress(c)));
    for (const [i, c] of compressed.entries()) {
      assert.equal(c.zstd, true);
      assert.deepEqual(new Uint8Array(createDecompressor().decompress(c.bytes)), new Uint8Array(copies[i]!));
    }
    const random = seededBytes(99, 8192);
    const raw = await good.compress(Uint8Array.from(random));
    assert.equal(raw.zstd, false, 'incompressible bytes are stored raw');
    assert.deepEqual(raw.bytes, new Uint8Array(random));
  } finally {
    await good.close();
    await good.close();
  }
  await assert.rejects(good.compress(bytes(1, 2, 3)), /compression worker pool closed/);
});

test('report sizes: a failing size rejects, and throttle() then reports it instead of waiting', TIMEOUT, async () => {
  const sizes = new SizePool(2);
  try {
    await assert.rejects(sizes.chunk(seededBytes(1, 1024), 'bad' as unknown as number), /size worker: Invalid type for parameter: compressionLevel/);
    await assert.rejects(sizes.throttle(), /size worker: Invalid type/);
    await assert.rejects(sizes.chunk(seededBytes(2, 1024), 3), /size worker: Invalid type/);
  } finally {
    await sizes.close();
  }
  const ok = new SizePool(1);
  try {
    const stream = ok.stream(3);
    stream.update(new Uint8Array(100_000));
    assert.ok((await stream.end()) < 1000);
    assert.equal(await ok.chunk(new Uint8Array(0), 3), 0);
  } finally {
    await ok.close();
  }
});

test('compression: the workers start only once inlineBytes have been compressed inline, with the same results', TIMEOUT, async () => {
  const p = new CompressPool(3, { threads: 2, inlineBytes: 3 * 8192 });
  try {
    const chunks = Array.from({ length: 6 }, (_, i) => new Uint8Array(8192).fill(i + 1));
    const copies = chunks.map((c) => Uint8Array.from(c));
    const done: Compressed[] = [];
    for (const [i, c] of chunks.entries()) {
      done.push(await p.compress(c));
      // Three chunks fit the inline budget; the fourth starts the workers and is transferred to one.
      assert.equal(p.threads, i < 3 ? 0 : 2, `workers after chunk ${i}`);
      assert.equal(c.byteLength, i < 3 ? 8192 : 0, `chunk ${i} ${i < 3 ? 'compressed in place' : 'transferred'}`);
    }
    for (const [i, c] of done.entries()) {
      assert.equal(c.zstd, true);
      assert.deepEqual(new Uint8Array(createDecompressor().decompress(c.bytes)), copies[i]);
    }
  } finally {
    await p.close();
  }
  await assert.rejects(p.compress(bytes(1, 2, 3)), failure('compression worker pool closed', 'CAIRN_CLOSED'));
  const inline = new CompressPool(3, { threads: 0 });
  await inline.compress(seededBytes(1, 1 << 20));
  assert.equal(inline.threads, 0, 'threads 0 never starts a worker');
  await inline.close();
});
