import { output, printJson } from './output.js';
/** At most this many lines per list on a terminal (--json has them all). */
const SHOWN = 20;
function list(title, items, out) {
    if (items.length === 0)
        return;
    out.push(`${title} (${items.length}):`);
    for (const item of items.slice(0, SHOWN))
        out.push(`  ${item}`);
    if (items.length > SHOWN)
        out.push(`  … and ${items.length - SHOWN} more (--json lists them all)`);
}
/** The report as lines of text. */
export function repairLines(report) {
    const out = [];
    if (report.index)
        out.push(`index was damaged (${report.index.damaged}); moved to ${report.index.movedTo}`);
    out.push(`repair: indexed ${report.records} records from ${report.packs} intact packs; ${report.names} names`);
    for (const id of report.missingPacks)
        out.push(`pack ${id} was missing`);
    if (report.damagedPacks.length > 0) {
        out.push(`${report.damagedPacks.length} damaged pack(s): ${report.salvagedRecords} records saved into new packs; damaged packs moved to quarantine:`);
        for (const path of report.quarantined)
            out.push(`  ${path}`);
    }
    const lost = report.lost;
    if (lost.objects.length === 0 && lost.names.length === 0) {
        out.push('nothing was lost');
        return out;
    }
    list('names removed or lost, their images lack content (ingest them again to restore)', lost.names, out);
    list('images lacking content', lost.images, out);
    list('layers lacking content', lost.layers, out);
    list('files lacking content', lost.files, out);
    list('lost objects', lost.objects.map((o) => `${o.kind} ${o.digest}${o.pack ? ` (pack ${o.pack.slice(0, 12)})` : ''}`), out);
    return out;
}
/** Prints the report; exit status 4 when content was lost (the store itself is whole again). */
export function printRepair(options, report) {
    if (options.json)
        printJson(report);
    else
        for (const line of repairLines(report))
            output(options, line); // what was lost is never silenced
    if (report.lost.objects.length + report.lost.names.length > 0)
        process.exitCode = 4;
}
//# sourceMappingURL=repair-output.js.map