import type { Report } from './types.js';
export declare const TABLE_WIDTH = 100;
/** The report as lines of text, each at most 100 columns. */
export declare function renderTable(report: Report): string;
