import type { Store } from '../store/index.js';
import { type ReportOptions } from './settings.js';
import type { Report } from './types.js';
export interface StoreReportOptions extends ReportOptions {
    /** Images to report (names, manifest digests, unique prefixes). @default every image in the store */
    images?: readonly string[];
}
/** Measures images of an open store. */
export declare function reportStore(store: Store, options?: StoreReportOptions): Promise<Report>;
