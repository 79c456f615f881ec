import { relayeredLines } from './render-relayered.js';
import { formatBytes, formatShare, ratio } from './format.js';
export const TABLE_WIDTH = 100;
/** Shortens text to `width` characters, keeping its start and end. */
function fit(text, width) {
    if (text.length <= width)
        return text;
    const head = Math.ceil((width - 1) / 2);
    return text.slice(0, head) + '…' + text.slice(text.length - (width - 1 - head));
}
function row(cells, widths, aligns) {
    return cells
        .map((c, i) => {
        const text = fit(c, widths[i]);
        return aligns[i] === 'left' ? text.padEnd(widths[i]) : text.padStart(widths[i]);
    })
        .join('  ')
        .trimEnd();
}
function table(header, rows, widths, aligns) {
    return [row(header, widths, aligns), row(widths.map((w) => '-'.repeat(w)), widths, aligns), ...rows.map((r) => row(r, widths, aligns))];
}
function modeName(mode) {
    return mode === 'file' ? 'file' : mode;
}
function describeSettings(report) {
    const s = report.settings;
    const c = s.chunker;
    const sizes = s.primaryMode === 'file' ? 'one chunk per file'
        : s.primaryMode === 'fixed' ? `${formatBytes(c.avg)} blocks`
            : `min ${formatBytes(c.min)}, avg ${formatBytes(c.avg)}, max ${formatBytes(c.max)}${s.primaryMode === 'aligned' ? `, align ${formatBytes(c.align)}` : ''}`;
    return `primary mode ${s.primaryMode} (${sizes}); chunks zstd -${s.zstdLevel}, raw when that saves under ${Math.round((1 - s.rawThreshold) * 100)}%`;
}
/** The report as lines of text, each at most 100 columns. */
export function renderTable(report) {
    const t = report.totals;
    const out = [];
    const primary = report.settings.primaryMode;
    out.push(`cairn ${report.command}: ${t.images} image${t.images === 1 ? '' : 's'}, ${t.layers} distinct layer${t.layers === 1 ? '' : 's'}, `
        + `${t.chunks.file} distinct files`);
    out.push(...wrap(describeSettings(report), TABLE_WIDTH));
    if (t.imageTarBytes !== t.tarBytes) {
        out.push(`the images hold ${formatBytes(t.imageTarBytes)} of layer tars, ${formatBytes(t.tarBytes)} in distinct layers`);
    }
    out.push('');
    // Sizes per method.
    out.push('Size of everything, each distinct layer, file or chunk once (framing included)');
    const sizeRows = [];
    const baseline = (label, stored, raw = '') => sizeRows.push([label, raw, formatBytes(stored), formatShare(ratio(stored, t.tarBytes)), formatShare(ratio(stored, t.registryBytes))]);
    baseline('tar, uncompressed', t.tarBytes, formatBytes(t.tarBytes));
    const fallback = t.gzipBytes === null ? 'zstd' : 'gzip';
    baseline(t.originalBytes !== null ? `registry pull (original blobs, else ${fallback})` : `registry pull (${fallback}: no original blobs)`, t.registryBytes);
    if (t.gzipBytes !== null)
        baseline(`gzip -${report.settings.gzipLevel}, whole layers`, t.gzipBytes);
    baseline(`zstd -${report.settings.zstdLevel}, whole layers`, t.zstdBytes);
    sizeRows.push(['files (each distinct file once)', formatBytes(t.fileUniqueBytes), formatBytes(t.fileStoredBytes), formatShare(ratio(t.fileStoredBytes, t.tarBytes)), formatShare(ratio(t.fileStoredBytes, t.registryBytes))]);
    for (const mode of report.settings.modes) {
        if (mode === 'file')
            continue;
        const unique = t.chunkUniqueBytes[mode];
        const stored = t.chunkStoredBytes[mode];
        sizeRows.push([`chunks, ${modeName(mode)}${mode === primary ? ' (primary)' : ''}, ${t.chunks[mode]} distinct`, formatBytes(unique), formatBytes(stored), formatShare(ratio(stored, t.tarBytes)), formatShare(ratio(stored, t.registryBytes))]);
    }
    out.push(...table(['method', 'raw', 'stored', 'of tar', 'of pull'], sizeRows, [44, 11, 11, 8, 8], ['left', 'right', 'right', 'right', 'right']));
    out.push(`(file-mode chunks are whole files: the files row; framing: ${formatBytes(t.framingBytes)} raw, ${formatBytes(t.framingStoredBytes)} stored)`);
    if (report.store) {
        const st = report.store;
        out.push(...wrap(`the store holds ${formatBytes(st.packBytes)} in packs for all its ${st.images} images (${st.chunks} chunks, metadata included)`, TABLE_WIDTH));
    }
    if (report.alignment) {
        out.push('');
        out.push(...wrap(`Price of alignment: ${report.alignment.summary}`, TABLE_WIDTH));
    }
    out.push('');
    // Images.
    out.push(`Images (each alone; stored = what a store holding only that image keeps)`);
    const imageRows = report.images.map((i) => [
        i.label,
        formatBytes(i.tarBytes),
        formatBytes(i.registryBytes),
        formatBytes(i.zstdBytes),
        formatBytes(i.fileStoredBytes),
        formatBytes(i.chunkStoredBytes[primary]),
        formatShare(ratio(i.chunkStoredBytes[primary], i.registryBytes)),
    ]);
    out.push(...table(['image', 'tar', 'pull', 'zstd', 'files st.', `${primary} st.`, 'of pull'], imageRows, [28, 10, 10, 10, 10, 11, 7], ['left', 'right', 'right', 'right', 'right', 'right', 'right']));
    out.push('');
    // Upgrades.
    if (report.upgrades.length > 0) {
        out.push(`Upgrades: bytes a client fetches (new chunks: ${primary}; bundle: cairn bundle TO --from FROM;`);
        out.push('shares are of the layer pull)');
        const priced = report.upgrades.some((u) => u.bundleBytes !== null);
        const upgradeRows = report.upgrades.map((u) => [
            `${u.from} → ${shortTo(u.from, u.to)}${u.automatic ? '' : ' *'}`,
            formatBytes(u.layerPullBytes),
            formatBytes(u.newFileBytes),
            formatShare(u.newFileShare),
            formatBytes(u.newChunkBytes),
            formatShare(u.newChunkShare),
            ...(priced ? [u.bundleBytes === null ? '–' : formatBytes(u.bundleBytes), formatShare(u.bundleShare)] : []),
        ]);
        const header = ['upgrade', 'layer pull', 'new files', 'share', 'new chunks', 'share', ...(priced ? ['bundle', 'share'] : [])];
        const widths = priced ? [27, 10, 10, 6, 10, 6, 10, 6] : [40, 11, 11, 7, 11, 7];
        out.push(...table(header, upgradeRows, widths, ['left', ...widths.slice(1).map(() => 'right')]));
        out.push(...relayeredLines(report));
        if (report.upgrades.some((u) => !u.automatic))
            out.push('* asked for with --upgrade; the others are consecutive tags of one repository');
        out.push('');
    }
    else {
        out.push('Upgrades: none (no repository has two tags here; ask with --upgrade FROM..TO)');
        out.push('');
    }
    // Histogram.
    const buckets = (report.histograms[primary] ?? []).filter((b, i, all) => b.chunks > 0 || all.slice(i).some((x) => x.chunks > 0));
    const first = buckets.findIndex((b) => b.chunks > 0);
    const shown = first >= 0 ? buckets.slice(first) : [];
    if (shown.length > 0) {
        out.push(`Chunk sizes (${primary}, distinct chunks)`);
        const most = Math.max(...shown.map((b) => b.chunks));
        const totalBytes = shown.reduce((s, b) => s + b.bytes, 0);
        for (const b of shown) {
            const label = b.from === 0 ? `≤ ${formatBytes(b.to)}` : `${formatBytes(b.from)} – ${formatBytes(b.to)}`;
            const bar = '█'.repeat(Math.round((b.chunks / most) * 40));
            out.push(`${label.padEnd(20)}${String(b.chunks).padStart(8)}  ${bar.padEnd(40)}  ${formatShare(ratio(b.bytes, totalBytes)).padStart(6)} of bytes`);
        }
        out.push('');
    }
    // Sharing.
    out.push(...sharing(report));
    return out.map((l) => (l.length > TABLE_WIDTH ? fit(l, TABLE_WIDTH) : l)).join('\n') + '\n';
}
/** `app:1.2` → `1.2` after `app:1.1`. */
function shortTo(from, to) {
    const colon = to.lastIndexOf(':');
    if (colon > 0 && from.startsWith(to.slice(0, colon + 1)))
        return to.slice(colon + 1);
    return to;
}
function wrap(text, width) {
    const lines = [];
    let line = '';
    for (const word of text.split(' ')) {
        if (line && line.length + 1 + word.length > width) {
            lines.push(line);
            line = word;
        }
        else
            line = line ? `${line} ${word}` : word;
    }
    if (line)
        lines.push(line);
    return lines;
}
function sharing(report) {
    const { images, bytes, mode } = report.sharing;
    const n = images.length;
    if (n < 2)
        return [];
    const out = [`Bytes shared between images (${mode} chunks and common layers' framing, raw)`];
    const CELL = 8;
    const LABEL = 26;
    if (LABEL + 2 + n * CELL <= TABLE_WIDTH) {
        out.push(' '.repeat(LABEL + 2) + images.map((_, j) => `#${j + 1}`.padStart(CELL)).join(''));
        for (let i = 0; i < n; i++) {
            const cells = bytes[i].map((v) => compactBytes(v).padStart(CELL)).join('');
            out.push(`${`#${i + 1} ${fit(images[i], LABEL - 4)}`.padEnd(LABEL)}  ${cells}`);
        }
        return out;
    }
    const pairs = [];
    for (let a = 0; a < n; a++)
        for (let b = a + 1; b < n; b++)
            pairs.push({ a, b, shared: bytes[a][b] });
    pairs.sort((x, y) => y.shared - x.shared);
    out.push(`(${n} images: the 15 most shared pairs; --html or --json for the whole matrix)`);
    for (const p of pairs.slice(0, 15)) {
        const pair = `${fit(images[p.a], 36)} ↔ ${fit(images[p.b], 36)}`;
        out.push(`${pair.padEnd(76)}  ${formatBytes(p.shared).padStart(10)}`);
    }
    return out;
}
/** A byte count in at most 7 characters. */
function compactBytes(n) {
    if (n === 0)
        return '0';
    const text = formatBytes(n).replace(' ', '');
    return text.replace('iB', '');
}
//# sourceMappingURL=render-table.js.map