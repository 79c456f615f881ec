import type { Report } from './types.js';
export declare function relayeredLines(report: Report): string[];
