/**
 * Worker thread: zstd-compresses chunks with one reused context. Messages in: {id, data,
 * level} (data transferred, not copied); out: {id, payload, raw}: the compressed bytes, or,
 * when compression saves too little, the input handed back (transferred) to be stored raw.
 */
import { parentPort } from 'node:worker_threads';
import { Compressor } from 'zstd-napi';
import { compressOrNull } from './compression.js';

const compressor = new Compressor();
let currentLevel = -1;

parentPort!.on('message', (message: { id: number; data: Uint8Array; level: number }) => {
  if (message.level !== currentLevel) {
    compressor.setParameters({ compressionLevel: message.level });
    currentLevel = message.level;
  }
  const payload = compressOrNull(compressor, message.data);
  if (payload) parentPort!.postMessage({ id: message.id, payload }, [payload.buffer as ArrayBuffer]);
  else parentPort!.postMessage({ id: message.id, payload: null, raw: message.data }, [message.data.buffer as ArrayBuffer]);
});
