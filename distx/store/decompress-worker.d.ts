export type { DecompressJob, DecompressResult } from './decompress-batch.js';
