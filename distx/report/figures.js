import { originalBytes } from './layer-blob.js';
import { RAW_THRESHOLD } from './sizers.js';
import { consecutiveTagPairs, findImage } from './upgrades.js';
import { formatBytes, formatShare } from './format.js';
function registryBytes(layer) {
    return originalBytes(layer.blob) ?? layer.gzipBytes ?? layer.zstdBytes;
}
/** Distinct ids of `mode` over layers, sorted. */
function unionIds(layers, mode, table) {
    const lists = layers.map((l) => (mode === 'file' ? l.fileIds : l.chunkIds.get(mode)));
    if (lists.length === 1)
        return lists[0];
    const mark = new Uint8Array(table.size);
    let count = 0;
    for (const list of lists) {
        for (const id of list) {
            if (mark[id] === 0) {
                mark[id] = 1;
                count++;
            }
        }
    }
    const out = new Uint32Array(count);
    let at = 0;
    for (let id = 0; id < mark.length; id++)
        if (mark[id] === 1)
            out[at++] = id;
    return out;
}
function sum(ids, values) {
    let total = 0;
    for (const id of ids)
        total += values[id];
    return total;
}
/** Sum of values[id] for ids in `b` but not in `a` (both sorted). */
function sumMissing(a, b, values) {
    let i = 0;
    let total = 0;
    let count = 0;
    for (const id of b) {
        while (i < a.length && a[i] < id)
            i++;
        if (i < a.length && a[i] === id)
            continue;
        total += values[id];
        count++;
    }
    return { total, count };
}
/** Sum of values[id] for ids in both (sorted). */
function sumCommon(a, b, values) {
    let i = 0;
    let j = 0;
    let total = 0;
    while (i < a.length && j < b.length) {
        if (a[i] < b[j])
            i++;
        else if (a[i] > b[j])
            j++;
        else {
            total += values[a[i]];
            i++;
            j++;
        }
    }
    return total;
}
function sizeFigures(measurer, layers) {
    const framingBytes = layers.reduce((s, l) => s + l.framingBytes, 0);
    const framingStoredBytes = layers.reduce((s, l) => s + l.framingStoredBytes, 0);
    const originals = layers.map((l) => originalBytes(l.blob));
    const chunks = {};
    const chunkUniqueBytes = {};
    const chunkStoredBytes = {};
    for (const mode of measurer.modes) {
        const table = measurer.table(mode);
        const ids = unionIds(layers, mode, table);
        chunks[mode] = ids.length;
        chunkUniqueBytes[mode] = sum(ids, table.lengths) + framingBytes;
        chunkStoredBytes[mode] = sum(ids, table.stored) + framingStoredBytes;
    }
    return {
        layers: layers.length,
        tarBytes: layers.reduce((s, l) => s + l.tarBytes, 0),
        gzipBytes: layers.some((l) => l.gzipBytes === null) ? null : layers.reduce((s, l) => s + l.gzipBytes, 0),
        zstdBytes: layers.reduce((s, l) => s + l.zstdBytes, 0),
        originalBytes: originals.some((o) => o !== null) ? originals.reduce((s, o) => s + (o ?? 0), 0) : null,
        registryBytes: layers.reduce((s, l) => s + registryBytes(l), 0),
        framingBytes,
        framingStoredBytes,
        files: chunks.file,
        fileUniqueBytes: chunkUniqueBytes.file,
        fileStoredBytes: chunkStoredBytes.file,
        chunks,
        chunkUniqueBytes,
        chunkStoredBytes,
    };
}
/**
 * Buckets of powers of two, upper bound included (sizes such as 64 KiB are common: fixed
 * chunks, the max): [0, 1 KiB], (1 KiB, 2 KiB], … up to the largest length.
 */
