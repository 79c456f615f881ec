import type { Measurer } from './measure.js';
import type { Report } from './types.js';
import { type UpgradeRequest } from './upgrades.js';
export interface FigureOptions {
    command: 'analyze' | 'report';
    upgrades: readonly UpgradeRequest[];
}
/** Computes every figure of the report from what the engine measured. */
export declare function computeReport(measurer: Measurer, options: FigureOptions): Report;
