import type { Store } from '../store/index.js';
import type { ReportOptions } from './settings.js';
import type { Report } from './types.js';
/** Sets bundleBytes and bundleShare of every upgrade; `store` holds every image of the report. */
export declare function priceBundles(store: Store, report: Report, options: ReportOptions): Promise<void>;
