/**
 * Worker thread: zstd-compresses chunks with one reused context. Messages in: {id, data,
 * level}; out: {id, payload} where payload is null when compression saves too little (the
 * chunk is then stored raw).
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
  else parentPort!.postMessage({ id: message.id, payload: null });
});
