/**
 * `cairn analyze PATH...` (what-if figures for inputs outside any store) and `cairn report
 * [IMAGE...]` (the same figures for images in the store): a table that fits 100 columns, the
 * report as JSON with --json (docs/report-json.md), and a self-contained HTML page with --html.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { BadInputError } from '../../errors.js';
import { parseUpgrade } from '../../report/upgrades.js';
/** The report modules, loaded when a report is made (not at the CLI's start). */
const reporting = () => import('../../report/index.js');
import { addChunkingOptions, chunkingOptionsFrom } from '../chunking-options.js';
import { output as print, printJson, say, warn } from '../output.js';
import { byteProgress } from '../progress.js';
import { withStore } from '../store-access.js';
import { checkOutputFile } from '../targets.js';
const collect = (value, previous) => [...(previous ?? []), value];
function parseModes(text) {
    if (text === undefined)
        return undefined;
    const modes = text.split(',').map((m) => m.trim()).filter((m) => m.length > 0);
    if (modes.length === 0)
        throw new BadInputError('--modes: give a comma-separated list, e.g. aligned,fastcdc');
    return modes;
}
function addReportOptions(command) {
    return command
        .option('--modes <list>', 'every chunking mode to measure, comma-separated (default: aligned,fastcdc,fixed,file)')
        .option('--upgrade <from..to>', 'also price this upgrade (repeatable); consecutive tags of one repository are priced anyway', collect)
        .option('--html <file>', 'also write the report as a self-contained HTML page')
        .option('--no-gzip', 'skip the gzip -6 baseline of whole layers (the slowest figure)')
        .option('--no-bundle', 'do not price upgrades by upgrade bundle (deltas at zstd -19: slow where large files changed)');
}
/** Prints the report (table, or JSON with --json) and writes the HTML page when asked. */
async function output(report, options, html, seconds) {
    if (html !== undefined) {
        const temporary = `${html}.${process.pid}.tmp`;
        try {
            await writeFile(temporary, (await reporting()).renderHtml(report));
            await rename(temporary, html);
        }
        catch (cause) {
            await rm(temporary, { force: true });
            throw new BadInputError(`cannot write ${html}: ${cause.message}`, { path: html, cause });
        }
    }
    if (options.json)
        return printJson(report);
    print(options, (await reporting()).renderTable(report).replace(/\n$/, ''));
    const rate = report.totals.tarBytes / 1024 ** 2 / Math.max(seconds, 1e-9);
    say(options, `\nmeasured ${report.totals.layers} layers in ${seconds.toFixed(1)} s (${rate.toFixed(0)} MiB/s of distinct tar)${html ? `; HTML: ${html}` : ''}`);
}
function progressHandler(options, label) {
    const { progress, onBytes } = byteProgress(options, label);
    return {
        progress,
        onProgress: (event) => {
            if (event.type === 'report:bytes')
                onBytes(event);
        },
    };
}
export function registerReport(program, globals) {
    addReportOptions(addChunkingOptions(program
        .command('analyze')
        .description('what-if dedup analysis of OCI layouts, archives, layer tars and directories: file vs chunk vs compression, per chunking mode; no store needed')
        .argument('<path...>', 'inputs, recognised by content as ingest does')
        .option('--name <name>', 'name for an image made from a directory or a lone layer tar (app:v1)'))).addHelpText('after', `
--mode and --modes: --mode (with --min, --avg, ...) sets the primary chunker, the one the
sharing, upgrade and histogram figures use; --modes lists every mode whose sizes are measured.

Examples:
  $ cairn analyze app-v1.tar app-v2.tar
  $ cairn analyze ./layout --mode fastcdc --modes fastcdc,aligned --html report.html
  $ cairn analyze ./layout --upgrade app:v1..app:v2 --no-gzip`)
        .action(async (paths, raw) => {
        const options = globals();
        if (raw.html !== undefined)
            await checkOutputFile(raw.html, '--html');
        const { progress, onProgress } = progressHandler(options, 'analyze');
        const started = process.hrtime.bigint();
        let report;
        try {
            report = await (await reporting()).analyze(paths, {
                chunker: chunkingOptionsFrom(raw),
                modes: parseModes(raw.modes),
                name: raw.name,
                upgrades: (raw.upgrade ?? []).map(parseUpgrade),
                gzipLevel: raw.gzip ? 6 : null,
                bundles: raw.bundle,
                onProgress,
                onWarning: warn,
            });
        }
        finally {
            progress.stop();
        }
        await output(report, options, raw.html, Number(process.hrtime.bigint() - started) / 1e9);
    });
    addReportOptions(program
        .command('report')
        .description('dedup figures for images in the store (default: every image): sharing, upgrade costs, chunk vs file vs compression')
        .argument('[image...]', 'names, manifest digests or unique prefixes')).addHelpText('after', `
Examples:
  $ cairn report
  $ cairn report app:v1 app:v2 --html report.html
  $ cairn --json report --modes aligned,fastcdc`)
        .action(async (images, raw) => {
        const options = globals();
        if (raw.html !== undefined)
            await checkOutputFile(raw.html, '--html');
        const { progress, onProgress } = progressHandler(options, 'report');
        const started = process.hrtime.bigint();
        let report;
        try {
            report = await withStore(options, async (store) => (await reporting()).reportStore(store, {
                images,
                modes: parseModes(raw.modes),
                upgrades: (raw.upgrade ?? []).map(parseUpgrade),
                gzipLevel: raw.gzip ? 6 : null,
                bundles: raw.bundle,
                onProgress,
                onWarning: warn,
            }), { create: false });
        }
        finally {
            progress.stop();
        }
        await output(report, options, raw.html, Number(process.hrtime.bigint() - started) / 1e9);
    });
}
//# sourceMappingURL=report.js.map