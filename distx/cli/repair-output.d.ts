/** What `cairn repair` prints: what it rebuilt, what it saved, and exactly what was lost. */
import type { RepairReport } from '../index.js';
import { type GlobalOptions } from './output.js';
/** The report as lines of text. */
export declare function repairLines(report: RepairReport): string[];
/** Prints the report; exit status 4 when content was lost (the store itself is whole again). */
export declare function printRepair(options: GlobalOptions, report: RepairReport): void;