function histogram(lengths) {
    const FIRST = 10;
    const counts = new Map();
    let top = FIRST;
    for (const length of lengths) {
        const exponent = length <= 2 ** FIRST ? FIRST : Math.ceil(Math.log2(length));
        top = Math.max(top, exponent);
        const bucket = counts.get(exponent) ?? { chunks: 0, bytes: 0 };
        bucket.chunks++;
        bucket.bytes += length;
        counts.set(exponent, bucket);
    }
    const out = [];
    for (let e = FIRST; e <= top; e++) {
        const b = counts.get(e) ?? { chunks: 0, bytes: 0 };
        out.push({ from: e === FIRST ? 0 : 2 ** (e - 1), to: 2 ** e, chunks: b.chunks, bytes: b.bytes });
    }
    return out;
}
function shortDigest(digest) {
    return digest.slice(0, 'sha256:'.length + 12);
}
/** Computes every figure of the report from what the engine measured. */
export function computeReport(measurer, options) {
    const { chunker } = measurer.options;
    const modes = measurer.modes;
    const primary = modes.includes(chunker.mode) ? chunker.mode : 'file';
    const imageLayers = measurer.images.map((image) => [...new Set(image.layers)].map((d) => measurer.layers.get(d)));
    const allLayers = [...new Set(imageLayers.flat())];
    const images = measurer.images.map((image, i) => ({
        label: image.names[0] ?? shortDigest(image.manifest),
        names: image.names,
        manifest: image.manifest,
        source: image.kind,
        ...(image.path !== undefined ? { path: image.path } : {}),
        layerIds: image.layers,
        ...sizeFigures(measurer, imageLayers[i]),
    }));
    const layers = allLayers.map((l) => ({
        diffId: l.diffId,
        tarBytes: l.tarBytes,
        gzipBytes: l.gzipBytes,
        zstdBytes: l.zstdBytes,
        blob: l.blob ? { digest: l.blob.digest, size: l.blob.size, mediaType: l.blob.mediaType } : null,
        registryBytes: registryBytes(l),
        framingBytes: l.framingBytes,
        framingStoredBytes: l.framingStoredBytes,
        files: l.files,
    }));
    const totals = {
        images: images.length,
        imageTarBytes: images.reduce((s, i) => s + i.tarBytes, 0),
        ...sizeFigures(measurer, allLayers),
    };
    const histograms = {};
    for (const mode of modes)
        histograms[mode] = histogram(measurer.table(mode).lengths);
    // Per image: its distinct ids in every mode, and its distinct layers.
    const ids = imageLayers.map((ls) => new Map(modes.map((m) => [m, unionIds(ls, m, measurer.table(m))])));
    const layerSets = imageLayers.map((ls) => new Set(ls));
    const table = measurer.table(primary);
    const labels = images.map((i) => i.label);
    const sharing = images.map((_, a) => images.map((__, b) => {
        const framing = imageLayers[a].filter((l) => layerSets[b].has(l)).reduce((s, l) => s + l.framingBytes, 0);
        return sumCommon(ids[a].get(primary), ids[b].get(primary), table.lengths) + framing;
    }));
    const upgradeCost = (a, b, mode) => {
        const newLayers = imageLayers[b].filter((l) => !layerSets[a].has(l));
        const framing = newLayers.reduce((s, l) => s + l.framingStoredBytes, 0);
        const t = measurer.table(mode);
        const missing = sumMissing(ids[a].get(mode), ids[b].get(mode), t.stored);
        return { newLayers, framing, stored: missing.total + framing, count: missing.count, raw: sumMissing(ids[a].get(mode), ids[b].get(mode), t.lengths).total };
    };
    const upgradeMatrix = images.map((_, a) => images.map((__, b) => (a === b ? 0 : upgradeCost(a, b, primary).stored)));
    const requested = options.upgrades.map((u) => [findImage(images, u.from), findImage(images, u.to), false]);
    const automatic = consecutiveTagPairs(images)
        .filter(([a, b]) => !requested.some(([x, y]) => x === a && y === b))
        .map(([a, b]) => [a, b, true]);
    const upgrades = [...requested, ...automatic].map(([a, b, isAutomatic]) => {
        const primaryCost = upgradeCost(a, b, primary);
        const byMode = {};
        for (const mode of modes)
            byMode[mode] = mode === primary ? primaryCost.stored : upgradeCost(a, b, mode).stored;
        const layerPullBytes = primaryCost.newLayers.reduce((s, l) => s + registryBytes(l), 0);
        const share = (n) => (layerPullBytes > 0 ? n / layerPullBytes : null);
        return {
            from: images[a].label,
            to: images[b].label,
            automatic: isAutomatic,
            newLayers: primaryCost.newLayers.length,
            layerPullBytes,
            newFileBytes: byMode.file,
            newChunkBytes: primaryCost.stored,
            newChunks: primaryCost.count,
            newChunkRawBytes: primaryCost.raw,
            newFramingBytes: primaryCost.framing,
            newChunkBytesByMode: byMode,
            newFileShare: share(byMode.file),
            newChunkShare: share(primaryCost.stored),
            bundleBytes: null,
            bundleShare: null,
        };
    });
    return {
        version: 1,
        command: options.command,
        settings: {
            primaryMode: primary,
            modes,
            chunker: { min: chunker.min, avg: chunker.avg, max: chunker.max, align: chunker.align, normalization: chunker.normalization, seed: chunker.seed.toString() },
            zstdLevel: measurer.options.zstdLevel,
            gzipLevel: measurer.options.gzipLevel,
            rawThreshold: RAW_THRESHOLD,
        },
        images,
        layers,
        totals,
        histograms,
        sharing: { mode: primary, images: labels, bytes: sharing },
        upgradeMatrix: { mode: primary, images: labels, bytes: upgradeMatrix },
        upgrades,
        alignment: alignment(totals, upgrades),
    };
}
function alignment(totals, upgrades) {
    const aligned = totals.chunkStoredBytes.aligned;
    const fastcdc = totals.chunkStoredBytes.fastcdc;
    if (aligned === undefined || fastcdc === undefined)
        return null;
    const extraStoredBytes = aligned - fastcdc;
    const extraStoredShare = fastcdc > 0 ? extraStoredBytes / fastcdc : 0;
    const extraUniqueBytes = totals.chunkUniqueBytes.aligned - totals.chunkUniqueBytes.fastcdc;
    const extraUpgradeBytes = upgrades.length > 0
        ? upgrades.reduce((s, u) => s + u.newChunkBytesByMode.aligned - u.newChunkBytesByMode.fastcdc, 0)
        : null;
    const more = (n) => (n >= 0 ? `${formatBytes(n)} more` : `${formatBytes(-n)} less`);
    let summary = `Aligned chunking stores ${more(extraStoredBytes)} than FastCDC (${formatShare(Math.abs(extraStoredShare))}; `
        + `${formatBytes(aligned)} vs ${formatBytes(fastcdc)}, compressed)`;
    if (extraUpgradeBytes !== null) {
        const alignedUp = upgrades.reduce((s, u) => s + u.newChunkBytesByMode.aligned, 0);
        const fastUp = upgrades.reduce((s, u) => s + u.newChunkBytesByMode.fastcdc, 0);
        summary += ` and its upgrades fetch ${more(extraUpgradeBytes)} (${formatBytes(alignedUp)} vs ${formatBytes(fastUp)} over ${upgrades.length} upgrade${upgrades.length === 1 ? '' : 's'})`;
    }
    summary += '.';
    return { extraStoredBytes, extraStoredShare, extraUniqueBytes, extraUpgradeBytes, summary };
}
//# sourceMappingURL=figures.js.map