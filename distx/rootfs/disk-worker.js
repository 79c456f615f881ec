/**
 * The worker thread that writes the tree to disk for a rootfs export: it runs the batches the
 * export sends (disk-runner.ts) and answers each, handing its data buffer back. On a machine
 * with two cores the file system's work — creating an inode costs more than copying a small
 * file's bytes — then runs beside the rebuilding of the layers instead of after it.
 */
import { parentPort } from 'node:worker_threads';
import { DiskOpRunner } from './disk-runner.js';
const runner = new DiskOpRunner();
parentPort.on('message', (batch) => {
    const reply = runner.run(batch);
    parentPort.postMessage(reply, [reply.data]);
});
//# sourceMappingURL=disk-worker.js.map