/**
 * Reports: dedup measurements as plain data (analyze for inputs outside any store, report for
 * images in one), then separate renderers for a terminal table and a self-contained HTML page;
 * JSON is the data itself (docs/report-json.md).
 */
export { analyze } from './analyze.js';
export { reportStore } from './store-report.js';
export { parseUpgrade, compareTags } from './upgrades.js';
export { renderTable } from './render-table.js';
export { renderHtml } from './render-html.js';
export { formatBytes } from './format.js';
//# sourceMappingURL=index.js.map