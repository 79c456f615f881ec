import { type DecodeJob } from './decode-job.js';
export type { DecodeJob };
