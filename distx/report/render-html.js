import { formatBytes, formatShare, ratio } from './format.js';
const WIDTH = 1080;
const FONT = "'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif";
const COLORS = {
    baseline: '#9aa5b1',
    raw: '#9ecae1',
    stored: '#2171b5',
    pull: '#9aa5b1',
    files: '#fd8d3c',
    chunks: '#2171b5',
    bundle: '#31a354',
    relayered: '#756bb1',
    bar: '#4292c6',
    text: '#1f2933',
    muted: '#52606d',
    grid: '#e4e7eb',
};
/** "N% of the pull", or nothing when the pull cost nothing. */
function pullShare(bytes, pull) {
    return pull > 0 ? `${formatShare(bytes / pull)} of the pull` : '';
}
function esc(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
/** Shortens text to `chars` characters, keeping its start and end. */
function fit(text, chars) {
    if (text.length <= chars)
        return text;
    const head = Math.ceil((chars - 1) / 2);
    return text.slice(0, head) + '…' + text.slice(text.length - (chars - 1 - head));
}
function svg(width, height, body, label, id) {
    return `<svg id="${id}" class="chart" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(label)}" font-family="${esc(FONT)}" font-size="13">${body}</svg>`;
}
function text(x, y, content, attrs = '') {
    return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${esc(content)}</text>`;
}
function rect(x, y, w, h, fill, title) {
    const body = `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(0, w).toFixed(1)}" height="${h.toFixed(1)}" fill="${fill}"`;
    return title ? `${body}><title>${esc(title)}</title></rect>` : `${body}/>`;
}
/** Horizontal bars sharing one scale, each labelled on the left and valued on the right. */
function barChart(id, title, groups, legend) {
    const LABEL = 330;
    const VALUE = 240;
    const BAR = 20;
    const GAP = 6;
    const HEADING = 24;
    const max = Math.max(1, ...groups.flatMap((g) => g.bars.map((b) => b.value)));
    const span = WIDTH - LABEL - VALUE;
    let y = legend.length > 0 ? 30 : 8;
    let body = '';
    const step = Math.min(190, (WIDTH - LABEL) / Math.max(1, legend.length));
    legend.forEach((l, i) => {
        const x = LABEL + i * step;
        body += rect(x, 8, 14, 14, l.color) + text(x + 20, 20, l.label, `fill="${COLORS.text}"`);
    });
    for (const group of groups) {
        if (group.heading) {
            y += 6;
            body += text(8, y + 14, group.heading, `font-weight="bold" fill="${COLORS.text}"`);
            y += HEADING;
        }
        for (const bar of group.bars) {
            const w = (bar.value / max) * span;
            body += text(LABEL - 10, y + BAR * 0.72, fit(bar.label, 46), `text-anchor="end" fill="${COLORS.text}"`);
            body += rect(LABEL, y, w, BAR, bar.color, `${bar.label}: ${formatBytes(bar.value)} (${bar.value} bytes)`);
            body += text(LABEL + w + 8, y + BAR * 0.72, `${formatBytes(bar.value)}  ${bar.note}`, `fill="${COLORS.text}"`);
            y += BAR + GAP;
        }
    }
    return svg(WIDTH, y + 8, body, title, id);
}
/** A heat map: one cell per (row, column), coloured by share (0..1), valued in the cell. */
function heatMap(id, title, labels, cell, legend) {
    const n = labels.length;
    const LABEL = 230;
    const size = Math.max(26, Math.min(64, Math.floor((WIDTH - LABEL - 20) / Math.max(1, n))));
    const top = 40;
    const fontSize = size >= 56 ? 11 : size >= 40 ? 10 : 8;
    let body = '';
    for (let j = 0; j < n; j++)
        body += text(LABEL + j * size + size / 2, top - 10, `#${j + 1}`, `text-anchor="middle" fill="${COLORS.muted}"`);
    for (let i = 0; i < n; i++) {
        const y = top + i * size;
        body += text(LABEL - 8, y + size / 2 + 4, `#${i + 1} ${fit(labels[i], 28)}`, `text-anchor="end" fill="${COLORS.text}"`);
        for (let j = 0; j < n; j++) {
            const c = cell(i, j);
            const fill = c.share === null ? '#f5f7fa' : shade(c.share);
            body += rect(LABEL + j * size, y, size - 2, size - 2, fill, c.tip);
            if (size >= 34) {
                const dark = c.share !== null && c.share > 0.55;
                body += text(LABEL + j * size + (size - 2) / 2, y + size / 2 + 3, c.text, `text-anchor="middle" font-size="${fontSize}" fill="${dark ? '#ffffff' : COLORS.text}"`);
            }
        }
    }
    // Colour scale.
    const scaleY = top + n * size + 16;
    for (let k = 0; k <= 10; k++)
        body += rect(LABEL + k * 24, scaleY, 24, 12, shade(k / 10));
    body += text(LABEL - 8, scaleY + 11, '0%', `text-anchor="end" fill="${COLORS.muted}"`);
    body += text(LABEL + 11 * 24 + 6, scaleY + 11, `100%  ${legend}`, `fill="${COLORS.muted}"`);
    return svg(Math.max(WIDTH, LABEL + n * size + 10), scaleY + 24, body, title, id);
}
/** White to deep blue. */
function shade(share) {
    const s = Math.max(0, Math.min(1, share));
    const from = [247, 251, 255];
    const to = [8, 48, 107];
    const c = from.map((f, i) => Math.round(f + (to[i] - f) * s));
    return `rgb(${c[0]},${c[1]},${c[2]})`;
}
/** `32–64 KiB`: a range, the unit written once when both ends share it. */
function sizeRange(from, to) {
    const [fromValue, fromUnit] = formatBytes(from).split(' ');
    const [toValue, toUnit] = formatBytes(to).split(' ');
    const trim = (v) => v.replace(/\.0+$/, '');
    return fromUnit === toUnit ? `${trim(fromValue)}–${trim(toValue)} ${toUnit}` : `${trim(fromValue)} ${fromUnit}–${trim(toValue)} ${toUnit}`;
}
function histogramChart(id, title, buckets) {
    const first = buckets.findIndex((b) => b.chunks > 0);
    let last = -1;
    buckets.forEach((b, i) => {
        if (b.chunks > 0)
            last = i;
    });
    const shown = first >= 0 ? buckets.slice(first, last + 1) : [];
    const LEFT = 70;
    const top = 20;
    const height = 260;
    const slot = Math.min(90, Math.floor((WIDTH - LEFT - 20) / Math.max(1, shown.length)));
    const most = Math.max(1, ...shown.map((b) => b.chunks));
    const totalBytes = shown.reduce((s, b) => s + b.bytes, 0);
    let body = '';
    for (let k = 0; k <= 4; k++) {
        const y = top + height - (k / 4) * height;
        body += `<line x1="${LEFT}" y1="${y}" x2="${LEFT + slot * shown.length}" y2="${y}" stroke="${COLORS.grid}"/>`;
        body += text(LEFT - 8, y + 4, String(Math.round((most * k) / 4)), `text-anchor="end" fill="${COLORS.muted}"`);
    }
    shown.forEach((b, i) => {
        const h = (b.chunks / most) * height;
        const x = LEFT + i * slot;
        const range = b.from === 0 ? `≤ ${formatBytes(b.to)}` : sizeRange(b.from, b.to);
        body += rect(x + 4, top + height - h, slot - 8, h, COLORS.bar, `${range}: ${b.chunks} chunks, ${formatBytes(b.bytes)}`);
        body += text(x + slot / 2, top + height - h - 6, String(b.chunks), `text-anchor="middle" fill="${COLORS.text}" font-size="11"`);
        body += text(x + slot / 2, top + height + 16, range, `text-anchor="middle" fill="${COLORS.text}" font-size="11"`);
        body += text(x + slot / 2, top + height + 32, formatShare(ratio(b.bytes, totalBytes)), `text-anchor="middle" fill="${COLORS.muted}" font-size="11"`);
    });
    body += text(8, top + height + 16, 'size', `fill="${COLORS.muted}" font-size="11"`);
    body += text(8, top + height + 32, 'of bytes', `fill="${COLORS.muted}" font-size="11"`);
    body += text(8, top - 6, 'chunks', `fill="${COLORS.muted}" font-size="11"`);
    return svg(WIDTH, top + height + 44, body, title, id);
}
function modeLabel(mode) {
    return { aligned: 'aligned CDC', fastcdc: 'FastCDC', fixed: 'fixed blocks', file: 'whole files' }[mode];
}
function tableHtml(header, rows) {
    const head = header.map((h, i) => `<th${i === 0 ? ' class="l"' : ''}>${esc(h)}</th>`).join('');
    const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${i === 0 ? ' class="l"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('\n');
    return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}
/** The whole page. */
export function renderHtml(report) {
    const t = report.totals;
    const s = report.settings;
    const primary = s.primaryMode;
    const ofTar = (n) => `${formatShare(ratio(n, t.tarBytes))} of tar`;
    const primaryStored = t.chunkStoredBytes[primary];
    const title = `cairn ${report.command}: ${t.images} image${t.images === 1 ? '' : 's'}, ${formatBytes(t.tarBytes)} of layers`;
    const lead = `Stored as ${modeLabel(primary)} chunks, each distinct chunk once, these ${t.images} image${t.images === 1 ? '' : 's'} take `
        + `${formatBytes(primaryStored)}: ${formatShare(ratio(primaryStored, t.registryBytes))} of the ${formatBytes(t.registryBytes)} `
        + `a registry serves for their ${t.layers} distinct layer${t.layers === 1 ? '' : 's'}, and ${formatShare(ratio(primaryStored, t.zstdBytes))} of the layers zstd-compressed whole.`;
    const sizeGroups = [
        {
            heading: 'Whole layers (each distinct layer once)',
            bars: [
                { label: 'tar, uncompressed', value: t.tarBytes, color: COLORS.raw, note: '' },
                { label: t.originalBytes !== null ? 'registry pull (original blobs)' : `registry pull (${t.gzipBytes === null ? 'zstd' : 'gzip'}, no originals)`, value: t.registryBytes, color: COLORS.baseline, note: ofTar(t.registryBytes) },
                ...(t.gzipBytes !== null ? [{ label: `gzip -${s.gzipLevel}`, value: t.gzipBytes, color: COLORS.stored, note: ofTar(t.gzipBytes) }] : []),
                { label: `zstd -${s.zstdLevel}`, value: t.zstdBytes, color: COLORS.stored, note: ofTar(t.zstdBytes) },
            ],
        },
        {
            heading: 'Deduplicated (each distinct file or chunk once, framing included)',
            bars: [
                { label: 'files, raw', value: t.fileUniqueBytes, color: COLORS.raw, note: ofTar(t.fileUniqueBytes) },
                { label: 'files, compressed', value: t.fileStoredBytes, color: COLORS.stored, note: ofTar(t.fileStoredBytes) },
                ...s.modes.filter((m) => m !== 'file').flatMap((m) => [
                    { label: `${modeLabel(m)} chunks, raw`, value: t.chunkUniqueBytes[m], color: COLORS.raw, note: `${ofTar(t.chunkUniqueBytes[m])}, ${t.chunks[m]} chunks` },
                    { label: `${modeLabel(m)} chunks, compressed`, value: t.chunkStoredBytes[m], color: COLORS.stored, note: ofTar(t.chunkStoredBytes[m]) },
                ]),
            ],
        },
    ];
    const sizes = barChart('chart-sizes', 'Size of all inputs by method', sizeGroups, [
        { color: COLORS.raw, label: 'uncompressed' },
        { color: COLORS.stored, label: 'compressed' },
        { color: COLORS.baseline, label: 'as a registry serves it' },
    ]);
    const labels = report.sharing.images;
    const shared = report.sharing.bytes;
    const sharing = labels.length >= 2
        ? heatMap('chart-sharing', 'Bytes shared between images', labels, (i, j) => {
            const base = Math.min(shared[i][i], shared[j][j]);
            const share = i === j ? 1 : base > 0 ? shared[i][j] / base : 0;
            return {
                share,
                text: formatBytes(shared[i][j]).replace(' ', ''),
                tip: i === j ? `${labels[i]}: ${formatBytes(shared[i][i])} of distinct content` : `${labels[i]} and ${labels[j]} share ${formatBytes(shared[i][j])} (${formatShare(share)} of the smaller)`,
            };
        }, 'of the smaller image shared')
        : '';
    const upgradeGroups = report.upgrades.map((u) => ({
        heading: `${u.from} → ${u.to}${u.automatic ? '' : ' (asked for)'}`,
        bars: [
            { label: 'whole layers (registry pull)', value: u.layerPullBytes, color: COLORS.pull, note: `${u.newLayers} layer${u.newLayers === 1 ? '' : 's'}` },
            { label: 'new files, compressed', value: u.newFileBytes, color: COLORS.files, note: u.newFileShare === null ? '' : `${formatShare(u.newFileShare)} of the pull` },
            { label: `new ${modeLabel(primary)} chunks, compressed`, value: u.newChunkBytes, color: COLORS.chunks, note: u.newChunkShare === null ? '' : `${formatShare(u.newChunkShare)} of the pull` },
            ...(u.bundleBytes === null ? [] : [{ label: 'upgrade bundle (chunks and deltas)', value: u.bundleBytes, color: COLORS.bundle, note: u.bundleShare === null ? '' : `${formatShare(u.bundleShare)} of the pull` }]),
            ...(u.relayeredPullBytes === undefined ? [] : [{ label: 'whole layers, re-layered images', value: u.relayeredPullBytes, color: COLORS.relayered, note: pullShare(u.relayeredPullBytes, u.layerPullBytes) }]),
        ],
    }));
    const priced = report.upgrades.some((u) => u.bundleBytes !== null);
    const relayered = report.upgrades.some((u) => u.relayeredPullBytes !== undefined);
    const upgrades = upgradeGroups.length > 0
        ? barChart('chart-upgrades', 'Upgrade costs', upgradeGroups, [
            { color: COLORS.pull, label: 'whole layers' },
            { color: COLORS.files, label: 'new files' },
            { color: COLORS.chunks, label: 'new chunks' },
            ...(priced ? [{ color: COLORS.bundle, label: 'bundle' }] : []),
            ...(relayered ? [{ color: COLORS.relayered, label: 're-layered' }] : []),
        ])
        : '';
    const matrix = report.upgradeMatrix.bytes;
    const images = report.images;
    const upgradeMap = labels.length >= 2
        ? heatMap('chart-upgrade-matrix', 'Bytes to fetch from one image to another', labels, (i, j) => {
            const pull = images[j].registryBytes;
            const share = i === j ? null : pull > 0 ? matrix[i][j] / pull : 0;
            return {
                share,
                text: i === j ? '–' : formatBytes(matrix[i][j]).replace(' ', ''),
                tip: i === j ? labels[i] : `${labels[i]} → ${labels[j]}: ${formatBytes(matrix[i][j])} (${formatShare(share)} of pulling ${labels[j]} whole)`,
            };
        }, `of pulling the column image whole (${primary} chunks)`)
        : '';
    const histogram = histogramChart('chart-histogram', `Chunk sizes (${primary})`, report.histograms[primary] ?? []);
    const imageRows = images.map((i) => [
        i.label, formatBytes(i.tarBytes), formatBytes(i.registryBytes), i.gzipBytes === null ? '–' : formatBytes(i.gzipBytes), formatBytes(i.zstdBytes),
        formatBytes(i.fileStoredBytes), ...s.modes.filter((m) => m !== 'file').map((m) => formatBytes(i.chunkStoredBytes[m])),
    ]);
    const imageTable = tableHtml(['image', 'tar', 'pull', 'gzip', 'zstd', 'files st.', ...s.modes.filter((m) => m !== 'file').map((m) => `${m} st.`)], imageRows);
    const upgradeTable = report.upgrades.length > 0
        ? tableHtml(['upgrade', 'layers', 'layer pull', 'new files', 'share', 'new chunks', 'share', 'new chunks (count)', ...(priced ? ['bundle', 'share'] : []), ...(relayered ? ['re-layered pull', 'share'] : [])], report.upgrades.map((u) => [
            `${u.from} → ${u.to}`, String(u.newLayers), formatBytes(u.layerPullBytes), formatBytes(u.newFileBytes), formatShare(u.newFileShare),
            formatBytes(u.newChunkBytes), formatShare(u.newChunkShare), String(u.newChunks),
            ...(priced ? [u.bundleBytes === null ? '–' : formatBytes(u.bundleBytes), formatShare(u.bundleShare)] : []),
            ...(relayered ? [u.relayeredPullBytes === undefined ? '–' : formatBytes(u.relayeredPullBytes), u.relayeredPullBytes === undefined ? '–' : formatShare(u.layerPullBytes > 0 ? u.relayeredPullBytes / u.layerPullBytes : null)] : []),
        ]))
        : '<p>No upgrades: no repository has two tags among these images.</p>';
    const legendList = labels.map((l, i) => `<li><b>#${i + 1}</b> ${esc(l)}</li>`).join('');
    const c = s.chunker;
    const settings = `Chunker: ${esc(primary)} primary; min ${formatBytes(c.min)}, avg ${formatBytes(c.avg)}, max ${formatBytes(c.max)}, align ${formatBytes(c.align)}, normalization ${c.normalization}, seed ${esc(c.seed)}. `
        + `Stored sizes: zstd -${s.zstdLevel} per chunk, raw when that saves under ${Math.round((1 - s.rawThreshold) * 100)}%. Tar framing (headers, padding) is counted in every deduplicated figure.`;
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body { font-family: ${FONT}; color: ${COLORS.text}; margin: 24px auto; max-width: ${WIDTH + 40}px; padding: 0 20px; background: #ffffff; }
h1 { font-size: 24px; margin: 0 0 8px; }
h2 { font-size: 19px; margin: 36px 0 4px; border-bottom: 1px solid ${COLORS.grid}; padding-bottom: 4px; }
p { line-height: 1.45; margin: 6px 0; }
.lead { font-size: 17px; }
.how { color: ${COLORS.muted}; }
.chart { display: block; margin: 10px 0; max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: 10px 0; font-size: 13px; }
th, td { padding: 4px 10px; text-align: right; border-bottom: 1px solid ${COLORS.grid}; }
.l { text-align: left; }
ol.images { columns: 2; color: ${COLORS.muted}; font-size: 13px; }
</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p class="lead">${esc(lead)}</p>
${report.alignment ? `<p class="lead"><b>Price of alignment.</b> ${esc(report.alignment.summary)}</p>` : ''}
<p class="how">${settings}</p>

<h2>Size by method</h2>
<p class="how">Every input together, shortest bar wins. Whole-layer compression is what registries do today; deduplicated figures count each distinct file or chunk once across all images.</p>
${sizes}

${upgrades ? `<h2>Upgrade costs</h2>
<p class="how">What a client holding the first image fetches to get the second: whole changed layers (a registry pull), only the files it lacks, or only the chunks it lacks (compressed, with the new layers' tar headers)${priced ? ', or an upgrade bundle (<code>cairn bundle</code>: the chunks it lacks or, where smaller, a binary delta against a file it holds)' : ''}${relayered ? ', or, where <code>cairn relayer</code> re-layered both images, the whole layers the re-layered second image adds' : ''}.</p>
${upgrades}` : ''}

${sharing ? `<h2>Sharing between images</h2>
<p class="how">Bytes each pair of images has in common (${esc(report.sharing.mode)} chunks, raw); the colour is the share of the smaller image's content. The diagonal is each image's own distinct content.</p>
${sharing}
<ol class="images">${legendList}</ol>` : ''}

${upgradeMap ? `<h2>Upgrade cost between any two images</h2>
<p class="how">Row: the image a client holds; column: the image it wants. Each cell is the compressed ${esc(primary)} chunks to fetch; the colour is that as a share of pulling the wanted image's layers whole (white: nearly free, dark: nearly a full pull).</p>
${upgradeMap}` : ''}

<h2>Chunk sizes</h2>
<p class="how">How many distinct ${esc(primary)} chunks fall in each size range (powers of two), and their share of the chunk bytes.</p>
${histogram}

<h2>Figures</h2>
${imageTable}
${upgradeTable}
</body>
</html>
`;
}
//# sourceMappingURL=render-html.js.map