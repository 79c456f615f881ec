/**
 * The worker thread that writes to disk for a rootfs export or a layer file: it runs the
 * batches it is sent (runner.ts) and answers each, handing its data buffer back. On a machine
 * with two cores the file system's work — creating an inode costs more than copying a small
 * file's bytes — then runs beside the rebuilding of the layers instead of after it.
 */
import { parentPort } from 'node:worker_threads';
import type { DiskBatch } from './ops.js';
import { DiskOpRunner } from './runner.js';

const runner = new DiskOpRunner();
parentPort!.on('message', (batch: DiskBatch) => {
  const reply = runner.run(batch);
  parentPort!.postMessage(reply, [reply.data]);
});
