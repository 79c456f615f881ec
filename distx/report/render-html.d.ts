import type { Report } from './types.js';
/** The whole page. */
export declare function renderHtml(report: Report): string;
