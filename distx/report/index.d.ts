/**
 * Reports: dedup measurements as plain data (analyze for inputs outside any store, report for
 * images in one), then separate renderers for a terminal table and a self-contained HTML page;
 * JSON is the data itself (docs/report-json.md).
 */
export { analyze, type AnalyzeOptions } from './analyze.js';
export { reportStore, type StoreReportOptions } from './store-report.js';
export type { ReportOptions, ReportProgressEvent } from './settings.js';
export { parseUpgrade, compareTags, type UpgradeRequest } from './upgrades.js';
export { renderTable } from './render-table.js';
export { renderHtml } from './render-html.js';
export type { Report, ReportSettings, SizeFigures, ImageFigures, LayerFigures, UpgradeFigures, HistogramBucket, Alignment, PerMode, } from './types.js';
export { formatBytes } from './format.js';
