/** How the renderers write numbers for people: binary units, shares as percentages. */
/** A byte count: 1536 → "1.5 KiB". */
export declare function formatBytes(n: number): string;
/** A share: 0.0342 → "3.4%"; small shares keep two digits ("0.12%"). */
export declare function formatShare(share: number | null): string;
/** A ratio to a baseline: 0.2512 → "25.1%" of it. */
export declare function ratio(part: number, whole: number): number | null;
