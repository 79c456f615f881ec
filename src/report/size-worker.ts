/**
 * Worker thread of the size pool: zstd sizes of chunks (one-shot, as the store compresses
 * them) and of streams fed piece by piece (whole layers, framing, large files). Messages in:
 * {op: 'chunk', id, data, level} | {op: 'open', id, stream, level, pledged} |
 * {op: 'update', id, stream, data} | {op: 'end', id, stream}; out: {id, size} or {id, error}.
 * A stream lives on one worker, so its pieces arrive in order.
 */
import { parentPort } from 'node:worker_threads';
import { ChunkSizer, ZstdStreamSize, zstdScratch } from './sizers.js';
import type { SizeMessage } from './size-pool.js';

const sizers = new Map<number, ChunkSizer>();
const streams = new Map<number, ZstdStreamSize>();
const scratch = zstdScratch();

parentPort!.on('message', (message: SizeMessage) => {
  try {
    let size = 0;
    switch (message.op) {
      case 'chunk': {
        let sizer = sizers.get(message.level);
        if (!sizer) sizers.set(message.level, (sizer = new ChunkSizer(message.level)));
        size = sizer.storedLength(message.data);
        break;
      }
      case 'open':
        streams.set(message.stream, new ZstdStreamSize(message.level, message.pledged, scratch));
        break;
      case 'update':
        streams.get(message.stream)!.update(message.data);
        size = message.data.length;
        break;
      case 'end':
        size = streams.get(message.stream)!.end();
        streams.delete(message.stream);
        break;
    }
    parentPort!.postMessage({ id: message.id, size });
  } catch (error) {
    parentPort!.postMessage({ id: message.id, error: (error as Error).message });
  }
});
