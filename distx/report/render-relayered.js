/**
 * The "re-layered" lines of the text report: for upgrades whose two versions `cairn relayer`
 * re-layered (relayered-price.ts), the layer pull of the originals beside the layer pull of
 * the re-layered images. Nothing when no upgrade has a re-layered price.
 */
import { formatBytes, formatShare } from './format.js';
export function relayeredLines(report) {
    const priced = report.upgrades.filter((u) => u.relayeredPullBytes !== undefined);
    if (priced.length === 0)
        return [];
    const width = Math.min(40, Math.max(7, ...priced.map((u) => `${u.from} → ${u.to}`.length)));
    const cell = (text, w, left = false) => (left ? text.slice(0, w).padEnd(w) : text.padStart(w));
    const line = (cells) => [cell(cells[0], width, true), cell(cells[1], 11), cell(cells[2], 11), cell(cells[3], 7)].join('  ').trimEnd();
    const out = ['Re-layered (cairn relayer): the same upgrades between the re-layered images'];
    out.push(line(['upgrade', 'layer pull', 're-layered', 'share']));
    out.push(line(['-'.repeat(width), '-'.repeat(11), '-'.repeat(11), '-'.repeat(7)]));
    let pull = 0;
    let relayered = 0;
    for (const u of priced) {
        pull += u.layerPullBytes;
        relayered += u.relayeredPullBytes;
        out.push(line([`${u.from} → ${u.to}`, formatBytes(u.layerPullBytes), formatBytes(u.relayeredPullBytes), formatShare(u.layerPullBytes > 0 ? u.relayeredPullBytes / u.layerPullBytes : null)]));
    }
    if (priced.length > 1)
        out.push(line(['all', formatBytes(pull), formatBytes(relayered), formatShare(pull > 0 ? relayered / pull : null)]));
    return out;
}
//# sourceMappingURL=render-relayered.js.map