/** How the renderers write numbers for people: binary units, shares as percentages. */
/** A byte count: 1536 → "1.5 KiB". */
export function formatBytes(n) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let value = n;
    let unit = 0;
    while (Math.abs(value) >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    if (unit === 0)
        return `${n} B`;
    return `${value.toFixed(Math.abs(value) < 10 ? 2 : Math.abs(value) < 100 ? 1 : 0)} ${units[unit]}`;
}
/** A share: 0.0342 → "3.4%"; small shares keep two digits ("0.12%"). */
export function formatShare(share) {
    if (share === null || !Number.isFinite(share))
        return '–';
    const percent = share * 100;
    if (percent !== 0 && Math.abs(percent) < 1)
        return `${percent.toFixed(2)}%`;
    return `${percent.toFixed(1)}%`;
}
/** A ratio to a baseline: 0.2512 → "25.1%" of it. */
export function ratio(part, whole) {
    return whole > 0 ? part / whole : null;
}
//# sourceMappingURL=format.js.map