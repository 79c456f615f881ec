/** The report API for tests, imported by package name as an embedder would. */
export { analyze, reportStore, renderTable, renderHtml, parseUpgrade, compareTags } from 'cairn';
export type { Report, ImageFigures, UpgradeFigures, SizeFigures } from 'cairn';
